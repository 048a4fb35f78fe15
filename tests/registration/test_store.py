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
