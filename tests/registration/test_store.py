from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from registration.setup import campaign
from registration.storage import upgrades
from registration.storage.store import Store, StoreError, StoreTooNew


def test_durability_pragmas_are_set(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_every_migration_is_recorded_once(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    with Store(tmp_path / "s.db") as store:
        applied = [m.name for m in upgrades.MIGRATIONS.applied(store.db)]
    assert applied == upgrades.names()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    conn = sqlite3.connect(tmp_path / "s.db")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('testpoint', 'm999_future', '')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreTooNew, match="newer version"):
        Store(tmp_path / "s.db")


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is a roster, not a database" * 100)
    with pytest.raises(StoreError, match="not a usable campaign database"):
        Store(path)


def test_opening_a_missing_database_without_create_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.db", create=False)


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        campaign.init(store, "Park", ["A"])
        with pytest.raises(RuntimeError), store.write() as conn:
            conn.execute("INSERT INTO settings VALUES ('half', 'done')")
            raise RuntimeError("crash in the middle")
        assert store.setting("half") is None


def test_registrations_made_before_they_were_kept_in_arrival_order_are_all_kept(tmp_path: Path) -> None:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    path = tmp_path / "old.db"
    older = Migrations("testpoint")
    for name, step in upgrades.MIGRATIONS.steps:
        if name == "m013_registrations_in_arrival_order":
            break
        older(name=name)(step)
    old = Database(path)
    older.apply(old)
    rows = [
        (f"{n:08d}-0000-4000-8000-000000000000", f"P{n}", "R1", "North", "dev", f"T{n // 10}", n % 10 + 1,
         "green", "camera", f"2026-12-07T10:00:{n:02d}", None if n % 3 else "why")
        for n in range(30)
    ]  # fmt: skip
    old.conn.executemany(
        "INSERT INTO registrations (event, person, round, checkpoint, device, tube, position, colour, "
        "source, at, card_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    old.conn.commit()
    old.close()

    with Store(path) as store:
        kept = store.conn.execute(
            "SELECT event, person, round, checkpoint, device, tube, position, colour, source, at, card_name "
            "FROM registrations ORDER BY event"
        ).fetchall()
        table = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'registrations'").fetchone()[0]
        indexes = {
            r[0]
            for r in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registrations'"
            )
        }
        with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
            conn.execute(
                "INSERT INTO registrations (event, round, checkpoint, device, colour, source, at) "
                "VALUES (?, 'R1', 'North', 'dev', 'green', 'camera', '')",
                (rows[0][0],),
            )
    assert [tuple(r) for r in kept] == rows
    assert "WITHOUT ROWID" not in table
    assert {
        "registrations_round_person",
        "registrations_tube",
        "registrations_live",
        "registrations_checkpoint",
        "registrations_corrects",
    } <= indexes
