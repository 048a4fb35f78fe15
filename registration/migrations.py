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
        ) WITHOUT ROWID;
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events (id)
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
        ) WITHOUT ROWID;
        CREATE INDEX registrations_round_person ON registrations (round, person);
        CREATE INDEX registrations_tube ON registrations (tube, position);
        """,
    )


@MIGRATIONS(name="m002_rosters")
def m002_rosters(db: Database) -> None:
    # The indexes cover the reconciliation's queries: voided_by is a column of them, not a
    # partial-index condition, because SQLite 3.40 cannot cover with a partial index whose
    # condition names a column outside it.
    # people.on_roster: a registered walk-in can be known by name and enterprise without being on
    # that enterprise's roster. An exemption row with a NULL reason is a cleared exemption, kept so
    # that last-writer-wins can order a clear against a set from another laptop.
    _script(
        db,
        """
        ALTER TABLE people ADD COLUMN on_roster INTEGER NOT NULL DEFAULT 1;
        CREATE INDEX people_enterprise ON people (enterprise, on_roster, id_number);
        CREATE TABLE enterprises (
            name TEXT PRIMARY KEY,
            reported INTEGER,
            contact TEXT,
            phone TEXT,
            version TEXT NOT NULL
        );
        CREATE TABLE exemptions (
            round TEXT NOT NULL,
            person TEXT NOT NULL,
            reason TEXT,
            note TEXT,
            version TEXT NOT NULL,
            PRIMARY KEY (round, person)
        );
        CREATE TABLE tube_results (
            tube TEXT PRIMARY KEY,
            result TEXT NOT NULL CHECK (result IN ('positive', 'negative')),
            at TEXT NOT NULL,
            version TEXT NOT NULL
        );
        CREATE TABLE handovers (
            event TEXT PRIMARY KEY,
            checkpoint TEXT NOT NULL,
            device TEXT NOT NULL,
            count INTEGER NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE handover_tubes (
            tube TEXT NOT NULL,
            handover TEXT NOT NULL REFERENCES handovers (event),
            PRIMARY KEY (tube, handover)
        );
        CREATE INDEX registrations_live ON registrations (round, voided_by, person);
        CREATE INDEX registrations_checkpoint ON registrations (round, voided_by, checkpoint);
        CREATE INDEX tubes_round ON tubes (round, checkpoint);
        """,
    )


@MIGRATIONS(name="m003_sync")
def m003_sync(db: Database) -> None:
    # Station-side sync state only: where the server is, this device's credential, the pull
    # cursor, and the per-event answers (conflicts, rejections) a person has to read.
    _script(
        db,
        """
        CREATE TABLE sync_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            server_url TEXT NOT NULL,
            device TEXT NOT NULL,
            credential TEXT NOT NULL,
            role TEXT NOT NULL,
            site TEXT NOT NULL,
            checkpoint TEXT NOT NULL,
            cursor TEXT NOT NULL DEFAULT '',
            recover_own INTEGER NOT NULL DEFAULT 0,
            last_sync TEXT,
            last_attempt TEXT,
            last_error TEXT,
            clock_skew_ms INTEGER
        );
        CREATE TABLE sync_rejections (
            event_id TEXT PRIMARY KEY,
            status TEXT NOT NULL CHECK (status IN ('conflict', 'rejected', 'unapplied')),
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """,
    )
