"""Positive traceback: everyone whose sample went into given tubes, with what a recall team needs.

Voided registrations are listed too (flagged): the sample stays in its tube position. People a
correction took out of a position were never in the tube: they are listed apart, never with a phone.
Each line's time is when its position's sample was taken, never the time of a later correction.
A broken tube's people are traced in the tube they were moved to (``moved`` says so).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from registration.people import identity
from registration.sampling import results, tubes
from registration.setup.campaign import CampaignError
from registration.storage import tables

RECALL_COLUMNS = {
    "tube": "管号 Tube",
    "result": "结果 Result",
    "position": "位置 Position",
    "name": "姓名 Name",
    "enterprise": "企业 Enterprise",
    "department": "部门 Department",
    "id_number": "身份证号 ID number",
    "phone": "手机 Phone",
    "checkpoint": "采样点 Checkpoint",
    "round": "轮次 Round",
    "at": "时间 Time",
    "voided": "已作废 Voided",
    "corrected_away": "已更正移出 Corrected away",
}
CORRECTED_AWAY_NOTE = "已更正移出，不在管中，无需联系 corrected away: not in the tube, do not call"


def _asked(conn: sqlite3.Connection, codes: Sequence[str]) -> list[str]:
    codes = list(dict.fromkeys(tables.clean_text(c) for c in codes))
    unknown = [c for c in codes if tubes.get(conn, c) is None]
    if unknown:
        raise CampaignError(
            "trace.unknown_tubes" if len(unknown) > 1 else "trace.unknown_tube", tubes=", ".join(unknown)
        )

    return codes


def _codes(conn: sqlite3.Connection, codes: Sequence[str]) -> list[str]:
    """The tubes holding the people of ``codes`` now, each once: a broken tube's people are traced
    in the tube they were moved to, so a lab naming the old barcode still reaches them."""
    return list(dict.fromkeys(tubes.holding(conn, code) for code in _asked(conn, codes)))


def moved(conn: sqlite3.Connection, codes: Sequence[str]) -> list[dict[str, Any]]:
    """Each move that took the people of ``codes`` elsewhere: ``{"tube", "moved_to", "reason",
    "at"}``, so that a recall naming a broken tube says where its people are now."""
    hops = [hop.to_json() for code in _asked(conn, codes) for hop in tubes.moves_from(conn, code)]
    return list({hop["tube"]: hop for hop in hops}.values())


def trace(conn: sqlite3.Connection, codes: Sequence[str], *, reveal: bool = False) -> list[dict[str, Any]]:
    """The people now in each tube, by position: the recall list. ID number and phone masked
    unless ``reveal``."""
    found = []
    for code in _codes(conn, codes):
        result = results.result_of(conn, code)
        for row in tubes.members(conn, code):
            person, phone = row["person"] or "", row["phone"] or ""
            found.append(
                _line(row, result)
                | {
                    "id_number": person if reveal else identity.mask_id(person),
                    "phone": phone if reveal else identity.mask_phone(phone),
                    "voided": row["voided_by"] is not None,
                    "corrected_away": False,
                }
            )
    return found


def corrected_away(conn: sqlite3.Connection, codes: Sequence[str]) -> list[dict[str, Any]]:
    """People a correction took out of the tubes' positions: shown apart so that nobody wonders
    where they went, ID number masked and no phone (they are not to be called)."""
    found = []
    for code in _codes(conn, codes):
        result = results.result_of(conn, code)
        for row in tubes.corrected_away(conn, code):
            found.append(
                _line(row, result)
                | {
                    "id_number": identity.mask_id(row["person"] or ""),
                    "corrected_by": row["corrected_by"],
                    "replaced_by": identity.mask_id(row["corrected_to"] or ""),
                    "reason": row["void_reason"],
                }
            )
    return found


def _line(row: sqlite3.Row, result: str | None) -> dict[str, Any]:
    return {
        "tube": row["tube"],
        "result": result,
        "position": row["position"],
        "name": row["name"],
        "enterprise": row["enterprise"],
        "department": row["department"],
        "checkpoint": row["checkpoint"],
        "round": row["round"],
        "at": row["sampled_at"],
    }


def write_recall_list(
    path: Path, members: Sequence[dict[str, Any]], away: Sequence[dict[str, Any]] = ()
) -> int:
    """The recall list as .xlsx or .csv, one line per member; the people corrected away follow,
    marked, with no phone. Returns the number of lines written."""
    apart = [person | {"phone": "", "voided": True, "corrected_away": CORRECTED_AWAY_NOTE} for person in away]
    return tables.write_records(path, RECALL_COLUMNS, [*members, *apart])
