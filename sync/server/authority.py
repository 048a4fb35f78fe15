"""A push's authority checks: what a device may store, against the site's records
(sync/server/records.py) and what the batch itself adds as it is read in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from registration import bodies
from registration.payloads import TubePattern, compile_tube_pattern
from sync.schema import WireEvent
from sync.server import bulk, db, records


@dataclass
class Known:
    """The records a batch refers to, plus what the batch itself adds as it is read in order."""

    pattern: TubePattern | None
    checkpoints: set[str]
    rounds: set[str]
    tubes: dict[str, str]  # code -> device that opened it
    tube_checkpoints: dict[str, str]  # code -> checkpoint it was opened at
    registrations: dict[str, str]  # event id -> device that made it
    on_roster: dict[str, bool]
    seq_room: int  # highest sequence number the device may use in this batch
    added: list[WireEvent] = field(default_factory=list)

    def note(self, event: WireEvent) -> None:
        """``event`` passed every check: later events of the batch may refer to it."""
        b = event.body
        if event.kind == "tube.opened":
            self.tubes.setdefault(b["code"], event.device)
            self.tube_checkpoints.setdefault(b["code"], b["checkpoint"])
        elif event.kind == "registration":
            self.registrations[event.id] = event.device
        elif event.kind == "round.opened":
            self.rounds.add(b["name"])
        elif event.kind == "checkpoint.added":
            self.checkpoints.add(b["name"])
        elif event.kind == "person.upserted" and b.get("on_roster", True):
            self.on_roster[b["id_number"]] = True


# How far past its highest held sequence number a device may number an event: room for events
# the server refused, never so far that a device's numbering could run out.
MAX_SEQ_GAP = 100_000


def load(conn: Connection, site: str, device: str, high_seq: int, batch: Sequence[WireEvent]) -> Known:
    """What the checks of ``batch`` need, read in the transaction that stores it."""
    pattern_text = conn.execute(select(db.sites.c.tube_pattern).where(db.sites.c.site == site)).scalar()
    c = db.checkpoints.c
    checkpoints = set(conn.execute(select(c.name).where(c.site == site)).scalars())
    r = records.rounds.c
    rounds = set(conn.execute(select(r.name).where(r.site == site)).scalars())
    codes: set[str] = set()
    targets: set[str] = set()
    people: set[str] = set()
    for event in batch:
        b = event.body
        code: object = b.get("code") if event.kind in ("tube.opened", "tube.sealed") else b.get("tube")
        if isinstance(code, str):
            codes.add(code)
        if event.kind == "handover.recorded" and isinstance(b.get("tubes"), list):
            codes.update(c for c in b["tubes"] if isinstance(c, str))
        target: object = b.get("event") if event.kind == "void" else b.get("corrects")
        if isinstance(target, str):
            targets.add(target)
        if event.kind == "person.upserted" and isinstance(b.get("id_number"), str):
            people.add(b["id_number"])
    tubes = bulk.select_in(conn, records.tubes, ("code", "device", "checkpoint"), "code", codes, site=site)
    on_roster = {
        row.id_number: bool(row.on_roster)
        for row in bulk.select_in(
            conn, records.people, ("id_number", "on_roster"), "id_number", people, site=site
        )
    }
    registrations: dict[str, str] = {}
    if targets:
        e = db.events.c
        registrations = {
            row.id: row.device
            for row in conn.execute(
                select(e.id, e.device).where(
                    e.site == site, e.kind == "registration", e.id.in_(sorted(targets))
                )
            )
        }
    return Known(
        _compiled(pattern_text),
        checkpoints,
        rounds,
        {row.code: row.device for row in tubes},
        {row.code: row.checkpoint for row in tubes},
        registrations,
        on_roster,
        high_seq + MAX_SEQ_GAP,
    )


def _compiled(pattern: str | None) -> TubePattern | None:
    """The site's tube pattern; None (codes checked for shape only) for one this version refuses."""
    try:
        return None if pattern is None else compile_tube_pattern(pattern)
    except ValueError:
        return None


def refusal(role: str, checkpoint: str, device: str, event: WireEvent, known: Known) -> str | None:
    """Why the server will not store ``event`` from this device, or None (clock checked apart)."""
    if event.seq > known.seq_room:
        return (
            f"sequence number {event.seq} is too far past this device's last one "
            f"(at most {known.seq_room}): a device numbers its events one after another"
        )
    reason = (
        bodies.validate(event.kind, event.body, known.pattern)
        or bodies.may_emit(role, event.kind, event.body, checkpoint=checkpoint)
        or _audit(event)
        or _unknown_names(event, known)
    )
    if reason is not None or role == "admin":
        return reason
    return _elsewhere(checkpoint, event, known) or _not_own(device, event, known)


def _audit(event: WireEvent) -> str | None:
    """An audit event records what the device that made it did (the event's own device, checked
    by the push): the dashboard's exports are the server's to record, never a device's, and a
    purge says what it covered."""
    b = event.body
    if event.kind == "audit.revealed" and b["list"] == "dashboard":
        return "audit.revealed: the server records its dashboard's exports itself"
    if event.kind == "data.purged" and (b["scope"] == "round") != (b.get("round") is not None):
        return "data.purged: a round's purge names its round, a campaign's none"
    return None


def _unknown_names(event: WireEvent, known: Known) -> str | None:
    b = event.body
    if event.kind in ("registration", "tube.opened"):
        if b["checkpoint"] not in known.checkpoints:
            return f"{event.kind}: unknown checkpoint {b['checkpoint']!r}"
        if b["round"] not in known.rounds:
            return f"{event.kind}: unknown round {b['round']!r} (rounds are opened by the campaign office)"
    if event.kind == "handover.recorded" and b["checkpoint"] not in known.checkpoints:
        return f"{event.kind}: unknown checkpoint {b['checkpoint']!r}"
    return None


def _elsewhere(checkpoint: str, event: WireEvent, known: Known) -> str | None:
    """Why a checkpoint station's ``event`` acts at another checkpoint than its own, or None.

    A device known only from bundles that never named its checkpoint ("") has none to hold it to.
    """
    b = event.body
    if not checkpoint or event.kind not in ("registration", "tube.opened", "handover.recorded"):
        return None
    if b["checkpoint"] != checkpoint:
        return f"{event.kind}: a checkpoint station acts only at its own checkpoint"
    if event.kind == "handover.recorded":
        for code in b["tubes"]:
            at = known.tube_checkpoints.get(code)
            if at is None:
                return f"{event.kind}: unknown tube (its tube.opened never reached the server)"
            if at != checkpoint:
                return f"{event.kind}: a tube of another checkpoint"
    return None


def _not_own(device: str, event: WireEvent, known: Known) -> str | None:
    """Why a checkpoint station may not act on the record ``event`` names, or None."""
    b = event.body
    kind = event.kind
    if kind == "tube.opened":
        opener = known.tubes.get(b["code"], device)
        return None if opener == device else "tube.opened: this tube code is already used by another laptop"
    if kind == "tube.sealed" or (kind == "registration" and b.get("tube") is not None):
        code = b["code"] if kind == "tube.sealed" else b["tube"]
        owner = known.tubes.get(code)
        if owner is None:
            return f"{kind}: unknown tube (its tube.opened never reached the server)"
        return None if owner == device else f"{kind}: a checkpoint station acts only on its own tubes"
    target = b.get("event") if kind == "void" else b.get("corrects") if kind == "registration" else None
    if target is not None:
        maker = known.registrations.get(target)
        if maker is None:
            return f"{kind}: unknown registration {target}"
        if maker != device:
            return f"{kind}: a checkpoint station voids or corrects only its own registrations"
    if kind == "person.upserted" and known.on_roster.get(b["id_number"], False):
        return "person.upserted: a checkpoint station may not change a person who is on a roster"
    return None
