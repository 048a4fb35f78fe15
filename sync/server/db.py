"""The server's tables (SQLAlchemy Core) and the one engine set-up for SQLite and PostgreSQL.

Every table that holds campaign data leads its key with ``site``, so one site's rows sit
together and PostgreSQL can partition by site.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    make_url,
    select,
)

from registration.errors import Refused
from registration.privacy import retention
from registration.storage import files

metadata = MetaData()
# The longest text the wire schema's HLC pattern allows (schema.HlcText).
HLC_LENGTH = 23
DEFAULT_URL = "http://127.0.0.1:8765"  # where stations reach a server that was never told its address
# One writer at a time per SQLite engine, queued here rather than in SQLite's sleeping busy handler.
_SQLITE_WRITERS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()

sites = Table(
    "sites",
    metadata,
    Column("site", String(64), primary_key=True),
    Column("tube_pattern", Text, nullable=False),
    # The last feed position handed out; the row is locked while a batch is stored, so positions
    # are given in commit order and the feed never skips a row that commits late.
    Column("head", BigInteger, nullable=False),
    # The server writes events of its own (checkpoints named by enrolment codes) as this device.
    Column("author", String(64), nullable=False),
    Column("author_seq", BigInteger, nullable=False),
    Column("author_hlc", String(HLC_LENGTH), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
)

settings = Table(
    "server_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

_DEVICE_COLUMNS_ADDED = (
    # The device's Ed25519 public key (hex), registered at enrolment: it signs the bundles it exports.
    Column("public_key", String(64)),
    # When its credential was first used: until then, a retry of its enrolment may replace it.
    Column("first_used_ms", BigInteger),
    Column("last_seen_ms", BigInteger),
)

devices = Table(
    "devices",
    metadata,
    Column("device", String(64), primary_key=True),
    Column("site", String(64), nullable=False, index=True),
    Column("checkpoint", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("credential_hash", String(64), unique=True),
    Column("enrolled_ms", BigInteger, nullable=False),
    Column("revoked_ms", BigInteger),
    *_DEVICE_COLUMNS_ADDED,
)

enrol_codes = Table(
    "enrol_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("site", String(64), nullable=False),
    Column("checkpoint", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
    Column("used_ms", BigInteger),
    Column("used_by", String(64)),
    # Set when the office cancels an unused code: from then on it enrols nobody.
    Column("cancelled_ms", BigInteger),
    # The public id that names the code in lists and cancellations (sync/typed_code.py); a code
    # made before ids is named by its hash's first characters instead (devices.unused_codes).
    Column("code_id", String(8), index=True),
    # The server address the code was made with, and its tag: what a laptop holding the typed
    # form asks for and checks (sync/typed_code.py).
    Column("address", Text),
    Column("address_tag", String(64)),
)

events = Table(
    "events",
    metadata,
    Column("site", String(64), nullable=False),
    Column("id", String(36), nullable=False),
    Column("pos", BigInteger, nullable=False),
    Column("device", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("hlc", String(HLC_LENGTH), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("received_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("site", "id"),
    UniqueConstraint("site", "pos", name="events_feed"),
    Index("events_device_seq", "site", "device", "seq"),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("id", String(36), nullable=False),
    Column("device", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("hlc", String(HLC_LENGTH), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("received_ms", BigInteger, nullable=False),
    Index("conflicts_site_id", "site", "id"),
    Index("conflicts_device_seq", "site", "device", "seq"),
)

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("site", String(64), nullable=False),
    Column("name", String(64), nullable=False),
    PrimaryKeyConstraint("site", "name"),
)


def database_url(url: str | None, path: str | Path | None) -> str:
    """The SQLAlchemy URL for ``--database-url`` or ``--db`` (PostgreSQL goes through psycopg 3)."""
    if url:
        for plain in ("postgresql://", "postgres://"):
            if url.startswith(plain):
                return "postgresql+psycopg://" + url[len(plain) :]
        return url
    if path is None:
        raise ValueError("a server database path or URL is needed")
    return f"sqlite:///{Path(path)}"


def default_server_db() -> Path:
    """The server's SQLite file: ``$TESTPOINT_SERVER_DB``, else ``server.db`` in the data directory."""
    env = os.environ.get("TESTPOINT_SERVER_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("testpoint", appauthor=False)) / "server.db"


def resolve_url(url: str | None, path: Path | None) -> str:
    """The URL for the server commands' ``--database-url`` or ``--db``, the default file without either."""
    if url is None:
        path = path or default_server_db()  # its folder is made by open_engine, owner-only
    return database_url(url, path)


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite database URL; None for another database, or one in memory."""
    path = make_url(url).database if url.startswith("sqlite") else None
    return Path(path) if path and path != ":memory:" else None


class ForeignDatabase(Refused):
    """An SQLite file that is not a sync server's database (a station's, or another program's)."""


def open_engine(url: str, *, prepare: bool = True) -> Engine:
    """An engine on a database of this code's schema (migrations.prepare); SQLite gets WAL, full sync
    and explicit transactions, in an owner-only file that is refused unchanged if it is not a server's."""
    if url.startswith("sqlite"):
        path = sqlite_file(url)
        if path is not None:
            _own_file(path)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        _SQLITE_WRITERS[engine] = threading.Lock()
    else:
        engine = create_engine(url, pool_size=20, max_overflow=40, pool_pre_ping=True)
    if prepare:  # not for `server migrate`, which upgrades the schema itself
        from sync.server import migrations  # it reads these tables

        migrations.prepare(engine)
    return engine


# SQLite makes the -wal and -shm with the database file's mode; ones left looser are tightened.
_COMPANIONS = ("", "-wal", "-shm", "-journal")
# Tables only a server's database has (a station's has none of them), from the first releases on:
# one of them marks a file ``server migrate`` may bring up to date.
_SERVER_TABLES = {"alembic_version", "sites", "devices", "enrol_codes", "server_settings"}


def _own_file(path: Path) -> None:
    """Make the server's SQLite file owner-only (tightening an existing one and its companions);
    refuse, unchanged, a file that is not a server's."""
    files.private_dir(path.parent)
    files.create_private(path)  # before SQLite makes it (and its -wal) readable by all
    _refuse_foreign(path)
    for suffix in _COMPANIONS:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(os.stat(f"{path}{suffix}").st_mode)
            if mode & ~files.PRIVATE_FILE:
                os.chmod(f"{path}{suffix}", mode & files.PRIVATE_FILE)


def _refuse_foreign(path: Path) -> None:
    # Only read, as the laptop's store does: a file that is not ours is left exactly as it was.
    if path.is_file() and path.stat().st_size == 0:
        return  # just made: the server's tables go in
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_NOTADB:
            raise  # busy or unreadable for now: not a verdict on the file
        tables = {"(not SQLite, or encrypted)"}
    if tables and not tables & _SERVER_TABLES:
        raise ForeignDatabase("server_db.foreign", path=path)


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Autocommit at the driver level so that the BEGIN below is the only transaction control.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA journal_mode=WAL")
    dbapi_connection.execute("PRAGMA synchronous=FULL")
    dbapi_connection.execute("PRAGMA busy_timeout=30000")


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the write lock up front: two writers never deadlock upgrading a read lock.
    write = conn.get_execution_options().get("write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


_NO_LOCK = contextlib.nullcontext()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction, committed when the block ends without error."""
    with _SQLITE_WRITERS.get(engine) or _NO_LOCK, engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


def compact(engine: Engine, tables: Iterable[Table]) -> None:
    """Rewrite the database so that what was deleted or overwritten is gone from its files: SQLite's
    whole file and write-ahead log (as the laptop's purge does), PostgreSQL's ``tables`` (with their
    TOAST and indexes). PostgreSQL's write-ahead log and backups are the operator's (README)."""
    if engine.dialect.name == "sqlite":
        with _SQLITE_WRITERS.get(engine) or _NO_LOCK, contextlib.closing(engine.raw_connection()) as raw:
            sqlite = raw.driver_connection
            assert isinstance(sqlite, sqlite3.Connection)
            retention.compact(sqlite)
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        quote = conn.dialect.identifier_preparer.quote
        # VACUUM FULL writes each table anew and drops the old files, dead row versions and all.
        conn.exec_driver_sql(f"VACUUM FULL {', '.join(quote(t.name) for t in tables)}")


def remember(engine: Engine, key: str, value: str) -> None:
    """Keeps one of the server's own settings (where it listens, its certificate's pin)."""
    s = settings.c
    with writing(engine) as conn:
        conn.execute(settings.delete().where(s.key == key))
        conn.execute(settings.insert().values(key=key, value=value))


def public_url(engine: Engine) -> str:
    """Where stations reach this server: set with ``server init --url``, else where it last listened."""
    s = settings.c
    with reading(engine) as conn:
        found = dict(
            conn.execute(select(s.key, s.value).where(s.key.in_(["public_url", "listen_url"]))).all()
        )
    return str(found.get("public_url") or found.get("listen_url") or DEFAULT_URL)
