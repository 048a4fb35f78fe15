"""Registering sampled people: the one decision every scan goes through, plus voids and corrections.

A registration is an immutable event bound to a tube position. A repeat scan in the same
round registers nothing and says where and when the person was registered.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from registration.errors import Reason
from registration.people import freetext, keys
from registration.people.identity import mask_id, mask_personal
from registration.reports import figures
from registration.sampling import payloads, tubes
from registration.sampling.payloads import Kind, Payload
from registration.setup import campaign, rosters
from registration.setup.campaign import CampaignError
from registration.storage import authority, events
from registration.storage.events import Event, applies
from registration.storage.store import Store

COLOURS = ("green", "yellow", "red", "unknown")
SOURCES = ("camera", "scanner", "manual", "idcard")
# A yellow or red code refused from a pooled tube: the colour is in the words, so one refusal each.
_ALONE = {"yellow": "register.yellow_alone", "red": "register.red_alone"}


class Status(StrEnum):
    REGISTERED = "registered"
    ALREADY_REGISTERED = "already_registered"
    NEEDS_IDENTITY = "needs_identity"
    REJECTED = "rejected"
    TUBE_OPENED = "tube_opened"


@dataclass(frozen=True)
class Outcome:
    """What the banner and the command line report for one scan."""

    status: Status
    kind: str = ""
    event: str | None = None
    person: dict[str, Any] | None = None
    tube: dict[str, Any] | None = None
    reason: str = ""
    previous: dict[str, Any] | None = None
    raw_code: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": str(self.status),
            "kind": str(self.kind),
            "event": self.event,
            "person": self.person,
            "tube": self.tube,
        }
        if self.reason:
            data["reason"] = self.reason
        if self.previous:
            data["previous"] = self.previous
        if self.raw_code is not None:
            # A foreign code may carry an ID number or a phone in clear: the answer shows it masked.
            data["raw_code"] = mask_personal(self.raw_code)
        data.update(self.extra)
        return data


def person_view(conn: sqlite3.Connection, id_number: str) -> dict[str, Any]:
    """A person as shown on screen: ID number masked, roster details when known."""
    row = conn.execute(
        "SELECT name, enterprise, department, on_roster FROM people WHERE id_number = ?", (id_number,)
    ).fetchone()
    # A walk-in known by name and enterprise is still not on that enterprise's roster.
    view: dict[str, Any] = {"id_number": mask_id(id_number), "on_roster": row is not None and bool(row[3])}
    if row is not None:
        view.update(name=row[0], enterprise=row[1], department=row[2])
    return view


def classify(conn: sqlite3.Connection, text: str | bytes) -> Payload:
    """The payload rules with this campaign's keys, tube pattern and roster (for badges' person keys)."""
    return payloads.classify(
        text,
        keys.public_keys(conn),
        campaign.tube_pattern(conn),
        lambda key: rosters.id_number_of_key(conn, key),
    )


def previous_registration(conn: sqlite3.Connection, round_name: str, person: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT event, checkpoint, at, tube, position FROM registrations "
        "WHERE round = ? AND person = ? AND voided_by IS NULL ORDER BY at LIMIT 1",
        (round_name, person),
    ).fetchone()
    if row is None:
        return None
    return {"event": row[0], "checkpoint": row[1], "at": row[2], "tube": row[3], "position": row[4]}


def _read(text: str | bytes) -> tuple[str | bytes, str | None]:
    """(the code to classify, the raw code as kept when it held control characters, else None).

    A scanner may send control characters inside a code (GS between the fields of a GS1 code):
    the code is read without them, and kept with each one escaped, so that the person is
    registered and their record holds no control character.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return text, None  # classify says why
    if len(text) > payloads.MAX_LENGTH or not freetext.has_control(text):
        return text, None
    return freetext.without_controls(text), freetext.escaped(text.strip())


def register(
    store: Store,
    text: str | bytes,
    *,
    checkpoint: str,
    round_name: str,
    operator: str | None = None,
    colour: str = "unknown",
    source: str = "manual",
    identity: str | None = None,
    name: str | None = None,
    accept_tubes: bool = False,
    tube_pool_size: int | None = None,
) -> Outcome:
    """Register whoever ``text`` names, binding them to this laptop's open tube.

    ``identity`` is the ID number confirmed for a foreign health code; ``name`` is the name an ID
    card gave, kept (as the registration's ``card_name``) for a person no roster or walk-in entry
    knows, so that a recall list can name them. With
    ``accept_tubes`` (the station's scan path) a tube barcode opens that tube, with
    ``tube_pool_size`` or the round's pool size.
    """
    if colour not in COLOURS:
        return Outcome(Status.REJECTED, reason=Reason("register.unknown_colour", colour=colour))
    if source not in SOURCES:
        return Outcome(Status.REJECTED, reason=Reason("register.unknown_source", source=source))
    text, raw = _read(text)
    if operator is not None:
        operator = freetext.one_line(operator) or None
    with store.write() as conn:
        scanned = classify(conn, text)
        raw_code = None
        if scanned.kind is Kind.FOREIGN:
            raw_code = raw or scanned.text
            if identity is None:
                return Outcome(
                    Status.NEEDS_IDENTITY,
                    kind=scanned.kind,
                    reason=scanned.reason,
                    raw_code=raw_code,
                )
            scanned = classify(conn, identity)
            if scanned.kind is not Kind.ID_NUMBER:
                return Outcome(
                    Status.REJECTED,
                    kind=scanned.kind,
                    reason=scanned.reason or Reason("register.identity_not_id"),
                )
        if scanned.kind is Kind.REJECTED:
            return Outcome(Status.REJECTED, kind=scanned.kind, reason=scanned.reason)
        if scanned.kind is Kind.TUBE and accept_tubes:
            try:
                opened = tubes.open_in(
                    conn, scanned.text, checkpoint=checkpoint, round_name=round_name, pool_size=tube_pool_size
                )
            except CampaignError as exc:
                return Outcome(Status.REJECTED, kind=scanned.kind, reason=exc.reason)
            return Outcome(Status.TUBE_OPENED, kind=scanned.kind, tube=opened.view())
        if scanned.kind is Kind.TUBE:
            return Outcome(
                Status.REJECTED,
                kind=scanned.kind,
                reason=Reason("register.tube_code", tube=scanned.text),
            )
        if scanned.kind is Kind.BOX:
            return Outcome(
                Status.REJECTED, kind=scanned.kind, reason=Reason("register.box_code", box=scanned.text)
            )
        try:
            campaign.require_checkpoint(conn, checkpoint)
            campaign.require_open_round(conn, round_name)
        except CampaignError as exc:
            return Outcome(Status.REJECTED, kind=scanned.kind, reason=exc.reason)
        person = scanned.text
        view = person_view(conn, person)
        # A roster or walk-in entry names the person itself; the card's name is kept only for
        # someone nobody knows, so that a recall list can name them.
        card_name = None if "name" in view else _card_name(name)
        if card_name is not None:
            view["name"] = card_name
        previous = previous_registration(conn, round_name, person)
        if previous is not None:
            return Outcome(
                Status.ALREADY_REGISTERED,
                kind=scanned.kind,
                person=view,
                previous=previous,
                reason=Reason("register.already", checkpoint=previous["checkpoint"], at=previous["at"]),
            )
        tube = tubes.current(conn, checkpoint, round_name)
        if tube is None:
            return Outcome(
                Status.REJECTED,
                kind=scanned.kind,
                person=view,
                reason=Reason("register.no_tube"),
            )
        if colour in _ALONE and tube.size > 1:
            return Outcome(
                Status.REJECTED,
                kind=scanned.kind,
                person=view,
                tube=tube.view(),
                reason=Reason(_ALONE[colour]),
            )
        position = tube.filled + 1
        body: dict[str, Any] = {
            "person": person,
            "raw_code": raw_code,
            "round": round_name,
            "checkpoint": checkpoint,
            "operator": operator,
            "tube": tube.code,
            "position": position,
            "colour": colour,
            "source": source,
        }
        if card_name is not None:
            body["card_name"] = card_name
        event = events.record(conn, "registration", body)
        sealed = tubes.seal_if_full(conn, tube, position)
        return Outcome(
            Status.REGISTERED,
            kind=scanned.kind,
            event=event.id,
            person=view,
            tube={"code": tube.code, "position": position, "size": tube.size, "sealed": sealed},
        )


def _card_name(name: str | None) -> str | None:
    """An ID card's name as a registration keeps it: one line of at most 64 characters (a card holds
    15), None when nothing is left."""
    kept = freetext.one_line(name or "")[:64].strip()
    return kept or None


def _require_live_registration(conn: sqlite3.Connection, event_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM registrations WHERE event = ?", (event_id,)
    ).fetchone()
    if row is None:
        raise CampaignError("registration.unknown", event=event_id)
    if row["voided_by"] is not None:
        raise CampaignError("registration.already_voided", event=event_id, why=row["void_reason"])
    authority.require_own(conn, row["device"])
    return row


def _require_reason(reason: str) -> str:
    reason = freetext.one_line(reason)
    if not reason:
        raise CampaignError("registration.needs_reason")
    return reason


def void(store: Store, event_id: str, reason: str) -> Event:
    """Cancel a registration; the sample stays in its tube position."""
    reason = _require_reason(reason)
    with store.write() as conn:
        _require_live_registration(conn, event_id)
        return events.record(conn, "void", {"event": event_id, "reason": reason})


def correct(store: Store, event_id: str, identity: str, reason: str) -> Outcome:
    """Put the right person in a registration's tube position, voiding the wrong one.

    Nothing else changes: the tube holds as many people as before and the next registration
    takes the same position it would have taken.
    """
    reason = _require_reason(reason)
    with store.write() as conn:
        original = _require_live_registration(conn, event_id)
        scanned = classify(conn, identity)
        if not scanned.is_person:
            raise CampaignError(scanned.reason or Reason("registration.correction_not_person"))
        # The right person registered elsewhere this round would be counted in two tubes: that
        # registration is the one to keep, and this one is voided instead.
        previous = previous_registration(conn, original["round"], scanned.text)
        if previous is not None and previous["event"] == event_id:
            raise CampaignError("registration.correction_same_person")
        if previous is not None:
            raise CampaignError(
                "registration.correction_already", checkpoint=previous["checkpoint"], tube=previous["tube"]
            )

        event = events.record(
            conn,
            "registration",
            {
                "person": scanned.text,
                "raw_code": original["raw_code"],
                "round": original["round"],
                "checkpoint": original["checkpoint"],
                "operator": original["operator"],
                "tube": original["tube"],
                "position": original["position"],
                "colour": original["colour"],
                "source": "manual",
                "corrects": event_id,
                "reason": reason,
            },
        )
        return Outcome(
            Status.REGISTERED,
            kind=scanned.kind,
            event=event.id,
            person=person_view(conn, scanned.text),
            tube={"code": original["tube"], "position": original["position"]},
        )


@applies("registration")
def _registration(conn: sqlite3.Connection, event: Event) -> None:
    b = event.body
    # A registration into a tube whose people were moved (tubes.move) before it came here is the
    # new tube's, in the same position.
    conn.execute(
        "INSERT OR IGNORE INTO registrations (event, person, raw_code, card_name, round, checkpoint, "
        "operator, device, tube, position, colour, source, at, corrects) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, coalesce((SELECT moved_to FROM tubes WHERE code = ?), ?), "
        "?, ?, ?, ?, ?)",
        (
            event.id,
            b["person"],
            b.get("raw_code"),
            b.get("card_name"),
            b["round"],
            b["checkpoint"],
            b.get("operator"),
            event.device,
            b.get("tube"),
            b.get("tube"),
            b.get("position"),
            b["colour"],
            b["source"],
            events.wall_time(event),
            b.get("corrects"),
        ),
    )
    if b.get("corrects"):
        _claim(conn, b["corrects"], event)
    # A claim that arrived before the registration it names (bundles need not keep order).
    held = conn.execute("SELECT event FROM claims WHERE target = ?", (event.id,)).fetchone()
    if held is not None:
        _void_by(conn, event.id, str(held[0]))


@applies("void")
def _void(conn: sqlite3.Connection, event: Event) -> None:
    str(event.body["reason"])
    _claim(conn, event.body["event"], event)


def _claim(conn: sqlite3.Connection, target: str, event: Event) -> None:
    """A correction or void ``event`` names ``target``: the claim stamped first holds it
    (registration/reports/figures.py), whether or not the registration is here yet; a later one is set
    aside, and shown. A correction of a correction that was set aside is set aside with it."""
    row = conn.execute("SELECT event, version, correction FROM claims WHERE target = ?", (target,)).fetchone()
    held = None if row is None else figures.Claim(str(row[0]), str(row[1]), bool(row[2]))
    incoming = figures.Claim(event.id, event.version, event.kind == "registration")
    holder, aside = figures.first_claim(held, incoming)
    if holder is incoming:
        conn.execute(
            "INSERT OR REPLACE INTO claims (target, event, version, correction) VALUES (?, ?, ?, ?)",
            (target, event.id, event.version, int(incoming.correction)),
        )
        _void_by(conn, target, event.id)
        lost = conn.execute("SELECT held_by FROM claims_aside WHERE event = ?", (target,)).fetchone()
        if lost is not None and incoming.correction:
            _set_aside(conn, incoming, target, str(lost[0]))
    if aside is not None:
        _set_aside(conn, aside, target, holder.event)


def _set_aside(conn: sqlite3.Connection, claim: figures.Claim, target: str, held_by: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO claims_aside (event, target, held_by) VALUES (?, ?, ?)",
        (claim.event, target, held_by),
    )
    if not claim.correction:
        return
    # Its person leaves the tube position the first claim holds, and so does whoever corrected it.
    conn.execute(
        "UPDATE registrations SET voided_by = ?, void_reason = ? WHERE event = ? AND voided_by IS NULL",
        (held_by, figures.SET_ASIDE, claim.event),
    )
    row = conn.execute(
        "SELECT event, version, correction FROM claims WHERE target = ? AND correction", (claim.event,)
    ).fetchone()
    if row is not None:
        _set_aside(conn, figures.Claim(str(row[0]), str(row[1]), True), claim.event, held_by)


def _void_by(conn: sqlite3.Connection, target: str, claim: str) -> None:
    made = events.get(conn, claim)
    reason = "corrected" if made is None else str(made.body.get("reason", "corrected"))
    conn.execute(
        "UPDATE registrations SET voided_by = ?, void_reason = ? WHERE event = ?", (claim, reason, target)
    )


def claims_set_aside(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Corrections and voids set aside because another claim on their registration came first,
    each with the device that made it: someone decides what to do about them."""
    rows = conn.execute(
        "SELECT a.event, a.target, a.held_by, e.kind, e.device FROM claims_aside a "
        "JOIN events e ON e.id = a.event ORDER BY a.event"
    )
    return [
        {
            "event": r[0],
            "kind": r[3],
            "device": r[4],
            "target": r[1],
            "held_by": r[2],
            "reason": figures.SET_ASIDE,
        }
        for r in rows
    ]
