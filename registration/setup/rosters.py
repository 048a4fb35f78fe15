"""Enterprise rosters: importing the files staff hand over, and adding or removing one person.

A person is a ``person.upserted`` event carrying the whole record, applied last writer wins. An
import is first a preview (what it would add, change, refuse, leave out, the conflicts, and the ID
numbers several rows give different details), then applied in one transaction recording events only
for the people it adds, changes or removes.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from registration.errors import Reason, several
from registration.people import identity, personcodes
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import authority, events, tables
from registration.storage.events import Event, applies
from registration.storage.store import Store
from registration.storage.tables import Cell, Sheet

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
REQUIRED = {"id_number": "ID number", "name": "name"}
"""The columns a roster needs, in the words a refusal names them."""
_DATA_FIELDS = tuple(_HEADERS)
_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+", re.IGNORECASE)
EXCEL_NUMBER = Reason("roster.excel_number")


@dataclass(frozen=True)
class Person:
    id_number: str
    name: str
    enterprise: str
    department: str | None = None
    phone: str | None = None
    on_roster: bool = True
    person_key: str | None = None
    """The opaque key a badge carries instead of the ID number, the same on every laptop."""

    def body(self) -> dict[str, Any]:
        # Spelled out: dataclasses.asdict deep-copies and costs a third of a bulk import.
        body: dict[str, Any] = {
            "id_number": self.id_number,
            "name": self.name,
            "enterprise": self.enterprise,
            "department": self.department,
            "phone": self.phone,
            "on_roster": self.on_roster,
        }
        if self.person_key is not None:
            body["person_key"] = self.person_key
        return body

    def merged_into(self, known: Person | None) -> Person:
        """This record over the known one: a blank phone or department keeps what was known, and a
        person keeps their key."""
        if known is None or (
            (self.department or not known.department)
            and (self.phone or not known.phone)
            and (self.person_key or not known.person_key)
        ):
            return self
        return dataclasses.replace(
            self,
            department=self.department or known.department,
            phone=self.phone or known.phone,
            person_key=self.person_key or known.person_key,
        )

    def keyed(self) -> Person:
        """This person with a person key, a new random one when they have none yet."""
        return self if self.person_key else dataclasses.replace(self, person_key=personcodes.new_person_key())


@dataclass(frozen=True)
class Conflict:
    """A person two enterprises list: kept where first known until someone decides."""

    person: Person
    """The record kept (the enterprise known before, or the file's first row)."""
    listed_by: str
    kept_rows: tuple[int, ...]
    """File rows of the kept enterprise (none when it is known from an earlier roster)."""
    rows: tuple[int, ...]
    """File rows listing the person for ``listed_by``."""
    kept_in: Path | None = None
    """The file listing the kept enterprise (at ``kept_rows``) when it is another file of the same
    import; None when it is this file or an earlier roster."""

    def to_json(self) -> dict[str, Any]:
        kept = {"enterprise": self.person.enterprise, "rows": list(self.kept_rows)}
        return {
            "id_number": identity.mask_id(self.person.id_number),
            "name": self.person.name,
            "kept": self.person.enterprise,
            "enterprises": [
                kept | {"file": self.kept_in.name} if self.kept_in else kept,
                {"enterprise": self.listed_by, "rows": list(self.rows)},
            ],
        }


@dataclass(frozen=True)
class Clash:
    """Rows of one file giving one ID number different details for one enterprise (a name typed twice,
    an old phone): one version is imported, the first read unless someone chooses another."""

    id_number: str
    versions: tuple[tuple[Person, tuple[int, ...]], ...]
    """Each record the rows give, with the file rows giving it, in the order first read."""
    chosen: int = 0
    """The index of the version imported."""

    @property
    def row(self) -> int:
        """The file row of the version imported."""
        return self.versions[self.chosen][1][0]

    def to_json(self) -> dict[str, Any]:
        return {
            "id_number": identity.mask_id(self.id_number),
            "versions": [view(person) | {"rows": list(rows)} for person, rows in self.versions],
            "chosen": self.row,
        }


@dataclass
class RosterPreview:
    """What importing a roster file would do, computed before anything is written.

    ``apply_import`` writes it; a window shows it first. ``leaving`` are roster people of the
    file's enterprises the file no longer lists: ``replace`` takes them off their roster.
    """

    path: Path
    encoding: str
    enterprise: str | None
    replace: bool = False
    rows: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    listed: dict[str, tuple[int, Person]] = field(default_factory=dict)
    """Each accepted person by ID number, with the first row listing them."""
    mentioned: set[str] = field(default_factory=set)
    """Every ID number a row names, rejected rows included: nobody the file names is leaving."""
    in_file_conflicts: list[Conflict] = field(default_factory=list)
    """Rows of this file listing one person for two enterprises."""
    conflicts: list[Conflict] = field(default_factory=list)
    """Those, and people the file lists whom another enterprise's roster holds (or will hold, once
    the files before it in the same import are written)."""
    clashes: list[Clash] = field(default_factory=list)
    """ID numbers several rows of the file give different details, with the version imported."""
    leaving: list[Person] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    planned: bool = False
    """Whether conflicts, leaving people and outcomes were worked out against the store."""

    @property
    def per_enterprise(self) -> Counter[str]:
        return Counter(person.enterprise for _, person in self.listed.values())

    @property
    def added(self) -> int:
        return self.outcomes["added"]

    @property
    def updated(self) -> int:
        return self.outcomes["updated"]

    @property
    def unchanged(self) -> int:
        return self.outcomes["unchanged"]

    @property
    def scope(self) -> list[str]:
        """The enterprises whose rosters the file stands for."""
        return [self.enterprise] if self.enterprise else sorted(self.per_enterprise)

    def to_json(self) -> dict[str, Any]:
        per_enterprise = self.per_enterprise
        return {
            "rows": self.rows,
            "accepted": sum(per_enterprise.values()),
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "enterprises": len(per_enterprise),
            "per_enterprise": dict(sorted(per_enterprise.items())),
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "encoding": self.encoding,
            "conflicts": [c.to_json() for c in self.conflicts],
            "clashes": [c.to_json() for c in self.clashes],
            "leaving": [view(p) for p in self.leaving],
            "replace": self.replace,
        }


@dataclass
class ImportReport(RosterPreview):
    """What an import wrote: its preview as planned inside the write, and who ``replace`` removed."""

    removed: list[Person] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"removed": [view(p) for p in self.removed]}


def parse_id(value: Cell) -> tuple[str, Reason | None]:
    """(normalised ID number, why it is refused or None)."""
    if isinstance(value, int | float):
        return "", EXCEL_NUMBER
    text = tables.clean_text(value)
    if not text:
        return "", Reason("roster.missing_id")
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


def _text_problem(missing: str, text: str, kind: str) -> Reason | None:
    """``missing`` (a refusal's key) for no text, else why ``text`` is no name of ``kind``, or None."""
    if not text:
        return Reason(missing)
    try:
        campaign.check_name(kind, text)
    except CampaignError as exc:
        return exc.reason
    return None


def _parse_row(sheet: Sheet, cells: list[Cell], enterprise: str | None) -> tuple[Person | None, list[Reason]]:
    name = tables.clean_text(sheet.cell(cells, "name"))
    id_number, id_problem = parse_id(sheet.cell(cells, "id_number"))
    firm = tables.clean_text(sheet.cell(cells, "enterprise")) or enterprise or ""
    checks = (
        _text_problem("roster.missing_name", name, "person"),
        id_problem,
        _text_problem("roster.missing_enterprise", firm, "enterprise"),
    )
    problems = [p for p in checks if p]
    if enterprise and firm != enterprise:
        problems.append(Reason("roster.other_enterprise", enterprise=firm, chosen=enterprise))
    if problems:
        return None, problems
    return Person(
        id_number,
        name,
        firm,
        tables.clean_text(sheet.cell(cells, "department")) or None,
        identity.normalise_phone(tables.clean_text(sheet.cell(cells, "phone"))) or None,
    ), []


def read_roster(
    path: Path, enterprise: str | None = None, *, replace: bool = False, chosen: Collection[int] = ()
) -> RosterPreview:
    """The people a roster file names and the report of its rows; reads no database.

    Of rows giving one ID number different details, the first is imported unless ``chosen`` names
    another of them (file rows, as the preview's clashes list them).
    """
    enterprise = clean_enterprise(enterprise) if enterprise is not None else None
    sheet = tables.read(path, ALIASES, REQUIRED)
    if "enterprise" not in sheet.columns and enterprise is None:
        raise CampaignError("roster.no_enterprise_column", file=path)
    preview = RosterPreview(path, sheet.encoding, enterprise, replace)
    conflicts: dict[tuple[str, str], Conflict] = {}
    repeats: dict[str, list[int]] = {}
    """Rows repeating the first row of an ID number (rare): a clash's first version lists them too."""
    versions: dict[str, list[tuple[Person, list[int]]]] = {}
    for number, cells in sheet.rows:
        if not any(tables.clean_text(sheet.cell(cells, f)) for f in _DATA_FIELDS):
            continue
        preview.rows += 1
        person, problems = _parse_row(sheet, cells, enterprise)
        if person is None:
            listed_id = parse_id(sheet.cell(cells, "id_number"))[0]
            preview.mentioned.add(listed_id)
            preview.rejected.append({"row": number, "reason": several(problems)})
            continue
        preview.mentioned.add(person.id_number)
        seen = preview.listed.setdefault(person.id_number, (number, person))
        if seen[1] is person:
            continue
        first = seen[1]
        if first.enterprise == person.enterprise and (first != person or person.id_number in versions):
            _add_version(versions, repeats, seen, person, number)
        if first == person:
            preview.duplicates += 1
            repeats.setdefault(person.id_number, []).append(number)
        elif first.enterprise != person.enterprise:
            # The first enterprise keeps the person; each other one's rows add up in one conflict.
            key = (person.id_number, person.enterprise)
            known = conflicts.get(key)
            conflicts[key] = (
                Conflict(first, person.enterprise, (seen[0],), (number,))
                if known is None
                else dataclasses.replace(known, rows=(*known.rows, number))
            )
        else:
            preview.rejected.append({"row": number, "reason": Reason("roster.repeated_id", row=seen[0])})
    preview.in_file_conflicts = list(conflicts.values())
    preview.clashes = [
        Clash(number, tuple((person, tuple(rows)) for person, rows in found))
        for number, found in versions.items()
    ]
    if chosen:
        _choose(preview, set(chosen))
    if replace:
        _check_replace(preview)
    return preview


def _add_version(
    versions: dict[str, list[tuple[Person, list[int]]]],
    repeats: dict[str, list[int]],
    first: tuple[int, Person],
    person: Person,
    row: int,
) -> None:
    """Count ``row`` in the clash of its ID number: under the version it repeats, or as a new one."""
    earlier = [first[0], *repeats.get(person.id_number, [])]
    found = versions.setdefault(person.id_number, [(first[1], earlier)])
    for version, rows in found:
        if version == person:
            rows.append(row)
            return
    found.append((person, [row]))


def _choose(preview: RosterPreview, chosen: set[int]) -> None:
    """Import the version of each clash whose rows include a chosen row: the rows of the others are
    refused in its favour, and repeats of it are duplicates."""
    settled: set[int] = set()
    refused: list[dict[str, Any]] = []
    for index, clash in enumerate(preview.clashes):
        pick = next((i for i, (_, rows) in enumerate(clash.versions) if chosen.intersection(rows)), 0)
        if pick == clash.chosen:
            continue
        person, rows = clash.versions[pick]
        preview.listed[clash.id_number] = (rows[0], person)
        preview.duplicates += len(rows) - len(clash.versions[clash.chosen][1])
        preview.clashes[index] = dataclasses.replace(clash, chosen=pick)
        preview.in_file_conflicts = [
            dataclasses.replace(c, person=person, kept_rows=(rows[0],))
            if c.person.id_number == clash.id_number
            else c
            for c in preview.in_file_conflicts
        ]
        for i, (_, others) in enumerate(clash.versions):
            settled.update(others)
            if i != pick:
                reason = Reason("roster.repeated_id_chosen", row=rows[0])
                refused += [{"row": row, "reason": reason} for row in others]
    if settled:
        kept = [r for r in preview.rejected if r["row"] not in settled]
        preview.rejected = sorted([*kept, *refused], key=lambda r: int(r["row"]))


def _check_replace(preview: RosterPreview) -> None:
    scope = preview.scope
    if len(scope) != 1:
        raise CampaignError("roster.replace_several", count=len(scope), names=", ".join(scope) or "none")
    if not preview.per_enterprise[scope[0]]:
        raise CampaignError("roster.replace_empties", enterprise=scope[0])


def _held(before: Person | None, person: Person) -> TypeGuard[Person]:
    """Whether another enterprise's roster holds the person a file lists: they stay there, a conflict."""
    return before is not None and before.on_roster and before.enterprise != person.enterprise


def _listed_by(earlier: Sequence[RosterPreview], kept: Person) -> tuple[Path | None, tuple[int, ...]]:
    """(file, rows) of the first earlier file of the import listing ``kept`` for their enterprise."""
    for preview in earlier:
        seen = preview.listed.get(kept.id_number)
        if seen is not None and seen[1].enterprise == kept.enterprise:
            return preview.path, (seen[0],)
    return None, ()


def _as_imported(known: dict[str, Person], earlier: Sequence[RosterPreview]) -> dict[str, Person]:
    """``known`` once the ``earlier`` files of the same import are written, one after the other as
    apply_import writes them: a later file's preview shows what importing it after them does."""
    for preview in earlier:
        for _, person in preview.listed.values():
            before = known.get(person.id_number)
            if not _held(before, person):
                known[person.id_number] = person.merged_into(before)
        if preview.replace:
            for person in preview.leaving:
                known[person.id_number] = dataclasses.replace(person, on_roster=False)
    return known


def _plan(preview: RosterPreview, known: dict[str, Person], earlier: Sequence[RosterPreview]) -> list[Person]:
    """Fill the preview's conflicts, leaving people and outcomes from the known people; the people to save."""
    saves: list[Person] = []
    conflicts = list(preview.in_file_conflicts)
    preview.outcomes = Counter()
    for number, person in preview.listed.values():
        before = known.get(person.id_number)
        if _held(before, person):
            kept_in, kept_rows = _listed_by(earlier, before)
            conflicts.append(Conflict(before, person.enterprise, kept_rows, (number,), kept_in))
            continue
        merged = person.merged_into(before)
        preview.outcomes["unchanged" if merged == before else "added" if before is None else "updated"] += 1
        if merged != before:
            saves.append(merged)
    preview.conflicts = conflicts
    scope = set(preview.scope)
    preview.leaving = [
        p
        for p in known.values()
        if p.on_roster and p.enterprise in scope and p.id_number not in preview.mentioned
    ]
    preview.leaving.sort(key=lambda p: (p.enterprise, p.department or "", p.name, p.id_number))
    preview.planned = True
    return saves


def preview_import(
    store: Store,
    path: Path,
    enterprise: str | None = None,
    *,
    replace: bool = False,
    earlier: Sequence[RosterPreview] = (),
    chosen: Collection[int] = (),
) -> RosterPreview:
    """What importing ``path`` would do: accepted, duplicates, bad rows, conflicts, clashes, who leaves.

    ``earlier`` are the previews of the files chosen with it, to be imported before it: a person
    one of them lists for another enterprise is a conflict naming that file. ``chosen`` are the
    file rows someone chose among rows giving one ID number different details. Writes nothing;
    ``apply_import`` writes it.
    """
    authority.require_office(store.conn, "person.upserted")
    preview = read_roster(path, enterprise, replace=replace, chosen=chosen)
    with store.read() as conn:
        _plan(preview, _as_imported(_known(conn), earlier), earlier)
    return preview


def apply_import(store: Store, preview: RosterPreview, earlier: Sequence[RosterPreview] = ()) -> ImportReport:
    """Write a preview in one transaction, planned again against what is known by then.

    ``earlier`` are the files of the same import written before it, named by the conflicts they
    make. With ``replace``, only people a planned preview showed as leaving are removed: someone
    who joined the roster since it was shown stays.
    """
    shown = {p.id_number for p in preview.leaving} if preview.planned else None
    with store.write() as conn:
        authority.require_office(conn, "person.upserted")
        saves = _plan(preview, _known(conn), earlier)
        for person in saves:
            events.record(conn, "person.upserted", person.keyed().body())
        removed = []
        if preview.replace:
            removed = [p for p in preview.leaving if shown is None or p.id_number in shown]
            for person in removed:
                events.record(conn, "person.upserted", dataclasses.replace(person, on_roster=False).body())
    fields = {f.name: getattr(preview, f.name) for f in dataclasses.fields(preview)}
    return ImportReport(**fields, removed=removed)


def import_roster(
    store: Store,
    path: Path,
    enterprise: str | None = None,
    *,
    replace: bool = False,
    chosen: Collection[int] = (),
) -> ImportReport:
    """Import a roster file: the good rows are saved, every bad one is reported with its reason;
    with ``replace``, whoever the file no longer lists leaves the enterprise's roster (and is named).
    Of rows giving one ID number different details, the ``chosen`` one is imported (else the first)."""
    return apply_import(store, read_roster(path, enterprise, replace=replace, chosen=chosen))


def add_person(store: Store, person: Person) -> str:
    """Add or change one person (a late employee, or a walk-in with ``on_roster`` False)."""
    id_number, problem = parse_id(person.id_number)
    if problem:
        raise CampaignError(problem)
    person = dataclasses.replace(
        person,
        id_number=id_number,
        name=campaign.check_name("person", tables.clean_text(person.name)),
        enterprise=clean_enterprise(person.enterprise),
        department=tables.clean_text(person.department) or None,
        phone=identity.normalise_phone(person.phone or "") or None,
    )
    with store.write() as conn:
        authority.require_office(conn, "person.upserted", person.body())  # a walk-in is a station's to add
        known = get(conn, id_number)
        if known is not None and known.on_roster and not person.on_roster:
            raise CampaignError(
                "roster.on_other", person=identity.mask_id(id_number), enterprise=known.enterprise
            )
        return _save(conn, person, known)


def remove_person(store: Store, id_number: str) -> Person:
    """Take a person off their enterprise's roster; registered later, they count as not on it."""
    with store.write() as conn:
        return take_off(conn, id_number)


def take_off(conn: sqlite3.Connection, id_number: str) -> Person:
    """``remove_person`` inside the caller's write transaction (a liaison's "left the company",
    accepted, takes the person off in the transaction that records the office's answer)."""
    id_number = identity.normalise_id(id_number)
    authority.require_office(conn, "person.upserted")
    known = get(conn, id_number)
    if known is None or not known.on_roster:
        raise CampaignError("roster.not_on", person=identity.mask_id(id_number))
    removed = dataclasses.replace(known, on_roster=False)
    _save(conn, removed, known)
    return removed


def _save(conn: sqlite3.Connection, person: Person, known: Person | None) -> str:
    merged = person.merged_into(known)
    if merged == known:
        return "unchanged"
    events.record(conn, "person.upserted", merged.keyed().body())
    return "added" if known is None else "updated"


def with_keys(store: Store, people: list[Person]) -> list[Person]:
    """``people`` each with a person key: people known before keys existed get one now, as an event."""
    if all(p.person_key for p in people):
        return people
    with store.write() as conn:
        authority.require_office(conn, "person.upserted")
        keyed = []
        for person in people:
            if not person.person_key:
                person = person.keyed()
                events.record(conn, "person.upserted", person.body())
            keyed.append(person)
    return keyed


def id_number_of_key(conn: sqlite3.Connection, person_key: str) -> str | None:
    """The ID number of the person a badge's key names, on this laptop's roster."""
    row = conn.execute("SELECT id_number FROM people WHERE person_key = ?", (person_key,)).fetchone()
    return None if row is None else str(row[0])


_SELECT = "SELECT id_number, name, enterprise, department, phone, on_roster, person_key FROM people"


def _person(row: sqlite3.Row | tuple[Any, ...]) -> Person:
    return Person(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6])


def _known(conn: sqlite3.Connection) -> dict[str, Person]:
    return {row[0]: _person(row) for row in conn.execute(_SELECT)}


def get(conn: sqlite3.Connection, id_number: str) -> Person | None:
    row = conn.execute(_SELECT + " WHERE id_number = ?", (id_number,)).fetchone()
    return None if row is None else _person(row)


def on_roster(conn: sqlite3.Connection, enterprise: str | None = None) -> list[Person]:
    """The roster people of ``enterprise`` (of every enterprise when None), in print order."""
    return find(conn, enterprise=enterprise)


def text_match(query: str) -> tuple[str, str]:
    """(SQL condition, parameter) matching people whose name contains ``query``, or whose phone
    contains its digits when it is four digits or more (a roster search as people type it)."""
    digits = identity.normalise_phone(query)
    if digits.isdigit() and len(digits) >= 4:
        return "phone LIKE ? ESCAPE '\\'", f"%{digits}%"
    return "name LIKE ? ESCAPE '\\'", containing(query)


def containing(text: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) for values that contain ``text``, its wildcards as
    plain characters."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find(
    conn: sqlite3.Connection,
    *,
    enterprise: str | None = None,
    department: str | None = None,
    search: str | None = None,
    phone_tail: str | None = None,
) -> list[Person]:
    """The roster people matching every criterion given (all of them when none is), in print order."""
    where: list[str] = ["on_roster"]
    params: list[str | int] = []
    for column, value in (("enterprise", enterprise), ("department", department)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if search:
        condition, param = text_match(search)
        where.append(condition)
        params.append(param)
    if phone_tail:
        where.append("substr(phone, ?) = ?")
        params += [-len(phone_tail), phone_tail]
    rows = conn.execute(
        f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY enterprise, department, name, id_number", params
    )
    return [_person(row) for row in rows]


def view(person: Person) -> dict[str, Any]:
    """A person as output shows them: ID number and phone masked."""
    shown = person.body() | {
        "id_number": identity.mask_id(person.id_number),
        "phone": identity.mask_phone(person.phone or ""),
    }
    shown.pop("person_key", None)
    return shown


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
            # An event from before person keys leaves the key the person has.
            **({"person_key": b["person_key"]} if b.get("person_key") else {}),
        },
        event.version,
    )
