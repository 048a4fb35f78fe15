"""Pooled sample tubes: opened by barcode with a pool size, filled position by position, sealed.

A tube belongs to the laptop that opened it, so positions are allocated without
coordination. A tube code is never used twice in a campaign. A correction puts another person
in a position already taken: the tube holds one person per position, the corrected-away one aside.
A cracked or mislabelled tube's people move, in their positions, to a new barcode (``move``): the
old tube is broken for good, and the new one is handed over and traced in its place.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from registration.errors import Reason
from registration.people import freetext
from registration.sampling import labels, payloads
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import authority, events
from registration.storage.events import Event, applies
from registration.storage.store import Store


@dataclass(frozen=True)
class Tube:
    code: str
    round: str
    checkpoint: str
    size: int
    filled: int
    sealed: bool
    moved_to: str | None = None
    """The barcode this tube's people were moved to: this one is broken."""

    def view(self, position: int | None = None) -> dict[str, Any]:
        """The tube as the command line and the banner show it."""
        return {
            "code": self.code,
            "position": self.filled if position is None else position,
            "size": self.size,
            "sealed": self.sealed,
        }


# A position is filled once, however often its person is corrected.
_SELECT = """
    SELECT t.code, t.round, t.checkpoint, t.pool_size,
           (SELECT count(DISTINCT r.position) FROM registrations r WHERE r.tube = t.code),
           t.sealed_at IS NOT NULL, t.moved_to
    FROM tubes t
"""


def _tube(row: sqlite3.Row | None) -> Tube | None:
    if row is None:
        return None
    return Tube(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6])


def get(conn: sqlite3.Connection, code: str) -> Tube | None:
    row = conn.execute(_SELECT + " WHERE t.code = ?", (code,)).fetchone()
    return _tube(row)


def current(conn: sqlite3.Connection, checkpoint: str, round_name: str) -> Tube | None:
    """The tube this laptop fills next here: the newest one still open (a single tube
    opened for a yellow code goes before a half-full pooled tube)."""
    row = conn.execute(
        _SELECT + " WHERE t.device = ? AND t.checkpoint = ? AND t.round = ? AND t.sealed_at IS NULL"
        " AND t.moved_to IS NULL ORDER BY t.rowid DESC LIMIT 1",
        (events.device_id(conn), checkpoint, round_name),
    ).fetchone()
    return _tube(row)


def open_tubes(conn: sqlite3.Connection) -> list[Tube]:
    rows = conn.execute(
        _SELECT + " WHERE t.device = ? AND t.sealed_at IS NULL AND t.moved_to IS NULL ORDER BY t.rowid",
        (events.device_id(conn),),
    )
    return [t for t in map(_tube, rows) if t is not None]


# A registration holds its position unless another one corrects it; a voided one still holds it
# (the sample is in the tube). The sample was taken when the position was first registered: a
# correction copies the position, never the time, so ``sampled_at`` is the uncorrected registration's
# (the correction's own while that one has not arrived here). A person no roster knows is named
# by the ID card they were registered with, if any.
_MEMBERS = (
    "SELECT r.*, coalesce(p.name, r.card_name) AS name, p.enterprise, p.department, p.phone, "
    "c.event AS corrected_by, "
    "c.person AS corrected_to, coalesce((SELECT min(o.at) FROM registrations o "
    "WHERE o.tube = r.tube AND o.position = r.position AND o.corrects IS NULL), r.at) AS sampled_at "
    "FROM registrations r "
    "LEFT JOIN people p ON p.id_number = r.person "
    "LEFT JOIN registrations c ON c.corrects = r.event "
    "WHERE r.tube = ? AND c.event IS {} NULL ORDER BY r.position, r.at"
)


def members(conn: sqlite3.Connection, code: str) -> list[sqlite3.Row]:
    """Who holds each position of a tube, voided registrations included (their sample is in it),
    the people corrected away not."""
    return list(conn.execute(_MEMBERS.format(""), (code,)))


def corrected_away(conn: sqlite3.Connection, code: str) -> list[sqlite3.Row]:
    """The people a correction took out of a tube's positions: never in it, shown apart."""
    return list(conn.execute(_MEMBERS.format("NOT"), (code,)))


def open_tube(
    store: Store, code: str, *, checkpoint: str, round_name: str, pool_size: int | None = None
) -> Tube:
    """Open a tube here; refuses a used code or a second pooled tube while one is open."""
    with store.write() as conn:
        scanned = payloads.classify(code, tube_pattern=campaign.tube_pattern(conn))
        if scanned.kind is not payloads.Kind.TUBE:
            raise CampaignError("tube.not_a_tube", code=code)
        return open_in(conn, scanned.text, checkpoint=checkpoint, round_name=round_name, pool_size=pool_size)


def open_in(
    conn: sqlite3.Connection, code: str, *, checkpoint: str, round_name: str, pool_size: int | None
) -> Tube:
    """``open_tube`` inside the caller's write transaction, for a code already classified as a tube;
    without ``pool_size``, the pool its printed label says, else the round's."""
    campaign.require_checkpoint(conn, checkpoint)
    round_ = campaign.require_open_round(conn, round_name)
    # A printed label says its pool (单管 on a single tube's): it opens so unless told otherwise.
    size = campaign.check_pool_size(pool_size or labels.pool_of(conn, code) or round_.pool_size)
    used = get(conn, code)
    if used is not None and used.moved_to is not None:
        raise CampaignError("tube.broken", tube=code, new=used.moved_to)
    if used is not None:
        raise CampaignError("tube.used", tube=code, checkpoint=used.checkpoint, round=used.round)
    open_now = current(conn, checkpoint, round_name)
    if open_now is not None and size > 1 and open_now.size > 1:
        raise CampaignError("tube.still_open", tube=open_now.code, filled=open_now.filled, size=open_now.size)
    events.record(
        conn,
        "tube.opened",
        {"code": code, "round": round_name, "checkpoint": checkpoint, "pool_size": size},
    )
    opened = get(conn, code)
    assert opened is not None
    return opened


def seal(store: Store, code: str | None = None) -> Tube:
    """Seal a tube early; without a code, the only tube open on this laptop."""
    with store.write() as conn:
        if code is None:
            candidates = open_tubes(conn)
            if not candidates:
                raise CampaignError("tube.none_open")
            if len(candidates) > 1:
                codes = ", ".join(t.code for t in candidates)
                raise CampaignError("tube.several_open", tubes=codes)
            tube: Tube | None = candidates[0]
        else:
            tube = get(conn, code)
        if tube is None:
            raise CampaignError("tube.unknown", tube=code)
        if tube.moved_to is not None:
            raise CampaignError("tube.broken", tube=tube.code, new=tube.moved_to)
        if tube.sealed:
            raise CampaignError("tube.already_sealed", tube=tube.code)
        if tube.filled == 0:
            raise CampaignError("tube.empty", tube=tube.code)

        events.record(conn, "tube.sealed", {"code": tube.code, "reason": "early"})
        sealed = get(conn, tube.code)
        assert sealed is not None
        return sealed


def seal_if_full(conn: sqlite3.Connection, tube: Tube, filled: int) -> bool:
    if filled < tube.size:
        return False
    events.record(conn, "tube.sealed", {"code": tube.code, "reason": "full"})
    return True


@dataclass(frozen=True)
class Moved:
    """A tube's people moved to a new barcode: the event, both codes, why, and the new tube."""

    event: str
    old: str
    new: str
    reason: str
    people: int
    tube: Tube

    def to_json(self) -> dict[str, object]:
        return {
            "event": self.event,
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
            "people": self.people,
            "checkpoint": self.tube.checkpoint,
            "round": self.tube.round,
            "sealed": self.tube.sealed,
        }


@dataclass(frozen=True)
class Hop:
    """One move a broken tube's people made: from ``code`` to ``moved_to``, why and when."""

    code: str
    moved_to: str
    reason: str
    at: str

    def to_json(self) -> dict[str, str]:
        return {"tube": self.code, "moved_to": self.moved_to, "reason": self.reason, "at": self.at}


def moves_from(conn: sqlite3.Connection, code: str) -> list[Hop]:
    """The moves that took ``code``'s people to the tube that holds them now, in order; none for a
    tube never broken. Two laptops' moves that crossed offline could lead back to a tube already
    passed: the chain stops there."""
    hops: list[Hop] = []
    passed = {code}
    while True:
        row = conn.execute(
            "SELECT moved_to, move_reason, moved_at FROM tubes WHERE code = ? AND moved_to IS NOT NULL",
            (code,),
        ).fetchone()
        if row is None or row[0] in passed:
            return hops
        hops.append(Hop(code, row[0], row[1], row[2]))
        passed.add(row[0])
        code = row[0]


def holding(conn: sqlite3.Connection, code: str) -> str:
    """The tube that holds ``code``'s people now: itself, or the last tube they were moved to."""
    hops = moves_from(conn, code)
    return hops[-1].moved_to if hops else code


def move(store: Store, old: str, new: str, reason: str) -> Moved:
    """Move every person of tube ``old``, in their positions, into a new tube ``new`` (one event).

    ``old`` is broken from then on: never opened, filled, sealed or handed over again. Only the
    checkpoint that made it (a station enrolled there) or the office may move it; a tube already
    handed over has left the checkpoint and is not moved.
    """
    why = freetext.one_line(reason)
    if not why:
        raise CampaignError("tube.move_reason")
    old, new = old.strip(), new.strip()
    with store.write() as conn:
        tube = get(conn, old)
        if tube is None:
            raise CampaignError("tube.unknown", tube=old)
        authority.require_here(conn, tube.checkpoint)
        if tube.moved_to is not None:
            raise CampaignError("tube.broken", tube=old, new=tube.moved_to)
        if conn.execute("SELECT 1 FROM handover_tubes WHERE tube = ?", (old,)).fetchone():
            raise CampaignError("tube.move_handed_over", tube=old)
        scanned = payloads.classify(new, tube_pattern=campaign.tube_pattern(conn))
        if scanned.kind is not payloads.Kind.TUBE:
            raise CampaignError("tube.not_a_tube", code=new)
        if scanned.text == old:
            raise CampaignError("tube.move_same", tube=old)
        taken = get(conn, scanned.text)
        if taken is not None:
            if taken.moved_to is not None:
                raise CampaignError("tube.broken", tube=taken.code, new=taken.moved_to)
            raise CampaignError("tube.used", tube=taken.code, checkpoint=taken.checkpoint, round=taken.round)
        event = events.record(
            conn,
            "tube.moved",
            {"old": old, "new": scanned.text, "reason": why, "checkpoint": tube.checkpoint},
        )
        moved = get(conn, scanned.text)
        assert moved is not None
        return Moved(event.id, old, scanned.text, why, len(members(conn, scanned.text)), moved)


@applies("tube.opened")
def _tube_opened(conn: sqlite3.Connection, event: Event) -> None:
    body = event.body
    conn.execute(
        "INSERT OR IGNORE INTO tubes (code, round, checkpoint, device, pool_size, opened_at, event)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            body["code"],
            body["round"],
            body["checkpoint"],
            event.device,
            body["pool_size"],
            events.wall_time(event),
            event.id,
        ),
    )


@applies("tube.sealed")
def _tube_sealed(conn: sqlite3.Connection, event: Event) -> None:
    conn.execute(
        "UPDATE tubes SET sealed_at = ?, seal_reason = ? WHERE code = ? AND sealed_at IS NULL",
        (events.wall_time(event), event.body["reason"], event.body["code"]),
    )


@applies("tube.moved")
def _tube_moved(conn: sqlite3.Connection, event: Event) -> None:
    b = event.body
    old = conn.execute(
        "SELECT round, checkpoint, device, pool_size, sealed_at, seal_reason FROM tubes WHERE code = ?",
        (b["old"],),
    ).fetchone()
    if old is None:
        # Its tube.opened has not come (a bundle out of order): set aside, shown, never half-applied.
        raise ValueError(Reason("tube.unknown", tube=b["old"]))
    at = events.wall_time(event)
    # The new tube is the old one's in all but its code: the same laptop fills and seals it.
    conn.execute(
        "INSERT OR IGNORE INTO tubes (code, round, checkpoint, device, pool_size, opened_at, sealed_at,"
        " seal_reason, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (b["new"], old[0], old[1], old[2], old[3], at, old[4], old[5], event.id),
    )
    conn.execute(
        "UPDATE tubes SET moved_to = ?, move_reason = ?, moved_at = ? WHERE code = ? AND moved_to IS NULL",
        (b["new"], b["reason"], at, b["old"]),
    )
    conn.execute("UPDATE registrations SET tube = ? WHERE tube = ?", (b["new"], b["old"]))
    # A tube that cracked in its transport box leaves its place there to the new one: else the box
    # would be handed over with the broken tube (which the server refuses) and the new one never.
    conn.execute("UPDATE OR IGNORE box_tubes SET tube = ? WHERE tube = ?", (b["new"], b["old"]))
