"""Each site's tubes, rounds and people as the stored events leave them: one set of rows, kept in the
transaction that stores the events, which a push's authority checks and the dashboard both read.
Liaisons' exemption requests and the office's answers are kept here too (few; one row each).

Whose tube a code is, where and in which round it was opened, the barcode its people were
moved to (the new tube is the old one's, with the move's feed position), and whether a handover
named it (a tube handed over is never moved: a push's checks cannot wait for the projection's
``handed_pos``, which may lag the events stored); at which checkpoint each
transport box was opened; each round's status; each person as the last writer left them
(registration/reports/figures.py's rules, in feed order). The dashboard's projection adds columns of
its own to tubes and people, stamped with the feed position it had reached
(sync/server/projection.py). A database made before these rows were kept has them rebuilt from the
event log (``build``). Whose registration an event id is, the event log answers itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
)

from registration.reports import figures as rules
from registration.storage import bodies, clock
from sync.server import bulk, db

_BUILT = "records_built"
# A body today's rules let through can still fail a conversion: the event changes nothing, as a
# station sets such an event aside.
APPLY_ERRORS = (KeyError, TypeError, ValueError, AttributeError)

tubes = Table(
    "tubes",
    db.metadata,
    Column("site", String(64), nullable=False),
    Column("code", String(64), nullable=False),
    Column("round", String(64), nullable=False),
    Column("checkpoint", String(64), nullable=False),
    Column("device", String(64), nullable=False),  # the laptop that opened it
    Column("pos", BigInteger, nullable=False),  # the feed position of the event that opened it
    # The projection's: the feed position of the event that sealed it, that handed it over, that
    # put it in a box, that said the lab received it, that gave its first result.
    Column("sealed_pos", BigInteger),
    Column("handed_pos", BigInteger),
    Column("boxed_pos", BigInteger),
    Column("received_pos", BigInteger),
    Column("resulted_pos", BigInteger),
    # The barcode its people were moved to (tube.moved): this tube is broken.
    Column("moved_to", String(64)),
    # A handover.recorded named it, as stored with the event: from then on it is not moved.
    Column("handed_over", Boolean),
    PrimaryKeyConstraint("site", "code"),
)
boxes = Table(
    "boxes",
    db.metadata,
    Column("site", String(64), nullable=False),
    Column("code", String(64), nullable=False),
    Column("checkpoint", String(64), nullable=False),
    Column("device", String(64), nullable=False),  # the laptop that opened it
    Column("pos", BigInteger, nullable=False),
    PrimaryKeyConstraint("site", "code"),
)
rounds = Table(
    "rounds",
    db.metadata,
    Column("site", String(64), nullable=False),
    Column("name", String(64), nullable=False),
    Column("status", String(8), nullable=False),
    Column("opened_ms", BigInteger, nullable=False),
    Column("version", String(100), nullable=False),
    PrimaryKeyConstraint("site", "name"),
)
people = Table(
    "people",
    db.metadata,
    Column("site", String(64), nullable=False),
    Column("id_number", String(32), nullable=False),
    Column("name", Text),
    Column("enterprise", Text, nullable=False),
    Column("department", Text),
    Column("phone", Text),
    Column("on_roster", Boolean, nullable=False),
    Column("version", String(100), nullable=False),
    # The projection's: the enterprise and roster it counts the person in, from which position.
    Column("counted_enterprise", Text),
    Column("counted_on_roster", Boolean),
    Column("counted_pos", BigInteger),
    PrimaryKeyConstraint("site", "id_number"),
    Index("people_firm", "site", "enterprise", "on_roster"),
)
# A liaison's reason for a missing person (exemption.requested) and the office's answer
# (exemption.decided, the last writer's when two were made apart).
requests = Table(
    "exemption_requests",
    db.metadata,
    Column("site", String(64), nullable=False),
    Column("id", String(36), nullable=False),
    Column("round", String(64), nullable=False),
    Column("person", String(32), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("place", Text),
    Column("tested_at", Text),
    Column("note", Text),
    Column("requested_by", String(64), nullable=False),
    Column("requested_ms", BigInteger, nullable=False),
    Column("decision", String(16)),
    Column("decision_note", Text),
    Column("decided_by", Text),
    Column("decided_ms", BigInteger),
    Column("decision_version", String(100)),
    PrimaryKeyConstraint("site", "id"),
    Index("exemption_requests_round", "site", "round", "person"),
)
TABLES = (tubes, rounds, people, boxes, requests)


def parse(rows: Iterable[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each stored row with its body read, leaving out a body that is not a JSON object, or that
    today's rules refuse (stored by an older release: a NUL in a department, say), as the folds do."""
    parsed: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for row in rows:
        try:
            body = json.loads(row["body"])
        except ValueError:
            continue
        # Bodies were checked when stored: only one with a control character in its text can have
        # been stored by a release that let it through, so only those are checked again.
        if isinstance(body, dict) and not (
            _MAYBE_CONTROL.search(row["body"]) and bodies.validate(row["kind"], body) is not None
        ):
            parsed.append((row, body))
    return parsed


# A control character as JSON text holds it: escaped (\n, \u0000 to \u001f, \u007f to \u009f) or raw.
_MAYBE_CONTROL = re.compile(
    r"\\[bfnrt]|\\u00[0-1][0-9a-fA-F]|\\u00[7][fF]|\\u00[89][0-9a-fA-F]|[\x00-\x1f\x7f-\x9f]"
)


@dataclass
class _Person:
    enterprise: str
    on_roster: bool
    version: str
    name: str | None = None
    department: str | None = None
    phone: str | None = None


@dataclass
class _Held:
    """The rows a run of stored events touches, loaded once, changed in order, written back."""

    tubes: dict[str, tuple[str, str, str, str | None]] = field(default_factory=dict)
    """code -> (round, checkpoint, device, moved_to) of each tube held already"""
    # code -> (code, round, checkpoint, device, pos) of each tube first opened here
    opened: dict[str, tuple[str, str, str, str, int]] = field(default_factory=dict)
    boxes: set[str] = field(default_factory=set)  # codes held already
    # code -> (code, checkpoint, device, pos) of each box first opened here
    opened_boxes: dict[str, tuple[str, str, str, int]] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)  # old code -> new, moved here
    handed: set[str] = field(default_factory=set)  # codes a handover named here
    rounds: dict[str, tuple[str, int, str] | None] = field(default_factory=dict)
    people: dict[str, _Person | None] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # "round:NAME", "person:ID"


def _tube_opened(held: _Held, row: dict[str, Any], body: dict[str, Any]) -> None:
    code, round_name, gate = str(body["code"]), str(body["round"]), str(body["checkpoint"])
    int(body["pool_size"])
    if code not in held.tubes and code not in held.opened:
        held.opened[code] = (code, round_name, gate, row["device"], row["pos"])


def _box_opened(held: _Held, row: dict[str, Any], body: dict[str, Any]) -> None:
    code, gate = str(body["box"]), str(body["checkpoint"])
    if code not in held.boxes and code not in held.opened_boxes:
        held.opened_boxes[code] = (code, gate, row["device"], row["pos"])


def _tube_moved(held: _Held, row: dict[str, Any], body: dict[str, Any]) -> None:
    old, new = str(body["old"]), str(body["new"])
    str(body["checkpoint"]), str(body["reason"])
    if old in held.opened:
        round_name, gate, device = held.opened[old][1:4]
    elif old in held.tubes:
        round_name, gate, device = held.tubes[old][:3]
    else:
        return
    broken = old in held.moved or (old in held.tubes and held.tubes[old][3] is not None)
    if broken or new in held.tubes or new in held.opened:
        return
    held.opened[new] = (new, round_name, gate, device, row["pos"])
    held.moved[old] = new


def _handover(held: _Held, _row: dict[str, Any], body: dict[str, Any]) -> None:
    str(body["checkpoint"])
    held.handed.update(str(code) for code in body["tubes"])


def _round_opened(held: _Held, row: dict[str, Any], body: dict[str, Any]) -> None:
    name, version = str(body["name"]), rules.version(row["hlc"], row["device"])
    int(body["pool_size"])
    was = held.rounds.get(name)
    if rules.wins(version, None if was is None else was[2]):
        held.rounds[name] = ("open", clock.wall_ms(row["hlc"]), version)
        held.changed.add("round:" + name)


def _round_closed(held: _Held, row: dict[str, Any], body: dict[str, Any]) -> None:
    name, version = str(body["name"]), rules.version(row["hlc"], row["device"])
    was = held.rounds.get(name)
    if was is not None and rules.wins(version, was[2]):
        held.rounds[name] = ("closed", was[1], version)
        held.changed.add("round:" + name)


def _person(held: _Held, row: dict[str, Any], body: dict[str, Any]) -> None:
    key, version = str(body["id_number"]), rules.version(row["hlc"], row["device"])
    new = _Person(
        str(body["enterprise"]),
        bool(body.get("on_roster", True)),
        version,
        body["name"],
        body.get("department"),
        body.get("phone"),
    )
    was = held.people.get(key)
    if rules.wins(version, None if was is None else was.version):
        held.people[key] = new
        held.changed.add("person:" + key)


_RULES: dict[str, Any] = {
    "tube.opened": _tube_opened,
    "box.opened": _box_opened,
    "tube.moved": _tube_moved,
    "handover.recorded": _handover,
    "round.opened": _round_opened,
    "round.closed": _round_closed,
    "person.upserted": _person,
}


_REQUEST_KINDS = frozenset({"exemption.requested", "exemption.decided"})


def kept_kinds() -> frozenset[str]:
    """The event kinds these rows are folded from."""
    return frozenset(_RULES) | _REQUEST_KINDS


def note_stored(conn: Connection, site: str, parsed: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Fold newly stored event rows (with their feed positions), each with its body, into the site's
    rows, in feed order (inside the transaction that stores them)."""
    parsed = list(parsed)
    _note_requests(conn, site, [(row, body) for row, body in parsed if row["kind"] in _REQUEST_KINDS])
    tracked = [(row, body) for row, body in parsed if row["kind"] in _RULES]
    if not tracked:
        return
    held = _load_held(conn, site, tracked)
    for row, body in tracked:
        try:
            _RULES[row["kind"]](held, row, body)
        except APPLY_ERRORS:
            continue
    _write_held(conn, site, held)


def _note_requests(conn: Connection, site: str, tracked: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """The station's exemption_requests rules (registration/setup/exemption_requests.py), row by row:
    a site has a few requests per missing person, never a bulk of them."""
    r = requests.c
    for row, body in tracked:
        try:
            if row["kind"] == "exemption.requested":
                held = conn.execute(select(r.id).where(r.site == site, r.id == row["id"])).first()
                if held is None:
                    conn.execute(
                        insert(requests).values(
                            site=site,
                            id=row["id"],
                            round=str(body["round"]),
                            person=str(body["person"]),
                            reason=str(body["reason"]),
                            place=body.get("place"),
                            tested_at=body.get("tested_at"),
                            note=body.get("note"),
                            requested_by=str(body["by"]),
                            requested_ms=clock.wall_ms(row["hlc"]),
                        )
                    )
                continue
            version = rules.version(row["hlc"], row["device"])
            conn.execute(
                requests.update()
                .where(
                    r.site == site,
                    r.id == str(body["request"]),
                    r.decision_version.is_(None) | (r.decision_version < version),
                )
                .values(
                    decision="accepted" if body["accepted"] else "declined",
                    decision_note=body.get("note"),
                    decided_by=str(body["by"]),
                    decided_ms=clock.wall_ms(row["hlc"]),
                    decision_version=version,
                )
            )
        except APPLY_ERRORS:
            continue


def _load_held(conn: Connection, site: str, tracked: list[tuple[dict[str, Any], dict[str, Any]]]) -> _Held:
    held = _Held()
    keys: dict[str, set[str]] = {"tube": set(), "box.opened": set(), "round": set(), "person.upserted": set()}
    for row, body in tracked:
        kind = row["kind"]
        if kind == "tube.moved":
            keys["tube"].update((str(body.get("old")), str(body.get("new"))))
            continue
        if kind == "handover.recorded":  # marks its tubes by code: nothing to load first
            continue
        key = (
            body.get("id_number")
            if kind == "person.upserted"
            else body.get("code" if kind == "tube.opened" else "box" if kind == "box.opened" else "name")
        )
        group = "tube" if kind == "tube.opened" else "round" if kind.startswith("round.") else kind
        keys[group].add(str(key))
    held.tubes = {
        found.code: (found.round, found.checkpoint, found.device, found.moved_to)
        for found in _select(
            conn, site, tubes, ("code", "round", "checkpoint", "device", "moved_to"), keys["tube"]
        )
    }
    held.boxes = {found.code for found in _select(conn, site, boxes, ("code",), keys["box.opened"])}
    held.rounds.update(dict.fromkeys(keys["round"]))
    for found in _select(conn, site, rounds, ("name", "status", "opened_ms", "version"), keys["round"]):
        held.rounds[found.name] = (found.status, found.opened_ms, found.version)
    held.people.update(dict.fromkeys(keys["person.upserted"]))
    columns = ("id_number", "enterprise", "on_roster", "version")
    for found in _select(conn, site, people, columns, keys["person.upserted"]):
        held.people[found.id_number] = _Person(found.enterprise, bool(found.on_roster), found.version)
    return held


def _write_held(conn: Connection, site: str, held: _Held) -> None:
    columns = ("site", "code", "round", "checkpoint", "device", "pos")
    bulk.insert(conn, tubes, columns, ((site, *opened) for opened in held.opened.values()))
    bulk.update(
        conn, tubes, ("site", "code"), ("moved_to",), ((site, old, new) for old, new in held.moved.items())
    )
    bulk.update(conn, tubes, ("site", "code"), ("handed_over",), ((site, code, True) for code in held.handed))
    bulk.insert(
        conn,
        boxes,
        ("site", "code", "checkpoint", "device", "pos"),
        ((site, *opened) for opened in held.opened_boxes.values()),
    )
    bulk.insert(
        conn,
        rounds,
        ("site", "name", "status", "opened_ms", "version"),
        (
            (site, name, *value)
            for name, value in held.rounds.items()
            if value is not None and "round:" + name in held.changed
        ),
        replace=("status", "opened_ms", "version"),
    )
    changed = [
        (site, key, p.name, p.enterprise, p.department, p.phone, p.on_roster, p.version)
        for key, p in held.people.items()
        if p is not None and "person:" + key in held.changed
    ]
    person_columns = (
        "site",
        "id_number",
        "name",
        "enterprise",
        "department",
        "phone",
        "on_roster",
        "version",
    )
    bulk.insert(conn, people, person_columns, changed, replace=person_columns[2:])


def _select(conn: Connection, site: str, table: Table, columns: Sequence[str], keys: set[str]) -> list[Any]:
    return bulk.select_in(conn, table, columns, columns[0], keys, site=site)


def build(engine: Engine) -> None:
    """Fold every site's rows from the event log once, for a database made before they were kept."""
    s = db.settings.c
    with db.writing(engine) as conn:
        if conn.execute(select(s.value).where(s.key == _BUILT)).scalar() is not None:
            return
        for site in list(conn.execute(select(db.sites.c.site)).scalars()):
            rebuild(conn, site)
        conn.execute(insert(db.settings).values(key=_BUILT, value="1"))


def rebuild(conn: Connection, site: str, page: int = 5000) -> None:
    """Fold the site's rows again from its event log (its events changed: a purge)."""
    for table in TABLES:
        conn.execute(delete(table).where(table.c.site == site))
    e = db.events.c
    after = 0
    while True:
        rows = [
            dict(row._mapping)
            for row in conn.execute(
                select(e.pos, e.id, e.device, e.hlc, e.kind, e.body)
                .where(e.site == site, e.pos > after, e.kind.in_(kept_kinds()))
                .order_by(e.pos)
                .limit(page)
            )
        ]
        if not rows:
            return
        note_stored(conn, site, parse(rows))
        after = rows[-1]["pos"]
