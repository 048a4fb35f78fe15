"""What the station's scan screen reads between scans: the open tube and its people, the shift's and
the round's counters, and the roster search of manual entry.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from registration.people.identity import mask_id, mask_phone
from registration.sampling import tubes
from registration.setup import campaign, rosters
from registration.storage import authority
from registration.storage.store import Store

SEARCH_LIMIT = 30


@dataclass(frozen=True)
class Slot:
    """One filled position of a tube, as the tube panel shows it."""

    position: int
    name: str
    masked_id: str
    voided: bool


@dataclass(frozen=True)
class ScanState:
    tube: tubes.Tube | None
    slots: list[Slot]
    shift: int
    """Live registrations by this laptop at this checkpoint in this round since the shift began."""
    round_here: int
    """Live registrations at this checkpoint in this round, from every laptop known here."""
    has_roster: bool = True
    """Someone is on a roster here; an enrolled laptop has none until the campaign office's arrives."""
    office: bool = False
    """This laptop is the campaign office's (or never enrolled): it imports the rosters itself."""


@dataclass(frozen=True)
class RosterHit:
    """A roster person found by manual search; the ID number is kept to register, never shown."""

    id_number: str = field(repr=False)
    name: str
    enterprise: str
    department: str
    phone: str = field(repr=False)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


def now_iso() -> str:
    """The current local time in the form registrations store, for a shift's start."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _device(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT device_id FROM device WHERE id = 1").fetchone()
    return "" if row is None else str(row[0])


def scan_state(conn: sqlite3.Connection, checkpoint: str, round_name: str, shift_start: str) -> ScanState:
    tube = tubes.current(conn, checkpoint, round_name) if _device(conn) else None
    slots = [] if tube is None else tube_slots(conn, tube.code)
    shift = conn.execute(
        "SELECT count(*) FROM registrations WHERE device = ? AND checkpoint = ? AND round = ? "
        "AND at >= ? AND voided_by IS NULL",
        (_device(conn), checkpoint, round_name, shift_start),
    ).fetchone()[0]
    here = conn.execute(
        "SELECT count(*) FROM registrations WHERE checkpoint = ? AND round = ? AND voided_by IS NULL",
        (checkpoint, round_name),
    ).fetchone()[0]
    return ScanState(tube, slots, int(shift), int(here), has_roster(conn), may_open_rounds(conn))


def has_roster(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM people)").fetchone()[0])


def tube_slots(conn: sqlite3.Connection, code: str) -> list[Slot]:
    return [
        Slot(
            int(row["position"]),
            row["name"] or "",
            mask_id(row["person"] or ""),
            row["voided_by"] is not None,
        )
        for row in tubes.members(conn, code)
    ]


def search_people(conn: sqlite3.Connection, query: str, limit: int = SEARCH_LIMIT) -> list[RosterHit]:
    """Roster people whose name contains ``query``, or whose phone contains its digits."""
    query = query.strip()
    if not query:
        return []
    where, param = rosters.text_match(query)
    rows = conn.execute(
        "SELECT id_number, name, enterprise, department, phone FROM people "
        f"WHERE {where} ORDER BY name, enterprise LIMIT ?",
        (param, limit),
    )
    return [RosterHit(r[0], r[1], r[2] or "", r[3] or "", r[4] or "") for r in rows]


def operators(conn: sqlite3.Connection) -> list[str]:
    """The operators sign-in offers. A checkpoint station leaves out the campaign office's staff: the
    names last added on an office laptop (the staff sign in there, and their names reach every laptop)."""
    rows = conn.execute("SELECT name, version FROM operators ORDER BY name").fetchall()
    if authority.own_checkpoint(conn) is None:
        return [name for name, _version in rows]
    office = authority.office_devices(conn)
    return [name for name, version in rows if authority.device_of(version) not in office]


@dataclass(frozen=True)
class CampaignInfo:
    """What sign-in offers: the site, the checkpoints this laptop works at, the open rounds and the
    known operators."""

    initialised: bool
    site: str
    checkpoints: list[str]
    open_rounds: list[str]
    operators: list[str]
    may_open_rounds: bool = True
    """False on a checkpoint station: rounds are opened by the campaign office."""


def campaign_info(store: Store) -> CampaignInfo:
    if not campaign.is_initialised(store):
        return CampaignInfo(False, "", [], [], [])
    with store.read() as conn:
        return CampaignInfo(
            True,
            store.setting("site", "") or "",
            _checkpoints_here(conn),
            [r.name for r in campaign.rounds(conn) if r.status == "open"],
            operators(conn),
            may_open_rounds(conn),
        )


def _checkpoints_here(conn: sqlite3.Connection) -> list[str]:
    own = authority.own_checkpoint(conn)
    return campaign.checkpoints(conn) if own is None else [own]


def may_open_rounds(conn: sqlite3.Connection) -> bool:
    try:
        authority.require_office(conn, "round.opened")
    except authority.OfficeOnly:
        return False
    return True
