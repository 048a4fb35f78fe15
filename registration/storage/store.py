"""The station's local SQLite store: connection settings, transactions and schema migrations.

One ``Store`` per thread (SQLite connections are not shared). Writes use ``BEGIN IMMEDIATE``
so two writers never deadlock on a lock upgrade; WAL with ``synchronous=FULL`` makes every
committed transaction survive a kill or a power cut.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from registration.errors import Refused
from registration.storage import cipher, files, upgrades

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000
PREPARED_STATEMENTS = 256
"""Statements a connection keeps prepared. A registration with the scan screen around it runs
more than 100 different ones; past the cache (SQLCipher's driver keeps 100 by default, the
standard one 128) each is parsed again every time, which made a registration on the encrypted
store cost 1.5 times the plain one instead of 1.35."""
_PASSING_FAULTS = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR)


def default_db() -> Path:
    """The station's database: ``$TESTPOINT_DB``, else ``station.db`` in the data directory."""
    env = os.environ.get("TESTPOINT_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("testpoint", appauthor=False)) / "station.db"


class StoreError(Refused):
    """The database cannot be used as it is: a fault of the environment, not a bug."""


class StoreTooNew(StoreError):
    pass


def connect(path: str | Path, key: str | None = None) -> sqlite3.Connection:
    """A connection with the durability pragmas every writer of the store needs (encrypted with ``key``)."""
    return _tune(_open(path, key), path)


def _open(path: str | Path, key: str | None = None) -> sqlite3.Connection:
    if key is not None:
        encrypted: sqlite3.Connection = cipher.connect(
            Path(path), key, BUSY_TIMEOUT_MS / 1000, statements=PREPARED_STATEMENTS
        )
        return encrypted
    conn = sqlite3.connect(
        str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, cached_statements=PREPARED_STATEMENTS
    )
    conn.row_factory = sqlite3.Row
    return conn


def _tune(conn: sqlite3.Connection, path: str | Path) -> sqlite3.Connection:
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(path) != ":memory:" and mode != "wal":
        raise StoreError("store.no_wal", file=path, mode=mode)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


class Store:
    """An open campaign database.

    >>> store = Store(":memory:")
    >>> with store.write() as conn:
    ...     _ = conn.execute("INSERT INTO settings VALUES ('k', 'v')")
    """

    def __init__(
        self, path: str | Path, *, create: bool = True, adopt: bool = False, key: str | None = None
    ) -> None:
        """Open the campaign database at ``path``; ``create`` one where there is none.

        An SQLite database of another program is refused unchanged unless ``adopt`` (``init``
        asks for it) adds the campaign's tables to it. With ``key`` (else the one remembered for
        ``path``, else ``TESTPOINT_DB_KEY``) the database is encrypted (``registration/storage/cipher.py``).
        """
        self.path = Path(path) if str(path) != ":memory:" else None
        if key is None and self.path is not None:
            key = cipher.passphrase_for(self.path)
        self.encrypted = key is not None
        if self.path is not None:
            if self.path.is_dir():
                raise StoreError("store.directory", file=self.path)
            if not self.path.exists():
                if not create:
                    raise StoreError("store.missing", file=self.path)
                files.create_private(self.path)  # before SQLite makes it (and its -wal) world-readable
        try:
            self.conn = _open(path, key)
            try:
                if not adopt:
                    self._refuse_foreign()
                _tune(self.conn, path)
                self._migrate()
            except BaseException:
                self.conn.close()
                raise
        except cipher.WrongKey as exc:
            raise StoreError(exc.reason) from exc
        except cipher.driver_errors("DatabaseError") as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _PASSING_FAULTS:
                raise  # the file is fine; the machine is busy or full for now
            if key is None and self.path is not None and cipher.looks_encrypted(self.path):
                raise StoreError("store.needs_key", file=path) from exc
            raise StoreError("store.unusable", file=path, why=exc) from exc

    def _refuse_foreign(self) -> None:
        # Read only: a file that is not ours is left exactly as it was (no table, no WAL switch).
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        ours = (
            "_sqlite_migrations" in tables
            and self.conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ?", (upgrades.MIGRATIONS.name,)
            ).fetchone()
        )
        if tables and not ours:
            raise StoreError("store.foreign", file=self.path)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, for schema steps (imported only when needed)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def _applied(self) -> list[str]:
        # The record sqlite-utils keeps, read with plain SQL: an up-to-date store opens without it.
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
            return []
        rows = self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            (upgrades.MIGRATIONS.name,),
        )
        return [str(row[0]) for row in rows]

    def _migrate(self) -> None:
        known = upgrades.names()
        applied = self._applied()
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise StoreTooNew("store.too_new", file=self.path, step=unknown[-1])

        if len(applied) == len(known):
            return
        # One writer migrates; a second process opening the same new file waits, then
        # finds nothing pending. Each step is a savepoint inside this transaction.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            upgrades.MIGRATIONS.apply(self.db)
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, committed (durably) when the block ends without error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self._rollback()
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def checkpointed_after(self) -> Iterator[None]:
        """Writes whose log is copied into the database once, when the block ends (a new laptop's
        first pull, a transaction per page): SQLite copies it after every thousand pages written,
        and the same index pages, changed by every transaction, were copied again each time."""
        every = int(self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        self.conn.execute("PRAGMA wal_autocheckpoint=0")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA wal_autocheckpoint={every}")
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _rollback(self) -> None:
        # SQLite has already rolled back after some errors (a full disk, an I/O error): a second
        # ROLLBACK would raise and hide the error that says what happened.
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees one snapshot."""
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
