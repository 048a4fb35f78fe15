"""Exemptions from a round's testing, per person and round, with a reason; set and cleared.

A cleared exemption stays as a row without a reason, so that a clear and a set made on two
laptops are ordered last writer wins like any other edit.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from registration.people import identity
from registration.setup import campaign, rosters
from registration.setup.campaign import CampaignError
from registration.storage import authority, events, tables
from registration.storage.events import Event, applies
from registration.storage.store import Store

REASONS = {
    "away": "on leave outside the park",
    "isolation": "in isolation",
    "tested_elsewhere": "tested elsewhere",
    "other": "other",
}


@dataclass(frozen=True)
class Exemption:
    round: str
    person: str
    reason: str
    note: str | None

    def view(self, conn: sqlite3.Connection) -> dict[str, Any]:
        known = rosters.get(conn, self.person)
        return {
            "round": self.round,
            "id_number": identity.mask_id(self.person),
            "name": known.name if known else None,
            "enterprise": known.enterprise if known else None,
            "reason": self.reason,
            "note": self.note,
        }


def _target(conn: sqlite3.Connection, id_number: str, round_name: str) -> str:
    number = identity.normalise_id(id_number)
    if rosters.get(conn, number) is None:
        raise CampaignError("roster.not_on", person=identity.mask_id(number))
    if campaign.get_round(conn, round_name) is None:
        raise CampaignError("round.unknown", round=round_name)
    return number


def set_exemption(
    store: Store, id_number: str, round_name: str, reason: str, note: str | None = None
) -> tuple[Exemption, bool]:
    """Exempt a person from a round; (the exemption, whether anything changed)."""
    with store.write() as conn:
        return exempt(conn, id_number, round_name, reason, note)


def exempt(
    conn: sqlite3.Connection, id_number: str, round_name: str, reason: str, note: str | None = None
) -> tuple[Exemption, bool]:
    """``set_exemption`` inside the caller's write transaction (an accepted liaison's request
    exempts in the transaction that records the office's answer)."""
    body = set_body(round_name, id_number, reason, note)
    authority.require_office(conn, "exemption.set")
    person = _target(conn, id_number, round_name)
    body["person"] = person
    wanted = Exemption(round_name, person, reason, body["note"])
    if get(conn, round_name, person) == wanted:
        return wanted, False
    events.record(conn, "exemption.set", body)
    return wanted, True


def set_body(round_name: str, person: str, reason: str, note: str | None) -> dict[str, Any]:
    """An ``exemption.set`` body, its reason and note checked (the server writes one too, when an
    administrator accepts a liaison's request on the dashboard)."""
    if reason not in REASONS:
        raise CampaignError("exemption.unknown_reason", reason=reason, known=", ".join(REASONS))
    note = tables.clean_text(note) or None
    if reason == "other" and not note:
        raise CampaignError("exemption.needs_note")
    return {"round": round_name, "person": person, "reason": reason, "note": note}


def clear_exemption(store: Store, id_number: str, round_name: str) -> Exemption:
    """Lift a person's exemption from a round; returns what was lifted."""
    with store.write() as conn:
        authority.require_office(conn, "exemption.cleared")
        person = _target(conn, id_number, round_name)
        lifted = get(conn, round_name, person)
        if lifted is None:
            raise CampaignError("exemption.none", person=identity.mask_id(person), round=round_name)

        events.record(conn, "exemption.cleared", {"round": round_name, "person": person})
        return lifted


_SELECT = "SELECT round, person, reason, note FROM exemptions WHERE reason IS NOT NULL"


def get(conn: sqlite3.Connection, round_name: str, person: str) -> Exemption | None:
    row = conn.execute(_SELECT + " AND round = ? AND person = ?", (round_name, person)).fetchone()
    return None if row is None else Exemption(*row)


def in_round(conn: sqlite3.Connection, round_name: str) -> list[Exemption]:
    rows = conn.execute(_SELECT + " AND round = ? ORDER BY person", (round_name,))
    return [Exemption(*row) for row in rows]


def _upsert(conn: sqlite3.Connection, event: Event, reason: str | None, note: str | None) -> None:
    key = {"round": event.body["round"], "person": event.body["person"]}
    campaign.upsert_if_newer(conn, "exemptions", key, {"reason": reason, "note": note}, event.version)


@applies("exemption.set")
def _exemption_set(conn: sqlite3.Connection, event: Event) -> None:
    _upsert(conn, event, event.body["reason"], event.body.get("note"))


@applies("exemption.cleared")
def _exemption_cleared(conn: sqlite3.Connection, event: Event) -> None:
    _upsert(conn, event, None, None)
