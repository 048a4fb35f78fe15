"""The spreadsheets of a round's reconciliation for the park's staff: the figures per enterprise, and
the people registered on no roster.

(The missing people's list is written by ``cli.rosters`` with ``reconcile.MISSING_COLUMNS``.)
"""

from __future__ import annotations

from pathlib import Path

from registration.reports import reconcile
from registration.storage import tables
from registration.storage.store import Store

FIGURE_COLUMNS = {
    "reported": "上报 reported",
    "roster": "名册 roster",
    "exempt": "免检 exempt",
    "expected": "应检 expected",
    "tested": "已检 tested",
    "missing": "未检 missing",
    "not_on_roster": "名册外 not on roster",
    "completion": "完成率 completion",
}


def write_figures(store: Store, round_name: str, path: Path) -> int:
    """One row per enterprise, then the totals; returns the number of rows written."""
    with store.read() as conn:
        figures = reconcile.reconcile(conn, round_name)
    lines = [(firm["enterprise"], firm) for firm in figures["enterprises"]]
    lines.append(("合计 total", figures["totals"]))
    rows = [[name, *(line[key] for key in FIGURE_COLUMNS)] for name, line in lines]
    return tables.write(path, ["企业 enterprise", *FIGURE_COLUMNS.values()], rows)


def write_not_on_roster(store: Store, round_name: str, path: Path, *, reveal: bool = False) -> int:
    """The people registered in the round whom no roster knows; full ID numbers only with ``reveal``."""
    with store.read() as conn:
        people = reconcile.not_on_any_roster(conn, round_name, reveal=reveal)
    return tables.write_records(path, reconcile.NOT_ON_ROSTER_COLUMNS, people)
