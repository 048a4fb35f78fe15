"""Laboratory results of pooled tubes: marked one at a time or imported from a lab's CSV or XLSX.

A result is a ``tube.result`` event, last writer wins; an unchanged result records nothing. A result
for a tube never sealed or never handed over is still recorded (the lab did test a sample), and flagged.
A result naming a broken tube is recorded for the tube its people were moved to, and flagged: a
positive must reach the people whatever barcode the lab read.
Before an import writes, it says which tubes the lab named that this campaign never had, and (asked
with a number of hours) which tubes handed over that long ago still have no result.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from registration.errors import Reason
from registration.sampling import handover, tubes
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import authority, clock, events, tables
from registration.storage.events import Event, applies
from registration.storage.store import Store

RESULTS = ("positive", "negative")
# The spellings labs write, after folding to half-width lower case without spaces; a word with a
# bracketed sign (阴性(-), negative(-)) is read when both halves agree.
_WORDS = {
    "positive": "positive", "pos": "positive", "p": "positive", "+": "positive", "阳性": "positive",
    "阳": "positive", "检出": "positive", "已检出": "positive", "检测到": "positive",
    "detected": "positive", "reactive": "positive",
    "negative": "negative", "neg": "negative", "n": "negative", "-": "negative", "阴性": "negative",
    "阴": "negative", "未检出": "negative", "未检测到": "negative", "nd": "negative",
    "notdetected": "negative", "undetected": "negative", "nonreactive": "negative",
}  # fmt: skip
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-", "－": "-", "＋": "+"})
_BRACKETED = re.compile(r"(?P<word>[^()\[\]]*)[(\[](?P<sign>[^()\[\]]+)[)\]]")
_HEADERS = {
    "tube": (
        "管号", "试管编号", "采样管号", "样本管号", "样本编号", "样本条码", "条码", "条码号",
        "tube", "tube code", "barcode", "sample", "sample id",
    ),
    "result": ("结果", "检测结果", "核酸结果", "result", "outcome"),
}  # fmt: skip
ALIASES = {tables.header_key(h): name for name, heads in _HEADERS.items() for h in heads}
UNKNOWN_TUBE = Reason("tube.unknown_here")
MOVED = "named by the broken tube"
"""The flag of a result the lab gave under a broken tube's code, recorded for the tube now holding
its people."""
REQUIRED = {"tube": "tube", "result": "result"}
"""The columns a lab's file needs, in the words a refusal names them."""


@dataclass
class LabReport:
    rows: int = 0
    accepted: int = 0
    positive: list[str] = field(default_factory=list)
    negative: int = 0
    """Tubes found negative; with ``positive``, each tube of the file taken once."""
    changed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    """Rows naming a tube again with the same result: taken, nothing more recorded."""
    rejected: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    """``{"row", "tube", "reason"}`` of results recorded for a tube never sealed or never handed over,
    and with ``"named"`` the broken tube's code for those the lab gave under it (reason ``MOVED``)."""
    never_had: list[str] = field(default_factory=list)
    """The tube codes the file names that this campaign never had (each once), found before writing."""
    overdue: list[dict[str, Any]] = field(default_factory=list)
    """Tubes handed over longer ago than asked that still have no result, this file's included
    (``overdue``'s rows)."""

    @property
    def unknown_tubes(self) -> int:
        return sum(r["reason"] == UNKNOWN_TUBE for r in self.rejected)

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "accepted": self.accepted,
            "positive": self.positive,
            "negative": self.negative,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "unknown_tubes": self.unknown_tubes,
            "rejected": self.rejected,
            "flagged": self.flagged,
            "never_had": self.never_had,
            "overdue": self.overdue,
        }


def parse_result(text: tables.Cell) -> str | None:
    """positive, negative, or None for anything else.

    >>> [parse_result(t) for t in ("阴性（-）", "阳性(+)", "Neg.", "P", "未检出", "待复检")]
    ['negative', 'positive', 'negative', 'positive', 'negative', None]
    """
    folded = "".join(tables.clean_text(text).lower().translate(_DASHES).split()).rstrip(".。")
    bracketed = _BRACKETED.fullmatch(folded)
    if bracketed is None:
        return _WORDS.get(folded)
    sign = _WORDS.get(bracketed["sign"])
    word = _WORDS.get(bracketed["word"].rstrip(".")) if bracketed["word"] else sign
    return sign if sign == word else None


def unknown_result(text: str) -> Reason:
    return Reason("result.unknown", text=text)


def set_result(store: Store, tube: str, result: str) -> bool:
    """Mark one tube's result; False when it already had that result (nothing is recorded)."""
    authority.require_office(store.conn, "tube.result")
    wanted = parse_result(result)
    if wanted is None:
        raise CampaignError(unknown_result(result))
    with store.write() as conn:
        return _record(conn, tables.clean_text(tube), wanted)


def _record(conn: sqlite3.Connection, tube: str, result: str) -> bool:
    if tubes.get(conn, tube) is None:
        raise CampaignError("tube.unknown", tube=tube)
    tube = tubes.holding(conn, tube)

    if result_of(conn, tube) == result:
        return False
    events.record(conn, "tube.result", {"tube": tube, "result": result})
    return True


@dataclass(frozen=True)
class LabRow:
    """One row of a lab's file as the import judges it."""

    number: int
    tube: str
    text: str
    result: str | None
    """positive or negative when the row is taken; None when it is refused (see ``reason``)."""
    reason: Reason | None = None
    repeat: bool = False
    """The same tube and result again further down the file: taken, but nothing more to record."""
    flag: str | None = None
    """Why the lab should not have had the tube (``handover.custody_gap``), or ``MOVED``, when the
    row is taken."""
    named: str = ""
    """The code the lab wrote, when it is a broken tube's and ``tube`` holds its people now."""

    @property
    def unknown_tube(self) -> bool:
        return self.reason == UNKNOWN_TUBE

    @property
    def flagged(self) -> dict[str, Any] | None:
        """The row as the preview and the import list a flagged result, or None when not flagged."""
        if self.flag is None:
            return None
        return {"row": self.number, "tube": self.tube, "reason": self.flag} | (
            {"named": self.named} if self.named else {}
        )


def read_lab(conn: sqlite3.Connection, path: Path) -> Iterator[LabRow]:
    """Each non-empty row of a lab's file, judged against this laptop's tubes; writes nothing. A row
    naming a broken tube is judged as the tube holding its people now."""
    sheet = tables.read(path, ALIASES, REQUIRED)
    seen: dict[str, tuple[int, str]] = {}
    for number, cells in sheet.rows:
        written = tables.clean_text(sheet.cell(cells, "tube"))
        raw = tables.clean_text(sheet.cell(cells, "result"))
        if not written and not raw:
            continue
        result = parse_result(raw)
        tube = tubes.holding(conn, written) if written else written
        earlier = seen.get(tube)
        if not tube:
            reason = Reason("result.missing_tube")
        elif result is None:
            reason = unknown_result(raw)
        elif earlier is not None and earlier[1] != result:
            reason = Reason("result.conflicting_row", row=earlier[0])
        elif tubes.get(conn, tube) is None:
            reason = UNKNOWN_TUBE
        else:
            seen.setdefault(tube, (number, result))
            repeat = earlier is not None
            named = written if written != tube else ""
            flag = None if repeat else MOVED if named else handover.custody_gap(conn, tube)
            yield LabRow(number, tube, raw, result, repeat=repeat, flag=flag, named=named)
            continue
        yield LabRow(number, written, raw, None, reason)


def never_had(rows: Collection[LabRow]) -> list[str]:
    """The tube codes the lab named that this campaign never had, each once, in file order."""
    return list(dict.fromkeys(row.tube for row in rows if row.unknown_tube))


def overdue(
    conn: sqlite3.Connection, hours: float, answered: Collection[str] = (), now: datetime | None = None
) -> list[dict[str, Any]]:
    """Tubes handed over more than ``hours`` ago that have no result yet (a tube in ``answered``,
    which a file about to be imported gives a result, has one), the longest waiting first:
    ``{"tube", "checkpoint", "box", "handed_over_at", "hours"}``."""
    now = now or datetime.fromtimestamp(clock.now_ms() / 1000).astimezone()  # the events' clock
    cutoff = now - timedelta(hours=hours)
    found = []
    for tube, checkpoint, box, at in conn.execute(
        "SELECT h.tube, t.checkpoint, min(o.box), min(o.at) FROM handover_tubes h"
        " JOIN handovers o ON o.event = h.handover JOIN tubes t ON t.code = h.tube"
        " WHERE NOT EXISTS (SELECT 1 FROM tube_results r WHERE r.tube = h.tube)"
        " GROUP BY h.tube ORDER BY min(o.at), h.tube"
    ):
        handed = datetime.fromisoformat(at)
        if handed <= cutoff and tube not in answered:
            waited = round((now - handed).total_seconds() / 3600, 1)
            found.append(
                {"tube": tube, "checkpoint": checkpoint, "box": box, "handed_over_at": at, "hours": waited}
            )
    return found


def import_lab(store: Store, path: Path, overdue_hours: float | None = None) -> LabReport:
    """Import a lab's result file: each good row is saved, each bad row reported with its reason.

    Before anything is written the report has the tubes named that the campaign never had and, with
    ``overdue_hours``, the tubes handed over that long ago with no result even after this file."""
    authority.require_office(store.conn, "tube.result")
    report = LabReport()
    with store.write() as conn:
        rows = list(read_lab(conn, path))
        report.never_had = never_had(rows)
        if overdue_hours is not None:
            report.overdue = overdue(conn, overdue_hours, {row.tube for row in rows if row.result})
        for row in rows:
            report.rows += 1
            if row.result is None:
                report.rejected.append({"row": row.number, "reason": row.reason})
                continue
            report.accepted += 1
            if row.repeat:
                report.duplicates += 1
                continue
            changed = _record(conn, row.tube, row.result)
            report.changed += changed
            report.unchanged += not changed
            if row.result == "positive":
                report.positive.append(row.tube)
            else:
                report.negative += 1
            if row.flagged is not None:
                report.flagged.append(row.flagged)
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
