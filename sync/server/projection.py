"""The dashboard's projection: per-site tables brought up to date from the event log after events
are stored (by the server's projector, and by every reader first), so the command centre reads its
figures without folding the site, and a push never waits for them.

The rules are registration/reports/figures.py's, as the station's appliers use them: last writer wins
for enterprises, exemptions and results; the claim on a registration (a correction or a void)
stamped first holds it; what each person contributes to a round. Tubes, rounds and people are the
site's records (sync/server/records.py), kept as events are stored: the projection reads them and
keeps, in columns of its own stamped with the feed position it had reached, which tubes it has
counted sealed and handed over, and the enterprise and roster it counts each person in. So a
projection built again from the start (its position gone) takes none of them for its own.

A batch is applied in memory over the rows it touches, and the per-enterprise counters move by the
difference between each touched person's contribution before (as counted) and after (as the
records hold them now), so a batch costs a few statements whatever its size. A closed round is not
read from here: the dashboard shows it as it stood at its close, from the station's own
reconciliation (sync/server/folds.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite

from registration.errors import Reason
from registration.people import identity
from registration.reports import figures as rules
from registration.reports.figures import Claim
from registration.storage import clock
from sync.server import bulk, db, records
from sync.server.records import people, rounds, tubes

_M = db.metadata


def _table(name: str, *columns: Any, key: Sequence[str], indexes: Iterable[Index] = ()) -> Table:
    return Table(
        name, _M, Column("site", String(64), nullable=False), *columns, PrimaryKeyConstraint(*key), *indexes
    )


enterprises = _table(
    "proj_enterprises",
    Column("name", Text, nullable=False),
    Column("reported", Integer),
    Column("contact", Text),
    Column("phone", Text),
    Column("version", String(100), nullable=False),
    key=("site", "name"),
)
registrations = _table(
    "proj_registrations",
    Column("event", String(36), nullable=False),
    Column("round", String(64), nullable=False),
    Column("person", String(32), nullable=False),
    Column("checkpoint", String(64), nullable=False),
    Column("tube", String(64)),
    Column("at_ms", BigInteger, nullable=False),
    Column("voided", Boolean, nullable=False),
    Column("corrects", String(36)),
    # The name an ID card gave, for a person no roster knows (registration.card_name).
    Column("card_name", Text),
    key=("site", "event"),
    indexes=[
        Index("proj_registrations_tube", "site", "tube"),
        Index("proj_registrations_corrects", "site", "corrects"),
        Index("proj_registrations_person", "site", "person"),
    ],
)
# Who holds each corrected or voided registration: the claim stamped first, kept even before the
# registration arrives.
claims = _table(
    "proj_claims",
    Column("target", String(36), nullable=False),
    Column("event", String(36), nullable=False),
    Column("version", String(100), nullable=False),
    Column("correction", Boolean, nullable=False),
    key=("site", "target"),
)
# Claims set aside: a correction here has left its tube position (registrations.claims_set_aside).
aside = _table("proj_aside", Column("event", String(36), nullable=False), key=("site", "event"))
# The person x round tested set: live registrations of each person in each round.
tested = _table(
    "proj_tested",
    Column("person", String(32), nullable=False),
    Column("round", String(64), nullable=False),
    Column("live", Integer, nullable=False),
    key=("site", "person", "round"),
)
exemptions = _table(
    "proj_exemptions",
    Column("person", String(32), nullable=False),
    Column("round", String(64), nullable=False),
    Column("reason", String(32)),
    Column("version", String(100), nullable=False),
    key=("site", "person", "round"),
)
results = _table(
    "proj_results",
    Column("tube", String(64), nullable=False),
    Column("result", String(16), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("version", String(100), nullable=False),
    key=("site", "tube"),
)
# Counters, moved by differences: people per enterprise, and per round the tested, walk-ins
# tested and exempt-untested of each enterprise; registrations of no known person per round.
firm_people = _table(
    "proj_firm_people",
    Column("enterprise", Text, nullable=False),
    Column("roster", Integer, nullable=False),
    Column("off_roster", Integer, nullable=False),
    key=("site", "enterprise"),
)
firm_round = _table(
    "proj_firm_round",
    Column("round", String(64), nullable=False),
    Column("enterprise", Text, nullable=False),
    Column("tested", Integer, nullable=False),
    Column("walk_ins", Integer, nullable=False),
    Column("exempt", Integer, nullable=False),
    key=("site", "round", "enterprise"),
)
strangers = _table(
    "proj_strangers",
    Column("round", String(64), nullable=False),
    Column("tested", Integer, nullable=False),
    key=("site", "round"),
)
gates = _table(
    "proj_gates",
    Column("round", String(64), nullable=False),
    Column("checkpoint", String(64), nullable=False),
    Column("registrations", Integer, nullable=False),
    Column("tubes", Integer, nullable=False),
    Column("sealed", Integer, nullable=False),
    Column("handed", Integer, nullable=False),
    # Tubes put in a transport box, that the lab said it received, that have a result.
    Column("boxed", Integer, nullable=False),
    Column("received", Integer, nullable=False),
    Column("resulted", Integer, nullable=False),
    key=("site", "round", "checkpoint"),
)
# Live registrations per checkpoint and minute (laptop time): the chart and the recent rate.
minutes = _table(
    "proj_minutes",
    Column("round", String(64), nullable=False),
    Column("checkpoint", String(64), nullable=False),
    Column("minute", BigInteger, nullable=False),
    Column("registrations", Integer, nullable=False),
    key=("site", "round", "checkpoint", "minute"),
)
# How far each site's events are projected: a server upgraded over an existing database catches up.
positions = _table("proj_positions", Column("pos", BigInteger, nullable=False), key=("site",))
senders = _table(
    "proj_devices",
    Column("device", String(64), nullable=False),
    Column("stored", BigInteger, nullable=False),
    Column("high_seq", BigInteger, nullable=False),
    Column("last_ms", BigInteger, nullable=False),
    key=("site", "device"),
)

TABLES = [t for name, t in _M.tables.items() if name.startswith("proj_")]

# A person as the counters see them: (enterprise, on the roster); None, known to nobody.
_Counted = tuple[str, bool] | None


@dataclass
class _Batch:
    """The rows a batch touches, loaded once, changed in memory, written back at the end."""

    after: int  # the feed position projected before the batch
    people: dict[str, _Counted] = field(default_factory=dict)  # as the records hold them
    counted: dict[str, _Counted] = field(default_factory=dict)  # as the counters hold them
    tested: dict[tuple[str, str], int] = field(default_factory=dict)
    exempt: dict[tuple[str, str], tuple[str | None, str]] = field(default_factory=dict)
    regs: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_regs: list[str] = field(default_factory=list)
    voided: set[str] = field(default_factory=set)
    claims: dict[str, Claim | None] = field(default_factory=dict)  # target -> the claim holding it
    aside: dict[str, bool] = field(default_factory=dict)  # claim -> set aside (loaded or made here)
    newly_aside: set[str] = field(default_factory=set)
    firms: dict[str, tuple[int | None, str | None, str | None, str]] = field(default_factory=dict)
    tubes: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    moves: list[tuple[str, str]] = field(default_factory=list)  # (old, new) of each tube.moved, in order
    results: dict[str, tuple[str, int, str] | None] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    gates: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    minutes: Counter[tuple[str, str, int]] = field(default_factory=Counter)


def apply(conn: Connection, site: str, after: int, rows: Sequence[dict[str, Any]]) -> None:
    """Bring the projection up to date with stored ``rows`` (eventlog's, the next after its position
    ``after``), in the caller's transaction."""
    if not rows:
        return
    parsed = records.parse(rows)
    state = _load(conn, site, after, parsed)
    before = _contributions(state, state.counted)
    for row, body in parsed:
        handler = _APPLIERS.get(row["kind"])
        if handler is None:
            continue
        try:
            handler(state, row, body)
        except records.APPLY_ERRORS:
            continue  # the station sets such an event aside too: it changes nothing
    delta = _contributions(state, state.people)
    delta.subtract(before)
    reached = max(row["pos"] for row in rows)
    _write(conn, site, state, delta, reached)
    _note_senders(conn, site, rows)
    _upsert(conn, positions, [{"site": site, "pos": reached}])


def catch_up(engine: Engine, page: int = 5000, site: str | None = None) -> int:
    """Project the events stored before the call that the projection lacks, of every site or of
    ``site``, ``page`` events per transaction; how many there were. Events stored meanwhile are
    left to the next call: a catch-up never chases pushes that keep coming."""
    done = 0
    with db.reading(engine) as conn:
        behind = {name: lag for name, lag in lags(conn, site).items() if lag}
    for name, left in behind.items():
        while left > 0:
            with db.writing(engine) as conn:
                projected = project_pending(conn, name, min(page, left))
            done += projected
            left -= projected
            if not projected:  # another projector took them
                break
    return done


def lags(conn: Connection, site: str | None = None) -> dict[str, int]:
    """Each site's (or ``site``'s) events stored but not yet projected."""
    s, p = db.sites.c, positions.c
    query = select(s.site, s.head - func.coalesce(p.pos, 0)).join_from(
        db.sites, positions, p.site == s.site, isouter=True
    )
    if site is not None:
        query = query.where(s.site == site)
    return {name: int(lag) for name, lag in conn.execute(query)}


def project_pending(conn: Connection, site: str, limit: int | None = None) -> int:
    """Project the site's events after its projected position (at most ``limit``) in the caller's
    write transaction; how many."""
    lock(conn, site)
    after = position(conn, site)
    e = db.events.c
    query = (
        select(e.site, e.id, e.pos, e.device, e.seq, e.hlc, e.kind, e.body, e.received_ms)
        .where(e.site == site, e.pos > after)
        .order_by(e.pos)
        .limit(limit)
    )
    rows = [dict(r._mapping) for r in conn.execute(query)]
    apply(conn, site, after, rows)
    return len(rows)


def lock(conn: Connection, site: str) -> None:
    """Hold the site's projection for this transaction: two projectors never apply the same events.

    Not the site's own row, which every push to the site waits on; in SQLite a write transaction is
    alone already. Events need no lock to be read in order: their positions commit in order.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(func.hashtext("projection:" + site))))


def position(conn: Connection, site: str) -> int:
    """The feed position the site's projection has reached."""
    return int(conn.execute(select(positions.c.pos).where(positions.c.site == site)).scalar() or 0)


def _load(
    conn: Connection, site: str, after: int, parsed: Sequence[tuple[dict[str, Any], dict[str, Any]]]
) -> _Batch:
    state = _Batch(after)
    persons: set[str] = set()
    targets: set[str] = set()
    made: set[str] = set()
    codes: set[str] = set()
    for stored, body in parsed:
        kind = stored["kind"]
        value = body.get
        if kind == "registration":
            persons.add(str(value("person")))
            made.add(str(stored["id"]))
            if value("corrects"):
                targets.add(str(value("corrects")))
        elif kind == "void":
            targets.add(str(value("event")))
        elif kind in ("person.upserted",):
            persons.add(str(value("id_number")))
        elif kind in ("exemption.set", "exemption.cleared"):
            persons.add(str(value("person")))
        elif kind == "enterprise.upserted":
            state.firms.setdefault(str(value("name")), (None, None, None, ""))
        elif kind in ("tube.opened", "tube.sealed"):
            codes.add(str(value("code")))
        elif kind == "tube.moved":
            codes.update((str(value("old")), str(value("new"))))
        elif kind == "tube.result":
            codes.add(str(value("tube")))
            state.results.setdefault(str(value("tube")), None)
        elif kind in ("handover.recorded", "box.filled", "lab.received") and isinstance(value("tubes"), list):
            codes.update(str(c) for c in body["tubes"])

    def rows(table: Table, columns: Sequence[str], key: str, keys: Iterable[str]) -> list[Any]:
        return bulk.select_in(conn, table, columns, key, keys, site=site)

    reg_columns = ("event", "round", "person", "checkpoint", "at_ms", "voided")

    def fetch(wanted: list[str]) -> None:
        """The claims on ``wanted``, whether each is set aside, and the registrations of the
        corrections holding them (a claim that loses sets those aside)."""
        state.claims.update(dict.fromkeys(wanted))
        for row in rows(claims, ("target", "event", "version", "correction"), "target", wanted):
            state.claims[row.target] = Claim(row.event, row.version, bool(row.correction))
        for key in wanted:
            state.aside.setdefault(key, False)
        for row in rows(aside, ("event",), "event", wanted):
            state.aside[row.event] = True
        claimants = {c.event for k in wanted if (c := state.claims[k]) is not None and c.correction}
        for reg in rows(registrations, reg_columns, "event", (set(wanted) | claimants) - state.regs.keys()):
            state.regs[reg.event] = dict(reg._mapping)
            persons.add(reg.person)

    # Down each chain of corrections of corrections, which a claim set aside takes along.
    frontier = targets | made
    while frontier:
        fetch(sorted(frontier))
        frontier = {c.event for k in frontier if (c := state.claims[k]) is not None and c.correction}
        frontier -= state.claims.keys()
    state.people.update(dict.fromkeys(sorted(persons)))
    state.counted.update(state.people)
    columns = (
        "id_number",
        "enterprise",
        "on_roster",
        "counted_enterprise",
        "counted_on_roster",
        "counted_pos",
    )
    for row in rows(people, columns, "id_number", persons):
        state.people[row.id_number] = (row.enterprise, bool(row.on_roster))
        if row.counted_enterprise is not None and _held(row.counted_pos, after):
            state.counted[row.id_number] = (row.counted_enterprise, bool(row.counted_on_roster))
    for row in rows(tested, ("person", "round", "live"), "person", persons):
        state.tested[(row.person, row.round)] = row.live
    for row in rows(exemptions, ("person", "round", "reason", "version"), "person", persons):
        state.exempt[(row.person, row.round)] = (row.reason, row.version)
    for row in rows(enterprises, ("name", "reported", "contact", "phone", "version"), "name", state.firms):
        state.firms[row.name] = (row.reported, row.contact, row.phone, row.version)
    state.tubes.update(dict.fromkeys(sorted(codes)))
    for row in rows(tubes, ("code", "round", "checkpoint", "pos", *_STAGES), "code", codes):
        stamps = {stage: getattr(row, stage) for stage in _STAGES}
        state.tubes[row.code] = {
            "code": row.code,
            "round": row.round,
            "checkpoint": row.checkpoint,
            "pos": row.pos,
        } | {stage: stamp if _held(stamp, after) else None for stage, stamp in stamps.items()}
    for row in rows(results, ("tube", "result", "at_ms", "version"), "tube", state.results):
        state.results[row.tube] = (row.result, row.at_ms, row.version)
    state.firms = {k: v for k, v in state.firms.items() if v[3]}
    return state


# What happens to a tube once, each stamped with the feed position of the event that did it first.
_STAGES = ("sealed_pos", "handed_pos", "boxed_pos", "received_pos", "resulted_pos")


def _held(stamp: int | None, after: int) -> bool:
    """Whether the projection's column stamped ``stamp`` is of the projection at ``after``: a stamp
    past it is left from before the projection was built again."""
    return stamp is not None and stamp <= after


def _chunks(keys: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    ordered = sorted(keys)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def _version(row: dict[str, Any]) -> str:
    return rules.version(row["hlc"], row["device"])


def _wall_ms(row: dict[str, Any]) -> int:
    return clock.wall_ms(row["hlc"])


_REGISTRATION_COLUMNS = (
    "event",
    "round",
    "person",
    "checkpoint",
    "tube",
    "at_ms",
    "voided",
    "corrects",
    "card_name",
)


def _registration(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    reg = {
        "event": row["id"],
        "round": str(body["round"]),
        "person": str(body["person"]),
        "checkpoint": str(body["checkpoint"]),
        "tube": body.get("tube"),
        "at_ms": _wall_ms(row),
        "voided": False,
        "corrects": None if body.get("corrects") is None else str(body["corrects"]),
        "card_name": body.get("card_name"),
    }
    state.regs[row["id"]] = reg
    state.new_regs.append(row["id"])
    _count(state, reg, +1)
    if reg["corrects"]:
        _claim(state, reg["corrects"], Claim(row["id"], _version(row), True))
    if state.claims.get(row["id"]) is not None:
        # A claim came first (bundles need not keep order): as the station does, it holds now.
        _mark_voided(state, row["id"])


def _void(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    str(body["reason"])
    _claim(state, str(body["event"]), Claim(row["id"], _version(row), False))


def _claim(state: _Batch, target: str, incoming: Claim) -> None:
    """registrations._claim's rule: the claim stamped first holds the registration, here or not
    yet; a correction that loses leaves the tube position."""
    holder, lost = rules.first_claim(state.claims.get(target), incoming)
    if holder is incoming:
        state.claims[target] = holder
        state.dirty.add("claims")
        _mark_voided(state, target)
        if incoming.correction and state.aside.get(target):
            _set_aside(state, incoming)
    if lost is not None:
        _set_aside(state, lost)


def _set_aside(state: _Batch, claim: Claim) -> None:
    """registrations._set_aside: a correction set aside leaves its position, and so does whoever
    corrected it."""
    if not state.aside.get(claim.event):
        state.newly_aside.add(claim.event)
    state.aside[claim.event] = True
    if not claim.correction:
        return
    _mark_voided(state, claim.event)
    corrected_by = state.claims.get(claim.event)
    if corrected_by is not None and corrected_by.correction:
        _set_aside(state, corrected_by)


def _mark_voided(state: _Batch, target: str) -> None:
    reg = state.regs.get(target)
    if reg is None or reg["voided"]:
        return
    reg["voided"] = True
    state.voided.add(target)
    _count(state, reg, -1)


def _count(state: _Batch, reg: dict[str, Any], step: int) -> None:
    key = (reg["person"], reg["round"])
    state.tested[key] = state.tested.get(key, 0) + step
    state.dirty.add("tested")
    state.gates[(reg["round"], reg["checkpoint"], "registrations")] += step
    state.minutes[(reg["round"], reg["checkpoint"], reg["at_ms"] // 60_000)] += step


def _exemption(reason: str | None) -> Any:
    def handle(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
        key, version = (str(body["person"]), str(body["round"])), _version(row)
        held = state.exempt.get(key)
        if rules.wins(version, None if held is None else held[1]):
            state.exempt[key] = (body["reason"] if reason is None else None, version)
            state.dirty.add("exempt")

    return handle


def _enterprise(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    name, version = str(body["name"]), _version(row)
    held = state.firms.get(name)
    reported = body.get("reported")
    if rules.wins(version, None if held is None else held[3]):
        state.firms[name] = (
            None if reported is None else int(reported),
            body.get("contact"),
            body.get("phone"),
            version,
        )
        state.dirty.add("firms")


def _tube_opened(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    tube = state.tubes.get(str(body["code"]))
    if tube is not None and tube["pos"] == row["pos"]:  # the first to open it: the records say so
        state.gates[(tube["round"], tube["checkpoint"], "tubes")] += 1


def _tube_sealed(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    str(body["reason"])
    _tube_event(state, row, str(body["code"]), "sealed")


def _tube_moved(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    """The old tube's people are the new one's; a new tube whose old one was counted sealed is
    sealed already (it is not counted again: the two are one tube in the figures)."""
    old, new = state.tubes.get(str(body["old"])), state.tubes.get(str(body["new"]))
    if old is None or new is None or new["pos"] != row["pos"]:  # not the move the records made
        return
    state.moves.append((old["code"], new["code"]))
    if old["sealed_pos"] is not None and new["sealed_pos"] is None:
        new["sealed_pos"] = row["pos"]
        new["changed"] = True


def _handover(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    str(body["checkpoint"]), int(body["count"])
    for code in body["tubes"]:
        _tube_event(state, row, str(code), "handed")


def _boxed(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    str(body["box"])
    for code in body["tubes"]:
        _tube_event(state, row, str(code), "boxed")


def _received(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    str(body["digest"])
    for code in body["tubes"]:
        _tube_event(state, row, str(code), "received")


def _tube_event(state: _Batch, row: dict[str, Any], code: str, what: str) -> None:
    """The first seal (handover, boxing, receipt by the lab, result) of a tube opened before it counts."""
    tube = state.tubes.get(code)
    if tube is not None and tube["pos"] < row["pos"] and tube[what + "_pos"] is None:
        tube[what + "_pos"] = row["pos"]
        tube["changed"] = True
        state.gates[(tube["round"], tube["checkpoint"], what)] += 1


def _result(state: _Batch, row: dict[str, Any], body: dict[str, Any]) -> None:
    tube, version = str(body["tube"]), _version(row)
    held = state.results.get(tube)
    if rules.wins(version, None if held is None else held[2]):
        state.results[tube] = (str(body["result"]), _wall_ms(row), version)
        state.dirty.add("results")
    _tube_event(state, row, tube, "resulted")


_APPLIERS: dict[str, Any] = {
    "registration": _registration,
    "void": _void,
    "exemption.set": _exemption(None),
    "exemption.cleared": _exemption("cleared"),
    "enterprise.upserted": _enterprise,
    "tube.opened": _tube_opened,
    "tube.sealed": _tube_sealed,
    "tube.moved": _tube_moved,
    "handover.recorded": _handover,
    "box.filled": _boxed,
    "lab.received": _received,
    "tube.result": _result,
}


def handled_kinds() -> frozenset[str]:
    """The event kinds the dashboard's figures are folded from, here and in the site's records
    (registration/storage/catalogue.py says which must be)."""
    return frozenset(_APPLIERS) | records.kept_kinds()


def _contributions(state: _Batch, people_as: dict[str, _Counted]) -> Counter[tuple[str, ...]]:
    """What the touched people, ``people_as`` these say they are, add to the counters
    (registration/reports/figures.py's rule)."""
    out: Counter[tuple[str, ...]] = Counter()
    for person in people_as.values():
        if person is not None:
            out[("people", person[0], "roster" if person[1] else "off_roster")] += 1
    pairs = {pair for pair, live in state.tested.items() if live > 0}
    pairs |= {pair for pair, (reason, _) in state.exempt.items() if reason is not None}
    for person_id, round_name in pairs:
        person = people_as.get(person_id)
        counter = rules.contribution(
            None if person is None else person[1],
            state.tested.get((person_id, round_name), 0) > 0,
            state.exempt.get((person_id, round_name), (None, ""))[0] is not None,
        )
        if counter == "strangers":
            out[("strangers", round_name)] += 1
        elif counter is not None and person is not None:
            out[("firm", round_name, person[0], counter)] += 1
    return out


def _upsert(conn: Connection, table: Table, rows: list[dict[str, Any]], *, add: Sequence[str] = ()) -> None:
    """Insert ``rows`` or, on the key, replace their values (``add``: add them to what is held)."""
    if not rows:
        return
    columns = list(rows[0])
    keys = {c.name for c in table.primary_key.columns}
    replace = [c for c in columns if c not in keys and c not in add]
    bulk.insert(conn, table, columns, ([row[c] for c in columns] for row in rows), replace=replace, add=add)


def _write(conn: Connection, site: str, state: _Batch, delta: Counter[tuple[str, ...]], reached: int) -> None:
    bulk.update(
        conn,
        people,
        ("site", "id_number"),
        ("counted_enterprise", "counted_on_roster", "counted_pos"),
        (
            (site, key, now[0], now[1], reached)
            for key, now in state.people.items()
            if now is not None and now != state.counted[key]
        ),
    )
    if "firms" in state.dirty:
        _upsert(
            conn,
            enterprises,
            [
                {"site": site, "name": n, "reported": v[0], "contact": v[1], "phone": v[2], "version": v[3]}
                for n, v in state.firms.items()
            ],
        )
    if "results" in state.dirty:
        _upsert(
            conn,
            results,
            [
                {"site": site, "tube": n, "result": v[0], "at_ms": v[1], "version": v[2]}
                for n, v in state.results.items()
                if v is not None
            ],
        )
    if "exempt" in state.dirty:
        _upsert(
            conn,
            exemptions,
            [
                {"site": site, "person": k[0], "round": k[1], "reason": v[0], "version": v[1]}
                for k, v in state.exempt.items()
            ],
        )
    if "claims" in state.dirty:
        _upsert(
            conn,
            claims,
            [
                {
                    "site": site,
                    "target": target,
                    "event": c.event,
                    "version": c.version,
                    "correction": c.correction,
                }
                for target, c in state.claims.items()
                if c is not None
            ],
        )
    _upsert(conn, aside, [{"site": site, "event": e} for e in sorted(state.newly_aside)])
    if "tested" in state.dirty:
        _upsert(
            conn,
            tested,
            [{"site": site, "person": k[0], "round": k[1], "live": v} for k, v in state.tested.items()],
        )
    bulk.insert(
        conn,
        registrations,
        ("site", *_REGISTRATION_COLUMNS),
        ([site, *(state.regs[event][c] for c in _REGISTRATION_COLUMNS)] for event in state.new_regs),
    )
    old = sorted(state.voided - set(state.new_regs))
    r = registrations.c
    for chunk in _chunks(old):
        conn.execute(registrations.update().where(r.site == site, r.event.in_(chunk)).values(voided=True))
    for was, now in state.moves:
        conn.execute(registrations.update().where(r.site == site, r.tube == was).values(tube=now))
    bulk.update(
        conn,
        tubes,
        ("site", "code"),
        _STAGES,
        (
            (site, t["code"], *(t[stage] for stage in _STAGES))
            for t in state.tubes.values()
            if t is not None and t.get("changed")
        ),
    )
    _write_counters(conn, site, state, delta)


_GATE_COUNTS = ("registrations", "tubes", "sealed", "handed", "boxed", "received", "resulted")


def _write_counters(conn: Connection, site: str, state: _Batch, delta: Counter[tuple[str, ...]]) -> None:
    firm_people_rows: dict[str, dict[str, Any]] = {}
    firm_round_rows: dict[tuple[str, str], dict[str, Any]] = {}
    stranger_rows: dict[str, dict[str, Any]] = {}
    for key, step in delta.items():
        if not step:
            continue
        if key[0] == "people":
            row = firm_people_rows.setdefault(
                key[1], {"site": site, "enterprise": key[1], "roster": 0, "off_roster": 0}
            )
            row[key[2]] += step
        elif key[0] == "firm":
            row = firm_round_rows.setdefault(
                (key[1], key[2]),
                {
                    "site": site,
                    "round": key[1],
                    "enterprise": key[2],
                    "tested": 0,
                    "walk_ins": 0,
                    "exempt": 0,
                },
            )
            row[key[3]] += step
        else:
            stranger_rows.setdefault(key[1], {"site": site, "round": key[1], "tested": 0})["tested"] += step
    _upsert(conn, firm_people, list(firm_people_rows.values()), add=("roster", "off_roster"))
    _upsert(conn, firm_round, list(firm_round_rows.values()), add=("tested", "walk_ins", "exempt"))
    _upsert(conn, strangers, list(stranger_rows.values()), add=("tested",))
    gate_rows: dict[tuple[str, str], dict[str, Any]] = {}
    for (round_name, gate, what), step in state.gates.items():
        row = gate_rows.setdefault(
            (round_name, gate),
            {
                "site": site,
                "round": round_name,
                "checkpoint": gate,
                **dict.fromkeys(_GATE_COUNTS, 0),
            },
        )
        row[what] += step
    _upsert(conn, gates, list(gate_rows.values()), add=_GATE_COUNTS)
    _upsert(
        conn,
        minutes,
        [
            {"site": site, "round": k[0], "checkpoint": k[1], "minute": k[2], "registrations": step}
            for k, step in state.minutes.items()
            if step
        ],
        add=("registrations",),
    )


def _note_senders(conn: Connection, site: str, rows: Sequence[dict[str, Any]]) -> None:
    by_device: dict[str, dict[str, Any]] = {}
    for row in rows:
        held = by_device.setdefault(
            row["device"],
            {
                "site": site,
                "device": row["device"],
                "stored": 0,
                "high_seq": 0,
                "last_ms": row["received_ms"],
            },
        )
        held["stored"] += 1
        held["high_seq"] = max(held["high_seq"], row["seq"])
    if not by_device:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(senders)
    c = senders.c
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["site", "device"],
            set_={
                "stored": c.stored + stmt.excluded.stored,
                "high_seq": _greatest(conn, c.high_seq, stmt.excluded.high_seq),
                "last_ms": stmt.excluded.last_ms,
            },
        ),
        list(by_device.values()),
    )


def _greatest(conn: Connection, a: Any, b: Any) -> Any:
    return func.greatest(a, b) if conn.dialect.name == "postgresql" else func.max(a, b)


def reconciliation(conn: Connection, site: str, round_name: str) -> dict[str, Any]:
    """The round's figures in reconcile.reconcile's very shape, read from the counters."""
    if (
        conn.execute(select(rounds.c.name).where(rounds.c.site == site, rounds.c.name == round_name)).first()
        is None
    ):
        raise LookupError(Reason("round.unknown", round=round_name))
    fp, fr, en, g = firm_people.c, firm_round.c, enterprises.c, gates.c
    roster: dict[str, int] = {}
    off_roster: set[str] = set()
    for row in conn.execute(select(fp.enterprise, fp.roster, fp.off_roster).where(fp.site == site)):
        if row.roster:
            roster[row.enterprise] = row.roster
        if row.off_roster:
            off_roster.add(row.enterprise)
    counts = {
        row.enterprise: row
        for row in conn.execute(
            select(fr.enterprise, fr.tested, fr.walk_ins, fr.exempt).where(
                fr.site == site, fr.round == round_name
            )
        )
    }
    reported = {
        row.name: row.reported for row in conn.execute(select(en.name, en.reported).where(en.site == site))
    }
    firms = []
    totals = Counter[str]()
    for name in sorted(roster.keys() | off_roster | reported.keys()):
        held = counts.get(name)
        tested_n, walk_ins, exempt = (held.tested, held.walk_ins, held.exempt) if held else (0, 0, 0)
        totals.update(roster=roster.get(name, 0), exempt=exempt, tested=tested_n, walk_ins=walk_ins)
        firms.append(
            {"enterprise": name}
            | rules.figures(roster.get(name, 0), reported.get(name), exempt, tested_n, walk_ins)
        )
    declared = [n for n in reported.values() if n is not None]
    stranger = conn.execute(
        select(strangers.c.tested).where(strangers.c.site == site, strangers.c.round == round_name)
    ).scalar()
    per_gate = {
        row.checkpoint: row
        for row in conn.execute(
            select(g.checkpoint, g.registrations, g.tubes).where(g.site == site, g.round == round_name)
        )
        if row.registrations or row.tubes
    }
    known = set(conn.execute(select(db.checkpoints.c.name).where(db.checkpoints.c.site == site)).scalars())
    return {
        "round": round_name,
        "enterprises": firms,
        "totals": rules.figures(
            totals["roster"],
            sum(declared) if declared else None,
            totals["exempt"],
            totals["tested"],
            totals["walk_ins"],
        ),
        "not_on_any_roster": int(stranger or 0),
        "not_on_any_roster_people": _strangers(conn, site, round_name) if stranger else [],
        "checkpoints": [
            {
                "checkpoint": gate,
                "registrations": per_gate[gate].registrations if gate in per_gate else 0,
                "tubes": per_gate[gate].tubes if gate in per_gate else 0,
            }
            for gate in sorted(known | per_gate.keys())
        ],
    }


def _strangers(conn: Connection, site: str, round_name: str) -> list[dict[str, Any]]:
    """reconcile.not_on_any_roster's list: each unknown person's first live registration of the round
    (by the second, as the station stores times; on a tie the smallest event id, as its index reads),
    and the name an ID card gave them in any of them."""
    r, p = registrations.c, people.c
    known = select(p.id_number).where(p.site == site, p.id_number == r.person).exists()
    first: dict[str, tuple[str, str, str, str | None]] = {}
    names: dict[str, str] = {}
    for row in conn.execute(
        select(r.person, r.checkpoint, r.at_ms, r.event, r.tube, r.card_name).where(
            r.site == site, r.round == round_name, r.voided.is_(False), ~known
        )
    ):
        at = wall_time(row.at_ms)
        held = first.get(row.person)
        if held is None or (at, row.event) < (held[0], held[1]):
            first[row.person] = (at, row.event, row.checkpoint, row.tube)
        if row.card_name is not None and row.card_name > names.get(row.person, ""):
            names[row.person] = row.card_name  # the station's max(card_name)
    ordered = sorted(first.items(), key=lambda item: (item[1][0], item[0]))
    return [
        {
            "id_number": identity.mask_id(person),
            "checkpoint": gate,
            "at": at,
            "tube": tube,
            "name": names.get(person),
        }
        for person, (at, _, gate, tube) in ordered
    ]


def wall_time(ms: int) -> str:
    """A laptop time as the station shows it (registration.storage.events.wall_time of the event)."""
    return datetime.fromtimestamp(ms / 1000).astimezone().isoformat(timespec="seconds")
