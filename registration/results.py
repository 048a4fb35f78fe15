"""Laboratory results of pooled tubes: marked one at a time or imported from a lab's CSV or XLSX.

A result is a ``tube.result`` event, last writer wins; an unchanged result records nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registration import campaign, events, tables, tubes
from registration.campaign import CampaignError
from registration.events import Event, applies
from registration.store import Store

RESULTS = ("positive", "negative")
_WORDS = {
    "positive": "positive", "pos": "positive", "+": "positive", "阳性": "positive", "阳": "positive",
    "negative": "negative", "neg": "negative", "-": "negative", "阴性": "negative", "阴": "negative",
}  # fmt: skip
_HEADERS = {
    "tube": (
        "管号", "试管编号", "采样管号", "样本管号", "样本编号", "样本条码", "条码", "条码号",
        "tube", "tube code", "barcode", "sample", "sample id",
    ),
    "result": ("结果", "检测结果", "核酸结果", "result", "outcome"),
}  # fmt: skip
ALIASES = {tables.header_key(h): name for name, heads in _HEADERS.items() for h in heads}


@dataclass
class LabReport:
    rows: int = 0
    accepted: int = 0
    positive: list[str] = field(default_factory=list)
    changed: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "accepted": self.accepted,
            "positive": self.positive,
            "changed": self.changed,
            "rejected": self.rejected,
        }


def parse_result(text: tables.Cell) -> str | None:
    """positive, negative, or None for anything else (阳性 / 阴性, +/-, pos/neg are understood)."""
    return _WORDS.get(tables.clean_text(text).lower())


def set_result(store: Store, tube: str, result: str) -> bool:
    """Mark one tube's result; False when it already had that result."""
    wanted = parse_result(result)
    if wanted is None:
        raise CampaignError(f"a result is positive or negative, not {result!r}")
    with store.write() as conn:
        return _record(conn, tables.clean_text(tube), wanted)


def _record(conn: sqlite3.Connection, tube: str, result: str) -> bool:
    if tubes.get(conn, tube) is None:
        raise CampaignError(f"unknown tube {tube!r}")
    if result_of(conn, tube) == result:
        return False
    events.record(conn, "tube.result", {"tube": tube, "result": result})
    return True


def import_lab(store: Store, path: Path) -> LabReport:
    """Import a lab's result file: each good row is saved, each bad row reported with its reason."""
    sheet = tables.read(path, ALIASES, ("tube", "result"))
    report = LabReport()
    seen: dict[str, tuple[int, str]] = {}
    with store.write() as conn:
        for number, cells in sheet.rows:
            tube = tables.clean_text(sheet.cell(cells, "tube"))
            raw = tables.clean_text(sheet.cell(cells, "result"))
            if not tube and not raw:
                continue
            report.rows += 1
            result = parse_result(raw)
            earlier = seen.get(tube)
            if not tube:
                reason = "missing tube code"
            elif result is None:
                reason = f"a result is positive or negative, not {raw!r}"
            elif earlier is not None and earlier[1] != result:
                reason = f"tube already on row {earlier[0]} with another result"
            elif tubes.get(conn, tube) is None:
                reason = "unknown tube"
            else:
                report.accepted += 1
                if earlier is None:
                    seen[tube] = (number, result)
                    report.changed += _record(conn, tube, result)
                    if result == "positive":
                        report.positive.append(tube)
                continue
            report.rejected.append({"row": number, "reason": reason})
    return report


def result_of(conn: sqlite3.Connection, tube: str) -> str | None:
    row = conn.execute("SELECT result FROM tube_results WHERE tube = ?", (tube,)).fetchone()
    return None if row is None else str(row[0])


def positive_tubes(conn: sqlite3.Connection) -> list[str]:
    return [
        row[0]
        for row in conn.execute("SELECT tube FROM tube_results WHERE result = 'positive' ORDER BY tube")
    ]


@applies("tube.result")
def _tube_result(conn: sqlite3.Connection, event: Event) -> None:
    campaign.upsert_if_newer(
        conn,
        "tube_results",
        {"tube": event.body["tube"]},
        {"result": event.body["result"], "at": events.wall_time(event)},
        event.version,
    )
