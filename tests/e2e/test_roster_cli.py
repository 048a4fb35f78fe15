from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest

from registration.people.identity import mask_id
from registration.sampling import registrations
from registration.sampling.scanning.decoders import decode_file
from registration.storage.store import Store
from tests.registration.ids import make_id

from .cli import Result, run_main

SAMPLE = "rosters/park-sample-gbk.csv"
FIRM = "中山瑞源物流有限公司00"
GATE = "North gate"
FIGURES = {
    "enterprise",
    "roster",
    "reported",
    "exempt",
    "expected",
    "tested",
    "missing",
    "not_on_roster",
    "completion",
}
# Any full ID number or mobile number in what a command prints is a leak.
_CLEAR_ID = re.compile(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])")
_CLEAR_PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


class Session:
    """Runs commands against one database and checks every answer for personal data in clear."""

    def __init__(self, db: Path) -> None:
        self.db = db

    def __call__(self, *args: str | Path, code: int = 0) -> Result:
        result = run_main(*args, "--db", self.db)
        assert result.code == code, (args, result.stdout, result.stderr)
        printed = result.stdout + result.stderr
        assert not _CLEAR_ID.search(printed), (args, printed)
        assert not _CLEAR_PHONE.search(printed), (args, printed)
        return result


def _id_of_badge(db: Path, code: str) -> str:
    """The ID number a badge's person key names, as a station resolves it through its roster."""
    assert code.startswith("TP2.") and not _CLEAR_ID.search(code)
    with Store(db) as store:
        return registrations.classify(store.conn, code).text


@pytest.fixture
def run(tmp_path: Path) -> Session:
    session = Session(tmp_path / "station.db")
    assert (
        run_main("init", "--site", "Park", "--checkpoint", GATE, "--checkpoint", "B", "--db", session.db).code
        == 0
    )
    session("round", "open", "R1", "--pool-size", "3")
    return session


def test_roster_import_answers_the_contract_and_matches_the_sample(run: Session, shared_data: Path) -> None:
    sample = shared_data / SAMPLE
    expected = json.loads(sample.with_suffix(".expected.json").read_text(encoding="utf-8"))
    answer = run("roster", "import", sample, "--json").json()
    assert {k: answer[k] for k in ("rows", "accepted", "duplicates", "enterprises")} == {
        k: expected[k] for k in ("rows", "accepted", "duplicates", "enterprises")
    }
    assert len(answer["rejected"]) == expected["rejected"]
    assert all(set(r) == {"row", "reason"} and isinstance(r["row"], int) for r in answer["rejected"])
    assert answer["per_enterprise"] == expected["per_enterprise"]
    again = run("roster", "import", sample, "--json").json()
    assert (again["accepted"], again["added"], again["updated"]) == (expected["accepted"], 0, 0)
    text = run("roster", "import", sample).stdout
    assert text.startswith("210 rows: 180 people accepted") and "row 3: bad check digit" in text
    listed = run("roster", "list", "--enterprise", FIRM, "--json").json()
    assert len(listed) == expected["per_enterprise"][FIRM]


def test_a_file_that_cannot_be_read_is_one_line_and_exit_2(run: Session, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00")
    result = run("roster", "import", bad, code=2)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


def test_a_round_from_roster_to_badges_to_reconciliation_and_recall(
    run: Session, shared_data: Path, tmp_path: Path
) -> None:
    run("roster", "import", shared_data / SAMPLE)
    firm = run(
        "enterprise",
        "set",
        FIRM,
        "--reported",
        "45",
        "--contact",
        "王经理",
        "--phone",
        "13800138000",
        "--json",
    )
    assert firm.json() | {"changed": True} == {
        "name": FIRM, "reported": 45, "contact": "王经理", "phone": "138****8000", "changed": True,
    }  # fmt: skip
    assert run("enterprise", "list").stdout.count(FIRM) == 1

    issued = run("codes", "issue", "--enterprise", FIRM, "--out", tmp_path / "badges.png", "--json").json()
    assert issued["badges"] == 43 and len(issued["files"]) == issued["pages"] == 8
    codes = [d.text for path in issued["files"][:2] for d in decode_file(path)]
    assert len(codes) == 12
    run("tube", "open", "TUBE00000001", "--checkpoint", GATE, "--round", "R1")
    for code in codes[:3]:
        assert (
            run("register", code, "--checkpoint", GATE, "--round", "R1", "--json").json()["status"]
            == "registered"
        )

    # Output is masked: the person to exempt is the one a decoded badge names, through the roster.
    fourth = _id_of_badge(run.db, codes[3])
    run("exempt", "set", fourth, "--round", "R1", "--reason", "away")
    assert len(run("exempt", "list", "--round", "R1", "--json").json()) == 1

    answer = run("reconcile", "--round", "R1", "--json").json()
    assert set(answer) >= {"round", "enterprises", "checkpoints"}
    assert all(set(f) == FIGURES for f in answer["enterprises"])
    line = next(f for f in answer["enterprises"] if f["enterprise"] == FIRM)
    assert (line["roster"], line["reported"], line["exempt"], line["tested"], line["missing"]) == (
        43,
        45,
        1,
        3,
        39,
    )
    assert answer["checkpoints"] == [
        {"checkpoint": "B", "registrations": 0, "tubes": 0},
        {"checkpoint": GATE, "registrations": 3, "tubes": 1},
    ]
    assert "completion" in run("reconcile", "--round", "R1").stdout

    missing = run("missing", "--round", "R1", "--enterprise", FIRM, "--json").json()
    assert missing["count"] == len(missing["people"]) == 39
    run("missing", "--round", "R1", "--enterprise", FIRM, "--out", tmp_path / "missing.csv")
    with (tmp_path / "missing.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 40 and all("*" in r[3] for r in rows[1:])
    run("missing", "--round", "R1", "--out", tmp_path / "missing.xlsx", "--reveal")
    sheet = openpyxl.load_workbook(tmp_path / "missing.xlsx").active
    assert sheet is not None and sheet.max_row == 1 + 180 - 4
    assert all(_CLEAR_ID.fullmatch(str(c.value)) for c in sheet["D"][1:])

    # The full (so sealed) tube is handed over: a wrong count is refused with the list, the right one kept.
    refused = run("handover", "--checkpoint", GATE, "--count", "2", "--json", code=2)
    assert refused.json()["tubes"][0]["code"] == "TUBE00000001" and refused.json()["expected"] == 1
    assert refused.stderr.startswith("error: 2 tubes in the box but 1 sealed")
    assert run("handover", "--checkpoint", GATE, "--count", "1", "--json").json()["tubes"] == ["TUBE00000001"]
    assert "no sealed tube" in run("handover", "--checkpoint", GATE).stdout

    # The lab says positive: the traceback lists the three people, masked, and the recall list is written.
    lab = tmp_path / "lab.csv"
    lab.write_text("管号,结果\nTUBE00000001,阳性\n", encoding="utf-8")
    assert run("result", "import", lab, "--json").json()["positive"] == ["TUBE00000001"]
    assert run("result", "TUBE00000001", "positive", "--json").json()["changed"] is False
    traced = run("trace", "TUBE00000001", "--json", "--out", tmp_path / "recall.xlsx").json()
    assert [m["position"] for m in traced["members"]] == [1, 2, 3]
    assert all(
        m["enterprise"] == FIRM and "****" in m["phone"] and m["checkpoint"] == GATE
        for m in traced["members"]
    )
    recall = openpyxl.load_workbook(tmp_path / "recall.xlsx").active
    assert recall is not None and recall.max_row == 4
    assert run("trace", "--positive", "--json").json()["tubes"] == ["TUBE00000001"]
    assert "TUBE99999999" in run("trace", "TUBE99999999", code=2).stderr


def test_one_person_added_removed_and_exempted_by_hand(run: Session) -> None:
    number = make_id(3)
    added = run(
        "roster", "add", number, "--name", "张三", "--enterprise", FIRM, "--phone", "13912345678", "--json"
    )
    assert added.json()["outcome"] == "added" and added.json()["person"]["phone"] == "139****5678"
    run("exempt", "set", number, "--round", "R1", "--reason", "other", "--note", "出差", "--json")
    assert run("exempt", "clear", number, "--round", "R1", "--json").json()["cleared"] is True
    assert run("roster", "remove", number).stdout == f"张三 is off the roster of {FIRM}\n"
    assert run("roster", "list", "--json").json() == []
    assert "is on no roster" in run("roster", "remove", number, code=2).stderr


def _roster(path: Path, rows: list[tuple[str, str, int]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["企业名称", "姓名", "身份证号码", "手机号码"])
        writer.writerows([firm, name, make_id(serial), f"1390000{serial:04d}"] for firm, name, serial in rows)
    return path


def test_roster_import_reports_a_conflict_and_who_leaves_and_replace_removes_them(
    run: Session, tmp_path: Path
) -> None:
    other = "中山永泰医药有限公司01"
    run(
        "roster",
        "import",
        _roster(tmp_path / "a.csv", [(FIRM, "张三", 1), (FIRM, "李四", 2), (FIRM, "王五", 3)]),
    )
    b_file = _roster(tmp_path / "b.csv", [(other, "赵六", 4), (other, "张三", 1)])
    answer = run("roster", "import", b_file, "--json").json()
    assert answer["conflicts"] == [
        {
            "id_number": answer["conflicts"][0]["id_number"],
            "name": "张三",
            "kept": FIRM,
            "enterprises": [{"enterprise": FIRM, "rows": []}, {"enterprise": other, "rows": [3]}],
        }
    ]
    text = run("roster", "import", b_file).stdout
    assert f"张三 {answer['conflicts'][0]['id_number']} is listed by {FIRM} (known before)" in text
    assert f"and by {other} (row 3): kept at {FIRM}" in text
    newer = _roster(tmp_path / "a2.csv", [(FIRM, "张三", 1)])
    shown = run("roster", "import", newer).stdout
    assert "no longer listed (still on the roster; --replace takes them off): 2" in shown
    assert "李四" in shown and "王五" in shown
    assert len(run("roster", "list", "--enterprise", FIRM, "--json").json()) == 3
    replaced = run("roster", "import", newer, "--replace", "--json").json()
    assert sorted(p["name"] for p in replaced["removed"]) == ["李四", "王五"]
    assert [p["name"] for p in run("roster", "list", "--enterprise", FIRM, "--json").json()] == ["张三"]
    both = _roster(tmp_path / "both.csv", [(FIRM, "张三", 1), (other, "赵六", 4)])
    refused = run("roster", "import", both, "--replace", code=2)
    assert (
        refused.stderr.startswith("error: replace is for one enterprise") and refused.stderr.count("\n") == 1
    )
    assert run("roster", "import", both, "--replace", "--enterprise", other, "--json").json()["removed"] == []


def test_rows_giving_one_id_number_different_details_are_named_and_choose_picks_the_one_imported(
    run: Session, tmp_path: Path
) -> None:
    path = _roster(tmp_path / "a.csv", [(FIRM, "张三", 1), (FIRM, "张山", 1), (FIRM, "李四", 2)])
    answer = run("roster", "import", path, "--json").json()
    (clash,) = answer["clashes"]
    assert [v["name"] for v in clash["versions"]] == ["张三", "张山"] and clash["chosen"] == 2
    shown = run("roster", "import", path).stdout
    assert f"{clash['id_number']} is on rows 2, 3 with different details: row 2 imported" in shown
    chosen = run("roster", "import", path, "--choose", "3", "--json").json()
    assert chosen["clashes"][0]["chosen"] == 3 and chosen["updated"] == 1
    assert sorted(p["name"] for p in run("roster", "list", "--json").json()) == ["张山", "李四"]


def test_the_people_registered_on_no_roster_are_listed_and_exported(run: Session, tmp_path: Path) -> None:
    run("roster", "import", _roster(tmp_path / "a.csv", [(FIRM, "张三", 1)]))
    run("tube", "open", "TUBE00000001", "--checkpoint", GATE, "--round", "R1")
    for serial in (1, 50, 51):
        run("register", make_id(serial), "--checkpoint", GATE, "--round", "R1")
    answer = run("reconcile", "--round", "R1", "--json").json()
    assert answer["not_on_any_roster"] == 2
    listed = answer["not_on_any_roster_people"]
    assert [p["id_number"] for p in listed] == [mask_id(make_id(50)), mask_id(make_id(51))]
    assert all(p["checkpoint"] == GATE and p["tube"] == "TUBE00000001" and p["at"] for p in listed)
    text = run("reconcile", "--round", "R1").stdout
    assert "registered but on no roster: 2" in text and listed[0]["id_number"] in text
    shown = run("missing", "--round", "R1", "--not-on-roster", "--json").json()
    assert shown["people"] == listed and shown["count"] == 2
    out = tmp_path / "strangers.xlsx"
    run("missing", "--round", "R1", "--not-on-roster", "--out", out, "--reveal")
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [make_id(50), make_id(51)] and rows[1][1] == GATE
    assert (
        "drop --enterprise"
        in run("missing", "--round", "R1", "--not-on-roster", "--enterprise", FIRM, code=2).stderr
    )


def test_codes_issue_chooses_people_by_search_department_phone_tail_and_masked_id(
    run: Session, tmp_path: Path
) -> None:
    other = "中山永泰医药有限公司01"
    run(
        "roster",
        "import",
        _roster(tmp_path / "r.csv", [(FIRM, "张三", 1), (FIRM, "张三丰", 2), (other, "李四", 3)]),
    )
    listed = run("roster", "list", "--enterprise", FIRM, "--json").json()
    masked = next(p["id_number"] for p in listed if p["name"] == "张三丰")
    chosen = run("codes", "issue", "--enterprise", FIRM, "--id", masked, "--out", tmp_path / "one", "--json")
    assert chosen.json()["badges"] == 1
    assert [_id_of_badge(run.db, d.text) for d in decode_file(chosen.json()["files"][0])] == [make_id(2)]
    assert run("codes", "issue", "--search", "张三", "--out", tmp_path / "s", "--json").json()["badges"] == 2
    assert (
        run("codes", "issue", "--phone-tail", "0003", "--out", tmp_path / "p", "--json").json()["badges"] == 1
    )
    refused = run("codes", "issue", "--enterprise", other, "--id", masked, "--out", tmp_path / "x", code=2)
    assert refused.stderr == f"error: {masked} is not on the roster of {other}\n"
    nobody = run("codes", "issue", "--department", "无此部门", "--out", tmp_path / "y", code=2)
    assert nobody.stderr == "error: nobody is on the roster in department 无此部门: no badge to print\n"
