"""Sync test fixtures: the server database on SQLite and on PostgreSQL, a running server, stations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from sync.server import db, users
from tests.sync.harness import ServerProcess, ServerThread, Station
from tests.sync.templates import PG_HOST, Copy, Templates, find_pg_user, new_schema, pg_admin, pg_url, point
from tests.sync.test_tls import self_signed

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


# A password hash at the server's setting (argon2id, 19 MiB, two passes) takes tens of milliseconds,
# and most dashboard tests add users and sign in: those use a cheap setting. Tests that ask for
# ``real_password_hashes`` keep the server's, as do servers in processes of their own.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
CHEAP_DUMMY = CHEAP_HASHER.hash("not a password of anyone")


@pytest.fixture(autouse=True)
def cheap_password_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "real_password_hashes" not in request.fixturenames:
        monkeypatch.setattr(users, "_HASHER", CHEAP_HASHER)
        monkeypatch.setattr(users, "_dummy", lambda: CHEAP_DUMMY)


@pytest.fixture
def real_password_hashes() -> None:
    """Passwords hashed at the server's own setting."""


@pytest.fixture(scope="session")
def pg_user() -> str | None:
    return find_pg_user()


def _need(pg_user: str | None) -> str:
    if pg_user is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:5432 (database test, user postgres or root)")
    return pg_user


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path, pg_user: str | None) -> Iterator[str]:
    """A fresh, empty server database: an SQLite file, or a schema of its own on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    user = _need(pg_user)
    schema = new_schema(user)
    try:
        yield pg_url(user, schema)
    finally:
        with pg_admin(user) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory, pg_user: str | None) -> Iterator[Templates]:
    made = Templates(tmp_path_factory.mktemp("templates"), pg_user)
    yield made
    made.close()


@pytest.fixture(params=DATABASES)
def server_copy(
    request: pytest.FixtureRequest, tmp_path: Path, pg_user: str | None, templates: Templates
) -> Iterator[Copy]:
    """This test's copy of the session's server database, with the stations of ``site`` when the
    test uses it."""
    if request.param == "postgres":
        _need(pg_user)
    with templates.copy(request.param, tmp_path, "site" in request.fixturenames) as copied:
        yield copied


@pytest.fixture
def server(server_copy: Copy) -> Iterator[ServerThread]:
    """A running server whose site Park has the checkpoints North, South and East."""
    running = ServerThread(server_copy.url)
    yield running
    # The next test need not wait for this server to finish: its database is not used again
    # until the server is done with it.
    running.stop(wait=False)
    server_copy.users.append(running.thread)


@pytest.fixture
def server_engine(server_copy: Copy) -> Iterator[Engine]:
    """The same database with no server running, opened as the server opens it: for tests that
    call what the server does with a request directly."""
    engine = db.open_engine(server_copy.url)
    yield engine
    engine.dispose()


@pytest.fixture
def site(server: ServerThread, server_copy: Copy) -> Iterator[dict[str, Station]]:
    """An administrator's station and two checkpoint stations, enrolled, with round R1 open everywhere."""
    admin, south, east = server_copy.stations
    point([admin, south, east], server.url)
    stations = {"admin": admin, "South": south, "East": east}
    yield stations
    for station in stations.values():
        station.close()


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[ServerProcess, Path, str]]:
    """``main.py server`` on HTTPS with a self-signed certificate: (it, its database, the pin)."""
    certfile, keyfile, pin = self_signed(tmp_path)
    server_db = tmp_path / "server.db"
    server = ServerProcess(f"sqlite:///{server_db}", "--certfile", str(certfile), "--keyfile", str(keyfile))
    yield server, server_db, pin
    server.stop()
