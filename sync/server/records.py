"""What the server knows of each site's records, for the authority checks of a push.

Whose tube a code is and at which checkpoint it was opened, which rounds exist and whether a
person is on a roster: kept in the ``records`` table as events are appended, in the same
transaction, and rebuilt from the event log for a database made before the table existed (or
before it kept what it keeps now). Whose registration an event id is, the event log answers itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from registration.errors import Reason
from registration.sampling.payloads import TubePattern, compile_tube_pattern
from registration.storage import bodies
from sync.schema import WireEvent
from sync.server import bulk, db

_TRACKED = ("tube.opened", "round.opened", "person.upserted")
_BUILT = "records_built"


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
    r = db.records.c
    pattern_text = conn.execute(select(db.sites.c.tube_pattern).where(db.sites.c.site == site)).scalar()
    c = db.checkpoints.c
    checkpoints = set(conn.execute(select(c.name).where(c.site == site)).scalars())
    rounds = set(conn.execute(select(r.key).where(r.site == site, r.what == "round")).scalars())
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
    tubes = _tubes(conn, site, codes)
    on_roster = {k: bool(flag) for k, (_, flag) in _records(conn, site, "person", people).items()}
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
        {code: device for code, (device, _) in tubes.items()},
        {code: checkpoint for code, (_, checkpoint) in tubes.items()},
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


def refusal(role: str, checkpoint: str, device: str, event: WireEvent, known: Known) -> Reason | None:
    """Why the server will not store ``event`` from this device, or None (clock checked apart)."""
    if event.seq > known.seq_room:
        return Reason("event.seq_gap", seq=event.seq, most=known.seq_room)
    reason = (
        bodies.validate(event.kind, event.body, known.pattern)
        or bodies.may_emit(role, event.kind, event.body, checkpoint=checkpoint)
        or _audit(event)
        or _unknown_names(event, known)
    )
    if reason is not None or role == "admin":
        return reason
    return _elsewhere(checkpoint, event, known) or _not_own(device, event, known)


def _audit(event: WireEvent) -> Reason | None:
    """An audit event records what the device that made it did (the event's own device, checked
    by the push): the dashboard's exports are the server's to record, never a device's, and a
    purge says what it covered."""
    b = event.body
    if event.kind == "audit.revealed" and b["list"] == "dashboard":
        return Reason("event.dashboard_export")
    if event.kind == "data.purged" and (b["scope"] == "round") != (b.get("round") is not None):
        return Reason("event.purge_scope")
    return None


def _unknown_names(event: WireEvent, known: Known) -> Reason | None:
    b = event.body
    if event.kind in ("registration", "tube.opened"):
        if b["checkpoint"] not in known.checkpoints:
            return Reason("event.unknown_checkpoint", kind=event.kind, checkpoint=b["checkpoint"])
        if b["round"] not in known.rounds:
            return Reason("event.unknown_round", kind=event.kind, round=b["round"])
    if event.kind == "handover.recorded" and b["checkpoint"] not in known.checkpoints:
        return Reason("event.unknown_checkpoint", kind=event.kind, checkpoint=b["checkpoint"])
    return None


def _elsewhere(checkpoint: str, event: WireEvent, known: Known) -> Reason | None:
    """Why a checkpoint station's ``event`` acts at another checkpoint than its own, or None.

    A device known only from bundles that never named its checkpoint ("") has none to hold it to.
    """
    b = event.body
    if not checkpoint or event.kind not in ("registration", "tube.opened", "handover.recorded"):
        return None
    if b["checkpoint"] != checkpoint:
        return Reason("event.other_checkpoint", kind=event.kind)
    if event.kind == "handover.recorded":
        for code in b["tubes"]:
            at = known.tube_checkpoints.get(code)
            if at is None:
                return Reason("event.unknown_tube", kind=event.kind)
            if at != checkpoint:
                return Reason("event.tube_elsewhere", kind=event.kind)
    return None


def _not_own(device: str, event: WireEvent, known: Known) -> Reason | None:
    """Why a checkpoint station may not act on the record ``event`` names, or None."""
    b = event.body
    kind = event.kind
    if kind == "tube.opened":
        opener = known.tubes.get(b["code"], device)
        return None if opener == device else Reason("event.tube_taken")
    if kind == "tube.sealed" or (kind == "registration" and b.get("tube") is not None):
        code = b["code"] if kind == "tube.sealed" else b["tube"]
        owner = known.tubes.get(code)
        if owner is None:
            return Reason("event.unknown_tube", kind=kind)
        return None if owner == device else Reason("event.not_own_tube", kind=kind)
    target = b.get("event") if kind == "void" else b.get("corrects") if kind == "registration" else None
    if target is not None:
        maker = known.registrations.get(target)
        if maker is None:
            return Reason("event.unknown_registration", kind=kind, event=target)
        if maker != device:
            return Reason("event.not_own_registration", kind=kind)
    if kind == "person.upserted" and known.on_roster.get(b["id_number"], False):
        return Reason("event.roster_person")
    return None


def note_stored(conn: Connection, site: str, parsed: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Keep the records of newly stored event rows, each with its body (inside the transaction
    that stores them)."""
    tracked = [(row, body) for row, body in parsed if row["kind"] in _TRACKED]
    if not tracked:
        return
    tubes: dict[str, tuple[str, str]] = {}
    rounds: set[str] = set()
    people: dict[str, tuple[str, int]] = {}
    for row, body in tracked:
        if row["kind"] == "tube.opened":
            tubes.setdefault(body["code"], (row["device"], body["checkpoint"]))
        elif row["kind"] == "round.opened":
            rounds.add(body["name"])
        else:
            version = f"{row['hlc']}.{row['device']}"
            flag = int(bool(body.get("on_roster", True)))
            if body["id_number"] not in people or people[body["id_number"]][0] < version:
                people[body["id_number"]] = (version, flag)
    have = _lookup(conn, site, "tube", set(tubes))
    _insert(
        conn,
        site,
        "tube",
        [(code, device, 0, "", at) for code, (device, at) in tubes.items() if code not in have],
    )
    have_rounds = _lookup(conn, site, "round", rounds)
    _insert(conn, site, "round", [(name, "", 0, "", "") for name in sorted(rounds - set(have_rounds))])
    known = _records(conn, site, "person", set(people))
    newer = [
        (site, "person", key, "", flag, version, "")
        for key, (version, flag) in people.items()
        if key not in known or known[key][0] < version
    ]
    bulk.insert(conn, db.records, _COLUMNS, newer, replace=("flag", "version"))


def _insert(conn: Connection, site: str, what: str, rows: list[tuple[str, str, int, str, str]]) -> None:
    bulk.insert(conn, db.records, _COLUMNS, ((site, what, *row) for row in rows))


_COLUMNS = ("site", "what", "key", "device", "flag", "version", "checkpoint")


def _lookup(conn: Connection, site: str, what: str, keys: set[str]) -> dict[str, str]:
    return {row.key: row.device for row in _select(conn, site, what, ("key", "device"), keys)}


def _tubes(conn: Connection, site: str, codes: set[str]) -> dict[str, tuple[str, str]]:
    """code -> (device that opened it, checkpoint it was opened at)."""
    return {
        row.key: (row.device, row.checkpoint)
        for row in _select(conn, site, "tube", ("key", "device", "checkpoint"), codes)
    }


def _records(conn: Connection, site: str, what: str, keys: set[str]) -> dict[str, tuple[str, int]]:
    return {
        row.key: (row.version, row.flag)
        for row in _select(conn, site, what, ("key", "version", "flag"), keys)
    }


def _select(conn: Connection, site: str, what: str, columns: tuple[str, ...], keys: set[str]) -> list[Any]:
    return bulk.select_in(conn, db.records, columns, "key", keys, site=site, what=what)


def build(engine: Engine) -> None:
    """Fill the records from the event log once, for a database made before they were kept."""
    s = db.settings.c
    e = db.events.c
    with db.writing(engine) as conn:
        if conn.execute(select(s.value).where(s.key == _BUILT)).scalar() is not None:
            return
        conn.execute(delete(db.records))
        for site in list(conn.execute(select(db.sites.c.site)).scalars()):
            rows = conn.execute(
                select(e.device, e.hlc, e.kind, e.body)
                .where(e.site == site, e.kind.in_(_TRACKED))
                .order_by(e.pos)
            ).mappings()
            note_stored(conn, site, [(dict(row), json.loads(row["body"])) for row in rows])
        conn.execute(insert(db.settings).values(key=_BUILT, value="1"))
