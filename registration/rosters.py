"""Enterprise rosters: importing the files staff hand over, and adding or removing one person.

A person is a ``person.upserted`` event carrying the whole record, applied last writer wins. An
import records events only for the people it adds or changes, all in one transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from registration import campaign, events, identity, tables
from registration.campaign import CampaignError
from registration.events import Event, applies
from registration.store import Store
from registration.tables import Cell, Sheet

_HEADERS = {
    "enterprise": (
        "企业名称", "企业", "所属企业", "单位", "单位名称", "工作单位", "公司", "公司名称",
        "enterprise", "company", "employer",
    ),
    "name": ("姓名", "名字", "name", "full name"),
    "id_number": (
        "身份证号码", "身份证号", "身份证", "证件号码", "证件号", "公民身份号码",
        "id_number", "id number", "id", "id no", "id card",
    ),
    "phone": (
        "手机号码", "手机号", "手机", "联系电话", "电话", "电话号码", "联系方式",
        "phone", "mobile", "tel", "telephone",
    ),
    "department": ("部门", "所属部门", "科室", "department", "dept"),
}  # fmt: skip
ALIASES = {tables.header_key(h): name for name, heads in _HEADERS.items() for h in heads}
_DATA_FIELDS = tuple(_HEADERS)
_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+", re.IGNORECASE)
EXCEL_NUMBER = (
    "ID number stored by Excel as a number (its last digits are lost): "
    "format the column as text and export again"
)


@dataclass(frozen=True)
class Person:
    id_number: str
    name: str
    enterprise: str
    department: str | None = None
    phone: str | None = None
    on_roster: bool = True

    def body(self) -> dict[str, Any]:
        # Spelled out: dataclasses.asdict deep-copies and costs a third of a bulk import.
        return {
            "id_number": self.id_number,
            "name": self.name,
            "enterprise": self.enterprise,
            "department": self.department,
            "phone": self.phone,
            "on_roster": self.on_roster,
        }

    def merged_into(self, known: Person | None) -> Person:
        """This record over the known one: a blank phone or department keeps what was known."""
        if known is None:
            return self
        return replace(self, department=self.department or known.department, phone=self.phone or known.phone)


@dataclass
class ImportReport:
    encoding: str
    rows: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    per_enterprise: Counter[str] = field(default_factory=Counter)
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "accepted": sum(self.per_enterprise.values()),
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "enterprises": len(self.per_enterprise),
            "per_enterprise": dict(sorted(self.per_enterprise.items())),
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "encoding": self.encoding,
        }


def parse_id(value: Cell) -> tuple[str, str | None]:
    """(normalised ID number, why it is refused or None)."""
    if isinstance(value, int | float):
        return "", EXCEL_NUMBER
    text = tables.clean_text(value)
    if not text:
        return "", "missing ID number"
    if _SCIENTIFIC.fullmatch(text):
        return "", EXCEL_NUMBER
    number = identity.normalise_id(text)
    problem = identity.id_problem(number)
    if problem and number.isdigit() and len(number) == 18 and number.endswith("000"):
        # Excel keeps 15 significant digits: the last three of a number-typed ID become zeros.
        return number, EXCEL_NUMBER
    return number, problem


def clean_enterprise(name: str) -> str:
    return campaign.check_name("enterprise", tables.clean_text(name))


def _text_problem(what: str, text: str, kind: str) -> str | None:
    if not text:
        return f"missing {what}"
    try:
        campaign.check_name(kind, text)
    except CampaignError as exc:
        return str(exc)
    return None


def _parse_row(sheet: Sheet, cells: list[Cell], enterprise: str | None) -> tuple[Person | None, list[str]]:
    name = tables.clean_text(sheet.cell(cells, "name"))
    id_number, id_problem = parse_id(sheet.cell(cells, "id_number"))
    firm = tables.clean_text(sheet.cell(cells, "enterprise")) or enterprise or ""
    checks = (
        _text_problem("name", name, "person"),
        id_problem,
        _text_problem("enterprise", firm, "enterprise"),
    )
    problems = [p for p in checks if p]
    if enterprise and firm != enterprise:
        problems.append(f"enterprise {firm} is not {enterprise}, the one this import is for")
    if problems:
        return None, problems
    return Person(
        id_number,
        name,
        firm,
        tables.clean_text(sheet.cell(cells, "department")) or None,
        identity.normalise_phone(tables.clean_text(sheet.cell(cells, "phone"))) or None,
    ), []


def read_roster(path: Path, enterprise: str | None = None) -> tuple[ImportReport, list[Person]]:
    """The people a roster file names, and the report of its rows; writes nothing."""
    enterprise = clean_enterprise(enterprise) if enterprise is not None else None
    sheet = tables.read(path, ALIASES, ("name", "id_number"))
    if "enterprise" not in sheet.columns and enterprise is None:
        raise CampaignError(f"{path}: the file has no enterprise column; give the enterprise's name")
    report = ImportReport(sheet.encoding)
    first_seen: dict[str, tuple[int, Person]] = {}
    for number, cells in sheet.rows:
        if not any(tables.clean_text(sheet.cell(cells, f)) for f in _DATA_FIELDS):
            continue
        report.rows += 1
        person, problems = _parse_row(sheet, cells, enterprise)
        if person is not None:
            seen = first_seen.setdefault(person.id_number, (number, person))
            if seen[1] is not person:
                if seen[1] == person:
                    report.duplicates += 1
                    continue
                problems = [f"ID number already on row {seen[0]} with different details"]
        if problems:
            report.rejected.append({"row": number, "reason": "; ".join(problems)})
    people = [person for _, person in first_seen.values()]
    report.per_enterprise.update(p.enterprise for p in people)
    return report, people


def import_roster(store: Store, path: Path, enterprise: str | None = None) -> ImportReport:
    """Import a roster file: the good rows are saved, every bad one is reported with its reason."""
    report, people = read_roster(path, enterprise)
    with store.write() as conn:
        known = _known(conn)
        outcomes = Counter(_save(conn, person, known.get(person.id_number)) for person in people)
    report.added, report.updated, report.unchanged = (
        outcomes["added"],
        outcomes["updated"],
        outcomes["unchanged"],
    )
    return report


def add_person(store: Store, person: Person) -> str:
    """Add or change one person (a late employee, or a walk-in with ``on_roster`` False)."""
    id_number, problem = parse_id(person.id_number)
    if problem:
        raise CampaignError(problem)
    person = replace(
        person,
        id_number=id_number,
        name=campaign.check_name("person", tables.clean_text(person.name)),
        enterprise=clean_enterprise(person.enterprise),
        department=tables.clean_text(person.department) or None,
        phone=identity.normalise_phone(person.phone or "") or None,
    )
    with store.write() as conn:
        known = get(conn, id_number)
        if known is not None and known.on_roster and not person.on_roster:
            raise CampaignError(f"{identity.mask_id(id_number)} is on the roster of {known.enterprise}")
        return _save(conn, person, known)


def remove_person(store: Store, id_number: str) -> Person:
    """Take a person off their enterprise's roster; registered later, they count as not on it."""
    id_number = identity.normalise_id(id_number)
    with store.write() as conn:
        known = get(conn, id_number)
        if known is None or not known.on_roster:
            raise CampaignError(f"{identity.mask_id(id_number)} is on no roster")
        removed = replace(known, on_roster=False)
        _save(conn, removed, known)
        return removed


def _save(conn: sqlite3.Connection, person: Person, known: Person | None) -> str:
    merged = person.merged_into(known)
    if merged == known:
        return "unchanged"
    events.record(conn, "person.upserted", merged.body())
    return "added" if known is None else "updated"


_SELECT = "SELECT id_number, name, enterprise, department, phone, on_roster FROM people"


def _person(row: sqlite3.Row | tuple[Any, ...]) -> Person:
    return Person(row[0], row[1], row[2], row[3], row[4], bool(row[5]))


def _known(conn: sqlite3.Connection) -> dict[str, Person]:
    return {row[0]: _person(row) for row in conn.execute(_SELECT)}


def get(conn: sqlite3.Connection, id_number: str) -> Person | None:
    row = conn.execute(_SELECT + " WHERE id_number = ?", (id_number,)).fetchone()
    return None if row is None else _person(row)


def on_roster(conn: sqlite3.Connection, enterprise: str | None = None) -> list[Person]:
    """The roster people of ``enterprise`` (of every enterprise when None), in print order."""
    rows = conn.execute(
        _SELECT + " WHERE on_roster AND (:firm IS NULL OR enterprise = :firm)"
        " ORDER BY enterprise, department, name, id_number",
        {"firm": enterprise},
    )
    return [_person(row) for row in rows]


def view(person: Person) -> dict[str, Any]:
    """A person as output shows them: ID number and phone masked."""
    return person.body() | {
        "id_number": identity.mask_id(person.id_number),
        "phone": identity.mask_phone(person.phone or ""),
    }


@applies("person.upserted")
def _person_upserted(conn: sqlite3.Connection, event: Event) -> None:
    b = event.body
    campaign.upsert_if_newer(
        conn,
        "people",
        {"id_number": b["id_number"]},
        {
            "name": b["name"],
            "enterprise": b["enterprise"],
            "department": b.get("department"),
            "phone": b.get("phone"),
            "on_roster": int(bool(b.get("on_roster", True))),
        },
        event.version,
    )
