"""Local files through main.py: owner-only, a foreign database untouched, machine faults in one line."""

from __future__ import annotations

import resource
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.registration.ids import make_id

from .cli import Result, run_main, run_process

PEOPLE = 20


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def one_line_refusal(done: Result) -> str:
    assert done.code == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error: ")
    return line


def roster_csv(path: Path, people: range) -> Path:
    lines = "".join(f"Acme,人{n},{make_id(n)},138{n:08d}\n" for n in people)
    path.write_text("企业名称,姓名,身份证号码,手机号码\n" + lines, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "campaign" / "station.db"
    for args in (
        ["init", "--site", "Park", "--checkpoint", "North"],
        ["round", "open", "R1"],
        ["roster", "import", roster_csv(tmp_path / "roster.csv", range(PEOPLE))],
    ):
        done = run_main(*args, "--db", path)
        assert done.code == 0, done.stderr
    return path


def roster_size(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM people WHERE on_roster").fetchone()[0])


def test_what_a_station_writes_is_readable_by_its_owner_only(db: Path, tmp_path: Path) -> None:
    assert mode(db) == 0o600 and mode(db.parent) == 0o700
    written = {
        "missing.csv": ["missing", "--round", "R1", "--reveal", "--out"],
        "missing.xlsx": ["missing", "--round", "R1", "--reveal", "--out"],
        "badges.pdf": ["codes", "issue", "--out"],
        "badges.png": ["codes", "issue", "--out"],
        "cards": ["codes", "issue", "--out"],
        "events.bundle": ["sync", "export", "--out"],
    }
    for name, args in written.items():
        done = run_main(*args, tmp_path / name, "--db", db)
        assert done.code == 0, (name, done.stderr)
    assert make_id(3) in (tmp_path / "missing.csv").read_text(encoding="utf-8-sig")  # revealed, so private
    made = [tmp_path / n for n in written if n != "cards"] + sorted((tmp_path / "cards").iterdir())
    assert len(made) == len(written) - 1 + PEOPLE
    assert {p.name: mode(p) for p in made} == {p.name: 0o600 for p in made}
    assert mode(tmp_path / "cards") == 0o700
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no partial file left


def test_the_enrolment_code_image_is_its_owners_only(tmp_path: Path) -> None:
    server_db = tmp_path / "server.db"
    done = run_main(
        "server", "enroll", "--checkpoint", "North", "--site", "Park", "--db", server_db, cwd=tmp_path
    )
    assert done.code == 0, done.stderr
    [png] = tmp_path.glob("enrol-*.png")
    assert mode(png) == 0o600


def test_a_foreign_database_is_refused_unchanged_unless_init_asks(tmp_path: Path) -> None:
    path = tmp_path / "accounts.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    content, mtime = path.read_bytes(), path.stat().st_mtime_ns
    for args in (["round", "list"], ["register", make_id(1), "--checkpoint", "N", "--round", "R"]):
        line = one_line_refusal(run_main(*args, "--db", path))
        assert line == (
            f"error: {path}: a database of another program, not a campaign's; nothing was changed "
            "(init adds a campaign to it)"
        )
    assert path.read_bytes() == content and path.stat().st_mtime_ns == mtime
    assert [p.name for p in tmp_path.iterdir()] == ["accounts.sqlite"]  # no -wal, no -shm
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert run_main("init", "--site", "Park", "--checkpoint", "North", "--db", path).code == 0
    assert run_main("round", "list", "--db", path).code == 0


def test_a_file_that_is_no_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 100)
    line = one_line_refusal(run_main("round", "list", "--db", path))
    assert line == f"error: {path}: not a usable campaign database (file is not a database)"
    assert path.read_text() == "shopping list\n" * 100
    assert [p.name for p in tmp_path.iterdir()] == ["notes.db"]


def test_an_out_that_cannot_be_written_is_one_line_and_leaves_nothing(db: Path, tmp_path: Path) -> None:
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "full.csv").symlink_to("/dev/full")
    cases = {
        tmp_path / "folder.csv": "is a directory; give a file name",
        tmp_path / "full.csv": "No space left on device",
        Path("/sys/testpoint-missing.csv"): "Permission denied",  # read-only even for root
    }
    for out, said in cases.items():
        line = one_line_refusal(run_main("missing", "--round", "R1", "--reveal", "--out", out, "--db", db))
        assert line == f"error: {out}: {said}"
    assert not Path("/sys/testpoint-missing.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_oversized_roster_files_are_refused_in_one_line(db: Path, tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text(f"企业名称,姓名,身份证号码\nAcme,{'x' * 200_000},{make_id(99)}\n", encoding="utf-8")
    assert "line 2 cannot be read as CSV" in one_line_refusal(run_main("roster", "import", wide, "--db", db))
    huge = tmp_path / "huge.csv"
    row = f"Acme,某人,{make_id(98)},13800000000\n".encode()
    with huge.open("wb") as f:
        f.write("企业名称,姓名,身份证号码,手机号码\n".encode())
        f.write(row * (100 * 1024 * 1024 // len(row) + 1))
    line = one_line_refusal(run_main("roster", "import", huge, "--db", db))
    assert "huge.csv: 100 MB is more than a roster or lab file holds (at most 64 MB)" in line
    assert roster_size(db) == PEOPLE


def test_a_full_disk_during_an_import_loses_nothing(db: Path, tmp_path: Path) -> None:
    roster_csv(tmp_path / "more.csv", range(PEOPLE, PEOPLE + 20_000))
    # No file of the process may grow past 1 MB: the write-ahead log of 20,000 people fills it.
    limit = db.stat().st_size + 256 * 1024

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    line = one_line_refusal(
        run_process("roster", "import", tmp_path / "more.csv", "--db", db, preexec_fn=small_disk)
    )
    assert line.startswith(("error: the disk is full", "error: the database could not be written"))
    assert "nothing was changed" in line
    assert roster_size(db) == PEOPLE
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert run_main("roster", "import", tmp_path / "more.csv", "--db", db).code == 0
    assert roster_size(db) == PEOPLE + 20_000


@pytest.mark.slow
def test_a_database_locked_past_the_busy_timeout_is_one_line_and_loses_nothing(db: Path) -> None:
    # Another program holds the write lock for longer than the 10 s the station waits.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(14)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        line = one_line_refusal(
            run_main("exempt", "set", make_id(1), "--round", "R1", "--reason", "away", "--db", db)
        )
        assert (
            line
            == "error: the database is busy: another program is writing to it; nothing was changed, try again"
        )
    finally:
        holder.kill()
        holder.wait()
    assert run_main("exempt", "set", make_id(1), "--round", "R1", "--reason", "away", "--db", db).code == 0
    assert roster_size(db) == PEOPLE
