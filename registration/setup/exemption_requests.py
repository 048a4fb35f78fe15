"""Reasons an enterprise's liaison gives for their missing people, and the office's answers.

A liaison picks a reason on the dashboard (``exemption.requested``, written by the server); the
campaign office accepts or declines it (``exemption.decided``), on an office laptop or on the
dashboard. An accepted reason becomes the exemption that exemptions.py records, or, for a person
who left the company, takes them off the roster as rosters.py does; a declined one goes back to
the liaison with the office's note. The chase table counts each person by their latest request.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from registration.people import identity
from registration.setup import exemptions, rosters
from registration.setup.campaign import CampaignError
from registration.storage import authority, events
from registration.storage.events import Event, applies
from registration.storage.store import Store

ASKED = {
    "away": "on leave outside the park",
    "isolation": "in isolation",
    "tested_elsewhere": "tested elsewhere",
    "left": "left the company",
    "other": "other",
}
STATES = ("pending", "accepted", "declined")


def lacking(reason: str, place: str | None, tested_at: str | None, note: str | None) -> str | None:
    """The refusal key of what a reason lacks (where and when for a test elsewhere, a note for
    another reason), or None."""
    if reason == "tested_elsewhere" and not (place and tested_at):
        return "exemption_request.where_when"
    if reason == "other" and not note:
        return "exemption_request.note"
    return None


def exemption_of(
    reason: str, place: str | None, tested_at: str | None, note: str | None
) -> tuple[str, str | None] | None:
    """The exemption (reason, note) an accepted request becomes; None for a person who left the
    company, who leaves the roster instead."""
    if reason == "left":
        return None
    said = [text for text in (place, tested_at, note) if text]
    return reason, "; ".join(said) or None


@dataclass(frozen=True)
class Request:
    id: str
    round: str
    person: str
    reason: str
    place: str | None
    tested_at: str | None
    note: str | None
    by: str
    at: str
    decision: str | None
    decision_note: str | None
    decided_by: str | None
    name: str | None
    enterprise: str | None

    @property
    def state(self) -> str:
        return self.decision or "pending"

    def view(self) -> dict[str, Any]:
        """As output shows it: the ID number masked."""
        return {
            "id": self.id,
            "round": self.round,
            "id_number": identity.mask_id(self.person),
            "name": self.name,
            "enterprise": self.enterprise,
            "reason": self.reason,
            "place": self.place,
            "tested_at": self.tested_at,
            "note": self.note,
            "by": self.by,
            "at": self.at,
            "state": self.state,
            "decision_note": self.decision_note,
            "decided_by": self.decided_by,
        }


_SELECT = """
    SELECT r.id, r.round, r.person, r.reason, r.place, r.tested_at, r.note, r.requested_by,
           r.requested_at, r.decision, r.decision_note, r.decided_by, p.name, p.enterprise
    FROM exemption_requests r LEFT JOIN people p ON p.id_number = r.person
"""


def listing(
    conn: sqlite3.Connection,
    round_name: str | None = None,
    enterprise: str | None = None,
    *,
    pending: bool = False,
) -> list[Request]:
    """The requests this laptop knows of (of ``round_name``, of ``enterprise``'s people, only those
    not answered yet), by enterprise, then oldest first."""
    rows = conn.execute(
        _SELECT + " WHERE (:round IS NULL OR r.round = :round)"
        " AND (:firm IS NULL OR p.enterprise = :firm) AND (NOT :pending OR r.decision IS NULL)"
        " ORDER BY p.enterprise, r.id",
        {"round": round_name, "firm": enterprise, "pending": pending},
    )
    return [Request(*row) for row in rows]


def get(conn: sqlite3.Connection, request_id: str) -> Request | None:
    row = conn.execute(_SELECT + " WHERE r.id = ?", (request_id,)).fetchone()
    return None if row is None else Request(*row)


def decide(store: Store, request_id: str, accepted: bool, note: str | None, by: str) -> Request:
    """Accept or decline a liaison's request: accepted, the person is exempt (or, having left the
    company, off the roster) in the same transaction."""
    with store.write() as conn:
        return _decide(conn, request_id, accepted, note, by)


def decide_all(
    store: Store, round_name: str, enterprise: str, accepted: bool, note: str | None, by: str
) -> list[Request]:
    """Accept or decline every request of ``enterprise``'s people in ``round_name`` not answered yet."""
    with store.write() as conn:
        waiting = listing(conn, round_name, enterprise, pending=True)
        return [_decide(conn, request.id, accepted, note, by) for request in waiting]


def _decide(conn: sqlite3.Connection, request_id: str, accepted: bool, note: str | None, by: str) -> Request:
    authority.require_office(conn, "exemption.decided")
    request = get(conn, request_id)
    if request is None:
        raise CampaignError("exemption_request.unknown", request=request_id)
    if request.decision is not None:
        raise CampaignError("exemption_request.answered", request=request_id, state=request.decision)
    events.record(
        conn,
        "exemption.decided",
        {"request": request.id, "accepted": accepted, "note": note or None, "by": by},
    )
    if accepted:
        becomes = exemption_of(request.reason, request.place, request.tested_at, request.note)
        if becomes is not None:
            exemptions.exempt(conn, request.person, request.round, *becomes)
        elif (person := rosters.get(conn, request.person)) is not None and person.on_roster:
            rosters.take_off(conn, request.person)
    answered = get(conn, request_id)
    assert answered is not None
    return answered


def latest_states(rows: Iterable[tuple[str, str | None, str, str | None]]) -> dict[str, Counter[str]]:
    """enterprise -> how many people's latest request is pending, accepted, declined, from rows of
    (person, their enterprise, request id, decision); ids are time-ordered (UUIDv7)."""
    latest: dict[str, tuple[str, str | None, str | None]] = {}
    for person, enterprise, request_id, decision in rows:
        held = latest.get(person)
        if held is None or request_id > held[0]:
            latest[person] = (request_id, enterprise, decision)
    counted: dict[str, Counter[str]] = {}
    for _, enterprise, decision in latest.values():
        if enterprise is not None:
            counted.setdefault(enterprise, Counter())[decision or "pending"] += 1
    return counted


def chase(firms: Sequence[dict[str, Any]], states: dict[str, Counter[str]]) -> list[dict[str, Any]]:
    """Per enterprise of a round's figures (``firms``, reconcile's lines): missing, and how many
    people's reasons are pending, accepted, declined; most left to do first (missing with no
    reason pending), then by name. The station and the dashboard both answer with this."""
    rows = []
    for firm in firms:
        counted = states.get(firm["enterprise"], Counter())
        line = {"enterprise": firm["enterprise"], "missing": firm["missing"]}
        line |= {state: counted[state] for state in STATES}
        line["left"] = max(0, firm["missing"] - counted["pending"])
        rows.append(line)
    return sorted(rows, key=lambda line: (-line["left"], -line["missing"], line["enterprise"]))


def station_chase(
    conn: sqlite3.Connection, round_name: str, firms: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``chase`` of this laptop's requests in ``round_name``."""
    rows = conn.execute(
        "SELECT r.person, p.enterprise, r.id, r.decision FROM exemption_requests r"
        " LEFT JOIN people p ON p.id_number = r.person WHERE r.round = ?",
        (round_name,),
    )
    return chase(firms, latest_states(rows))


@applies("exemption.requested")
def _requested(conn: sqlite3.Connection, event: Event) -> None:
    b = event.body
    conn.execute(
        "INSERT OR IGNORE INTO exemption_requests (id, round, person, reason, place, tested_at, note,"
        " requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.id,
            b["round"],
            b["person"],
            b["reason"],
            b.get("place"),
            b.get("tested_at"),
            b.get("note"),
            b["by"],
            events.wall_time(event),
        ),
    )


@applies("exemption.decided")
def _decided(conn: sqlite3.Connection, event: Event) -> None:
    # Two answers to one request (the dashboard's and an office laptop's, made apart): the last
    # writer wins, as for any other edit.
    b = event.body
    conn.execute(
        "UPDATE exemption_requests SET decision = ?, decision_note = ?, decided_by = ?, decided_at = ?,"
        " decision_version = ? WHERE id = ? AND (decision_version IS NULL OR decision_version < ?)",
        (
            "accepted" if b["accepted"] else "declined",
            b.get("note"),
            b["by"],
            events.wall_time(event),
            event.version,
            b["request"],
            event.version,
        ),
    )
