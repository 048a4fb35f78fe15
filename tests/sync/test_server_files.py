"""The server's files: owner-only (database, its write-ahead log, site exports), and an SQLite file
that is not a server's (a station's, another program's) refused unchanged by every server command."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cli.common import EXIT_BAD_INPUT
from sync.server import db
from tests.e2e.cli import run_main, run_process
from tests.sync.harness import ServerProcess

# The test process's umask lets group and others read: what the server makes must not follow it.
OPEN_UMASK = 0o022


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    was = os.umask(OPEN_UMASK)
    yield
    os.umask(was)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_server_commands_make_owner_only_files_and_tighten_an_existing_database(tmp_path: Path) -> None:
    folder = tmp_path / "made"
    database = folder / "server.db"
    url = f"sqlite:///{database}"
    made = run_main("server", "init", "--site", "Park", "--checkpoint", "North", "--database-url", url)
    assert made.code == 0, made.stderr
    assert (mode(database), mode(folder)) == (0o600, 0o700)

    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.touch()
        path.chmod(0o644)
    assert run_main("server", "devices", "--database-url", url).code == 0
    for suffix in ("", "-wal", "-shm"):
        found = Path(f"{database}{suffix}")
        assert not found.exists() or mode(found) == 0o600, suffix

    out = tmp_path / "moves" / "park.site"
    exported = run_main("server", "site-export", "--out", out, "--database-url", url)
    assert exported.code == 0, exported.stderr
    assert (mode(out), mode(out.parent)) == (0o600, 0o700)
    assert [p.name for p in out.parent.iterdir()] == ["park.site"]


def test_a_running_servers_database_and_write_ahead_log_are_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "server" / "server.db"
    server = ServerProcess(f"sqlite:///{database}")
    try:
        assert httpx.get(f"{server.url}/v1/ready").json() == {"status": "ready"}
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{database}{suffix}")) == 0o600, suffix
        assert mode(database.parent) == 0o700
    finally:
        server.stop()


def _station(tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    made = run_main("init", "--site", "Park", "--checkpoint", "North", "--db", path)
    assert made.code == 0, made.stderr
    return path


def _other_program(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    return path


def _not_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "photo.db"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return path


REFUSED = "not a sync server's database (a station's, or another program's file); nothing was changed"


def _unchanged(path: Path) -> tuple[str, list[str]]:
    """The file's digest and what its folder holds (no -wal or -journal left beside it)."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("make", [_station, _other_program, _not_sqlite])
def test_a_file_that_is_not_a_servers_database_is_refused_unchanged(make: object, tmp_path: Path) -> None:
    assert callable(make)
    path: Path = make(tmp_path)
    before = _unchanged(path)
    for prepare in (True, False):  # `server migrate` opens without preparing the schema
        with pytest.raises(db.ForeignDatabase, match=re.escape(f"{path}: {REFUSED}")):
            db.open_engine(f"sqlite:///{path}", prepare=prepare)
        assert _unchanged(path) == before


def test_server_commands_given_a_stations_database_say_so_in_one_line_and_exit_2(tmp_path: Path) -> None:
    path = _station(tmp_path)
    before = _unchanged(path)
    for command in (["server", "init", "--site", "Park"], ["server", "migrate"], ["server", "--port", "0"]):
        # The server itself in a process of its own: were it to start serving, the test would not hang.
        done = (run_process if command[1] == "--port" else run_main)(*command, "--db", path)
        assert (done.code, done.stderr) == (EXIT_BAD_INPUT, f"error: {path}: {REFUSED}\n"), command
        assert _unchanged(path) == before, command
