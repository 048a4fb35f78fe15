"""Local files: owner-only and whole; a foreign database left alone; faults of the machine in one line."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

import main
from cli import common
from registration import errors
from registration.setup import campaign, rosters
from registration.setup.rosters import Person
from registration.storage import files, tables
from registration.storage.store import Store, StoreError

from .ids import make_id


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_station_database_and_its_journal_are_its_owners_only(tmp_path: Path) -> None:
    with Store(tmp_path / "station.db") as store:
        campaign.init(store, "Park", ["North"])
        assert mode(tmp_path / "station.db") == 0o600
        assert mode(tmp_path / "station.db-wal") == mode(tmp_path / "station.db-shm") == 0o600


def test_private_output_is_owner_only_and_replaces_the_old_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    out.write_text("old\n")
    out.chmod(0o644)
    with files.private_output(out) as target:
        target.write_text("new\n")
        assert out.read_text() == "old\n"  # nobody sees half a file
    assert out.read_text() == "new\n" and mode(out) == 0o600
    with pytest.raises(RuntimeError), files.private_output(out) as target:
        target.write_text("half")
        raise RuntimeError("the disk went away")
    assert out.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv"]


def test_private_output_names_the_file_in_every_error(tmp_path: Path) -> None:
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(IsADirectoryError) as refused, files.private_output(tmp_path / "dir.csv"):
        pass
    assert errors.message(refused.value) == f"{tmp_path / 'dir.csv'}: is a directory; give a file name"
    full = tmp_path / "full.csv"
    full.symlink_to("/dev/full")
    with pytest.raises(OSError) as no_space:
        tables.write(full, ["name"], [["张三"]] * 10_000)
    assert errors.message(no_space.value) == f"{full}: No space left on device"


def foreign_database(path: Path) -> tuple[bytes, int]:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()
    return path.read_bytes(), path.stat().st_mtime_ns


def test_a_foreign_database_is_refused_unchanged_unless_init_adopts_it(tmp_path: Path) -> None:
    path = tmp_path / "accounts.sqlite"
    content, mtime = foreign_database(path)
    with pytest.raises(StoreError, match="a database of another program"):
        Store(path)
    assert path.read_bytes() == content and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.sqlite"]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    with Store(path, adopt=True) as store:
        campaign.init(store, "Park", ["North"])
    with Store(path, create=False) as store:
        assert campaign.checkpoints(store.conn) == ["North"]
        assert store.conn.execute("SELECT amount FROM invoices").fetchone()[0] == 12.5


def test_an_empty_file_becomes_a_campaign_database(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    with Store(tmp_path / "empty.db", create=False) as store:
        assert not campaign.is_initialised(store)


def test_a_full_disk_changes_nothing_and_says_so_in_one_line(store: Store, tmp_path: Path) -> None:
    rosters.add_person(store, Person(make_id(1), "张三", "Acme"))
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "企业名称,姓名,身份证号码\n" + "".join(f"Acme,人{n},{make_id(n)}\n" for n in range(2, 3000)),
        encoding="utf-8",
    )
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 4}")  # what a full disk leaves room for
    with pytest.raises(sqlite3.OperationalError) as full:
        rosters.import_roster(store, roster)
    assert (
        errors.message(full.value) == "the disk is full: nothing was changed; free some space and try again"
    )
    assert [p.id_number for p in rosters.on_roster(store.conn)] == [make_id(1)]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_database_locked_by_another_program_answers_one_line_and_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "station.db"
    with Store(path) as store:
        campaign.init(store, "Park", ["North"])
    monkeypatch.setattr("registration.storage.store.BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holding the write lock past the busy timeout
    try:
        code = main.main(["round", "open", "R1", "--db", str(path)])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: the database is busy: another program is writing to it; nothing was changed, try again"
    ]
    assert main.main(["round", "open", "R1", "--db", str(path)]) == 0


def test_a_bug_is_one_line_for_the_person_and_a_masked_traceback_in_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    try:
        raise TypeError(f"cannot add {make_id(7)}")
    except TypeError as exc:
        code = common.failed(exc)
    assert code == common.EXIT_BUG
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: unexpected TypeError (a fault of this program; the details are in ")
    logged = common.bug_log().read_text(encoding="utf-8")
    assert "Traceback" in logged and "TypeError: cannot add" in logged
    assert make_id(7) not in logged and make_id(7)[:4] + "**********" in logged
    assert str(tmp_path) in str(common.bug_log())


def test_a_csv_cell_of_200k_characters_refuses_the_file_in_one_line(store: Store, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"企业名称,姓名,身份证号码\nAcme,{'名' * 200_000},{make_id(1)}\n", encoding="utf-8")
    with pytest.raises(tables.SheetError, match=r"roster.csv: line 2 cannot be read as CSV \(field larger"):
        rosters.import_roster(store, roster)
    assert rosters.on_roster(store.conn) == []


def test_umask_does_not_decide_a_private_file(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        with files.private_output(tmp_path / "a.csv") as target:
            target.write_text("x")
        files.create_private(tmp_path / "b.db")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "a.csv") == mode(tmp_path / "b.db") == 0o600
