"""Server databases and enrolled stations made once per session and copied for each test: a test
starts on its own copy of the same site instead of migrating a schema and enrolling three laptops.

On SQLite a copy is a copied file. On PostgreSQL, where making a schema's tables takes longer than
the test that uses them, a schema that a finished test used is emptied and refilled instead.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from sync.server import db
from tests.sync.harness import ServerThread, Station, enrol_station, open_site, setup_round

PG_HOST = "127.0.0.1"
PG_USERS = ("postgres", "root")
CHECKPOINTS = ["North", "South", "East"]


def find_pg_user() -> str | None:
    """The first of PG_USERS that can connect to the database ``test``, or None."""
    for user in PG_USERS:
        try:
            with psycopg.connect(host=PG_HOST, port=5432, dbname="test", user=user, connect_timeout=3):
                return user
        except psycopg.Error:
            continue
    return None


def pg_url(user: str, schema: str) -> str:
    return f"postgresql+psycopg://{user}@{PG_HOST}:5432/test?options=-csearch_path%3D{schema}"


@contextmanager
def pg_admin(user: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(host=PG_HOST, dbname="test", user=user, autocommit=True) as conn:
        yield conn


def new_schema(user: str) -> str:
    """A new, empty schema in the database ``test``; its name."""
    schema = f"sync_test_{uuid.uuid4().hex[:12]}"
    with pg_admin(user) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return schema


@dataclass
class Template:
    """A server database as a test starts on it, and the station files enrolled with it."""

    url: str
    stations: dict[str, Path]


def _make(url: str, folder: Path, with_stations: bool) -> Template:
    """Open the site (checkpoints North, South, East); with stations, as the ``site`` fixture describes."""
    running = ServerThread(url)
    open_site(running.engine, CHECKPOINTS)
    made: dict[str, Station] = {}
    try:
        if with_stations:
            made["admin"] = enrol_station(folder, running.engine, running.url, "North", admin=True)
            setup_round(made["admin"])
            made["admin"].sync()
            for checkpoint in CHECKPOINTS[1:]:
                made[checkpoint] = enrol_station(folder, running.engine, running.url, checkpoint)
                made[checkpoint].sync()
    finally:
        for station in made.values():
            station.close()
        running.stop()
        running.engine.dispose()
    return Template(url, {name: station.path for name, station in made.items()})


@dataclass
class Copy:
    """A test's copy of a template: its URL, its stations (which still need the server's address,
    ``point``), and the threads that may still use the database once the test is over (a server
    shutting down)."""

    url: str
    stations: list[Station]
    users: list[threading.Thread] = field(default_factory=list)


@dataclass
class Templates:
    """The session's templates, made when a test first needs one, and the PostgreSQL schemas to reuse."""

    folder: Path
    pg_user: str | None
    made: dict[tuple[str, bool], Template] = field(default_factory=dict)
    free: list[Copy] = field(default_factory=list)
    schemas: list[str] = field(default_factory=list)

    def template(self, kind: str, with_stations: bool) -> Template:
        key = (kind, with_stations)
        if key not in self.made:
            folder = self.folder / f"{kind}-{'site' if with_stations else 'server'}"
            folder.mkdir()
            url = f"sqlite:///{folder / 'server.db'}" if kind == "sqlite" else self._new_schema()
            self.made[key] = _make(url, folder, with_stations)
        return self.made[key]

    @contextmanager
    def copy(self, kind: str, folder: Path, with_stations: bool) -> Iterator[Copy]:
        """A copy of the template in ``folder`` (files) or in a schema that no thread uses any more,
        while the block runs."""
        template = self.template(kind, with_stations)
        if kind == "sqlite":
            shutil.copy2(str(db.make_url(template.url).database), folder / "server.db")
            yield Copy(f"sqlite:///{folder / 'server.db'}", self._stations(template, folder))
            return
        done = next((c for c in self.free if not any(t.is_alive() for t in c.users)), None)
        if done is not None:
            self.free.remove(done)
        url = done.url if done is not None else self._new_schema()
        self._refill(url, template.url)
        made = Copy(url, self._stations(template, folder))
        try:
            yield made
        finally:
            self.free.append(made)

    def close(self) -> None:
        for made in self.free:
            for thread in made.users:
                thread.join()
        if self.pg_user is None or not self.schemas:
            return
        with pg_admin(self.pg_user) as conn:
            for schema in self.schemas:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")

    def _stations(self, template: Template, folder: Path) -> list[Station]:
        stations = []
        for name, path in template.stations.items():
            copied = folder / path.name
            shutil.copy2(path, copied)
            stations.append(Station(copied, "North" if name == "admin" else name))
        return stations

    def _new_schema(self) -> str:
        """A schema of this code's tables (migrated as a server does it), empty."""
        assert self.pg_user is not None
        schema = new_schema(self.pg_user)
        self.schemas.append(schema)
        url = pg_url(self.pg_user, schema)
        db.open_engine(url).dispose()
        return url

    def _refill(self, url: str, template_url: str) -> None:
        """Make the schema at ``url`` hold what the template's holds, sequences included."""
        assert self.pg_user is not None
        schema, source = _schema(url), _schema(template_url)
        with pg_admin(self.pg_user) as conn, conn.transaction():
            # A test's server that is still around would hold its locks: say so rather than wait.
            conn.execute("SET LOCAL lock_timeout = '10s'")
            tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (source,))
            sequences = conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s", (source,)
            ).fetchall()
            conn.execute(
                "".join(
                    f'DELETE FROM {schema}."{table}"; '
                    f'INSERT INTO {schema}."{table}" SELECT * FROM {source}."{table}";'
                    for (table,) in tables.fetchall()
                )
            )
            for sequence, last in sequences:
                called = last is not None  # a sequence never used starts at 1 again
                conn.execute("SELECT setval(%s, %s, %s)", (f'{schema}."{sequence}"', last or 1, called))


def point(stations: list[Station], url: str) -> None:
    """Have copied stations sync with the server at ``url``."""
    for station in stations:
        with station.store.write() as conn:
            conn.execute("UPDATE sync_state SET server_url = ?", (url,))


def _schema(url: str) -> str:
    return url.rsplit("%3D", 1)[1]
