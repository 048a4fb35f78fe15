"""Finding a round's registrations at a checkpoint by name, ID number or tube, to void or correct one."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from registration.people import freetext, identity
from registration.sampling import registrations
from registration.setup import rosters
from registration.storage import events

LIMIT = 50

# Every laptop's registrations here that this laptop knows, newest first by their hybrid clocks (the
# time shown is to the second). A registration voided by another registration was corrected: that
# one holds its tube position now.
_FIND = """
    SELECT r.event, r.person, r.tube, r.position, r.at, r.void_reason, p.name, r.device = :device AS own,
           r.voided_by IS NOT NULL AS voided, c.event IS NOT NULL AS corrected
    FROM registrations r
    JOIN events e ON e.id = r.event
    LEFT JOIN people p ON p.id_number = r.person
    LEFT JOIN registrations c ON c.event = r.voided_by
    WHERE r.round = :round AND r.checkpoint = :checkpoint AND ({match})
    ORDER BY e.hlc DESC, e.device DESC LIMIT :limit
"""
# An ID number as a person reads it off a list or a card: its last characters ("8771", "18771X"),
# or masked as the station shows it ("4401**********8771"), its first characters before the stars.
_ID_TAIL = re.compile(r"[0-9]+X?")
_MASKED_ID = re.compile(r"(?P<head>[0-9]*)\*+(?P<tail>[0-9]*X?)")


@dataclass(frozen=True)
class Found:
    """A registration as a list shows it: the person's ID number masked, never kept in clear."""

    event: str
    name: str
    masked_id: str
    tube: str
    position: int
    at: str
    void_reason: str | None
    """Why it was voided or corrected; None while it holds its tube position."""
    corrected: bool
    """Voided by a correction: another person holds its tube position."""
    own: bool
    """Made on this laptop (a checkpoint station voids or corrects only those)."""

    @property
    def live(self) -> bool:
        return self.void_reason is None


@dataclass(frozen=True)
class Findings:
    found: list[Found]
    more: bool
    """More registrations matched than are listed: a longer query narrows them."""


def find(
    conn: sqlite3.Connection, checkpoint: str, round_name: str, query: str, limit: int = LIMIT
) -> Findings:
    """The registrations of ``round_name`` at ``checkpoint``, voided ones too, newest first, whose
    person's name contains ``query`` (ASCII letters in either case), whose ID number ends with its
    digits or fits it masked, whose tube code contains it, or whose person or tube it is as scanned
    (an ID number, a person code, a tube barcode). An empty query finds the newest registrations."""
    match, params = _match(conn, freetext.one_line(query))
    rows = conn.execute(
        _FIND.format(match=match),
        params
        | {
            "round": round_name,
            "checkpoint": checkpoint,
            "device": events.device_id(conn),
            "limit": limit + 1,
        },
    ).fetchall()
    found = [
        Found(
            r["event"],
            r["name"] or "",
            identity.mask_id(r["person"] or ""),
            r["tube"] or "",
            r["position"] or 0,
            r["at"],
            (r["void_reason"] or "") if r["voided"] else None,
            bool(r["corrected"]),
            bool(r["own"]),
        )
        for r in rows[:limit]
    ]
    return Findings(found, len(rows) > limit)


def _match(conn: sqlite3.Connection, query: str) -> tuple[str, dict[str, Any]]:
    """(SQL condition, its parameters) for the registrations a query names."""
    if not query:
        return "1", {}
    conditions = ["p.name LIKE :text ESCAPE '\\'", "r.tube LIKE :text ESCAPE '\\'"]
    params: dict[str, Any] = {"text": rosters.containing(query)}
    scanned = registrations.classify(conn, query)
    if scanned.is_person:
        conditions.append("r.person = :person")
        params["person"] = scanned.text
    number = identity.normalise_id(query)
    masked = _MASKED_ID.fullmatch(number)
    head, tail = (masked["head"], masked["tail"]) if masked else ("", number)
    if (masked and (head or tail)) or _ID_TAIL.fullmatch(number):
        # Its first and last characters, compared as text (the ID number may hold an X).
        parts = ["substr(r.person, 1, length(:head)) = :head"]
        if tail:
            parts.append("substr(r.person, -length(:tail)) = :tail")
        conditions.append(f"({' AND '.join(parts)})")
        params |= {"head": head, "tail": tail}
    return " OR ".join(conditions), params
