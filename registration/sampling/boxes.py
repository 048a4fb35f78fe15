"""Transport boxes (转运箱): a box code opened at a checkpoint, its sealed tubes scanned into it, sealed
with its count checked, then handed over whole; each step is an event the checkpoint makes for itself.

A tube scanned into a box must be due at the box's checkpoint (sealed there, not handed over) and in
no other box; otherwise the scan is refused with each tube's reason and nothing of it is recorded.
Two laptops that put one tube in two boxes while offline both keep it, as two handovers do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from registration.errors import Reason, several
from registration.sampling import handover, payloads
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import authority, events, tables
from registration.storage.events import Event, applies
from registration.storage.store import Store


@dataclass(frozen=True)
class Box:
    code: str
    checkpoint: str
    opened_at: str
    sealed_at: str | None
    count: int | None
    """The count it was sealed with."""
    tubes: tuple[str, ...]
    """The tubes scanned into it, in the order they went in."""
    handed_at: str | None

    @property
    def sealed(self) -> bool:
        return self.sealed_at is not None

    def view(self) -> dict[str, Any]:
        """The box as the command line answers it."""
        return {
            "box": self.code,
            "checkpoint": self.checkpoint,
            "tubes": list(self.tubes),
            "count": len(self.tubes),
            "sealed_at": self.sealed_at,
            "handed_over_at": self.handed_at,
        }


class TubesRefused(CampaignError):
    """Tubes that cannot go in the box, each with why: nothing of the scan was recorded."""

    def __init__(self, box: str, refused: list[handover.Extra]) -> None:
        detail = several([Reason("box.tube_refused", tube=r.code, reason=r.reason) for r in refused])
        super().__init__("box.tubes_refused", count=len(refused), box=box, tubes=detail)
        self.box = box
        self.refused = refused


def get(conn: sqlite3.Connection, code: str) -> Box | None:
    row = conn.execute(
        "SELECT code, checkpoint, opened_at, sealed_at, count,"
        " (SELECT min(h.at) FROM handovers h WHERE h.box = b.code) FROM boxes b WHERE code = ?",
        (code,),
    ).fetchone()
    if row is None:
        return None
    return Box(row[0], row[1], row[2], row[3], row[4], get_tubes(conn, code), row[5])


def get_tubes(conn: sqlite3.Connection, code: str) -> tuple[str, ...]:
    """The tubes scanned into box ``code``, in the order they went in."""
    return tuple(
        t for (t,) in conn.execute("SELECT tube FROM box_tubes WHERE box = ? ORDER BY rowid", (code,))
    )


def at_checkpoint(conn: sqlite3.Connection, checkpoint: str) -> list[Box]:
    """The boxes of ``checkpoint`` not handed over yet, the newest first."""
    codes = conn.execute(
        "SELECT code FROM boxes b WHERE checkpoint = ?"
        " AND NOT EXISTS (SELECT 1 FROM handovers h WHERE h.box = b.code) ORDER BY opened_at DESC, code",
        (checkpoint,),
    )
    return [box for (code,) in codes.fetchall() if (box := get(conn, code)) is not None]


def holding(conn: sqlite3.Connection, tube: str) -> list[str]:
    """The boxes ``tube`` was scanned into (two only when two offline laptops did it)."""
    return [box for (box,) in conn.execute("SELECT box FROM box_tubes WHERE tube = ? ORDER BY box", (tube,))]


def _require(conn: sqlite3.Connection, code: str) -> Box:
    box = get(conn, code)
    if box is None:
        raise CampaignError("box.unknown", box=code)
    authority.require_here(conn, box.checkpoint)
    return box


def open_box(store: Store, code: str, checkpoint: str) -> Box:
    """Open box ``code`` at ``checkpoint``; refuses a code that is not a box's, or one used already."""
    code = tables.clean_text(code)
    if not payloads.is_box(code):
        raise CampaignError("box.not_a_box", code=code)
    with store.write() as conn:
        campaign.require_checkpoint(conn, checkpoint)
        held = get(conn, code)
        if held is not None:
            raise CampaignError("box.used", box=code, checkpoint=held.checkpoint)
        events.record(conn, "box.opened", {"box": code, "checkpoint": checkpoint})
        return _require(conn, code)


def _refusal(conn: sqlite3.Connection, code: str, box: Box, due: set[str]) -> Reason | None:
    if code not in due:
        return handover.why_not_due(conn, code, box.checkpoint)
    other = [held for held in holding(conn, code) if held != box.code]
    return Reason("box.in_other", box=other[0]) if other else None


def add_tubes(store: Store, code: str, tubes: Iterable[str]) -> tuple[Box, list[str]]:
    """Scan ``tubes`` into box ``code`` (blank lines and repeats ignored, tubes already in it kept
    once): the box and the tubes newly added, or TubesRefused naming each tube that cannot go in."""
    code = tables.clean_text(code)
    scanned = list(dict.fromkeys(t for t in (tables.clean_text(tube) for tube in tubes) if t))
    if not scanned:
        raise CampaignError("box.no_tubes", box=code)
    with store.write() as conn:
        box = _require(conn, code)
        if box.sealed:
            raise CampaignError("box.sealed", box=code, count=len(box.tubes))
        due = {t.code for t in handover.due(conn, box.checkpoint)}
        new = [tube for tube in scanned if tube not in box.tubes]
        refused = [
            handover.Extra(tube, reason)
            for tube in new
            if (reason := _refusal(conn, tube, box, due)) is not None
        ]
        if refused:
            raise TubesRefused(code, refused)
        if new:
            events.record(conn, "box.filled", {"box": code, "tubes": new})
        return _require(conn, code), new


def seal_box(store: Store, code: str, count: int | None = None) -> Box:
    """Seal box ``code``; with ``count`` (the tubes counted in it), only when it holds as many."""
    code = tables.clean_text(code)
    with store.write() as conn:
        box = _require(conn, code)
        if box.sealed:
            raise CampaignError("box.sealed", box=code, count=len(box.tubes))
        if not box.tubes:
            raise CampaignError("box.empty", box=code)
        if count is not None and count != len(box.tubes):
            raise CampaignError("box.count_differs", box=code, count=count, held=len(box.tubes))
        events.record(conn, "box.sealed", {"box": code, "count": len(box.tubes)})
        return _require(conn, code)


def hand_over_box(store: Store, checkpoint: str, code: str) -> handover.Handover:
    """Hand sealed box ``code`` of ``checkpoint`` to the courier: a handover of its tubes naming it."""
    code = tables.clean_text(code)
    with store.write() as conn:
        campaign.require_checkpoint(conn, checkpoint)
        box = _require(conn, code)
        if box.checkpoint != checkpoint:
            raise CampaignError("box.of_checkpoint", box=code, checkpoint=box.checkpoint)
        if box.handed_at is not None:
            raise CampaignError("box.already_handed", box=code, at=box.handed_at)
        if not box.sealed:
            raise CampaignError("box.not_sealed", box=code)
        gone = [
            tube
            for (tube,) in conn.execute(
                "SELECT tube FROM box_tubes b WHERE box = ?"
                " AND EXISTS (SELECT 1 FROM handover_tubes h WHERE h.tube = b.tube) ORDER BY rowid",
                (code,),
            )
        ]
        if gone:
            raise CampaignError("box.tubes_handed", box=code, tubes=", ".join(gone))
        return handover.record(conn, checkpoint, list(box.tubes), box=code)


@applies("box.opened")
def _box_opened(conn: sqlite3.Connection, event: Event) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO boxes (code, checkpoint, device, opened_at, event) VALUES (?, ?, ?, ?, ?)",
        (event.body["box"], event.body["checkpoint"], event.device, events.wall_time(event), event.id),
    )


@applies("box.filled")
def _box_filled(conn: sqlite3.Connection, event: Event) -> None:
    at = events.wall_time(event)
    # A tube moved (tubes.move) before its boxing came here is in the box as its new tube, as it is
    # where the move came second.
    conn.executemany(
        "INSERT OR IGNORE INTO box_tubes (tube, box, event, at)"
        " VALUES (coalesce((SELECT moved_to FROM tubes WHERE code = ?), ?), ?, ?, ?)",
        [(tube, tube, event.body["box"], event.id, at) for tube in event.body["tubes"]],
    )


@applies("box.sealed")
def _box_sealed(conn: sqlite3.Connection, event: Event) -> None:
    conn.execute(
        "UPDATE boxes SET sealed_at = ?, count = ? WHERE code = ? AND sealed_at IS NULL",
        (events.wall_time(event), event.body["count"], event.body["box"]),
    )
