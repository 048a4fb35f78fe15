"""The station's local SQLite store: connection settings, transactions and schema migrations.

One ``Store`` per thread (SQLite connections are not shared). Writes use ``BEGIN IMMEDIATE``
so two writers never deadlock on a lock upgrade; WAL with ``synchronous=FULL`` makes every
committed transaction survive a kill or a power cut.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from registration import migrations

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The database cannot be used as it is: a fault of the environment, not a bug."""


class StoreTooNew(StoreError):
    pass


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection with the durability pragmas every writer of the store needs."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(path) != ":memory:" and mode != "wal":
        raise StoreError(f"{path}: cannot switch to WAL journal mode (got {mode})")
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

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        if self.path is not None and not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (run init or enroll first)")
        try:
            self.conn = connect(path)
            self.db = sqlite_utils.Database(self.conn)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a usable campaign database ({exc})") from exc

    def _migrate(self) -> None:
        known = migrations.names()
        applied = [m.name for m in migrations.MIGRATIONS.applied(self.db)]
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise StoreTooNew(
                f"{self.path}: written by a newer version of this software (schema step "
                f"{unknown[-1]}); update the software before opening it"
            )
        if len(applied) == len(known):
            return
        # One writer migrates; a second process opening the same new file waits, then
        # finds nothing pending. Each step is a savepoint inside this transaction.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            migrations.MIGRATIONS.apply(self.db)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, committed (durably) when the block ends without error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees one snapshot."""
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
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
