"""What the dashboard shows for one site and round, read from the projection's tables: the page
and its JSON read this one function."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Column, Connection, Integer, String, Table, and_, exists, func, select

from registration.people import freetext, identity
from sync.server import db, liaisons, projection, records
from sync.server.folds import Folds

deadlines = Table(
    "dash_deadlines",
    db.metadata,
    Column("site", String(64), primary_key=True),
    Column("round", String(64), primary_key=True),
    Column("deadline_ms", BigInteger, nullable=False),
    Column("set_by", String(64), nullable=False),
    Column("set_ms", BigInteger, nullable=False),
)
exports = Table(
    "dash_exports",
    db.metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("round", String(64), nullable=False),
    Column("enterprise", String(200), nullable=False),
    Column("username", String(64), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("people", Integer, nullable=False),
)

RATE_WINDOW_MIN = 10
CHART_POINTS = 240


def sites(conn: Connection) -> list[str]:
    return list(conn.execute(select(db.sites.c.site).order_by(db.sites.c.site)).scalars())


def rounds(conn: Connection, site: str) -> list[dict[str, Any]]:
    r = records.rounds.c
    return [
        {"name": row.name, "status": row.status, "opened_ms": row.opened_ms}
        for row in conn.execute(
            select(r.name, r.status, r.opened_ms).where(r.site == site).order_by(r.opened_ms, r.name)
        )
    ]


def default_round(known: list[dict[str, Any]]) -> str | None:
    """The open round opened last, else the last round."""
    open_ones = [r for r in known if r["status"] == "open"]
    chosen = open_ones or known
    return str(chosen[-1]["name"]) if chosen else None


def deadline(conn: Connection, site: str, round_name: str) -> tuple[int | None, int]:
    """(the round's deadline, when it was last set) in ms."""
    d = deadlines.c
    row = conn.execute(select(d.deadline_ms, d.set_ms).where(d.site == site, d.round == round_name)).first()
    if row is None:
        return None, 0
    # A cleared deadline stays as a negative time, so that clearing it changes the snapshot too.
    return (int(row.deadline_ms) if row.deadline_ms >= 0 else None), int(row.set_ms)


def is_closed(conn: Connection, site: str, round_name: str) -> bool:
    r = records.rounds.c
    status = conn.execute(select(r.status).where(r.site == site, r.name == round_name)).scalar()
    return status == "closed"


def snapshot(conn: Connection, site: str, round_name: str, now_ms: int, folded: Folds) -> dict[str, Any]:
    """Every figure of the page, for ``round_name`` of ``site`` (LookupError for an unknown round).

    An open round's figures are the projection's, live. A closed round's are as it stood at its
    close: reconcile.reconcile over the site's fold (``folded``), what a station and the server's
    API answer, with as of when and how many were registered after it."""
    stood = folded.reconcile(site, round_name) if is_closed(conn, site, round_name) else None
    figures = projection.reconciliation(conn, site, round_name) if stood is None else stood
    due, _ = deadline(conn, site, round_name)
    totals = figures["totals"] | {
        "not_on_any_roster": figures["not_on_any_roster"],
        "deadline_ms": due,
        "time_left_s": None if due is None else max(0, (due - now_ms) // 1000),
    }
    closed = (
        {}
        if stood is None
        else {
            "as_of": stood.get("as_of"),
            "registered_after_close": stood.get("registered_after_close", 0),
        }
    )
    return closed | {
        "site": site,
        "round": round_name,
        "server_time_ms": now_ms,
        "head": projection.position(conn, site),  # the feed position these figures include
        "totals": totals,
        "enterprises": sorted(figures["enterprises"], key=_slowest_first),
        # Liaisons' reasons: how far each enterprise's people are accounted for, and those waiting
        # for the office's answer (ID numbers masked).
        "chase": liaisons.chase(conn, liaisons.Scope(site), round_name, figures["enterprises"]),
        "requests": liaisons.listing(conn, liaisons.Scope(site), round_name, pending=True),
        "checkpoints": _checkpoints(conn, site, round_name, figures["checkpoints"], now_ms),
        "timeline": _timeline(conn, site, round_name),
        "positives": _positives(conn, site),
    }


def _slowest_first(firm: dict[str, Any]) -> tuple[float, int, str]:
    # Nobody expected: last; otherwise lowest completion, then most missing.
    completion = firm["completion"]
    return (2.0 if completion is None else completion, -firm["missing"], firm["enterprise"])


def _checkpoints(
    conn: Connection, site: str, round_name: str, counted: list[dict[str, Any]], now_ms: int
) -> list[dict[str, Any]]:
    g, m = projection.gates.c, projection.minutes.c
    tubes = {
        row.checkpoint: row
        for row in conn.execute(
            select(g.checkpoint, g.tubes, g.sealed, g.handed, g.boxed, g.received, g.resulted).where(
                g.site == site, g.round == round_name
            )
        )
    }
    since = now_ms // 60_000 - RATE_WINDOW_MIN
    recent = dict(
        conn.execute(
            select(m.checkpoint, func.sum(m.registrations))
            .where(m.site == site, m.round == round_name, m.minute >= since)
            .group_by(m.checkpoint)
        ).all()
    )
    laptops: dict[str, list[dict[str, Any]]] = {}
    d, s = db.devices.c, projection.senders.c
    for row in conn.execute(
        select(d.device, d.checkpoint, d.role, s.last_ms, s.stored, s.high_seq)
        .join_from(db.devices, projection.senders, and_(s.site == d.site, s.device == d.device), isouter=True)
        .where(d.site == site, d.revoked_ms.is_(None))
        .order_by(d.device)
    ):
        laptops.setdefault(row.checkpoint, []).append(
            {
                "device": row.device,
                "role": row.role,
                "last_sync_ms": row.last_ms,
                # Sequence numbers below the highest received that never arrived: still on the laptop.
                "waiting": max(0, (row.high_seq or 0) - (row.stored or 0)),
            }
        )
    out = []
    for gate in counted:
        name = gate["checkpoint"]
        held = tubes.get(name)
        opened, sealed, handed, boxed, received, resulted = (
            (held.tubes, held.sealed, held.handed, held.boxed, held.received, held.resulted)
            if held
            else (0, 0, 0, 0, 0, 0)
        )
        mine = laptops.get(name, [])
        synced = [lap["last_sync_ms"] for lap in mine if lap["last_sync_ms"] is not None]
        out.append(
            gate
            | {
                "rate_10min": int(recent.get(name) or 0),
                "tubes_open": opened - sealed,
                "tubes_sealed": sealed - handed,
                "tubes_handed": handed,
                # Each tube once it went in a box, reached the lab, has a result: these add up.
                "tubes_boxed": boxed,
                "tubes_received": received,
                "tubes_with_results": resulted,
                "last_sync_ms": max(synced) if synced else None,
                "waiting": sum(lap["waiting"] for lap in mine),
                "laptops": mine,
            }
        )
    return out


def _timeline(conn: Connection, site: str, round_name: str) -> list[list[int]]:
    """Cumulative live registrations, [minute start ms, total], at most CHART_POINTS points."""
    m = projection.minutes.c
    rows = conn.execute(
        select(m.minute, func.sum(m.registrations))
        .where(m.site == site, m.round == round_name)
        .group_by(m.minute)
        .order_by(m.minute)
    ).all()
    if not rows:
        return []
    first, last = rows[0][0], rows[-1][0]
    step = max(1, -(-(last - first + 1) // CHART_POINTS))
    points: list[list[int]] = []
    total = 0
    for minute, count in rows:
        total += int(count)
        slot = (first + (minute - first) // step * step + step) * 60_000
        if points and points[-1][0] == slot:
            points[-1][1] = total
        else:
            points.append([slot, total])
    return points


def _positives(conn: Connection, site: str) -> list[dict[str, Any]]:
    """Positive tubes with their people and how many have been tested again since the result."""
    rs, tb, rg = projection.results.c, records.tubes.c, projection.registrations.c
    out = []
    for row in conn.execute(
        select(rs.tube, rs.at_ms, tb.round, tb.checkpoint)
        .join_from(
            projection.results, records.tubes, and_(tb.site == rs.site, tb.code == rs.tube), isouter=True
        )
        .where(rs.site == site, rs.result == "positive")
        .order_by(rs.at_ms.desc())
    ):
        people = set(
            conn.execute(
                select(rg.person).where(rg.site == site, rg.tube == row.tube, rg.voided.is_(False))
            ).scalars()
        )
        later = projection.registrations.alias("later")
        recalled = (
            conn.execute(
                select(func.count(func.distinct(later.c.person))).where(
                    later.c.site == site,
                    later.c.person.in_(sorted(people)),
                    later.c.at_ms > row.at_ms,
                    later.c.voided.is_(False),
                )
            ).scalar_one()
            if people
            else 0
        )
        out.append(
            {
                "tube": row.tube,
                "round": row.round,
                "checkpoint": row.checkpoint,
                "result_ms": row.at_ms,
                "people": len(people),
                "recalled": int(recalled),
                "status": "done" if people and recalled == len(people) else "open",
            }
        )
    return out


def missing(
    conn: Connection,
    site: str,
    round_name: str,
    enterprise: str | None,
    folded: Folds,
    *,
    reveal: bool = False,
) -> list[dict[str, Any]]:
    """Roster people neither tested nor exempt in the round (reconcile.missing's list and order;
    a closed round's as it stood at its close, from ``folded``)."""
    if enterprise is not None and freetext.has_control(enterprise):
        # The server stores no such name, and PostgreSQL cannot even be asked about a NUL.
        raise LookupError("no enterprise's name holds a control character")
    if is_closed(conn, site, round_name):
        return folded.missing(site, round_name, enterprise, reveal=reveal)
    p, t, x = records.people.c, projection.tested.c, projection.exemptions.c
    tested = exists().where(t.site == site, t.person == p.id_number, t.round == round_name, t.live > 0)
    exempt = exists().where(
        x.site == site, x.person == p.id_number, x.round == round_name, x.reason.is_not(None)
    )
    query = select(p.name, p.enterprise, p.department, p.id_number, p.phone).where(
        p.site == site, p.on_roster.is_(True), ~tested, ~exempt
    )
    if enterprise is not None:
        query = query.where(p.enterprise == enterprise)
    # Sorted here, by code point as SQLite does: PostgreSQL's collation would order names otherwise.
    rows = sorted(
        conn.execute(query),
        key=lambda r: (r.enterprise, r.department is not None, r.department or "", r.name, r.id_number),
    )
    return [
        {
            "name": row.name,
            "enterprise": row.enterprise,
            "department": row.department,
            "id_number": row.id_number if reveal else identity.mask_id(row.id_number),
            "phone": (row.phone or "") if reveal else identity.mask_phone(row.phone or ""),
        }
        for row in rows
    ]
