"""Handing a checkpoint's sealed tubes to the courier: counted or scanned against the box, recorded
as an event.

The tubes due are those sealed at the checkpoint (on any laptop this station knows of) and not in
an earlier handover; never a broken tube (its people's new tube is). A count that differs from the
operator's blocks the handover and lists them; scanning the box's tubes one by one also says which
are missing from it and which do not belong. A transport box (boxes.py) is handed over whole: a
handover of its tubes that names it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from registration.errors import Reason
from registration.sampling import tubes
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import events, tables
from registration.storage.events import Event, applies
from registration.storage.store import Store


@dataclass(frozen=True)
class Handover:
    event: str
    checkpoint: str
    count: int
    tubes: list[str]
    at: str


class HandoverMismatch(CampaignError):
    """The box holds a different number of tubes than were sealed: nothing is recorded."""

    def __init__(
        self, checkpoint: str, count: int, due: list[tubes.Tube], still_open: list[tubes.Tube]
    ) -> None:
        super().__init__("handover.count_differs", count=count, due=len(due), checkpoint=checkpoint)
        self.checkpoint = checkpoint
        self.count = count
        self.due = due
        self.still_open = still_open


def _tubes(conn: sqlite3.Connection, query: str, checkpoint: str) -> list[tubes.Tube]:
    found = (tubes.get(conn, row[0]) for row in conn.execute(query, (checkpoint,)))
    return [t for t in found if t is not None]


def due(conn: sqlite3.Connection, checkpoint: str) -> list[tubes.Tube]:
    """Tubes sealed at ``checkpoint`` and not handed over yet, in the order they were sealed."""
    return _tubes(
        conn,
        "SELECT code FROM tubes WHERE checkpoint = ? AND sealed_at IS NOT NULL AND moved_to IS NULL"
        " AND code NOT IN (SELECT tube FROM handover_tubes) ORDER BY sealed_at, code",
        checkpoint,
    )


NEVER_SEALED = "never sealed"
NEVER_HANDED_OVER = "never handed over"


def custody_gap(conn: sqlite3.Connection, code: str) -> str | None:
    """Why a lab should not have this tube, as far as this laptop's events tell: ``NEVER_SEALED``,
    ``NEVER_HANDED_OVER`` (sealed, in no handover), or None once it went to the courier."""
    row = conn.execute(
        "SELECT sealed_at IS NOT NULL, EXISTS (SELECT 1 FROM handover_tubes h WHERE h.tube = t.code)"
        " FROM tubes t WHERE t.code = ?",
        (code,),
    ).fetchone()
    if row is None or row[1]:
        return None
    return NEVER_HANDED_OVER if row[0] else NEVER_SEALED


def still_open(conn: sqlite3.Connection, checkpoint: str) -> list[tubes.Tube]:
    """Tubes at ``checkpoint`` still being filled: they belong in the next box, not this one."""
    return _tubes(
        conn,
        "SELECT code FROM tubes WHERE checkpoint = ? AND sealed_at IS NULL AND moved_to IS NULL"
        " ORDER BY code",
        checkpoint,
    )


@dataclass(frozen=True)
class Extra:
    """A tube scanned in the box that is not due here, and why."""

    code: str
    reason: Reason


@dataclass(frozen=True)
class BoxCheck:
    """The tubes scanned in a box against the tubes due at the checkpoint."""

    checkpoint: str
    scanned: list[str]
    """Every code scanned, once each, in scan order."""
    missing: list[tubes.Tube]
    """Due here but not scanned: find them before the courier leaves."""
    extra: list[Extra]
    """Scanned but not due here: take them out of the box."""
    due: list[tubes.Tube]
    still_open: list[tubes.Tube]

    @property
    def matches(self) -> bool:
        return bool(self.scanned) and not self.missing and not self.extra

    def summary(self) -> Reason:
        missing = extra = None
        if self.missing:
            missing = Reason(
                "box.missing", count=len(self.missing), tubes=", ".join(t.code for t in self.missing)
            )
        if self.extra:
            extra = Reason("box.extra", count=len(self.extra), tubes=", ".join(e.code for e in self.extra))
        if missing and extra:
            return Reason("box.missing_and_extra", missing=missing, extra=extra)
        return missing or extra or Reason("box.matches", count=len(self.scanned))


class BoxMismatch(CampaignError):
    """The scanned box is not the tubes due: nothing is recorded; the check says what differs."""

    def __init__(self, check: BoxCheck) -> None:
        super().__init__("handover.box_differs", checkpoint=check.checkpoint, summary=check.summary())
        self.check = check


def why_not_due(conn: sqlite3.Connection, code: str, checkpoint: str) -> Reason:
    """Why a tube scanned for ``checkpoint``'s box is not one of the tubes due there."""
    tube = tubes.get(conn, code)
    if tube is None:
        return Reason("tube.unknown_here")
    if tube.moved_to is not None:
        return Reason("box.broken", new=tube.moved_to)
    if tube.checkpoint != checkpoint:
        if tube.sealed:
            return Reason("box.sealed_elsewhere", checkpoint=tube.checkpoint)
        return Reason("box.open_elsewhere", checkpoint=tube.checkpoint)
    if not tube.sealed:
        return Reason("box.still_open")
    row = conn.execute(
        "SELECT min(h.at) FROM handover_tubes t JOIN handovers h ON h.event = t.handover WHERE t.tube = ?",
        (code,),
    ).fetchone()
    return Reason("box.handed_over", at=row[0])


def check_box(conn: sqlite3.Connection, checkpoint: str, codes: Iterable[str]) -> BoxCheck:
    """Compare the codes scanned in a box (blank lines and repeats ignored) with the tubes due."""
    campaign.require_checkpoint(conn, checkpoint)
    scanned = list(dict.fromkeys(c for c in (tables.clean_text(code) for code in codes) if c))
    tubes_due = due(conn, checkpoint)
    due_codes = {t.code for t in tubes_due}
    in_box = set(scanned)
    return BoxCheck(
        checkpoint,
        scanned,
        [t for t in tubes_due if t.code not in in_box],
        [Extra(code, why_not_due(conn, code, checkpoint)) for code in scanned if code not in due_codes],
        tubes_due,
        still_open(conn, checkpoint),
    )


def hand_over_scanned(store: Store, checkpoint: str, codes: Iterable[str]) -> Handover:
    """Record the handover of the scanned tubes, or raise BoxMismatch saying which are missing or extra."""
    with store.write() as conn:
        check = check_box(conn, checkpoint, codes)
        if not check.scanned and not check.due:
            raise CampaignError("handover.nothing", checkpoint=checkpoint)
        if not check.matches:
            raise BoxMismatch(check)
        return record(conn, checkpoint, [t.code for t in check.due])


def hand_over(store: Store, checkpoint: str, count: int) -> Handover:
    """Record the handover of ``count`` tubes, or raise HandoverMismatch listing the tubes due."""
    if count < 0:
        raise CampaignError("handover.negative_count", count=count)
    with store.write() as conn:
        campaign.require_checkpoint(conn, checkpoint)
        tubes_due = due(conn, checkpoint)
        if not tubes_due and count == 0:
            raise CampaignError("handover.nothing", checkpoint=checkpoint)

        if count != len(tubes_due):
            raise HandoverMismatch(checkpoint, count, tubes_due, still_open(conn, checkpoint))
        return record(conn, checkpoint, [t.code for t in tubes_due])


def record(conn: sqlite3.Connection, checkpoint: str, codes: list[str], box: str | None = None) -> Handover:
    """Record the handover of ``codes`` (the tubes of transport box ``box``, when given)."""
    body: dict[str, object] = {"checkpoint": checkpoint, "count": len(codes), "tubes": codes}
    if box is not None:
        body["box"] = box
    event = events.record(conn, "handover.recorded", body)
    return Handover(event.id, checkpoint, len(codes), codes, events.wall_time(event))


@applies("handover.recorded")
def _handover_recorded(conn: sqlite3.Connection, event: Event) -> None:
    b = event.body
    conn.execute(
        "INSERT OR IGNORE INTO handovers (event, checkpoint, device, count, at, box)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (event.id, b["checkpoint"], event.device, b["count"], events.wall_time(event), b.get("box")),
    )
    # Two laptops may hand over the same tube while offline: both handovers keep it, on every laptop.
    conn.executemany(
        "INSERT OR IGNORE INTO handover_tubes (tube, handover) VALUES (?, ?)",
        [(code, event.id) for code in b["tubes"]],
    )
