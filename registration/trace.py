"""Positive traceback: everyone whose sample went into given tubes, with what a recall team needs.

Voided registrations are listed too (flagged): the sample stays in its tube position.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from registration import identity, results, tables, tubes
from registration.campaign import CampaignError

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
}


def trace(conn: sqlite3.Connection, codes: Sequence[str], *, reveal: bool = False) -> list[dict[str, Any]]:
    """The members of each tube in order; ID number and phone masked unless ``reveal``."""
    codes = list(dict.fromkeys(tables.clean_text(c) for c in codes))
    unknown = [c for c in codes if tubes.get(conn, c) is None]
    if unknown:
        raise CampaignError(f"unknown tube{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}")
    found = []
    for code in codes:
        result = results.result_of(conn, code)
        for row in tubes.members(conn, code):
            person, phone = row["person"] or "", row["phone"] or ""
            found.append(
                {
                    "tube": code,
                    "result": result,
                    "position": row["position"],
                    "name": row["name"],
                    "enterprise": row["enterprise"],
                    "department": row["department"],
                    "id_number": person if reveal else identity.mask_id(person),
                    "phone": phone if reveal else identity.mask_phone(phone),
                    "checkpoint": row["checkpoint"],
                    "round": row["round"],
                    "at": row["at"],
                    "voided": row["voided_by"] is not None,
                }
            )
    return found


def write_recall_list(path: Path, members: Sequence[dict[str, Any]]) -> int:
    """The recall list as .xlsx or .csv, one line per member."""
    return tables.write_records(path, RECALL_COLUMNS, members)
