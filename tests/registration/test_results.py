from __future__ import annotations

from pathlib import Path

import pytest

from registration.reports import office_views
from registration.sampling import handover, registrations, results, tubes
from registration.setup.campaign import CampaignError
from registration.storage import events
from registration.storage.store import Store

from .ids import make_id

GATE = "North gate"


def fill(store: Store, code: str, n: int, *, seal: bool = True) -> None:
    tubes.open_tube(store, code, checkpoint=GATE, round_name="R1")
    registrations.register(store, make_id(n), checkpoint=GATE, round_name="R1")
    if seal:
        tubes.seal(store, code)


@pytest.fixture
def three_tubes(store: Store) -> list[str]:
    """Three tubes sealed and handed over to the courier: the lab's results are expected."""
    codes = ["TUBE00000001", "TUBE00000002", "TUBE00000003"]
    for n, code in enumerate(codes):
        fill(store, code, n)
    handover.hand_over(store, GATE, 3)
    return codes


def test_a_result_is_marked_once_and_changed_last_writer_wins(store: Store, three_tubes: list[str]) -> None:
    assert results.set_result(store, "TUBE00000001", "阳性")
    assert results.result_of(store.conn, "TUBE00000001") == "positive"
    before = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert not results.set_result(store, "TUBE00000001", "positive")
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert results.set_result(store, "TUBE00000001", "negative")
    assert results.positive_tubes(store.conn) == []
    kinds = [r[0] for r in store.conn.execute("SELECT kind FROM events WHERE kind = 'tube.result'")]
    assert kinds == ["tube.result", "tube.result"]


def test_unknown_tubes_and_results_are_refused(store: Store, three_tubes: list[str]) -> None:
    with pytest.raises(CampaignError, match="unknown tube 'TUBE99999999'"):
        results.set_result(store, "TUBE99999999", "positive")
    with pytest.raises(
        CampaignError, match=r"positive or negative \(阳性/阴性, \+/-, pos/neg\), not 'maybe'"
    ):
        results.set_result(store, "TUBE00000001", "maybe")


def test_a_lab_file_is_imported_with_every_bad_row_reported(
    store: Store, three_tubes: list[str], tmp_path: Path
) -> None:
    lab = tmp_path / "lab.csv"
    lines = [
        "检测机构：某某医学检验所",
        "样本编号,检测结果,备注",
        "TUBE00000001,阴性,",
        "TUBE00000002,阳性,复核",
        "TUBE00000003,阴性,",
        "TUBE00000002,阳性,重复",
        "TUBE00000003,阳性,",
        "TUBE77777777,阴性,",
        ",阴性,",
        "TUBE00000001,待复检,",
        "",
    ]
    lab.write_bytes("\r\n".join(lines).encode("gbk"))
    report = results.import_lab(store, lab)
    assert report.to_json() == {
        "rows": 8,
        "accepted": 4,
        "positive": ["TUBE00000002"],
        "negative": 2,
        "changed": 3,
        "unchanged": 0,
        "duplicates": 1,
        "unknown_tubes": 1,
        "rejected": [
            {"row": 7, "reason": "tube already on row 5 with another result"},
            {"row": 8, "reason": "unknown tube"},
            {"row": 9, "reason": "missing tube code"},
            {"row": 10, "reason": "a result is positive or negative (阳性/阴性, +/-, pos/neg), not '待复检'"},
        ],
        "flagged": [],
        "never_had": ["TUBE77777777"],
        "overdue": [],
    }
    assert results.positive_tubes(store.conn) == ["TUBE00000002"]
    before = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    again = results.import_lab(store, lab)
    assert (again.changed, again.unchanged) == (0, 3)
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_an_older_result_from_elsewhere_does_not_overwrite_a_newer_one(
    store: Store, three_tubes: list[str]
) -> None:
    results.set_result(store, "TUBE00000001", "positive")
    stale = events.Event(
        "0190a000-0000-7000-8000-0000000000aa", "server", 1, "0000000000001.00000", "tube.result",
        {"tube": "TUBE00000001", "result": "negative"},
    )  # fmt: skip
    with store.write() as conn:
        events.ingest(conn, stale)
    assert results.result_of(store.conn, "TUBE00000001") == "positive"


@pytest.mark.parametrize(
    ("spelling", "result"),
    [
        ("阴性(-)", "negative"),
        ("阳性(+)", "positive"),
        ("阴性（-）", "negative"),
        ("阴性（－）", "negative"),
        ("阳性（＋）", "positive"),
        ("阴 性", "negative"),
        ("-", "negative"),
        ("+", "positive"),
        ("−", "negative"),
        ("neg", "negative"),
        ("Pos.", "positive"),
        ("NEGATIVE", "negative"),
        ("Positive (+)", "positive"),
        ("N", "negative"),
        ("P", "positive"),
        ("未检出", "negative"),
        ("检出", "positive"),
        ("阴", "negative"),
        ("阳", "positive"),
        ("(-)", "negative"),
    ],
)
def test_the_spellings_labs_use_are_read(spelling: str, result: str) -> None:
    assert results.parse_result(spelling) == result


@pytest.mark.parametrize("spelling", ["阳性(-)", "negative(+)", "待复检", "无效", "", "pn", "阴性阳性"])
def test_contradictory_or_unknown_spellings_are_not_guessed(spelling: str) -> None:
    assert results.parse_result(spelling) is None


def test_a_lab_file_in_the_labs_own_spellings_reports_each_unknown_by_row(
    store: Store, three_tubes: list[str], tmp_path: Path
) -> None:
    lab = tmp_path / "lab.csv"
    lab.write_text(
        "条码号,检测结果\nTUBE00000001,阴性（-）\nTUBE00000002,阳性(+)\nTUBE00000003,可疑\n", encoding="utf-8"
    )
    report = results.import_lab(store, lab)
    assert (report.accepted, report.positive, report.changed) == (2, ["TUBE00000002"], 2)
    assert report.rejected == [
        {"row": 4, "reason": "a result is positive or negative (阳性/阴性, +/-, pos/neg), not '可疑'"}
    ]


def test_a_result_for_a_tube_never_sealed_or_never_handed_over_is_recorded_and_flagged(
    store: Store, tmp_path: Path
) -> None:
    fill(store, "TUBE00000001", 1)
    handover.hand_over(store, GATE, 1)
    fill(store, "TUBE00000002", 2)  # sealed, still at the checkpoint
    fill(store, "TUBE00000003", 3, seal=False)
    lab = tmp_path / "lab.csv"
    lab.write_text(
        "样本编号,检测结果\nTUBE00000001,阴性\nTUBE00000002,阳性\nTUBE00000003,阴性\nTUBE00000003,阴性\n",
        encoding="utf-8",
    )
    flagged = [
        {"row": 3, "tube": "TUBE00000002", "reason": handover.NEVER_HANDED_OVER},
        {"row": 4, "tube": "TUBE00000003", "reason": handover.NEVER_SEALED},
    ]
    assert office_views.preview_lab(store.conn, lab).flagged == flagged
    report = results.import_lab(store, lab)
    assert report.flagged == flagged
    assert (report.changed, report.duplicates, report.positive, report.negative) == (
        3,
        1,
        ["TUBE00000002"],
        2,
    )
    assert [results.result_of(store.conn, f"TUBE0000000{n}") for n in (1, 2, 3)] == [
        "negative",
        "positive",
        "negative",
    ]
    # The flag follows the tube's events: once it is handed over, its result is where it belongs.
    handover.hand_over(store, GATE, 1)
    again = results.import_lab(store, lab)
    assert again.flagged == [flagged[1]] and again.unchanged == 3
