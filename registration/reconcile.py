"""Per-round reconciliation of rosters against registrations ("应检尽检"): who is tested, who is missing.

Plain functions over a connection to the station schema, so that the central server answers
with the very same code. For every enterprise, ``roster = exempt + tested + missing``: an
exemption counts only for a person who was not tested anyway.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from registration import campaign, identity
from registration.campaign import CampaignError

# One pass over the covering index of people probes the round's tested people, a list built once;
# the few exemptions are counted apart; the per-checkpoint counts stream from covering indexes.
_LIVE = "SELECT person FROM registrations WHERE round = :round AND voided_by IS NULL"
_BY_ENTERPRISE = f"""
    SELECT enterprise, on_roster, count(*), sum(id_number IN ({_LIVE}))
    FROM people GROUP BY enterprise, on_roster
"""
_EXEMPT_UNTESTED = """
    SELECT p.enterprise, count(*) FROM exemptions e JOIN people p ON p.id_number = e.person
    WHERE e.round = :round AND e.reason IS NOT NULL AND p.on_roster
      AND NOT EXISTS (SELECT 1 FROM registrations r
                      WHERE r.round = :round AND r.voided_by IS NULL AND r.person = e.person)
    GROUP BY p.enterprise
"""
_TESTED = "SELECT count(DISTINCT person) FROM registrations WHERE round = :round AND voided_by IS NULL"
_REGISTRATIONS = """
    SELECT checkpoint, count(*) FROM registrations WHERE round = :round AND voided_by IS NULL
    GROUP BY checkpoint
"""
_TUBES = "SELECT checkpoint, count(*) FROM tubes WHERE round = :round GROUP BY checkpoint"
_MISSING = f"""
    SELECT name, enterprise, department, id_number, phone FROM people
    WHERE on_roster AND (:enterprise IS NULL OR enterprise = :enterprise)
      AND id_number NOT IN ({_LIVE})
      AND id_number NOT IN (SELECT person FROM exemptions WHERE round = :round AND reason IS NOT NULL)
    ORDER BY enterprise, department, name, id_number
"""

MISSING_COLUMNS = {
    "name": "姓名 Name",
    "enterprise": "企业 Enterprise",
    "department": "部门 Department",
    "id_number": "身份证号 ID number",
    "phone": "手机 Phone",
}


def _require_round(conn: sqlite3.Connection, round_name: str) -> None:
    if campaign.get_round(conn, round_name) is None:
        raise CampaignError(f"unknown round {round_name!r}")


def _completion(tested: int, expected: int) -> float | None:
    return round(tested / expected, 4) if expected else None


def _figures(
    roster: int, reported: int | None, exempt: int, tested: int, not_on_roster: int
) -> dict[str, Any]:
    expected = roster - exempt
    return {
        "roster": roster,
        "reported": reported,
        "exempt": exempt,
        "expected": expected,
        "tested": tested,
        "missing": expected - tested,
        "not_on_roster": not_on_roster,
        "completion": _completion(tested, expected),
    }


def reconcile(conn: sqlite3.Connection, round_name: str) -> dict[str, Any]:
    """The round's figures per enterprise and per checkpoint, with totals."""
    _require_round(conn, round_name)
    params = {"round": round_name}
    reported: dict[str, int | None] = dict(conn.execute("SELECT name, reported FROM enterprises").fetchall())
    roster: Counter[str] = Counter()
    tested: Counter[str] = Counter()
    walk_ins: Counter[str] = Counter()
    for firm, on_roster, people, done in conn.execute(_BY_ENTERPRISE, params):
        if on_roster:
            roster[firm] += people
            tested[firm] += done
        else:
            walk_ins[firm] += done
    exempt = Counter({row[0]: row[1] for row in conn.execute(_EXEMPT_UNTESTED, params)})
    names = sorted(roster.keys() | walk_ins.keys() | reported.keys())
    firms = [
        {"enterprise": name}
        | _figures(roster[name], reported.get(name), exempt[name], tested[name], walk_ins[name])
        for name in names
    ]
    declared = [n for n in reported.values() if n is not None]
    totals = _figures(
        roster.total(),
        sum(declared) if declared else None,
        exempt.total(),
        tested.total(),
        walk_ins.total(),
    )
    registered = dict(conn.execute(_REGISTRATIONS, params).fetchall())
    opened = dict(conn.execute(_TUBES, params).fetchall())
    gates = sorted(set(campaign.checkpoints(conn)) | registered.keys() | opened.keys())
    everyone = int(conn.execute(_TESTED, params).fetchone()[0])
    return {
        "round": round_name,
        "enterprises": firms,
        "totals": totals,
        "not_on_any_roster": everyone - tested.total() - walk_ins.total(),
        "checkpoints": [
            {"checkpoint": gate, "registrations": registered.get(gate, 0), "tubes": opened.get(gate, 0)}
            for gate in gates
        ],
    }


def missing(
    conn: sqlite3.Connection, round_name: str, enterprise: str | None = None, *, reveal: bool = False
) -> list[dict[str, Any]]:
    """Roster people neither tested nor exempt in the round; ID number and phone masked unless ``reveal``."""
    _require_round(conn, round_name)
    rows = conn.execute(_MISSING, {"round": round_name, "enterprise": enterprise})
    return [
        {
            "name": name,
            "enterprise": firm,
            "department": department,
            "id_number": id_number if reveal else identity.mask_id(id_number),
            "phone": (phone or "") if reveal else identity.mask_phone(phone or ""),
        }
        for name, firm, department, id_number, phone in rows
    ]
