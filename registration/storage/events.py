"""The event log: every change is an immutable event written with its outbox row.

``record`` writes a local event (next sequence number, next HLC timestamp, outbox row) and
applies it to the tables the station reads; ``ingest`` applies an event that arrived from
another device. Both go through the same appliers, so a registration looks the same
whichever laptop made it. Call both inside ``Store.write()``.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from registration.errors import Reason
from registration.storage import clock

Body = dict[str, Any]

_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
# JSONEncoder.encode builds a new C encoder per call, a third of its cost for a body; made once
# here, without cycle checks (a body parsed from JSON or built from values holds no cycles).
_MAKE_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE = (
    None
    if _MAKE_ENCODER is None
    else _MAKE_ENCODER(
        None, _CANONICAL.default, json.encoder.encode_basestring, None, ":", ",", True, False, False
    )
)
_PLAIN_TYPES = frozenset({str, int, bool, type(None)})


def canonical_json(body: Body) -> str:
    """A body as every laptop and the server store and compare it: keys sorted, no spaces, UTF-8
    text unescaped, NaN and infinities refused.

    orjson writes the same text as the standard library for every value but a float, which it
    spells its own way (0.00001, not 1e-05): a body holding one, or anything orjson refuses (an
    integer past 64 bits, a key that is not text), goes to the standard library.
    """
    plain = type(body) is dict and _PLAIN_TYPES.issuperset(map(type, body.values()))
    if plain or not _holds_float(body):
        try:
            return orjson.dumps(body, option=orjson.OPT_SORT_KEYS).decode()
        except orjson.JSONEncodeError:
            pass
    if _C_ENCODE is None:
        return _CANONICAL.encode(body)
    return "".join(_C_ENCODE(body, 0))


def _holds_float(value: object) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(map(_holds_float, value.values()))
    if isinstance(value, list | tuple):
        return any(map(_holds_float, value))
    return False


@dataclass(frozen=True)
class Event:
    id: str
    device: str
    seq: int
    hlc: str
    kind: str
    body: Body = field(default_factory=dict)

    @property
    def version(self) -> str:
        """Orders edits of the same record: last writer wins by HLC, device id breaks ties."""
        return f"{self.hlc}.{self.device}"

    def body_json(self) -> str:
        return canonical_json(self.body)


Applier = Callable[[sqlite3.Connection, Event], None]
_APPLIERS: dict[str, Applier] = {}


class UnknownEventKind(ValueError):
    pass


def applies(kind: str) -> Callable[[Applier], Applier]:
    """Register the function that folds events of ``kind`` into the station's tables."""

    def register(fn: Applier) -> Applier:
        if kind in _APPLIERS:
            raise ValueError(f"two appliers for event kind {kind!r}")
        _APPLIERS[kind] = fn
        return fn

    return register


def known_kinds() -> frozenset[str]:
    _load_appliers()
    return frozenset(_APPLIERS)


@functools.cache
def _load_appliers() -> None:
    # The modules that own each kind register their appliers when imported; cached because
    # record() and ingest() call it for every event of a bulk import.
    from registration.people import keys  # noqa: F401
    from registration.privacy import audit  # noqa: F401
    from registration.sampling import boxes, handover, labels, receipts, registrations, results, tubes  # noqa: F401
    from registration.setup import campaign, enterprises, exemption_requests, exemptions, rosters  # noqa: F401


def device_id(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT device_id FROM device WHERE id = 1").fetchone()
    if row is None:
        raise LookupError(Reason("campaign.none"))
    return str(row[0])


def record(conn: sqlite3.Connection, kind: str, body: Body) -> Event:
    """Write a local event, its outbox row and its effect, inside the caller's transaction."""
    _load_appliers()
    if kind not in _APPLIERS:
        raise UnknownEventKind(kind)
    row = conn.execute("SELECT device_id, next_seq, hlc FROM device WHERE id = 1").fetchone()
    if row is None:
        raise LookupError(Reason("campaign.none"))
    device, seq, last = str(row[0]), int(row[1]), clock.Hlc.decode(row[2])
    stamp = clock.tick(last)
    event = Event(clock.uuid7(stamp.wall_ms), device, seq, stamp.encode(), kind, body)
    conn.execute("UPDATE device SET next_seq = ?, hlc = ? WHERE id = 1", (seq + 1, event.hlc))
    _insert(conn, event)
    conn.execute("INSERT INTO outbox (seq, event_id) VALUES (?, ?)", (seq, event.id))
    _APPLIERS[kind](conn, event)
    return event


def ingest(conn: sqlite3.Connection, event: Event) -> bool:
    """Apply an event from another device once; False when it was already here."""
    _load_appliers()
    if conn.execute("SELECT 1 FROM events WHERE id = ?", (event.id,)).fetchone():
        return False
    last = conn.execute("SELECT hlc FROM device WHERE id = 1").fetchone()
    if last is not None:
        merged = clock.receive(clock.Hlc.decode(last[0]), clock.Hlc.decode(event.hlc))
        conn.execute("UPDATE device SET hlc = ? WHERE id = 1", (merged.encode(),))
    if event.kind not in _APPLIERS:
        # Set aside with the reason by the caller (sync/apply.py), never stored unapplied.
        raise UnknownEventKind(Reason("event.unknown_kind", kind=event.kind))
    _insert(conn, event)
    _APPLIERS[event.kind](conn, event)
    return True


def ingest_many(conn: sqlite3.Connection, incoming: list[Event]) -> int:
    """``ingest`` for a page of events, in order, with one clock merge and one batched insert
    (a new laptop's first sync applies a whole site); how many were new."""
    _load_appliers()
    known: set[str] = set()
    for start in range(0, len(incoming), 500):
        chunk = [event.id for event in incoming[start : start + 500]]
        marks = ",".join("?" * len(chunk))
        known.update(r[0] for r in conn.execute(f"SELECT id FROM events WHERE id IN ({marks})", chunk))
    new: list[Event] = []
    for event in incoming:
        if event.id not in known:
            known.add(event.id)
            new.append(event)
    if not new:
        return 0
    last = conn.execute("SELECT hlc FROM device WHERE id = 1").fetchone()
    if last is not None:
        newest = max(clock.Hlc.decode(event.hlc) for event in new)
        merged = clock.receive(clock.Hlc.decode(last[0]), newest)
        conn.execute("UPDATE device SET hlc = ? WHERE id = 1", (merged.encode(),))
    unknown = next((e.kind for e in new if e.kind not in _APPLIERS), None)
    if unknown is not None:
        raise UnknownEventKind(Reason("event.unknown_kind", kind=unknown))

    conn.executemany(
        "INSERT INTO events (id, device, seq, hlc, kind, body) VALUES (?, ?, ?, ?, ?, ?)",
        [(e.id, e.device, e.seq, e.hlc, e.kind, e.body_json()) for e in new],
    )
    for event in new:
        _APPLIERS[event.kind](conn, event)
    return len(new)


def _insert(conn: sqlite3.Connection, event: Event) -> None:
    conn.execute(
        "INSERT INTO events (id, device, seq, hlc, kind, body) VALUES (?, ?, ?, ?, ?, ?)",
        (event.id, event.device, event.seq, event.hlc, event.kind, event.body_json()),
    )


def from_row(row: sqlite3.Row) -> Event:
    return Event(row["id"], row["device"], row["seq"], row["hlc"], row["kind"], json.loads(row["body"]))


def get(conn: sqlite3.Connection, event_id: str) -> Event | None:
    row = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
    return None if row is None else from_row(row)


def wall_time(event: Event) -> str:
    """The event's HLC wall clock as local ISO time, for people to read."""
    return _local_second(clock.wall_ms(event.hlc) // 1000)


@functools.lru_cache(maxsize=4096)
def _local_second(seconds: int) -> str:
    # Remembered: a pulled page holds many events of each second, and finding the local time zone
    # costs more than the rest of applying a registration.
    return datetime.fromtimestamp(seconds).astimezone().isoformat(timespec="seconds")
