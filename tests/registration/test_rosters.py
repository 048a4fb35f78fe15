from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from registration.people import identity
from registration.sampling import registrations
from registration.setup import campaign, rosters
from registration.setup.campaign import CampaignError
from registration.setup.rosters import EXCEL_NUMBER, Person
from registration.storage import events
from registration.storage.store import Store
from registration.storage.tables import SheetError

from .ids import make_id

HEADER = ["序号", "企业名称", "姓名", "身份证号码", "手机号码", "部门"]
FIRM = "中山明泰包装有限公司"


def wrong_check(number: str) -> str:
    return number[:17] + ("1" if number[17] == "0" else "0")


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def line(
    serial: int, name: str, id_number: str, phone: str = "13800138000", dept: str = "生产部"
) -> list[object]:
    return [serial, FIRM, name, id_number, phone, dept]


def people(store: Store) -> dict[str, tuple[str, str, str | None, str | None]]:
    rows = store.conn.execute("SELECT id_number, name, enterprise, department, phone FROM people")
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def event_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM events").fetchone()[0])


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gbk"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_each_encoding_reads_names_without_garbling(
    store: Store, tmp_path: Path, encoding: str, reported: str
) -> None:
    # 刘䶮 has a character GBK lacks: only GB18030 (and Unicode) can carry it.
    names = ["张三", "欧阳娜娜", "刘䶮" if encoding != "gbk" else "刘岩"]
    rows = [HEADER] + [line(n + 1, name, make_id(n)) for n, name in enumerate(names)]
    path = write_csv(tmp_path / "r.csv", rows, encoding, "\t" if encoding == "utf-16" else ",")
    report = rosters.import_roster(store, path)
    assert report.encoding == reported
    assert report.to_json()["accepted"] == 3
    assert {v[0] for v in people(store).values()} == set(names)


def test_a_gb18030_only_name_is_not_taken_for_gbk(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        "䶮".encode("gbk")
    path = write_csv(tmp_path / "r.csv", [HEADER, line(1, "刘䶮", make_id(1))], "gb18030")
    assert rosters.import_roster(store, path).encoding == "gb18030"
    assert people(store)[make_id(1)][0] == "刘䶮"


def test_undecodable_bytes_are_refused_with_a_clear_message(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"\x81\x20\xff\xfe\xfd" * 10)
    with pytest.raises(SheetError, match="not text in UTF-8, GBK or GB18030"):
        rosters.import_roster(store, path)
    assert people(store) == {}


@pytest.mark.parametrize(
    "header",
    [
        ["序号", "企业名称", "姓名", "身份证号码", "手机号码", "部门"],
        ["部门", "手机", "证件号码", "姓名", "单位", "序号"],
        ["编号", "公司名称", "名字", "身份证号", "联系电话", "所属部门"],
        ["No.", "enterprise", "name", "id_number", "phone", "department"],
        ["#", "Company", "Name", "ID Number", "Mobile", "Dept"],
        ["序号", "单位名称", "姓名*", "公民身份号码（必填）", "电话号码", "科室"],
        [" 序号 ", "工作单位", " 姓 名 ", "身份证", "联系方式", "部门"],
    ],
)
def test_header_variants_in_any_column_order(store: Store, tmp_path: Path, header: list[str]) -> None:
    fields = [rosters.ALIASES.get(rosters.tables.header_key(h)) for h in header]
    values = {
        "enterprise": FIRM,
        "name": "王五",
        "id_number": make_id(7),
        "phone": "139 0000 1111",
        "department": "质检部",
    }
    row = [values.get(f or "", "1") for f in fields]
    report = rosters.import_roster(store, write_csv(tmp_path / "r.csv", [header, row]))
    assert report.to_json()["accepted"] == 1, report.rejected
    assert people(store) == {make_id(7): ("王五", FIRM, "质检部", "13900001111")}


def test_a_title_row_above_the_header_in_csv(store: Store, tmp_path: Path) -> None:
    rows = [
        ["明泰包装员工名单（2022年4月）", "", "", "", "", ""],
        [],
        HEADER,
        line(1, "张三", make_id(1)),
        line(2, "", make_id(2)),
    ]
    report = rosters.import_roster(store, write_csv(tmp_path / "r.csv", rows))
    assert report.rows == 2 and report.to_json()["accepted"] == 1
    # Row numbers are the spreadsheet's: title 1, blank 2, header 3, data from 4.
    assert report.rejected == [{"row": 5, "reason": "missing name"}]


def test_xlsx_with_a_merged_title_row(store: Store, tmp_path: Path) -> None:
    rows = [HEADER, line(1, "张三", make_id(1)), line(2, "李四", make_id(2).lower()), line(3, "王五", "123")]
    report = rosters.import_roster(store, write_xlsx(tmp_path / "r.xlsx", rows, title="员工花名册"))
    assert report.encoding == "xlsx"
    assert report.to_json()["accepted"] == 2
    assert [r["row"] for r in report.rejected] == [5]
    assert set(people(store)) == {make_id(1), make_id(2)}


def test_an_id_number_excel_stored_as_a_number_is_refused(store: Store, tmp_path: Path) -> None:
    number = make_id(3)
    rows = [
        HEADER,
        line(1, "张三", int(number[:15] + "000")),
        line(2, "李四", float(number[:17]) * 10),
        line(3, "王五", make_id(4)),
    ]
    xlsx = rosters.import_roster(store, write_xlsx(tmp_path / "r.xlsx", rows))
    assert xlsx.rejected == [{"row": 2, "reason": EXCEL_NUMBER}, {"row": 3, "reason": EXCEL_NUMBER}]
    # Exported to CSV, the same cells read 4.40111E+17 or lose their last three digits to zeros.
    rows = [
        HEADER,
        line(1, "张三", "4.40111E+17"),
        line(2, "李四", number[:15] + "000"),
        line(3, "王五", make_id(4)),
    ]
    exported = rosters.import_roster(store, write_csv(tmp_path / "r.csv", rows))
    assert exported.rejected == [{"row": 2, "reason": EXCEL_NUMBER}, {"row": 3, "reason": EXCEL_NUMBER}]
    assert set(people(store)) == {make_id(4)}


def test_every_bad_row_is_reported_at_once_and_the_good_rows_are_imported(
    store: Store, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        line(1, "张三", make_id(1)),
        line(2, "", make_id(2)),
        line(3, "李四", ""),
        line(4, "王五", wrong_check(make_id(5))),
        ["5", "", "赵六", make_id(6), "", ""],
        line(6, "孙七", make_id(1)),
        line(7, "", "12345"),
        line(8, "周八", make_id(8)),
        line(9, "吴九", make_id(9)[:10] + "13" + make_id(9)[12:]),
        line(10, "郑" * 65, make_id(10)),
    ]
    report = rosters.import_roster(store, write_csv(tmp_path / "r.csv", rows))
    assert report.rejected == [
        {"row": 3, "reason": "missing name"},
        {"row": 4, "reason": "missing ID number"},
        {"row": 5, "reason": "bad check digit in the ID number"},
        {"row": 6, "reason": "missing enterprise"},
        {"row": 7, "reason": "ID number already on row 2 with different details"},
        {"row": 8, "reason": "missing name; an ID number has 17 digits and a check digit or X"},
        {"row": 10, "reason": "the birth date in the ID number is impossible"},
        {"row": 11, "reason": "person name must be 1 to 64 printable characters"},
    ]
    assert report.rows == 10 and report.to_json()["accepted"] == 2
    assert set(people(store)) == {make_id(1), make_id(8)}


def test_normalisation_of_ids_phones_and_text(store: Store, tmp_path: Path) -> None:
    number = next(make_id(n) for n in range(100) if make_id(n).endswith("X"))
    wide = number[:17].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"
    rows = [HEADER, ["1", " 中山明泰包装有限公司 ", "　张三 ", f" {wide} ", "+86 138-0013-8000", " 生产部 "]]
    report = rosters.import_roster(store, write_csv(tmp_path / "r.csv", rows))
    assert report.to_json()["accepted"] == 1
    assert people(store) == {number: ("张三", FIRM, "生产部", "13800138000")}


def test_a_repeated_line_counts_once_as_a_duplicate(store: Store, tmp_path: Path) -> None:
    rows = [
        HEADER,
        line(1, "张三", make_id(1)),
        line(2, "李四", make_id(2)),
        line(3, "张三", make_id(1)),
        line(4, "张三", f" {make_id(1)} "),
    ]
    report = rosters.import_roster(store, write_csv(tmp_path / "r.csv", rows))
    assert (report.rows, report.to_json()["accepted"], report.duplicates, report.rejected) == (4, 2, 2, [])


def test_rows_giving_one_id_number_different_details_are_a_clash_and_the_row_chosen_is_imported(
    store: Store, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        line(1, "张三", make_id(1)),  # row 2
        line(2, "张三", make_id(1)),  # row 3: the same again, a duplicate
        line(3, "张山", make_id(1), "13900139000"),  # row 4: other details
        line(4, "张山", make_id(1), "13900139000"),  # row 5: those again
        line(5, "李四", make_id(2)),
    ]
    path = write_csv(tmp_path / "r.csv", rows)
    first = rosters.read_roster(path)
    (clash,) = first.clashes
    assert [(person.name, list(at)) for person, at in clash.versions] == [("张三", [2, 3]), ("张山", [4, 5])]
    assert clash.row == 2 and first.listed[make_id(1)][1].name == "张三"  # the first read, unless chosen
    assert first.duplicates == 1
    assert first.rejected == [
        {"row": 4, "reason": "ID number already on row 2 with different details"},
        {"row": 5, "reason": "ID number already on row 2 with different details"},
    ]
    shown = first.to_json()["clashes"]
    assert shown == [
        {
            "id_number": identity.mask_id(make_id(1)),
            "versions": [
                rosters.view(clash.versions[0][0]) | {"rows": [2, 3]},
                rosters.view(clash.versions[1][0]) | {"rows": [4, 5]},
            ],
            "chosen": 2,
        }
    ]
    assert make_id(1) not in json.dumps(shown, ensure_ascii=False) and "13900139000" not in json.dumps(shown)

    report = rosters.import_roster(store, path, chosen=[5])  # any row of the version chosen
    assert report.clashes[0].row == 4
    assert report.duplicates == 1  # row 5 repeats the row chosen
    assert report.rejected == [
        {"row": 2, "reason": "ID number also on row 4 with different details, the row chosen"},
        {"row": 3, "reason": "ID number also on row 4 with different details, the row chosen"},
    ]
    assert people(store)[make_id(1)] == ("张山", FIRM, "生产部", "13900139000")
    assert report.to_json()["accepted"] == 2


def test_importing_the_same_file_again_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER] + [line(n, f"员工{n}", make_id(n)) for n in range(50)])
    first = rosters.import_roster(store, path)
    assert first.added == 50
    before = event_count(store)
    again = rosters.import_roster(store, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 50)
    assert event_count(store) == before


def test_a_changed_phone_or_department_updates_the_person(store: Store, tmp_path: Path) -> None:
    rows = [HEADER, line(1, "张三", make_id(1)), line(2, "李四", make_id(2)), line(3, "王五", make_id(3))]
    rosters.import_roster(store, write_csv(tmp_path / "a.csv", rows))
    before = event_count(store)
    rows[1] = line(1, "张三", make_id(1), phone="139-0000-0000")
    rows[2] = line(2, "李四", make_id(2), dept="后勤")
    report = rosters.import_roster(store, write_csv(tmp_path / "b.csv", rows))
    assert (report.added, report.updated, report.unchanged) == (0, 2, 1)
    assert event_count(store) == before + 2
    assert people(store)[make_id(1)][3] == "13900000000"
    assert people(store)[make_id(2)][2] == "后勤"


def test_a_blank_phone_keeps_the_known_one(store: Store, tmp_path: Path) -> None:
    rosters.import_roster(store, write_csv(tmp_path / "a.csv", [HEADER, line(1, "张三", make_id(1))]))
    report = rosters.import_roster(
        store, write_csv(tmp_path / "b.csv", [HEADER, line(1, "张三", make_id(1), phone="")])
    )
    assert report.unchanged == 1
    assert people(store)[make_id(1)][3] == "13800138000"


def test_the_enterprise_option_fills_a_file_without_that_column(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [["姓名", "身份证号"], ["张三", make_id(1)]])
    with pytest.raises(CampaignError, match="no enterprise column"):
        rosters.import_roster(store, path)
    rosters.import_roster(store, path, "永泰医药")
    assert people(store)[make_id(1)][1] == "永泰医药"


def test_a_row_of_another_enterprise_is_refused_when_importing_for_one(store: Store, tmp_path: Path) -> None:
    rows = [HEADER, line(1, "张三", make_id(1)), ["2", "", "李四", make_id(2), "", ""]]
    report = rosters.import_roster(store, write_csv(tmp_path / "r.csv", rows), "永泰医药")
    assert report.rejected == [
        {"row": 2, "reason": f"enterprise {FIRM} is not 永泰医药, the one this import is for"}
    ]
    assert people(store)[make_id(2)][1] == "永泰医药"


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (b"a,b,c\r\n1,2,3\r\n", ".csv", "no header row naming the columns ID number, name"),
        (b"\xd0\xcf\x11\xe0", ".xls", "old .xls workbooks are not read"),
        (b"not a zip", ".xlsx", "not a readable XLSX workbook"),
    ],
)
def test_unusable_files_are_refused(
    store: Store, tmp_path: Path, content: bytes, suffix: str, message: str
) -> None:
    path = tmp_path / f"r{suffix}"
    path.write_bytes(content)
    with pytest.raises(SheetError, match=message):
        rosters.import_roster(store, path)
    with pytest.raises(SheetError, match="no such file"):
        rosters.import_roster(store, tmp_path / "absent.csv")


def test_the_shared_sample_imports_exactly_as_expected(store: Store, shared_data: Path) -> None:
    sample = shared_data / "rosters" / "park-sample-gbk.csv"
    expected = json.loads(sample.with_suffix(".expected.json").read_text(encoding="utf-8"))
    report = rosters.import_roster(store, sample).to_json()
    assert report["encoding"] == "gbk"
    assert {k: report[k] for k in ("rows", "accepted", "duplicates", "enterprises", "per_enterprise")} == {
        k: expected[k] for k in ("rows", "accepted", "duplicates", "enterprises", "per_enterprise")
    }
    assert len(report["rejected"]) == expected["rejected"]
    assert all(r["reason"] for r in report["rejected"])
    saved = dict(store.conn.execute("SELECT enterprise, count(*) FROM people GROUP BY enterprise").fetchall())
    assert saved == expected["per_enterprise"]
    # Full-width digits, a lower-case x and stray spaces were normalised, not rejected.
    assert (
        store.conn.execute("SELECT count(*) FROM people WHERE id_number GLOB '*[^0-9X]*'").fetchone()[0] == 0
    )


def test_a_walk_in_is_known_but_not_on_the_roster_until_a_roster_names_them(
    store: Store, tmp_path: Path
) -> None:
    assert rosters.add_person(store, Person(make_id(1), "张三", FIRM, on_roster=False)) == "added"
    found = rosters.get(store.conn, make_id(1))
    assert found is not None and not found.on_roster
    rosters.import_roster(store, write_csv(tmp_path / "r.csv", [HEADER, line(1, "张三", make_id(1))]))
    found = rosters.get(store.conn, make_id(1))
    assert found is not None and found.on_roster and found.phone == "13800138000"
    with pytest.raises(CampaignError, match="is on the roster of"):
        rosters.add_person(store, Person(make_id(1), "张三", FIRM, on_roster=False))
    assert not rosters.remove_person(store, make_id(1)).on_roster
    assert rosters.on_roster(store.conn) == []


def test_an_older_edit_from_another_laptop_does_not_overwrite_a_newer_one(store: Store) -> None:
    rosters.add_person(store, Person(make_id(1), "张三", FIRM, phone="13800000001"))
    body = {
        "id_number": make_id(1),
        "name": "张三",
        "enterprise": FIRM,
        "phone": "13800000009",
        "on_roster": True,
    }
    stale = events.Event(
        "0190a000-0000-7000-8000-000000000001", "laptop-2", 1, "0000000000001.00000", "person.upserted", body
    )
    with store.write() as conn:
        assert events.ingest(conn, stale)
    found = rosters.get(store.conn, make_id(1))
    assert found is not None and found.phone == "13800000001"


def test_a_person_added_alone_is_checked_like_a_roster_row(store: Store) -> None:
    with pytest.raises(CampaignError, match="bad check digit"):
        rosters.add_person(store, Person(wrong_check(make_id(1)), "张三", FIRM))
    with pytest.raises(CampaignError, match="person name must be"):
        rosters.add_person(store, Person(make_id(1), " ", FIRM))
    with pytest.raises(CampaignError, match="enterprise name must be"):
        rosters.add_person(store, Person(make_id(1), "张三", ""))
    assert campaign.is_initialised(store) and people(store) == {}


def test_a_registered_walk_in_is_shown_by_name_but_not_on_the_roster(store: Store) -> None:
    rosters.add_person(store, Person(make_id(1), "张三", FIRM, on_roster=False))
    rosters.add_person(store, Person(make_id(2), "李四", FIRM))
    assert registrations.person_view(store.conn, make_id(1))["on_roster"] is False
    assert registrations.person_view(store.conn, make_id(1))["name"] == "张三"
    assert registrations.person_view(store.conn, make_id(2))["on_roster"] is True


OTHER = "中山永泰医药有限公司"


def firm_line(firm: str, name: str, id_number: str) -> list[object]:
    return ["", firm, name, id_number, "13800138000", "生产部"]


def test_a_person_a_second_enterprise_lists_stays_with_the_first_as_a_conflict(
    store: Store, tmp_path: Path
) -> None:
    rosters.import_roster(store, write_csv(tmp_path / "a.csv", [HEADER, firm_line(FIRM, "张三", make_id(1))]))
    second = write_csv(
        tmp_path / "b.csv",
        [HEADER, firm_line(OTHER, "李四", make_id(2)), firm_line(OTHER, "张三", make_id(1))],
    )
    report = rosters.import_roster(store, second).to_json()
    assert report["conflicts"] == [
        {
            "id_number": identity.mask_id(make_id(1)),
            "name": "张三",
            "kept": FIRM,
            "enterprises": [{"enterprise": FIRM, "rows": []}, {"enterprise": OTHER, "rows": [3]}],
        }
    ]
    assert report["added"] == 1
    assert people(store)[make_id(1)][1] == FIRM
    assert [p.name for p in rosters.on_roster(store.conn, FIRM)] == ["张三"]
    # Importing it again still reports it: nobody has decided yet.
    assert len(rosters.import_roster(store, second).conflicts) == 1
    # A person edit decides: the person moves, and the second enterprise's file no longer conflicts.
    assert rosters.add_person(store, Person(make_id(1), "张三", OTHER)) == "updated"
    assert rosters.import_roster(store, second).conflicts == []
    assert people(store)[make_id(1)][1] == OTHER


def test_one_file_listing_a_person_for_two_enterprises_names_both_rows(store: Store, tmp_path: Path) -> None:
    rows = [
        HEADER,
        firm_line(FIRM, "张三", make_id(1)),
        firm_line(OTHER, "张三", make_id(1)),
        firm_line(OTHER, "张三", make_id(1)),
    ]
    report = rosters.import_roster(store, write_csv(tmp_path / "r.csv", rows)).to_json()
    assert report["conflicts"][0]["enterprises"] == [
        {"enterprise": FIRM, "rows": [2]},
        {"enterprise": OTHER, "rows": [3, 4]},
    ]
    assert report["rejected"] == [] and report["per_enterprise"] == {FIRM: 1}
    assert people(store)[make_id(1)][1] == FIRM


def test_a_walk_in_or_someone_who_left_may_join_another_enterprise_without_conflict(
    store: Store, tmp_path: Path
) -> None:
    rosters.add_person(store, Person(make_id(1), "张三", FIRM, on_roster=False))
    rosters.add_person(store, Person(make_id(2), "李四", FIRM))
    rosters.remove_person(store, make_id(2))
    rows = [HEADER, firm_line(OTHER, "张三", make_id(1)), firm_line(OTHER, "李四", make_id(2))]
    report = rosters.import_roster(store, write_csv(tmp_path / "r.csv", rows))
    assert report.conflicts == [] and report.updated == 2
    assert {p.name for p in rosters.on_roster(store.conn, OTHER)} == {"张三", "李四"}


def roster_of(tmp_path: Path, name: str, serials: list[int], firm: str = FIRM) -> Path:
    return write_csv(tmp_path / name, [HEADER] + [firm_line(firm, f"员工{n}", make_id(n)) for n in serials])


def test_a_newer_roster_says_who_is_no_longer_listed_and_keeps_them_without_replace(
    store: Store, tmp_path: Path
) -> None:
    rosters.import_roster(store, roster_of(tmp_path, "old.csv", [1, 2, 3]))
    rosters.import_roster(store, roster_of(tmp_path, "other.csv", [7], OTHER))
    report = rosters.import_roster(store, roster_of(tmp_path, "new.csv", [1, 2]))
    assert [(p.name, p.enterprise) for p in report.leaving] == [("员工3", FIRM)]
    assert report.to_json()["leaving"][0]["id_number"] == identity.mask_id(make_id(3))
    assert report.removed == [] and len(rosters.on_roster(store.conn, FIRM)) == 3


def test_replace_takes_off_the_roster_exactly_who_the_newer_file_no_longer_lists(
    store: Store, tmp_path: Path
) -> None:
    rosters.import_roster(store, roster_of(tmp_path, "old.csv", [1, 2, 3, 4]))
    rosters.import_roster(store, roster_of(tmp_path, "other.csv", [7], OTHER))
    newer = write_csv(
        tmp_path / "new.csv",
        [HEADER, firm_line(FIRM, "员工1", make_id(1)), firm_line(FIRM, "", make_id(2))],  # row 3 is bad
    )
    before = event_count(store)
    report = rosters.import_roster(store, newer, replace=True)
    # The bad row still names 员工2: nobody the file names is taken off.
    assert sorted(p.name for p in report.removed) == ["员工3", "员工4"]
    assert event_count(store) == before + 2
    assert sorted(p.name for p in rosters.on_roster(store.conn)) == ["员工1", "员工2", "员工7"]
    found = rosters.get(store.conn, make_id(3))
    assert found is not None and not found.on_roster and found.enterprise == FIRM


def test_a_preview_writes_nothing_and_apply_removes_only_who_it_showed(store: Store, tmp_path: Path) -> None:
    rosters.import_roster(store, roster_of(tmp_path, "old.csv", [1, 2, 3]))
    before = event_count(store)
    preview = rosters.preview_import(store, roster_of(tmp_path, "new.csv", [1, 4]), replace=True)
    assert event_count(store) == before
    shown = preview.to_json()
    assert (shown["accepted"], shown["added"], shown["unchanged"]) == (2, 1, 1)
    assert [p.name for p in preview.leaving] == ["员工2", "员工3"]
    # Someone joins the roster between the preview and the apply: the apply keeps them.
    rosters.add_person(store, Person(make_id(5), "员工5", FIRM))
    report = rosters.apply_import(store, preview)
    assert [p.name for p in report.removed] == ["员工2", "员工3"]
    assert sorted(p.name for p in rosters.on_roster(store.conn)) == ["员工1", "员工4", "员工5"]


def test_replace_is_for_one_enterprise_and_never_empties_a_roster(store: Store, tmp_path: Path) -> None:
    both = write_csv(
        tmp_path / "both.csv",
        [HEADER, firm_line(FIRM, "员工1", make_id(1)), firm_line(OTHER, "员工2", make_id(2))],
    )
    with pytest.raises(CampaignError, match="this file lists 2"):
        rosters.preview_import(store, both, replace=True)
    narrowed = rosters.import_roster(store, both, FIRM, replace=True)
    assert narrowed.scope == [FIRM] and [p.name for p in rosters.on_roster(store.conn)] == ["员工1"]
    only_bad = write_csv(tmp_path / "bad.csv", [HEADER, firm_line(FIRM, "", make_id(3))])
    with pytest.raises(CampaignError, match="would empty its roster"):
        rosters.import_roster(store, only_bad, FIRM, replace=True)
    assert [p.name for p in rosters.on_roster(store.conn)] == ["员工1"]


def test_a_person_two_files_of_one_import_list_for_two_enterprises_is_a_conflict_in_the_preview(
    store: Store, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "a.csv", [HEADER, firm_line(FIRM, "张三", make_id(1))])
    second = write_csv(
        tmp_path / "b.csv",
        [HEADER, firm_line(OTHER, "李四", make_id(2)), firm_line(OTHER, "张三", make_id(1))],
    )
    before = event_count(store)
    a = rosters.preview_import(store, first)
    b = rosters.preview_import(store, second, earlier=[a])
    assert event_count(store) == before
    expected = {
        "id_number": identity.mask_id(make_id(1)),
        "name": "张三",
        "kept": FIRM,
        "enterprises": [
            {"enterprise": FIRM, "rows": [2], "file": "a.csv"},
            {"enterprise": OTHER, "rows": [3]},
        ],
    }
    assert a.conflicts == [] and b.to_json()["conflicts"] == [expected]
    assert (b.added, a.added) == (1, 1)  # 张三 is added once, by the first file
    # Imported in that order, the import keeps the same conflict, naming the first file.
    assert rosters.apply_import(store, a).conflicts == []
    assert rosters.apply_import(store, b, [a]).to_json()["conflicts"] == [expected]
    assert people(store)[make_id(1)][1] == FIRM
