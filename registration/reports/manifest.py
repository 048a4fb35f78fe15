"""The manifest the lab receives with a transport box: every tube with its pool type, number of people,
sealed time and checkpoint, as XLSX or CSV, or as an HL7 v2.5.1 OML^O33 message (one SPM per tube).

The people in each tube are listed only when asked (``reveal``), which the caller records as an
unmasking. The HL7 message is built and checked by hl7apy, never by joining strings. It has no
patient group (OML^O33 allows none): a pooled specimen has no single patient, and the lab needs only
the tubes. Each specimen group holds its SPM (SPM-2 the tube's code, SPM-4 a throat swab, SPM-11 ``L``
for a pool or ``P`` for a single tube, SPM-13 the people in it, SPM-17 from its first sample to its
seal), a SAC naming the tube as the container and the box as its carrier (SAC-3, SAC-10), and the
order OML^O33 requires: ORC (a new order, the tube's code as the placer's number) with its OBR (the
SARS-CoV-2 RNA test, LOINC 94500-6).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from registration.sampling import boxes, tubes
from registration.setup.campaign import CampaignError
from registration.storage import files, tables

COLUMNS = {
    "box": "箱号 Box",
    "tube": "管号 Tube",
    "pool": "混采 Pool",
    "people": "人数 People",
    "sealed_at": "封管时间 Sealed at",
    "checkpoint": "采样点 Checkpoint",
}
REVEALED_COLUMNS = COLUMNS | {
    "names": "姓名 Names",
    "id_numbers": "身份证号 ID numbers",
    "phones": "手机 Phones",
}
HL7_VERSION = "2.5.1"
TEST = ("94500-6", "SARS-CoV-2 RNA Resp Ql NAA+probe", "LN")
SWAB = ("THRT", "Throat", "HL70487")
_DIGITS = "零一二三四五六七八九"


def pool_type(size: int) -> str:
    """What a tube of ``size`` is called at a testing site.

    >>> [pool_type(n) for n in (1, 5, 10, 20, 12)]
    ['单管', '五混一', '十混一', '二十混一', '十二混一']
    """
    if size == 1:
        return "单管"
    tens, units = divmod(size, 10)
    number = ("" if tens <= 1 else _DIGITS[tens]) + ("十" if tens else "") + (_DIGITS[units] if units else "")
    return f"{number}混一"


def _box(conn: sqlite3.Connection, code: str) -> boxes.Box:
    box = boxes.get(conn, code)
    if box is None:
        raise CampaignError("box.unknown", box=code)
    return box


def rows(conn: sqlite3.Connection, code: str, *, reveal: bool = False) -> list[dict[str, Any]]:
    """One row per tube of box ``code``; with ``reveal`` the people in it, by position, in full."""
    box = _box(conn, code)
    found = []
    for tube_code in box.tubes:
        tube = tubes.get(conn, tube_code)
        sealed = conn.execute("SELECT sealed_at FROM tubes WHERE code = ?", (tube_code,)).fetchone()
        row: dict[str, Any] = {
            "box": box.code,
            "tube": tube_code,
            "pool": "" if tube is None else pool_type(tube.size),
            "people": 0 if tube is None else tube.filled,
            "sealed_at": None if sealed is None else sealed[0],
            "checkpoint": box.checkpoint if tube is None else tube.checkpoint,
        }
        if reveal:
            members = tubes.members(conn, tube_code)
            row["names"] = "; ".join(m["name"] or "" for m in members)
            row["id_numbers"] = "; ".join(m["person"] or "" for m in members)
            row["phones"] = "; ".join(m["phone"] or "" for m in members)
        found.append(row)
    return found


def write(conn: sqlite3.Connection, code: str, path: Path, *, reveal: bool = False) -> int:
    """The box's manifest as ``path`` (.xlsx or .csv); how many tubes it lists."""
    return tables.write_records(
        path, REVEALED_COLUMNS if reveal else COLUMNS, rows(conn, code, reveal=reveal)
    )


def people(conn: sqlite3.Connection, code: str) -> int:
    """How many people a revealed manifest of box ``code`` names (what its unmasking records)."""
    return sum(len(tubes.members(conn, tube)) for tube in _box(conn, code).tubes)


def hl7(conn: sqlite3.Connection, code: str, now: datetime | None = None) -> str:
    """The box's manifest as one OML^O33 message, checked against HL7 v2.5.1 by hl7apy (segments
    separated by carriage returns, as HL7's encoding rules say)."""
    # Loaded only for this command: hl7apy reads its whole v2.5.1 catalogue on import.
    from hl7apy.consts import VALIDATION_LEVEL
    from hl7apy.core import Message

    box = _box(conn, code)
    message = Message("OML_O33", version=HL7_VERSION, validation_level=VALIDATION_LEVEL.STRICT)
    msh = message.msh
    _put(msh.msh_3.hd_1, "TESTPOINT")
    _put(msh.msh_4.hd_1, box.checkpoint)
    _put(msh.msh_7.ts_1, now or datetime.now().astimezone())
    _put_all((msh.msh_9.msg_1, msh.msh_9.msg_2, msh.msh_9.msg_3), ("OML", "O33", "OML_O33"))
    _put(msh.msh_10, box.code)
    _put(msh.msh_11.pt_1, "P")
    _put(msh.msh_18, "UNICODE UTF-8")
    for number, row in enumerate(rows(conn, code), start=1):
        tube = tubes.get(conn, row["tube"])
        pooled = tube is not None and tube.size > 1
        group = message.add_group("OML_O33_SPECIMEN")
        spm = group.spm
        _put(spm.spm_1, number)
        _put(spm.spm_2.eip_1.ei_1, row["tube"])
        _put_all((spm.spm_4.cwe_1, spm.spm_4.cwe_2, spm.spm_4.cwe_3), SWAB)
        role = ("L", "Pool") if pooled else ("P", "Patient")
        _put_all((spm.spm_11.cwe_1, spm.spm_11.cwe_2, spm.spm_11.cwe_3), (*role, "HL70369"))
        _put(spm.spm_13, row["people"])
        opened = conn.execute("SELECT opened_at FROM tubes WHERE code = ?", (row["tube"],)).fetchone()
        if opened is not None:
            _put(spm.spm_17.dr_1.ts_1, datetime.fromisoformat(opened[0]))
        if row["sealed_at"]:
            _put(spm.spm_17.dr_2.ts_1, datetime.fromisoformat(row["sealed_at"]))
        container = group.add_segment("SAC")
        _put(container.sac_3.ei_1, row["tube"])
        _put(container.sac_10.ei_1, box.code)
        order = group.add_group("OML_O33_ORDER")
        _put(order.orc.orc_1, "NW")
        _put(order.orc.orc_2.ei_1, row["tube"])
        test = order.add_group("OML_O33_OBSERVATION_REQUEST").obr.obr_4
        _put_all((test.ce_1, test.ce_2, test.ce_3), TEST)
    message.validate()
    return str(message.to_er7())


def _put(element: Any, value: str | int | datetime) -> None:
    """Give an HL7 element ``value`` as a value of its own data type, which the library escapes
    (a ``|`` or ``^`` in a checkpoint's name stays text); a time to the second with its UTC offset."""
    from hl7apy import v2_5_1

    if isinstance(value, datetime):
        element.value = v2_5_1.DTM(value, "%Y%m%d%H%M%S", offset=value.strftime("%z") or "+0000")
    else:
        element.value = getattr(v2_5_1, element.datatype)(value)


def _put_all(elements: tuple[Any, ...], values: tuple[str, ...]) -> None:
    for element, value in zip(elements, values, strict=True):
        _put(element, value)


def write_hl7(conn: sqlite3.Connection, code: str, path: Path) -> int:
    """The box's OML^O33 message as ``path`` (UTF-8); how many tubes it lists."""
    text = hl7(conn, code)
    with files.private_output(path) as target:
        target.write_bytes(text.encode("utf-8"))
    return len(_box(conn, code).tubes)
