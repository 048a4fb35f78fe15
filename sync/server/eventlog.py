"""The server's event log: storing pushed batches exactly once, and the per-site change feed.

A batch is stored in one transaction holding its site's row lock, which also hands out feed
positions; so positions are committed in order and a reader never skips a late commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from registration.errors import Reason
from registration.storage import clock
from registration.storage.events import canonical_json
from sync.checked import Pushed
from sync.schema import MAX_CLOCK_AHEAD_MS, Status, event_json
from sync.server import bulk, db, quota, records, rights


class Answer(NamedTuple):
    """The server's answer about one pushed event (the wire form is schema.EventResult)."""

    id: str
    status: Status
    reason: Reason | None = None


@dataclass(frozen=True)
class Author:
    """The enrolled device a batch comes from."""

    device: str
    site: str
    checkpoint: str
    role: str


def _clock_refusal(event: Pushed, now_ms: int) -> Reason:
    """What an event stamped too far in the future is answered."""
    return Reason("event.clock_ahead", minutes=(clock.wall_ms(event.hlc) - now_ms) / 60000)


def store_batch(
    engine: Engine,
    author: Author,
    batch: Sequence[Pushed],
    now_ms: int,
    limits: quota.Limits = quota.DEFAULT,
    *,
    bodies_checked: bool = False,
) -> tuple[list[Answer], int]:
    """Store what is new in ``batch``, answering every event; commits before returning.

    Also returns the device's highest sequence number the server now holds. A checkpoint
    station's batch that would take it past its daily ``limits`` is refused whole: every event
    not held already is rejected with the reason, and the station sends it again later.
    ``bodies_checked``: each body was read by its kind's model already (sync/checked.py).
    """
    if any(event.device != author.device for event in batch):
        raise PermissionError(Reason("event.own_only"))
    answers: dict[str, Answer] = {}
    # An HLC's wall time is its first 13 digits: one that sorts here or later is too far ahead.
    too_late = clock.Hlc(now_ms + MAX_CLOCK_AHEAD_MS + 1, 0).encode()
    with db.writing(engine) as conn:
        head = lock_site(conn, author.site)
        held = high_seq(conn, author.site, author.device)
        known = rights.load(conn, author.site, author.device, held, batch)
        checks = rights.Checks(author.role, author.checkpoint, author.device, known, bodies_checked)
        admissible: list[Pushed] = []
        for event in batch:
            reason = _clock_refusal(event, now_ms) if event.hlc >= too_late else checks.refusal(event)
            if reason is None:
                admissible.append(event)
                known.note(event)
            else:
                answers.setdefault(event.id, Answer(event.id, "rejected", reason))
        if answers:
            _already_held(conn, author.site, batch, answers)
        try:
            try:
                with conn.begin_nested():
                    rows, kept_aside = _keep(conn, author, head, admissible, answers, now_ms, limits)
            except IntegrityError:
                # An id already stored under another sequence number (a corrupted or forged
                # event): sort the batch out again, looking every id up.
                with conn.begin_nested():
                    rows, kept_aside = _keep(
                        conn, author, head, admissible, answers, now_ms, limits, by_id=True
                    )
        except quota.OverQuota as exc:
            rows, kept_aside = [], []
            for event in admissible:
                if answers[event.id].status != "duplicate":
                    answers[event.id] = Answer(event.id, "rejected", exc.reason)
    # The site stays locked from high_seq to here: what this batch stored is all that is new.
    high = max([held] + [row["seq"] for row in rows + kept_aside])
    return [answers[event.id] for event in batch], high


def _keep(
    conn: Connection,
    author: Author,
    head: int,
    batch: list[Pushed],
    answers: dict[str, Answer],
    now_ms: int,
    limits: quota.Limits,
    *,
    by_id: bool = False,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Store the new events of ``batch`` and keep its conflicts aside: (rows stored, the batch's
    conflicts). Raises OverQuota past a station's daily limits, for the caller's savepoint; what
    was newly stored or kept counts, never a replay."""
    rows, aside, parsed = _sort_out(conn, author.site, batch, answers, by_id=by_id)
    append(conn, author.site, head, rows, now_ms, bodies=parsed)
    kept = _keep_aside(conn, author.site, aside, now_ms)
    if author.role != "admin":  # the campaign office's laptop imports whole rosters
        quota.charge(conn, author.device, now_ms, rows + kept, limits)
    return rows, aside


def _already_held(conn: Connection, site: str, batch: Sequence[Pushed], answers: dict[str, Answer]) -> None:
    """A refused event the server holds already, identical, is a duplicate: one sent again after a
    lost answer stays a success though what it acted on has changed since."""
    refused = {event.id: event for event in batch if event.id in answers}
    if not refused:
        return
    e = db.events.c
    for row in conn.execute(
        select(e.id, e.device, e.seq, e.hlc, e.kind, e.body).where(e.site == site, e.id.in_(sorted(refused)))
    ):
        event = refused[row.id]
        try:
            content = (event.device, event.seq, event.hlc, event.kind, canonical_json(event.body))
        except ValueError:
            continue  # NaN or infinity in the body: never what was stored
        if (row.device, row.seq, row.hlc, row.kind, row.body) == content:
            answers[row.id] = Answer(row.id, "duplicate")


def _keep_aside(conn: Connection, site: str, rows: list[dict[str, Any]], now_ms: int) -> list[dict[str, Any]]:
    """Keep conflicting events for a person to see, once each however often they are sent; those
    newly kept."""
    if not rows:
        return []
    c = db.conflicts.c
    seen = {
        (r.id, r.seq, r.hlc, r.kind, r.body)
        for r in conn.execute(
            select(c.id, c.seq, c.hlc, c.kind, c.body).where(
                c.site == site, c.id.in_(sorted({r["id"] for r in rows}))
            )
        )
    }
    new = [
        r | {"received_ms": now_ms}
        for r in rows
        if (r["id"], r["seq"], r["hlc"], r["kind"], r["body"]) not in seen
    ]
    if new:
        conn.execute(insert(db.conflicts), new)
    return new


def lock_site(conn: Connection, site: str) -> int:
    """Lock the site's row for this transaction; its feed head."""
    head = conn.execute(select(db.sites.c.head).where(db.sites.c.site == site).with_for_update()).scalar()
    if head is None:
        raise LookupError(Reason("site.unknown", site=site))
    return int(head)


def _sort_out(
    conn: Connection, site: str, batch: list[Pushed], answers: dict[str, Answer], *, by_id: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows to store, conflicts to keep aside, the bodies of the rows to store), answering each
    event of ``batch``.

    A repeated event has the same device and sequence number, so one range scan of this
    device's sequence numbers finds every duplicate; ``by_id`` also looks each id up.
    """
    if not batch:
        return [], [], []
    e = db.events.c
    columns = (e.id, e.device, e.seq, e.hlc, e.kind, e.body)
    seqs = [event.seq for event in batch]
    held = list(
        conn.execute(
            select(*columns).where(
                e.site == site, e.device == batch[0].device, e.seq.between(min(seqs), max(seqs))
            )
        )
    )
    if by_id:
        held += conn.execute(
            select(*columns).where(e.site == site, e.id.in_(sorted({event.id for event in batch})))
        )
    known = {r.id: (r.device, r.seq, r.hlc, r.kind, r.body) for r in held}
    taken = {(r.device, r.seq): r.id for r in held}
    rows: list[dict[str, Any]] = []
    aside: list[dict[str, Any]] = []
    bodies: list[dict[str, Any]] = []
    for event in batch:
        event_id, place = event.id, (event.device, event.seq)
        content = (*place, event.hlc, event.kind, canonical_json(event.body))
        same_id = known.get(event_id)
        if same_id is None and taken.get(place, event_id) == event_id:
            known[event_id] = content
            taken[place] = event_id
            rows.append(_row(site, content, event_id))
            bodies.append(event.body)
            answers[event_id] = Answer(event_id, "stored")
            continue
        if same_id == content:
            answers[event_id] = Answer(event_id, "duplicate")
            continue
        reason = Reason("event.same_id") if same_id is not None else Reason("event.seq_taken", seq=event.seq)
        aside.append(_row(site, content, event_id) | {"reason": str(reason)})
        answers[event_id] = Answer(event_id, "conflict", reason)
    return rows, aside, bodies


def _row(site: str, content: tuple[str, int, str, str, str], event_id: str) -> dict[str, Any]:
    device, seq, hlc, kind, body = content
    return {
        "site": site,
        "id": event_id,
        "device": device,
        "seq": seq,
        "hlc": hlc,
        "kind": kind,
        "body": body,
    }


_EVENT_COLUMNS = ("site", "id", "pos", "device", "seq", "hlc", "kind", "body", "received_ms")


def append(
    conn: Connection,
    site: str,
    head: int,
    rows: list[dict[str, Any]],
    now_ms: int,
    *,
    bodies: Sequence[dict[str, Any]] | None = None,
) -> int:
    """Give ``rows`` the next feed positions and insert them; the new head. The dashboard's
    projection follows later (projection.catch_up), off the path of a push.

    ``bodies``: the rows' bodies already parsed (the push has them), else read from the rows' text.
    """
    if not rows:
        return head
    for offset, row in enumerate(rows, start=1):
        row["pos"] = head + offset
        row.setdefault("received_ms", now_ms)
    bulk.insert(
        conn,
        db.events,
        _EVENT_COLUMNS,
        [
            (site, r["id"], r["pos"], r["device"], r["seq"], r["hlc"], r["kind"], r["body"], r["received_ms"])
            for r in rows
        ],
    )
    parsed = records.parse(rows) if bodies is None else list(zip(rows, bodies, strict=True))
    _note_checkpoints(conn, site, parsed)
    records.note_stored(conn, site, parsed)
    head += len(rows)
    conn.execute(update(db.sites).where(db.sites.c.site == site).values(head=head))
    return head


def _note_checkpoints(
    conn: Connection, site: str, parsed: Iterable[tuple[dict[str, Any], dict[str, Any]]]
) -> None:
    names = {
        body["name"]
        for row, body in parsed
        if row["kind"] == "checkpoint.added" and body.get("name") is not None
    }
    if not names:
        return
    c = db.checkpoints.c
    have = set(conn.execute(select(c.name).where(c.site == site, c.name.in_(names))).scalars())
    if names - have:
        conn.execute(insert(db.checkpoints), [{"site": site, "name": n} for n in sorted(names - have)])


def high_seq(conn: Connection, site: str, device: str) -> int:
    """The highest sequence number this device has used that the server has seen, or 0."""
    found = 0
    for table in (db.events, db.conflicts):
        # The top of the (site, device, seq) index, not max(): PostgreSQL planned max() by the
        # table's statistics, and while they lagged its growth it counted through every event of
        # the device, on each push (25 ms at 90,000 events, more with every round).
        top = conn.execute(
            select(table.c.seq)
            .where(table.c.site == site, table.c.device == device)
            .order_by(table.c.seq.desc())
            .limit(1)
        ).scalar()
        found = max(found, int(top or 0))
    return found


@dataclass(frozen=True)
class Page:
    json_events: list[str]
    last_pos: int
    more: bool


def feed(conn: Connection, site: str, reader: str, after: int, limit: int, *, own: bool) -> Page:
    """The site's events after position ``after``, without the reader's own unless ``own``.

    Events come back as JSON text built from the stored canonical body, never re-parsed: the
    feed is the bulk path of a new laptop's first sync.
    """
    e = db.events.c
    rows = conn.execute(
        select(e.pos, e.id, e.device, e.seq, e.hlc, e.kind, e.body)
        .where(e.site == site, e.pos > after)
        .order_by(e.pos)
        .limit(limit)
    ).all()
    out = [
        event_json(r.id, r.device, r.seq, r.hlc, r.kind, r.body) for r in rows if own or r.device != reader
    ]
    return Page(out, rows[-1].pos if rows else after, len(rows) == limit)


def remaining(conn: Connection, site: str, reader: str, after: int, *, own: bool) -> int:
    e = db.events.c
    query = select(func.count()).select_from(db.events).where(e.site == site, e.pos > after)
    if not own:
        query = query.where(e.device != reader)
    return int(conn.execute(query).scalar_one())
