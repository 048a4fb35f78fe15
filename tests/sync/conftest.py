"""Sync test fixtures: the server database on SQLite and on PostgreSQL, a running server, stations."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.sync.harness import ServerProcess, ServerThread, Station, enrol_station, open_site, setup_round
from tests.sync.test_tls import self_signed

PG_HOST = "127.0.0.1"
PG_USERS = ("postgres", "root")


def _pg_user() -> str | None:
    for user in PG_USERS:
        try:
            with psycopg.connect(host=PG_HOST, port=5432, dbname="test", user=user, connect_timeout=3):
                return user
        except psycopg.Error:
            continue
    return None


@pytest.fixture(scope="session")
def pg_user() -> str | None:
    return _pg_user()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, pg_user: str | None) -> Iterator[str]:
    """A fresh, empty server database: an SQLite file, or a schema of its own on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    if pg_user is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:5432 (database test, user postgres or root)")
    schema = f"sync_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host=PG_HOST, dbname="test", user=pg_user, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"postgresql+psycopg://{pg_user}@{PG_HOST}:5432/test?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(host=PG_HOST, dbname="test", user=pg_user, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def server(database_url: str) -> Iterator[ServerThread]:
    running = ServerThread(database_url)
    open_site(running.engine, ["North", "South", "East"])
    yield running
    running.stop()


@pytest.fixture
def site(server: ServerThread, tmp_path: Path) -> Iterator[dict[str, Station]]:
    """An administrator's station and two checkpoint stations, enrolled, with round R1 open everywhere."""
    admin = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
    setup_round(admin)
    admin.sync()
    stations = {"admin": admin}
    for checkpoint in ("South", "East"):
        stations[checkpoint] = enrol_station(tmp_path, server.engine, server.url, checkpoint)
        stations[checkpoint].sync()
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
