"""Handing a checkpoint's sealed tubes to the courier: counted against the box, recorded as an event.

The tubes due are those sealed at the checkpoint (on any laptop this station knows of) and not in
an earlier handover. A count that differs from the operator's blocks the handover and lists them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from registration import campaign, events, tubes
from registration.campaign import CampaignError
from registration.events import Event, applies
from registration.store import Store


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
        super().__init__(
            f"{count} tubes in the box but {len(due)} sealed at {checkpoint} since the last handover: "
            "check the box against the list"
        )
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
        "SELECT code FROM tubes WHERE checkpoint = ? AND sealed_at IS NOT NULL"
        " AND code NOT IN (SELECT tube FROM handover_tubes) ORDER BY sealed_at, code",
        checkpoint,
    )


def still_open(conn: sqlite3.Connection, checkpoint: str) -> list[tubes.Tube]:
    """Tubes at ``checkpoint`` still being filled: they belong in the next box, not this one."""
    return _tubes(
        conn, "SELECT code FROM tubes WHERE checkpoint = ? AND sealed_at IS NULL ORDER BY code", checkpoint
    )


def hand_over(store: Store, checkpoint: str, count: int) -> Handover:
    """Record the handover of ``count`` tubes, or raise HandoverMismatch listing the tubes due."""
    if count < 0:
        raise CampaignError(f"a tube count cannot be negative ({count})")
    with store.write() as conn:
        campaign.require_checkpoint(conn, checkpoint)
        tubes_due = due(conn, checkpoint)
        if not tubes_due and count == 0:
            raise CampaignError(
                f"no sealed tube at {checkpoint} since the last handover: nothing to hand over"
            )
        if count != len(tubes_due):
            raise HandoverMismatch(checkpoint, count, tubes_due, still_open(conn, checkpoint))
        codes = [t.code for t in tubes_due]
        event = events.record(
            conn, "handover.recorded", {"checkpoint": checkpoint, "count": count, "tubes": codes}
        )
        return Handover(event.id, checkpoint, count, codes, events.wall_time(event))


@applies("handover.recorded")
def _handover_recorded(conn: sqlite3.Connection, event: Event) -> None:
    b = event.body
    conn.execute(
        "INSERT OR IGNORE INTO handovers (event, checkpoint, device, count, at) VALUES (?, ?, ?, ?, ?)",
        (event.id, b["checkpoint"], event.device, b["count"], events.wall_time(event)),
    )
    # Two laptops may hand over the same tube while offline: both handovers keep it, on every laptop.
    conn.executemany(
        "INSERT OR IGNORE INTO handover_tubes (tube, handover) VALUES (?, ?)",
        [(code, event.id) for code in b["tubes"]],
    )
