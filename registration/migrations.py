"""Numbered schema steps of the local store, applied in order, each in its own savepoint.

Never edit a step that has shipped: add the next one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("testpoint")


def names() -> list[str]:
    return [m.name for m in MIGRATIONS._migrations]


def _script(db: Database, sql: str) -> None:
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


@MIGRATIONS(name="m001_core")
def m001_core(db: Database) -> None:
    _script(
        db,
        """
        CREATE TABLE device (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            device_id TEXT NOT NULL,
            next_seq INTEGER NOT NULL,
            hlc TEXT NOT NULL
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            device TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            UNIQUE (device, seq)
        );
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE REFERENCES events (id)
        );
        CREATE TABLE checkpoints (name TEXT PRIMARY KEY, version TEXT NOT NULL);
        CREATE TABLE operators (name TEXT PRIMARY KEY, version TEXT NOT NULL);
        CREATE TABLE rounds (
            name TEXT PRIMARY KEY,
            pool_size INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            version TEXT NOT NULL
        );
        CREATE TABLE people (
            id_number TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            enterprise TEXT,
            department TEXT,
            phone TEXT,
            version TEXT NOT NULL
        );
        CREATE TABLE signing_keys (
            kid TEXT PRIMARY KEY,
            public BLOB NOT NULL,
            private BLOB,
            created_at TEXT NOT NULL
        );
        CREATE TABLE tubes (
            code TEXT PRIMARY KEY,
            round TEXT NOT NULL,
            checkpoint TEXT NOT NULL,
            device TEXT NOT NULL,
            pool_size INTEGER NOT NULL,
            opened_at TEXT NOT NULL,
            sealed_at TEXT,
            seal_reason TEXT,
            event TEXT NOT NULL
        );
        CREATE INDEX tubes_open ON tubes (device, checkpoint, round) WHERE sealed_at IS NULL;
        CREATE TABLE registrations (
            event TEXT PRIMARY KEY,
            person TEXT,
            raw_code TEXT,
            round TEXT NOT NULL,
            checkpoint TEXT NOT NULL,
            operator TEXT,
            device TEXT NOT NULL,
            tube TEXT,
            position INTEGER,
            colour TEXT NOT NULL,
            source TEXT NOT NULL,
            at TEXT NOT NULL,
            corrects TEXT,
            voided_by TEXT,
            void_reason TEXT
        );
        CREATE INDEX registrations_round_person ON registrations (round, person);
        CREATE INDEX registrations_tube ON registrations (tube, position);
        """,
    )
