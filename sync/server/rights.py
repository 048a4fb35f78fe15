"""A push's authority checks: what a device may store, against the site's records
(sync/server/records.py) and what the batch itself adds as it is read in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from registration.errors import Reason
from registration.sampling import labels
from registration.sampling.payloads import TubePattern, compile_tube_pattern
from registration.storage import bodies
from sync.checked import Pushed
from sync.server import bulk, db, records


@dataclass
class Known:
    """The records a batch refers to, plus what the batch itself adds as it is read in order."""

    pattern: TubePattern | None
    checkpoints: set[str]
    rounds: set[str]
    tubes: dict[str, str]  # code -> device that opened it
    tube_checkpoints: dict[str, str]  # code -> checkpoint it was opened at
    boxes: dict[str, str]  # box code -> checkpoint it was opened at
    registrations: dict[str, str]  # event id -> device that made it
    on_roster: dict[str, bool]
    requests: set[str]  # liaisons' requests the batch answers that the site holds
    seq_room: int  # highest sequence number the device may use in this batch
    broken: set[str]  # tubes whose people were moved to another barcode
    handed: set[str]  # tubes a handover named: they have left their checkpoint

    def note(self, event: Pushed) -> None:
        """``event`` passed every check: later events of the batch may refer to it."""
        b = event.body
        if event.kind == "tube.opened":
            self.tubes.setdefault(b["code"], event.device)
            self.tube_checkpoints.setdefault(b["code"], b["checkpoint"])
        elif event.kind == "box.opened":
            self.boxes.setdefault(b["box"], b["checkpoint"])
        elif event.kind == "tube.moved":
            # The new tube is the old one's: the same laptop fills and seals it, at the same checkpoint.
            self.tubes.setdefault(b["new"], self.tubes[b["old"]])
            self.tube_checkpoints.setdefault(b["new"], b["checkpoint"])
            self.broken.add(b["old"])
        elif event.kind == "handover.recorded":
            self.handed.update(b["tubes"])
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


def load(conn: Connection, site: str, device: str, high_seq: int, batch: Sequence[Pushed]) -> Known:
    """What the checks of ``batch`` need, read in the transaction that stores it."""
    pattern_text = conn.execute(select(db.sites.c.tube_pattern).where(db.sites.c.site == site)).scalar()
    c = db.checkpoints.c
    checkpoints = set(conn.execute(select(c.name).where(c.site == site)).scalars())
    r = records.rounds.c
    rounds = set(conn.execute(select(r.name).where(r.site == site)).scalars())
    codes: set[str] = set()
    box_codes: set[str] = set()
    targets: set[str] = set()
    people: set[str] = set()
    asked: set[str] = set()
    for event in batch:
        b = event.body
        code: object = b.get("code") if event.kind in ("tube.opened", "tube.sealed") else b.get("tube")
        if isinstance(code, str):
            codes.add(code)
        if event.kind in ("handover.recorded", "box.filled") and isinstance(b.get("tubes"), list):
            codes.update(c for c in b["tubes"] if isinstance(c, str))
        if isinstance(b.get("box"), str):
            box_codes.add(b["box"])
        if event.kind == "tube.moved":
            codes.update(c for c in (b.get("old"), b.get("new")) if isinstance(c, str))
        target: object = b.get("event") if event.kind == "void" else b.get("corrects")
        if isinstance(target, str):
            targets.add(target)
        if event.kind == "person.upserted" and isinstance(b.get("id_number"), str):
            people.add(b["id_number"])
        if event.kind == "exemption.decided" and isinstance(b.get("request"), str):
            asked.add(b["request"])
    tubes = bulk.select_in(
        conn,
        records.tubes,
        ("code", "device", "checkpoint", "moved_to", "handed_over"),
        "code",
        codes,
        site=site,
    )
    boxes = bulk.select_in(conn, records.boxes, ("code", "checkpoint"), "code", box_codes, site=site)
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
    requests = {row.id for row in bulk.select_in(conn, records.requests, ("id",), "id", asked, site=site)}
    return Known(
        _compiled(pattern_text),
        checkpoints,
        rounds,
        {row.code: row.device for row in tubes},
        {row.code: row.checkpoint for row in tubes},
        {row.code: row.checkpoint for row in boxes},
        registrations,
        on_roster,
        requests,
        high_seq + MAX_SEQ_GAP,
        {row.code for row in tubes if row.moved_to is not None},
        {row.code for row in tubes if row.handed_over},
    )


def _compiled(pattern: str | None) -> TubePattern | None:
    """The site's tube pattern; None (codes checked for shape only) for one this version refuses."""
    try:
        return None if pattern is None else compile_tube_pattern(pattern)
    except ValueError:
        return None


@dataclass(frozen=True)
class Checks:
    """The checks of one batch from one device, against what the server knows."""

    role: str
    checkpoint: str  # "" for a device known only from bundles that never named its checkpoint
    device: str
    known: Known
    bodies_checked: bool  # each body was read by its kind's model already

    @property
    def station(self) -> bool:
        """A checkpoint station: held to its own checkpoint, tubes and registrations."""
        return self.role != "admin"

    def refusal(self, event: Pushed) -> Reason | None:
        """Why the server will not store ``event``, or None (its clock is checked apart)."""
        known = self.known
        if event.seq > known.seq_room:
            return Reason("event.seq_gap", seq=event.seq, most=known.seq_room)
        kind, b = event.kind, event.body
        if not self.bodies_checked:
            reason = bodies.validate(kind, b, known.pattern)
        else:
            reason = None if known.pattern is None else bodies.tube_refusal(kind, b, known.pattern)
        reason = reason or bodies.may_emit(self.role, kind, b, checkpoint=self.checkpoint)
        if reason is not None:
            return reason
        check = _CHECKS.get(kind)
        return None if check is None else check(b, kind, self)


def _registration(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    reason = _names(b, kind, checks, rounds=True) or _broken([b.get("tube")], kind, checks)
    if reason is not None or not checks.station:
        return reason
    reason = _elsewhere(b, kind, checks)
    if reason is not None:
        return reason
    if b.get("tube") is not None:
        return _own_tube(b["tube"], kind, checks)
    return _own_registration(b.get("corrects"), kind, checks)


def _tube_opened(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    reason = _names(b, kind, checks, rounds=True) or _broken([b["code"]], kind, checks)
    if reason is not None or not checks.station:
        return reason
    reason = _elsewhere(b, kind, checks)
    opener = checks.known.tubes.get(b["code"], checks.device)
    if reason is None and opener != checks.device:
        return Reason("event.tube_taken")
    return reason


def _handover(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    reason = _names(b, kind, checks, rounds=False) or _broken(b["tubes"], kind, checks)
    if reason is not None or not checks.station:
        return reason
    reason = _elsewhere(b, kind, checks)
    if reason is None and b.get("box") is not None:
        reason = _own_box(b["box"], kind, checks)
    if reason is not None or not checks.checkpoint:
        return reason
    return _tubes_here(b["tubes"], kind, checks)


def _tubes_here(codes: list[str], kind: str, checks: Checks) -> Reason | None:
    """Why a checkpoint station names a tube that is not one of its checkpoint's, or None."""
    for code in codes:
        at = checks.known.tube_checkpoints.get(code)
        if at is None:
            return Reason("event.unknown_tube", kind=kind)
        if at != checks.checkpoint:
            return Reason("event.tube_elsewhere", kind=kind)
    return None


def _box_opened(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    reason = _names(b, kind, checks, rounds=False)
    if reason is not None or not checks.station:
        return reason
    reason = _elsewhere(b, kind, checks)
    if reason is None and checks.known.boxes.get(b["box"], b["checkpoint"]) != b["checkpoint"]:
        return Reason("event.box_taken")
    return reason


def _box_filled(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    if not checks.station:
        return None
    reason = _own_box(b["box"], kind, checks)
    if reason is not None or not checks.checkpoint:
        return reason
    return _tubes_here(b["tubes"], kind, checks)


def _box_sealed(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    return _own_box(b["box"], kind, checks) if checks.station else None


def _own_box(code: str, kind: str, checks: Checks) -> Reason | None:
    """Why a checkpoint station acts on a box the server does not know, or another checkpoint's."""
    at = checks.known.boxes.get(code)
    if at is None:
        return Reason("event.unknown_box", kind=kind)
    if checks.checkpoint and at != checks.checkpoint:
        return Reason("event.box_elsewhere", kind=kind)
    return None


def _sealed(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    reason = _broken([b["code"]], kind, checks)
    if reason is not None or not checks.station:
        return reason
    return _own_tube(b["code"], kind, checks)


def _moved(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    """A tube's people go to a new barcode: only at the checkpoint that made the tube (a station of
    that checkpoint, or the office), once, never once it was handed over, and never onto a barcode
    already used."""
    reason = _names(b, kind, checks, rounds=False) or _broken([b["old"]], kind, checks)
    if reason is not None:
        return reason
    at = checks.known.tube_checkpoints.get(b["old"])
    if at is None:
        return Reason("event.unknown_tube", kind=kind)
    if at != b["checkpoint"]:
        return Reason("event.tube_elsewhere", kind=kind)
    if b["old"] in checks.known.handed:
        return Reason("event.tube_handed")
    if b["new"] in checks.known.tubes:
        return Reason("event.move_taken")
    return _elsewhere(b, kind, checks) if checks.station else None


def _printed(b: dict[str, Any], _kind: str, checks: Checks) -> Reason | None:
    """A laptop prints labels in its own series only: two laptops' codes never meet."""
    if b["series"] != labels.series_of(checks.device):
        return Reason("event.label_series")
    return None


def _broken(codes: list[Any], kind: str, checks: Checks) -> Reason | None:
    """Why an event naming ``codes`` acts on a tube whose people were moved away, or None."""
    broken = checks.known.broken
    if broken and any(code in broken for code in codes):
        return Reason("event.tube_broken", kind=kind)
    return None


def _void(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    return _own_registration(b["event"], kind, checks) if checks.station else None


def _person(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    if checks.station and checks.known.on_roster.get(b["id_number"], False):
        return Reason("event.roster_person")
    return None


def _revealed(b: dict[str, Any], _kind: str, _checks: Checks) -> Reason | None:
    """An audit event records what the device that made it did (the event's own device, checked
    by the push): the dashboard's exports are the server's to record, never a device's."""
    if b["list"] == "dashboard":
        return Reason("event.dashboard_export")
    return None


def _requested(_b: dict[str, Any], _kind: str, _checks: Checks) -> Reason | None:
    """A liaison's reason is given on the dashboard, which the server records itself: no device
    speaks for an enterprise's liaison."""
    return Reason("event.liaison_request")


def _decided(b: dict[str, Any], _kind: str, checks: Checks) -> Reason | None:
    """An office laptop answers only a request the site holds (one it pulled)."""
    if b["request"] not in checks.known.requests:
        return Reason("event.unknown_request", request=b["request"])
    return None


def _purged(b: dict[str, Any], _kind: str, _checks: Checks) -> Reason | None:
    if (b["scope"] == "round") != (b.get("round") is not None):
        return Reason("event.purge_scope")
    return None


def _names(b: dict[str, Any], kind: str, checks: Checks, *, rounds: bool) -> Reason | None:
    """Why the checkpoint (and the round) ``b`` names is not one the site has, or None."""
    if b["checkpoint"] not in checks.known.checkpoints:
        return Reason("event.unknown_checkpoint", kind=kind, checkpoint=b["checkpoint"])
    if rounds and b["round"] not in checks.known.rounds:
        return Reason("event.unknown_round", kind=kind, round=b["round"])
    return None


def _elsewhere(b: dict[str, Any], kind: str, checks: Checks) -> Reason | None:
    """Why a checkpoint station acts at another checkpoint than its own, or None."""
    if checks.checkpoint and b["checkpoint"] != checks.checkpoint:
        return Reason("event.other_checkpoint", kind=kind)
    return None


def _own_tube(code: str, kind: str, checks: Checks) -> Reason | None:
    owner = checks.known.tubes.get(code)
    if owner is None:
        return Reason("event.unknown_tube", kind=kind)
    return None if owner == checks.device else Reason("event.not_own_tube", kind=kind)


def _own_registration(target: str | None, kind: str, checks: Checks) -> Reason | None:
    if target is None:
        return None
    maker = checks.known.registrations.get(target)
    if maker is None:
        return Reason("event.unknown_registration", kind=kind, event=target)
    if maker != checks.device:
        return Reason("event.not_own_registration", kind=kind)
    return None


# What each kind's event is checked against, once its body and its sender's role are right.
_CHECKS: dict[str, Callable[[dict[str, Any], str, Checks], Reason | None]] = {
    "registration": _registration,
    "tube.opened": _tube_opened,
    "handover.recorded": _handover,
    "box.opened": _box_opened,
    "box.filled": _box_filled,
    "box.sealed": _box_sealed,
    "tube.sealed": _sealed,
    "tube.moved": _moved,
    "labels.printed": _printed,
    "void": _void,
    "person.upserted": _person,
    "audit.revealed": _revealed,
    "data.purged": _purged,
    "exemption.requested": _requested,
    "exemption.decided": _decided,
}
