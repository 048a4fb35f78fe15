"""Per-round reconciliation of rosters against registrations ("应检尽检"): who is tested, who is missing.

Plain functions over a connection to the station schema, so that the central server answers
with the very same code. For every enterprise, ``roster = exempt + tested + missing``: an
exemption counts only for a person who was not tested anyway. A closed round is reported as it
stood when it closed; an open round is live.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from registration.people import identity
from registration.reports import figures
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import events
from registration.storage.store import Store

# One pass over the covering index of people probes the round's tested and exempt people, lists
# built once; each group of people alike is counted by figures.contribution, the one rule; the
# per-checkpoint counts stream from covering indexes.
_LIVE = "SELECT person FROM registrations WHERE round = :round AND voided_by IS NULL"
_EXEMPT = "SELECT person FROM exemptions WHERE round = :round AND reason IS NOT NULL"
_BY_ENTERPRISE = f"""
    SELECT enterprise, on_roster, id_number IN ({_LIVE}), id_number IN ({_EXEMPT}), count(*)
    FROM people GROUP BY 1, 2, 3, 4
"""
_TESTED = "SELECT count(DISTINCT person) FROM registrations WHERE round = :round AND voided_by IS NULL"
_REGISTRATIONS = """
    SELECT checkpoint, count(*) FROM registrations WHERE round = :round AND voided_by IS NULL
    GROUP BY checkpoint
"""
# A broken tube's people are in the tube they were moved to: the two count once.
_TUBES = (
    "SELECT checkpoint, count(*) FROM tubes WHERE round = :round AND moved_to IS NULL GROUP BY checkpoint"
)
_MISSING = f"""
    SELECT name, enterprise, department, id_number, phone FROM people
    WHERE on_roster AND (:enterprise IS NULL OR enterprise = :enterprise)
      AND id_number NOT IN ({_LIVE})
      AND id_number NOT IN (SELECT person FROM exemptions WHERE round = :round AND reason IS NOT NULL)
    ORDER BY enterprise, department, name, id_number
"""

# One line per person: their first live registration of the round (on a tie of times, the
# smallest event id), where and when they came, and the name an ID card gave at any of them.
_NOT_ON_ANY_ROSTER = """
    SELECT person, checkpoint, at, tube, name FROM (
        SELECT person, checkpoint, at, tube, max(card_name) OVER (PARTITION BY person) AS name,
               row_number() OVER (PARTITION BY person ORDER BY at, event) AS nth
        FROM registrations
        WHERE round = :round AND voided_by IS NULL AND person IS NOT NULL
          AND person NOT IN (SELECT id_number FROM people)
    ) WHERE nth = 1 ORDER BY at, person
"""

MISSING_COLUMNS = {
    "name": "姓名 Name",
    "enterprise": "企业 Enterprise",
    "department": "部门 Department",
    "id_number": "身份证号 ID number",
    "phone": "手机 Phone",
}


NOT_ON_ROSTER_COLUMNS = {
    "id_number": "身份证号 ID number",
    "checkpoint": "检测点 Checkpoint",
    "at": "登记时间 Registered at",
    "tube": "试管 Tube",
    "name": "姓名(身份证) Name (ID card)",
}


def _require_round(conn: sqlite3.Connection, round_name: str) -> None:
    if campaign.get_round(conn, round_name) is None:
        raise CampaignError("round.unknown", round=round_name)


def _reconcile(conn: sqlite3.Connection, round_name: str) -> dict[str, Any]:
    """The round's figures per enterprise and per checkpoint, with totals."""
    _require_round(conn, round_name)
    params = {"round": round_name}
    reported: dict[str, int | None] = dict(conn.execute("SELECT name, reported FROM enterprises").fetchall())
    roster: Counter[str] = Counter()
    counted: dict[str, Counter[str]] = {"tested": Counter(), "walk_ins": Counter(), "exempt": Counter()}
    known: set[str] = set()
    for firm, on_roster, done, exempted, people in conn.execute(_BY_ENTERPRISE, params):
        known.add(firm)
        if on_roster:
            roster[firm] += people
        counter = figures.contribution(bool(on_roster), bool(done), bool(exempted))
        if counter is not None:
            counted[counter][firm] += people
    tested, walk_ins, exempt = counted["tested"], counted["walk_ins"], counted["exempt"]
    names = sorted(known | reported.keys())
    firms = [
        {"enterprise": name}
        | figures.figures(roster[name], reported.get(name), exempt[name], tested[name], walk_ins[name])
        for name in names
    ]
    declared = [n for n in reported.values() if n is not None]
    totals = figures.figures(
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
        "not_on_any_roster_people": not_on_any_roster(conn, round_name),
        "checkpoints": [
            {"checkpoint": gate, "registrations": registered.get(gate, 0), "tubes": opened.get(gate, 0)}
            for gate in gates
        ],
    }


def _missing(
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


def _not_on_any_roster(
    conn: sqlite3.Connection, round_name: str, *, reveal: bool = False
) -> list[dict[str, Any]]:
    """People registered in the round whom no roster or walk-in entry knows, with where and when
    they were first registered and the name their ID card gave (None without one); ID number
    masked unless ``reveal``."""
    _require_round(conn, round_name)
    return [
        {
            "id_number": person if reveal else identity.mask_id(person),
            "checkpoint": checkpoint,
            "at": at,
            "tube": tube,
            "name": name,
        }
        for person, checkpoint, at, tube, name in conn.execute(_NOT_ON_ANY_ROSTER, {"round": round_name})
    ]


# A closed round is reported as it stood when it closed: every event stamped before the close,
# wherever it was made and whenever it arrived, is folded again into a scratch copy of the
# station schema by the same appliers, and the same queries read it. A registration from a
# laptop that was offline counts when it was made before the close (by its hybrid clock); roster
# edits, exemptions and voids made after the close change nothing.
_AFTER_CLOSE = """
    SELECT count(*) FROM registrations r JOIN events e ON e.id = r.event
    WHERE r.round = ? AND r.voided_by IS NULL AND e.hlc || '.' || e.device > ?
"""


def _close_of(conn: sqlite3.Connection, round_name: str) -> tuple[str, str] | None:
    """(the close event's version, its time) for a closed round, None for an open one."""
    _require_round(conn, round_name)
    row = conn.execute(
        "SELECT version, closed_at FROM rounds WHERE name = ? AND status = 'closed'", (round_name,)
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


@contextmanager
def as_it_stood(conn: sqlite3.Connection, round_name: str) -> Iterator[sqlite3.Connection]:
    """A connection on the campaign as it stood when ``round_name`` closed; ``conn`` itself while
    the round is open."""
    close = _close_of(conn, round_name)
    if close is None:
        yield conn
        return
    with _frozen(conn, close[0]).read() as frozen:
        yield frozen


_KEEP_FROZEN = 4
_frozen_here = threading.local()
"""Per thread (a SQLite connection stays on its thread): the copies folded lately, newest last."""


def _frozen(conn: sqlite3.Connection, version: str) -> Store:
    # Folding a campaign again takes seconds; a copy stays right until an event stamped before the
    # close arrives late, which changes how many there are.
    before = int(
        conn.execute("SELECT count(*) FROM events WHERE hlc || '.' || device < ?", (version,)).fetchone()[0]
    )
    where = conn.execute("PRAGMA database_list").fetchone()[2] or f"memory {id(conn)}"
    key = (where, version, before)
    kept: dict[tuple[str, str, int], Store] = _frozen_here.__dict__.setdefault("stores", {})
    if key in kept:
        return kept[key]
    scratch = Store(":memory:")
    rows = conn.execute(
        "SELECT * FROM events WHERE hlc || '.' || device < ? ORDER BY hlc, device", (version,)
    )
    with scratch.write() as frozen:
        events.ingest_many(frozen, [events.from_row(row) for row in rows])
    for stale in [k for k in kept if k[:2] == key[:2]]:
        kept.pop(stale).close()
    while len(kept) >= _KEEP_FROZEN:
        kept.pop(next(iter(kept))).close()
    kept[key] = scratch
    return scratch


def as_of(conn: sqlite3.Connection, round_name: str) -> str | None:
    """When a closed round closed (it is reported as it stood then); None for an open, live one."""
    close = _close_of(conn, round_name)
    return None if close is None else close[1]


def reconcile(conn: sqlite3.Connection, round_name: str) -> dict[str, Any]:
    """The round's figures per enterprise and per checkpoint, with totals; for a closed round as
    they stood when it closed, with ``as_of`` (the close time) and ``registered_after_close``
    (registrations made later by laptops that did not know, not counted)."""
    frozen = purged_figures(conn, round_name)
    if frozen is not None:
        return frozen
    close = _close_of(conn, round_name)
    with as_it_stood(conn, round_name) as view:
        answer = _reconcile(view, round_name)
    if close is not None:
        late = int(conn.execute(_AFTER_CLOSE, (round_name, close[0])).fetchone()[0])
        answer |= {"as_of": close[1], "registered_after_close": late}
    return answer


def missing(
    conn: sqlite3.Connection, round_name: str, enterprise: str | None = None, *, reveal: bool = False
) -> list[dict[str, Any]]:
    """Roster people neither tested nor exempt in the round (a closed round as it stood when it
    closed); ID number and phone masked unless ``reveal``."""
    if purged_figures(conn, round_name) is not None:
        return []  # the round's people were purged: its figures are all that is left
    with as_it_stood(conn, round_name) as view:
        return _missing(view, round_name, enterprise, reveal=reveal)


def not_on_any_roster(
    conn: sqlite3.Connection, round_name: str, *, reveal: bool = False
) -> list[dict[str, Any]]:
    """People registered in the round whom no roster or walk-in entry knew (a closed round as it
    stood when it closed); ID number masked unless ``reveal``."""
    if purged_figures(conn, round_name) is not None:
        return []
    with as_it_stood(conn, round_name) as view:
        return _not_on_any_roster(view, round_name, reveal=reveal)


def purged_figures(conn: sqlite3.Connection, round_name: str) -> dict[str, Any] | None:
    """A purged round's figures, frozen before its people were taken out (``privacy/retention.py``)."""
    row = conn.execute("SELECT figures FROM frozen_rounds WHERE round = ?", (round_name,)).fetchone()
    return None if row is None else dict(json.loads(row[0]))
