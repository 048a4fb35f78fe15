"""No control character in any text a person typed or a scanner sent, on the laptop or in a body
the server checks; ID numbers in ASCII digits only; exports that write whatever an old database
holds; spreadsheets that cannot unpack into gigabytes."""

from __future__ import annotations

import csv
import io
import json
import struct
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from registration.people import freetext, identity, personcodes
from registration.reports import trace
from registration.sampling import registrations, results, tubes
from registration.sampling.registrations import Status
from registration.setup import campaign, enterprises, exemptions, rosters
from registration.setup.rosters import Person
from registration.storage import bodies, tables
from registration.storage.store import Store
from registration.storage.tables import SheetError

from .ids import make_id
from .workbooks import crafted_workbook, sheet_xml

GATE = "North gate"
PERSON = make_id(7)
# One of each kind: C0 (NUL, SOH, BEL, ESC, GS), DEL, C1 (NEL, CSI), and tab.
CONTROLS = ["\x00", "\x01", "\x07", "\x1b", "\x1d", "\x7f", "\x85", "\x9b", "\t"]
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def _key() -> dict[str, str]:
    key = personcodes.new_signing_key()
    return {"kid": key.kid, "public": key.public.hex()}


# (kind, a valid body, the text fields a person or a scanner fills in)
VALID: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "registration",
        {
            "person": PERSON,
            "raw_code": "https://hc.example/q?c=AbCdEf0123456789",
            "round": "R1",
            "checkpoint": GATE,
            "operator": "张 三",
            "tube": "TUBE00000001",
            "position": 1,
            "colour": "green",
            "source": "camera",
            "corrects": "01890000-0000-7000-8000-000000000000",
            "reason": "scanned the wrong badge",
        },
        ["raw_code", "round", "checkpoint", "operator", "reason"],
    ),
    ("void", {"event": "01890000-0000-7000-8000-000000000000", "reason": "typo"}, ["reason"]),
    (
        "exemption.set",
        {"round": "R1", "person": PERSON, "reason": "other", "note": "产假 中"},
        ["round", "note"],
    ),
    (
        "enterprise.upserted",
        {"name": "明泰 包装", "reported": 3, "contact": "李 四", "phone": "0760-8888 8888"},
        ["name", "contact", "phone"],
    ),
    (
        "person.upserted",
        {
            "id_number": PERSON,
            "name": "王 五",
            "enterprise": "明泰包装",
            "department": "仓储 部",
            "phone": "13800138000",
            "on_roster": False,
        },
        ["name", "enterprise", "department", "phone"],
    ),
    ("operator.added", {"name": "志愿者 1"}, ["name"]),
    ("checkpoint.added", {"name": "South gate"}, ["name"]),
    ("round.opened", {"name": "R 2", "pool_size": 10}, ["name"]),
    ("audit.revealed", {"list": "missing", "people": 3, "operator": "admin", "round": "R1"}, ["operator"]),
    ("data.purged", {"scope": "round", "round": "R0", "people": 0, "operator": "admin"}, ["operator"]),
]
FIELDS = [(kind, body, field) for kind, body, fields in VALID for field in fields]


@pytest.mark.parametrize(("kind", "body", "fields"), VALID, ids=[v[0] for v in VALID])
def test_the_valid_bodies_pass(kind: str, body: dict[str, Any], fields: list[str]) -> None:
    assert bodies.validate(kind, body) is None


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
@pytest.mark.parametrize(("kind", "body", "field"), FIELDS, ids=[f"{k}.{f}" for k, _, f in FIELDS])
def test_the_server_refuses_a_control_character_in_any_text_field(
    kind: str, body: dict[str, Any], field: str, control: str
) -> None:
    value = body[field]
    dirty = body | {field: value[:2] + control + value[2:]}
    reason = bodies.validate(kind, dirty)
    assert reason is not None
    assert reason.startswith(f"{kind}: {field}: ") and reason.endswith(freetext.REFUSAL), reason
    assert value[:2] not in reason.removeprefix(f"{kind}: {field}")  # never the value


def test_a_control_character_at_either_end_of_a_name_is_refused_as_one() -> None:
    for dirty in ("\x00R1", "R1\x07", "\x85"):
        assert (
            bodies.validate("round.closed", {"name": dirty})
            == f"round.closed: name: Value error, {freetext.REFUSAL}"
        )
    assert bodies.validate("round.closed", {"name": " R1"}) is not None  # outer space, as before
    assert bodies.validate("key.published", _key()) is None


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_typed_text_is_kept_without_control_characters(control: str) -> None:
    kept = freetext.one_line(f" 仓储{control}部 ")
    assert not freetext.has_control(kept)
    assert kept in ("仓储部", "仓储 部")
    assert tables.clean_text(f"仓储{control}部") == kept


# ID numbers: every script's digits are folded to ASCII where they come in; the server takes ASCII only.


@pytest.mark.parametrize(
    "script", [FULL_WIDTH, ARABIC_INDIC, DEVANAGARI], ids=["full-width", "arabic", "devanagari"]
)
def test_other_scripts_digits_are_the_same_person(script: dict[int, str]) -> None:
    typed = PERSON.translate(script)
    assert typed != PERSON
    assert identity.normalise_id(typed) == PERSON
    assert identity.id_problem(typed) == "an ID number has 17 digits and a check digit or X"
    assert bodies.validate("exemption.cleared", {"round": "R1", "person": typed}) is not None
    assert identity.normalise_phone("١٣٨٠٠١٣٨٠٠٠") == "13800138000"


def test_a_person_scanned_in_arabic_digits_then_typed_in_ascii_is_registered_once(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    first = registrations.register(store, PERSON.translate(ARABIC_INDIC), checkpoint=GATE, round_name="R1")
    again = registrations.register(store, PERSON, checkpoint=GATE, round_name="R1")
    full = registrations.register(store, PERSON.translate(FULL_WIDTH), checkpoint=GATE, round_name="R1")
    assert (first.status, again.status, full.status) == (
        Status.REGISTERED,
        Status.ALREADY_REGISTERED,
        Status.ALREADY_REGISTERED,
    )
    assert [r[0] for r in store.conn.execute("SELECT person FROM registrations")] == [PERSON]
    _all_bodies_valid(store)


def test_a_person_added_in_other_digits_is_one_person(store: Store) -> None:
    rosters.add_person(store, Person(PERSON.translate(ARABIC_INDIC), "王五", "明泰包装"))
    assert rosters.add_person(store, Person(PERSON.translate(FULL_WIDTH), "王五", "明泰包装")) == "unchanged"
    assert [r[0] for r in store.conn.execute("SELECT id_number FROM people")] == [PERSON]
    exemptions.set_exemption(store, PERSON.translate(DEVANAGARI), "R1", "away")
    assert exemptions.get(store.conn, "R1", PERSON) is not None


# Where text comes in on the laptop.


def test_a_scanned_code_holding_control_characters_registers_the_person(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    foreign = "HC.0123456789\x1dABCDEFGH\x00"
    asked = registrations.register(store, foreign, checkpoint=GATE, round_name="R1")
    assert asked.status is Status.NEEDS_IDENTITY
    done = registrations.register(
        store, foreign.encode(), checkpoint=GATE, round_name="R1", identity=PERSON, operator="张\x07三\t"
    )
    assert done.status is Status.REGISTERED, done.reason
    # The ID number itself, with a GS in the middle and a NUL at the end.
    other = make_id(8)
    assert registrations.register(
        store, f"{other[:9]}\x1d{other[9:]}\x00", checkpoint=GATE, round_name="R1"
    ).status is (Status.REGISTERED)
    rows = store.conn.execute(
        "SELECT person, raw_code, operator FROM registrations ORDER BY at, person"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        (PERSON, "HC.0123456789\\x1dABCDEFGH\\x00", "张三"),
        (other, None, None),
    ]
    _all_bodies_valid(store)


def test_voids_corrections_notes_contacts_and_walk_ins_are_kept_clean(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    rosters.add_person(store, Person(PERSON, "王\x00五", "明泰\x01包装", "仓储\x07部", "138\x1b0013\x858000"))
    rosters.add_person(store, Person(make_id(9), "赵六", "明泰包装", on_roster=False))
    outcome = registrations.register(store, PERSON, checkpoint=GATE, round_name="R1", operator="\x07")
    assert outcome.event is not None
    corrected = registrations.correct(store, outcome.event, make_id(9), "wrong\tbadge\x00")
    assert corrected.event is not None
    registrations.void(store, corrected.event, "\x1bdouble scan")
    exemptions.set_exemption(store, make_id(9), "R1", "other", "产假\x00")
    enterprises.set_enterprise(store, "明泰包装", contact="李\x07四", phone="0760\x00-8888")
    campaign.add_operator(store, "志愿者1")
    kept = rosters.get(store.conn, PERSON)
    assert kept is not None
    assert (kept.name, kept.enterprise, kept.department, kept.phone) == (
        "王五",
        "明泰包装",
        "仓储部",
        "13800138000",
    )
    assert enterprises.get(store.conn, "明泰包装") == enterprises.Enterprise(
        "明泰包装", None, "李四", "07608888"
    )
    _all_bodies_valid(store)


def _all_bodies_valid(store: Store) -> None:
    """Every event this laptop recorded is one the server takes."""
    recorded = store.conn.execute("SELECT kind, body FROM events").fetchall()
    assert recorded
    refused = [(kind, bodies.validate(kind, json.loads(body))) for kind, body in recorded]
    assert [r for r in refused if r[1] is not None] == []


def test_a_dirty_roster_file_is_imported_clean_every_row(store: Store, tmp_path: Path) -> None:
    header = ["企业名称", "姓名", "身份证号码", "手机号码", "部门"]
    rows = [
        ["明泰\x01包装", "王\x00五", make_id(1).translate(ARABIC_INDIC), "138\x070013\x858000", "仓储\x00部"],
        ["明泰包装", "赵\x1b六", make_id(2).translate(FULL_WIDTH), "13800138001", "质检\t部\x7f"],
        ["明泰包装", "钱七", make_id(3), "1380013\x9b8002", "\x00"],
    ]
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([header, *rows])
    path = tmp_path / "dirty.csv"
    path.write_bytes(text.getvalue().encode("utf-8"))
    report = rosters.import_roster(store, path)
    assert (report.rows, report.added, report.rejected) == (3, 3, [])
    found = {
        r[0]: tuple(r[1:])
        for r in store.conn.execute("SELECT id_number, name, enterprise, department, phone FROM people")
    }
    assert found == {
        make_id(1): ("王五", "明泰包装", "仓储部", "13800138000"),
        make_id(2): ("赵六", "明泰包装", "质检 部", "13800138001"),
        make_id(3): ("钱七", "明泰包装", None, "13800138002"),
    }
    _all_bodies_valid(store)


# Exports write what an old database holds.


def test_exports_drop_what_a_workbook_cannot_hold(tmp_path: Path) -> None:
    record = {
        "name": "王\x00五\x07\ud83d",
        "note": '\x01=HYPERLINK("x")',
        "dept": "a\tb\nc\x0b\x0c\x1f\x85",
        "n": 3,
    }
    columns = {"name": "姓名", "note": "备注", "dept": "部门", "n": "人数"}
    assert tables.write_records(tmp_path / "out.xlsx", columns, [record]) == 1
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert [c.value for c in sheet[2]] == ["王五", '\'=HYPERLINK("x")', "a\tb\nc\x85", 3]
    assert tables.write_records(tmp_path / "out.csv", columns, [record]) == 1
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f))[1] == ["王五", '\'=HYPERLINK("x")', "a\tb\nc\x85", "3"]


def test_the_recall_list_of_a_positive_tube_is_written_from_an_old_database(
    store: Store, tmp_path: Path
) -> None:
    rosters.add_person(store, Person(PERSON, "王五", "明泰包装", "仓储部"))
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1", pool_size=5)
    registrations.register(store, PERSON, checkpoint=GATE, round_name="R1")
    results.set_result(store, "TUBE00000001", "positive")
    with store.write() as conn:  # as a laptop before this release could have kept it
        conn.execute("UPDATE people SET name = ?, department = ?", ("王\x07五", "仓\x00储"))
    members = trace.trace(store.conn, ["TUBE00000001"], reveal=True)
    assert trace.write_recall_list(tmp_path / "recall.xlsx", members) == 1
    sheet = openpyxl.load_workbook(tmp_path / "recall.xlsx").worksheets[0]
    assert [c.value for c in sheet[2]][3:7] == ["王五", "明泰包装", "仓储", PERSON]


# Spreadsheet bombs: refused before their cells are read, fast and in little memory.


def _measured(read: Callable[[], object]) -> tuple[BaseException | None, float, int]:
    """(what reading raised, seconds, peak bytes allocated by Python while it ran)."""
    tracemalloc.start()
    started = time.perf_counter()
    raised = None
    try:
        read()
    except Exception as exc:  # whatever it is, the test says what it expected
        raised = exc
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return raised, seconds, peak


def _cells(row: int, person: str = PERSON) -> str:
    return (
        f'<c r="A{row}" t="inlineStr"><is><t>王五</t></is></c>'
        f'<c r="B{row}" t="inlineStr"><is><t>{person}</t></is></c>'
    )


CELL = _cells(2)
BOMBS = {
    "declares every cell of a sheet": (
        sheet_xml(f'<row r="2">{CELL}</row>', "A1:XFD1048576"),
        "beyond row 200000",
    ),
    "declares 16384 columns": (sheet_xml(f'<row r="2">{CELL}</row>', "A1:XFD2"), "beyond column 256"),
    "declares a million rows": (sheet_xml(f'<row r="2">{CELL}</row>', "A1:B1048576"), "beyond row 200000"),
    "a cell at the last column, no dimension": (
        sheet_xml(f'<row r="2">{CELL}<c r="XFD2"><v>1</v></c></row>'),
        "beyond column 256",
    ),
    "a row at the last row, no dimension": (
        sheet_xml(f'<row r="1048576">{_cells(1048576)}</row>'),
        "beyond row 200000",
    ),
    "a row of a million cells with no reference": (
        sheet_xml(f"<row>{'<c/>' * 1_000_000}</row>"),
        "beyond column 256",
    ),
    "rows with no reference, past the cap": (sheet_xml("<row/>" * 200_001), "beyond row 200000"),
}


@pytest.mark.parametrize("bomb", list(BOMBS))
def test_a_spreadsheet_bomb_is_refused_fast_in_little_memory(store: Store, tmp_path: Path, bomb: str) -> None:
    sheet, why = BOMBS[bomb]
    path = crafted_workbook(tmp_path / "roster.xlsx", sheet)
    assert path.stat().st_size < 64 * 1024  # a few KB of file
    raised, seconds, peak = _measured(lambda: rosters.import_roster(store, path, "明泰包装"))
    assert isinstance(raised, SheetError), raised
    assert str(raised).startswith(f"{path}: a sheet reaches {why}")
    # Under tracemalloc, on a shared machine: today's code takes minutes and gigabytes.
    assert seconds < 10 and peak < 16 * 1024 * 1024, (seconds, peak)


def test_a_zip_bomb_is_refused_by_its_directory(tmp_path: Path) -> None:
    path = crafted_workbook(tmp_path / "roster.xlsx", sheet_xml(f'<row r="2">{CELL}</row>'))
    data = bytearray(path.read_bytes())
    # The sheet says, in the zip's directory, that it unpacks to 4 GB.
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, entry + 24, 0xFFFF_FFF0)
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))
    raised, seconds, peak = _measured(lambda: tables.read(path, rosters.ALIASES, rosters.REQUIRED))
    assert isinstance(raised, SheetError) and "unpacks to more than 256 MB" in str(raised), raised
    assert seconds < 1 and peak < 4 * 1024 * 1024


def test_a_part_declaring_a_document_type_is_refused(tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<sst><si><t>&lol2;</t></si></sst>"
    )
    path = crafted_workbook(tmp_path / "roster.xlsx", extra={"xl/sharedStrings2.xml": laughs})
    with pytest.raises(SheetError, match=r"not a readable XLSX workbook \(a part declares a document type\)"):
        tables.read(path, rosters.ALIASES, rosters.REQUIRED)


def test_a_dimension_that_declares_too_little_loses_no_cell(store: Store, tmp_path: Path) -> None:
    # openpyxl in read-only mode believes the declaration: today it read one row of one cell.
    rows = f'<row r="2">{CELL}</row><row r="4">{_cells(4, make_id(4))}</row>'
    path = crafted_workbook(tmp_path / "roster.xlsx", sheet_xml(rows, "A1"))
    report = rosters.import_roster(store, path, "明泰包装")
    assert (report.rows, report.added, report.rejected) == (2, 2, [])


def test_a_roster_within_the_caps_is_read_whole(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号码", *(f"备注{n}" for n in range(30))])
    for n in range(1000):
        sheet.append([f"员工{n}", make_id(n), *("x" for _ in range(30))])
    sheet.cell(row=5000, column=tables.MAX_COLUMNS, value="far but within the caps")
    book.save(tmp_path / "roster.xlsx")
    report = rosters.import_roster(store, tmp_path / "roster.xlsx", "明泰包装")
    assert (report.added, report.rejected) == (1000, [])


def test_a_csv_past_the_caps_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("姓名,身份证号码\n" + "\n" * tables.MAX_ROWS, encoding="utf-8")
    with pytest.raises(SheetError, match=f"a sheet reaches beyond row {tables.MAX_ROWS}"):
        tables.read(path, rosters.ALIASES, rosters.REQUIRED)
    path.write_text("姓名,身份证号码" + "," * tables.MAX_COLUMNS + "\n", encoding="utf-8")
    with pytest.raises(SheetError, match=f"a sheet reaches beyond column {tables.MAX_COLUMNS}"):
        tables.read(path, rosters.ALIASES, rosters.REQUIRED)


def test_a_damaged_sheet_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = crafted_workbook(tmp_path / "roster.xlsx", sheet_xml('<row r="2"><c r="2A"><v>1</v></c></row>'))
    with pytest.raises(SheetError, match="not a readable XLSX workbook"):
        tables.read(path, rosters.ALIASES, rosters.REQUIRED)
