"""Numbered schema steps of the local store, applied in order, each in its own savepoint.

Never edit a step that has shipped: add the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

_Step = TypeVar("_Step", bound=Callable[..., None])


class _Steps:
    """The steps in order, registered as on sqlite-utils' ``Migrations``, which is built (and
    sqlite-utils imported: numpy comes with it, a quarter of a second) only when a step must run
    or be listed; opening an up-to-date store reads the record with plain SQL."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.steps: list[tuple[str, Callable[..., None]]] = []

    def __call__(self, *, name: str) -> Callable[[_Step], _Step]:
        def register(step: _Step) -> _Step:
            self.steps.append((name, step))
            return step

        return register

    def _built(self) -> Migrations:
        from sqlite_utils.migrations import Migrations

        built = Migrations(self.name)
        for name, step in self.steps:
            built(name=name)(step)
        return built

    def applied(self, db: Database) -> list[Migrations._AppliedMigration]:
        return self._built().applied(db)

    def apply(self, db: Database) -> None:
        self._built().apply(db)


MIGRATIONS = _Steps("testpoint")


def names() -> list[str]:
    return [name for name, _ in MIGRATIONS.steps]


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


@MIGRATIONS(name="m004_corrections")
def m004_corrections(db: Database) -> None:
    # Who holds a tube position is asked per registration: "does another registration correct it?"
    _script(db, "CREATE INDEX registrations_corrects ON registrations (corrects) WHERE corrects IS NOT NULL")


@MIGRATIONS(name="m005_sync_trust")
def m005_sync_trust(db: Database) -> None:
    # The device's bundle-signing key (private half; never leaves this database), and the events
    # pulled from the server that this station could not apply: kept whole, set aside, shown.
    _script(
        db,
        """
        CREATE TABLE device_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            private BLOB NOT NULL
        );
        CREATE TABLE pulled_aside (
            id TEXT PRIMARY KEY,
            device TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """,
    )


@MIGRATIONS(name="m006_personal_data")
def m006_personal_data(db: Database) -> None:
    # The audit trail of reveals and purges (folded from their events, no personal data in it);
    # the opaque key a badge carries instead of the ID number, the same on every laptop; and a
    # round's figures frozen before a purge takes the people out of it.
    _script(
        db,
        """
        CREATE TABLE audit (
            event TEXT PRIMARY KEY,
            action TEXT NOT NULL CHECK (action IN ('revealed', 'purged')),
            device TEXT NOT NULL,
            at TEXT NOT NULL,
            operator TEXT,
            what TEXT NOT NULL,
            people INTEGER NOT NULL,
            round TEXT,
            enterprise TEXT
        );
        ALTER TABLE people ADD COLUMN person_key TEXT;
        CREATE UNIQUE INDEX people_person_key ON people (person_key) WHERE person_key IS NOT NULL;
        CREATE TABLE frozen_rounds (
            round TEXT PRIMARY KEY,
            figures TEXT NOT NULL,
            purged_at TEXT NOT NULL
        );
        """,
    )


@MIGRATIONS(name="m007_claims")
def m007_claims(db: Database) -> None:
    # Who holds each corrected or voided registration: the claim (a correction or a void) stamped
    # first, kept even before the registration arrives; the claims that lost are kept aside so
    # someone sees and decides. A database made before holds its claims in voided_by.
    _script(
        db,
        """
        CREATE TABLE claims (
            target TEXT PRIMARY KEY,
            event TEXT NOT NULL,
            version TEXT NOT NULL,
            correction INTEGER NOT NULL
        );
        CREATE TABLE claims_aside (
            event TEXT PRIMARY KEY,
            target TEXT NOT NULL,
            held_by TEXT NOT NULL
        );
        INSERT INTO claims (target, event, version, correction)
            SELECT r.event, r.voided_by, e.hlc || '.' || e.device, e.kind = 'registration'
            FROM registrations r JOIN events e ON e.id = r.voided_by
            WHERE r.voided_by IS NOT NULL;
        """,
    )


@MIGRATIONS(name="m008_reason_keys")
def m008_reason_keys(db: Database) -> None:
    # A refusal's key and values beside its English words (registration/errors.py), so the window
    # shows a server's refusal of an event in the station's language; NULL for rows kept before.
    _script(db, "ALTER TABLE sync_rejections ADD COLUMN reason_key TEXT")


@MIGRATIONS(name="m009_card_name")
def m009_card_name(db: Database) -> None:
    # The name an ID card gave for a person no roster or walk-in entry knows (recall lists name them).
    _script(db, "ALTER TABLE registrations ADD COLUMN card_name TEXT")


@MIGRATIONS(name="m010_boxes")
def m010_boxes(db: Database) -> None:
    # Transport boxes and the tubes scanned into them (one tube in two boxes, filled on two offline
    # laptops, stays in both, as in two handovers); the box a handover names; what the lab said it
    # received, per file (its digest, so the same file is not recorded twice) and per tube.
    _script(
        db,
        """
        CREATE TABLE boxes (
            code TEXT PRIMARY KEY,
            checkpoint TEXT NOT NULL,
            device TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            sealed_at TEXT,
            count INTEGER,
            event TEXT NOT NULL
        );
        CREATE TABLE box_tubes (
            tube TEXT NOT NULL,
            box TEXT NOT NULL,
            event TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (tube, box)
        );
        CREATE INDEX box_tubes_box ON box_tubes (box);
        ALTER TABLE handovers ADD COLUMN box TEXT;
        CREATE INDEX handovers_box ON handovers (box) WHERE box IS NOT NULL;
        CREATE TABLE lab_receipts (
            event TEXT PRIMARY KEY,
            device TEXT NOT NULL,
            at TEXT NOT NULL,
            digest TEXT NOT NULL,
            tubes INTEGER NOT NULL
        );
        CREATE TABLE lab_received (
            tube TEXT NOT NULL,
            receipt TEXT NOT NULL,
            PRIMARY KEY (tube, receipt)
        );
        """,
    )


@MIGRATIONS(name="m011_labels_and_moves")
def m011_labels_and_moves(db: Database) -> None:
    # Tube labels printed ahead (registration/sampling/labels.py): each printed range of a laptop's
    # series, so no code is printed twice. A tube whose people were moved to another barcode
    # (a cracked or mislabelled tube) is broken: it names the tube that holds its people now.
    _script(
        db,
        """
        CREATE TABLE label_ranges (
            event TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            pool INTEGER,
            prefix TEXT NOT NULL,
            series TEXT NOT NULL,
            first INTEGER NOT NULL,
            count INTEGER NOT NULL,
            device TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX label_ranges_series ON label_ranges (prefix, series, first);
        ALTER TABLE tubes ADD COLUMN moved_to TEXT;
        ALTER TABLE tubes ADD COLUMN move_reason TEXT;
        ALTER TABLE tubes ADD COLUMN moved_at TEXT
        """,
    )


@MIGRATIONS(name="m012_exemption_requests")
def m012_exemption_requests(db: Database) -> None:
    # Reasons enterprises' liaisons gave for their missing people, and the office's answers
    # (registration/setup/exemption_requests.py); decision_version orders two answers to one request.
    _script(
        db,
        """
        CREATE TABLE exemption_requests (
            id TEXT PRIMARY KEY,
            round TEXT NOT NULL,
            person TEXT NOT NULL,
            reason TEXT NOT NULL,
            place TEXT,
            tested_at TEXT,
            note TEXT,
            requested_by TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            decision TEXT CHECK (decision IN ('accepted', 'declined')),
            decision_note TEXT,
            decided_by TEXT,
            decided_at TEXT,
            decision_version TEXT
        );
        CREATE INDEX exemption_requests_round ON exemption_requests (round, person)
        """,
    )


@MIGRATIONS(name="m013_registrations_in_arrival_order")
def m013_registrations_in_arrival_order(db: Database) -> None:
    # Kept in the order they arrive, not by their random event ids: a registration written there
    # went to a random page of the table and, through the id each index entry carried, of three of
    # its indexes, and a new laptop's first pull of a site spent two fifths of its time so (44-49
    # against 19-23 µs per registration). The event id stays the key, looked up by its own index.
    columns = (
        "event, person, raw_code, round, checkpoint, operator, device, tube, position, colour, source, "
        "at, corrects, voided_by, void_reason, card_name"
    )
    _script(
        db,
        f"""
        CREATE TABLE registrations_arrived (
            event TEXT NOT NULL PRIMARY KEY,
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
            void_reason TEXT,
            card_name TEXT
        );
        INSERT INTO registrations_arrived ({columns}) SELECT {columns} FROM registrations ORDER BY at, event;
        DROP TABLE registrations;
        ALTER TABLE registrations_arrived RENAME TO registrations;
        CREATE INDEX registrations_round_person ON registrations (round, person);
        CREATE INDEX registrations_tube ON registrations (tube, position);
        CREATE INDEX registrations_live ON registrations (round, voided_by, person);
        CREATE INDEX registrations_checkpoint ON registrations (round, voided_by, checkpoint);
        CREATE INDEX registrations_corrects ON registrations (corrects) WHERE corrects IS NOT NULL
        """,
    )
