from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from registration.people.identity import mask_id
from registration.reports import trace
from registration.sampling import registrations, results, tubes
from registration.setup import rosters
from registration.setup.campaign import CampaignError
from registration.setup.rosters import Person
from registration.storage.store import Store
from tests.sync.harness import laptop_clock

from .ids import make_id

GATE = "North gate"


@pytest.fixture
def positive_tube(store: Store) -> str:
    for n in range(3):
        rosters.add_person(store, Person(make_id(n), f"员工{n}", "明泰包装", "仓储部", f"1380013800{n}"))
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1", pool_size=5)
    outcomes = [
        registrations.register(store, make_id(n), checkpoint=GATE, round_name="R1") for n in (0, 1, 2, 50)
    ]
    assert outcomes[1].event is not None
    registrations.void(store, outcomes[1].event, "scanned the wrong badge")
    tubes.seal(store, "TUBE00000001")
    tubes.open_tube(store, "TUBE00000002", checkpoint=GATE, round_name="R1", pool_size=5)
    registrations.register(store, make_id(60), checkpoint=GATE, round_name="R1")
    results.set_result(store, "TUBE00000001", "positive")
    return "TUBE00000001"


def test_every_member_is_listed_with_what_the_recall_needs_masked(store: Store, positive_tube: str) -> None:
    members = trace.trace(store.conn, [positive_tube])
    assert [(m["position"], m["name"], m["enterprise"], m["voided"]) for m in members] == [
        (1, "员工0", "明泰包装", False),
        (2, "员工1", "明泰包装", True),
        (3, "员工2", "明泰包装", False),
        (4, None, None, False),
    ]
    first = members[0]
    assert (first["id_number"], first["phone"]) == (mask_id(make_id(0)), "138****8000")
    assert (first["tube"], first["result"], first["checkpoint"], first["round"]) == (
        positive_tube,
        "positive",
        GATE,
        "R1",
    )
    assert first["at"]
    assert make_id(0) not in str(members) and "13800138000" not in str(members)
    revealed = trace.trace(store.conn, [positive_tube], reveal=True)
    assert (revealed[0]["id_number"], revealed[0]["phone"]) == (make_id(0), "13800138000")


def test_several_tubes_and_unknown_ones(store: Store, positive_tube: str) -> None:
    members = trace.trace(store.conn, [positive_tube, "TUBE00000002", positive_tube])
    assert [m["tube"] for m in members] == [positive_tube] * 4 + ["TUBE00000002"]
    with pytest.raises(CampaignError, match="unknown tubes: NOPE0000001, NOPE0000002"):
        trace.trace(store.conn, [positive_tube, "NOPE0000001", "NOPE0000002"])


def test_the_recall_list_is_written_as_xlsx(store: Store, positive_tube: str, tmp_path: Path) -> None:
    members = trace.trace(store.conn, [positive_tube], reveal=True)
    assert trace.write_recall_list(tmp_path / "recall.xlsx", members) == 4
    book = openpyxl.load_workbook(tmp_path / "recall.xlsx")
    rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0] == tuple(trace.RECALL_COLUMNS.values())
    assert rows[1][:8] == (
        positive_tube,
        "positive",
        1,
        "员工0",
        "明泰包装",
        "仓储部",
        make_id(0),
        "13800138000",
    )
    assert len(rows) == 5


def test_the_recall_list_holds_those_now_in_the_tube_and_the_corrected_away_apart_without_phone(
    store: Store, positive_tube: str, tmp_path: Path
) -> None:
    rosters.add_person(store, Person(make_id(70), "错登者", "明泰包装", "仓储部", "13900139000"))
    tubes.seal(store, "TUBE00000002")
    tubes.open_tube(store, "TUBE00000003", checkpoint=GATE, round_name="R1", pool_size=3)
    wrong = registrations.register(store, make_id(70), checkpoint=GATE, round_name="R1")
    assert wrong.event is not None
    registrations.correct(store, wrong.event, make_id(71), "scanned the neighbour's badge")
    members = trace.trace(store.conn, ["TUBE00000003"], reveal=True)
    assert [(m["position"], m["id_number"]) for m in members] == [(1, make_id(71))]
    away = trace.corrected_away(store.conn, ["TUBE00000003"])
    assert [(a["position"], a["name"], a["id_number"], a["reason"]) for a in away] == [
        (1, "错登者", mask_id(make_id(70)), "scanned the neighbour's badge")
    ]
    assert away[0]["replaced_by"] == mask_id(make_id(71)) and "phone" not in away[0]
    assert "13900139000" not in str(away) and "139****9000" not in str(away)

    out = tmp_path / "recall.csv"
    assert trace.write_recall_list(out, members, away) == 2
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith("已更正移出 Corrected away")
    assert make_id(71) in lines[1] and lines[1].endswith(",False,False")
    assert "错登者" in lines[2] and trace.CORRECTED_AWAY_NOTE in lines[2]
    assert "13900139000" not in out.read_text(encoding="utf-8-sig")


def test_each_position_shows_when_its_sample_was_taken_not_when_it_was_corrected(
    store: Store, positive_tube: str
) -> None:
    tubes.seal(store, "TUBE00000002")
    tubes.open_tube(store, "TUBE00000003", checkpoint=GATE, round_name="R1", pool_size=3)
    wrong = registrations.register(store, make_id(70), checkpoint=GATE, round_name="R1")
    kept = registrations.register(store, make_id(72), checkpoint=GATE, round_name="R1")
    assert wrong.event is not None and kept.event is not None
    sampled = [
        store.conn.execute("SELECT at FROM registrations WHERE event = ?", (e,)).fetchone()[0]
        for e in (wrong.event, kept.event)
    ]
    with laptop_clock(3 * 3600 * 1000):  # the mistake is found three hours later, and fixed twice
        fixed = registrations.correct(store, wrong.event, make_id(71), "scanned the neighbour's badge")
        assert fixed.event is not None
        last = registrations.correct(store, fixed.event, make_id(73), "the neighbour's neighbour")
    assert last.event is not None
    corrected_at = store.conn.execute(
        "SELECT at FROM registrations WHERE event = ?", (last.event,)
    ).fetchone()
    assert corrected_at[0] != sampled[0]
    members = trace.trace(store.conn, ["TUBE00000003"])
    assert [(m["position"], m["id_number"], m["at"]) for m in members] == [
        (1, mask_id(make_id(73)), sampled[0]),
        (2, mask_id(make_id(72)), sampled[1]),
    ]
    away = trace.corrected_away(store.conn, ["TUBE00000003"])
    assert [(a["id_number"], a["at"]) for a in away] == [
        (mask_id(make_id(70)), sampled[0]),
        (mask_id(make_id(71)), sampled[0]),
    ]
