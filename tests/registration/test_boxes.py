"""Transport boxes: opened by their code, sealed tubes scanned in (anything else refused with why and
nothing recorded), sealed with the count checked, handed over whole; the manifest the lab receives,
as a table (people only when revealed) and as an HL7 OML^O33 message the library parses back; the
lab's receipt against the boxes sent; the result import's report of tubes never had and overdue."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.parser import parse_message

from registration.errors import Reason
from registration.reports import manifest
from registration.sampling import boxes, handover, payloads, receipts, registrations, results, tubes
from registration.setup.campaign import CampaignError
from registration.storage.store import Store

from .ids import make_id

GATE = "North gate"
BOX = "BOX000001"


def sealed_tube(store: Store, code: str, people: int, start: int, *, size: int = 10, gate: str = GATE) -> str:
    tubes.open_tube(store, code, checkpoint=gate, round_name="R1", pool_size=size)
    for n in range(start, start + people):
        registrations.register(store, make_id(n), checkpoint=gate, round_name="R1")
    if people < size:
        tubes.seal(store, code)
    return code


@pytest.fixture
def three(store: Store) -> list[str]:
    """Two pooled tubes of ten and five people and a single tube, sealed at the North gate."""
    return [
        sealed_tube(store, "TUBE00000001", 10, 0),
        sealed_tube(store, "TUBE00000002", 5, 10),
        sealed_tube(store, "TUBE00000003", 1, 20, size=1),
    ]


def test_a_box_code_is_told_apart_from_a_tube_and_refused_as_a_person(store: Store) -> None:
    assert payloads.classify(BOX).kind is payloads.Kind.BOX
    assert payloads.classify("TUBE00000001").kind is payloads.Kind.TUBE
    outcome = registrations.register(store, BOX, checkpoint=GATE, round_name="R1")
    assert outcome.status is registrations.Status.REJECTED
    assert outcome.reason == Reason("register.box_code", box=BOX)
    with pytest.raises(CampaignError, match="not a transport box's code"):
        boxes.open_box(store, "TUBE00000009", GATE)


def test_a_box_is_filled_with_sealed_tubes_sealed_with_its_count_and_handed_over_whole(
    store: Store, three: list[str]
) -> None:
    boxes.open_box(store, BOX, GATE)
    with pytest.raises(CampaignError, match=f"box {BOX} is already used at {GATE}"):
        boxes.open_box(store, BOX, GATE)
    box, added = boxes.add_tubes(store, BOX, [three[0], "", three[1], three[0]])
    assert added == three[:2] and box.tubes == tuple(three[:2])
    box, added = boxes.add_tubes(store, BOX, [three[1], three[2]])
    assert added == [three[2]] and box.tubes == tuple(three)
    with pytest.raises(CampaignError) as early:
        boxes.hand_over_box(store, GATE, BOX)
    assert early.value.reason.key == "box.not_sealed"
    with pytest.raises(CampaignError) as miscounted:
        boxes.seal_box(store, BOX, count=2)
    assert miscounted.value.reason == Reason("box.count_differs", box=BOX, count=2, held=3)
    assert boxes.seal_box(store, BOX, count=3).sealed
    with pytest.raises(CampaignError) as closed:
        boxes.add_tubes(store, BOX, ["TUBE00000004"])
    assert closed.value.reason.key == "box.sealed"

    done = boxes.hand_over_box(store, GATE, BOX)
    assert (done.count, done.tubes) == (3, three)
    assert handover.due(store.conn, GATE) == []
    held = boxes.get(store.conn, BOX)
    assert held is not None and held.handed_at == done.at
    assert boxes.at_checkpoint(store.conn, GATE) == []
    with pytest.raises(CampaignError) as twice:
        boxes.hand_over_box(store, GATE, BOX)
    assert twice.value.reason.key == "box.already_handed"


def test_a_tube_that_does_not_belong_is_refused_with_why_and_nothing_is_added(
    store: Store, three: list[str]
) -> None:
    still_open = "TUBE00000004"
    tubes.open_tube(store, still_open, checkpoint=GATE, round_name="R1")
    registrations.register(store, make_id(30), checkpoint=GATE, round_name="R1")
    south = sealed_tube(store, "TUBE00000005", 2, 40, gate="South gate")
    boxes.open_box(store, "BOX000002", GATE)
    boxes.add_tubes(store, "BOX000002", [three[2]])
    boxes.open_box(store, BOX, GATE)
    with pytest.raises(boxes.TubesRefused) as refused:
        boxes.add_tubes(store, BOX, [three[0], still_open, "TUBE99999999", south, three[2]])
    why = {r.code: r.reason.key for r in refused.value.refused}
    assert why == {
        still_open: "box.still_open",
        "TUBE99999999": "tube.unknown_here",
        south: "box.sealed_elsewhere",
        three[2]: "box.in_other",
    }
    assert "5 tubes" not in str(refused.value) and "4 tubes cannot go in box BOX000001" in str(refused.value)
    box = boxes.get(store.conn, BOX)
    assert box is not None and box.tubes == ()
    boxes.seal_box(store, "BOX000002")
    boxes.hand_over_box(store, GATE, "BOX000002")
    with pytest.raises(boxes.TubesRefused) as handed:
        boxes.add_tubes(store, BOX, [three[2]])
    assert handed.value.refused[0].reason.key == "box.handed_over"


def test_the_manifest_lists_each_tube_and_the_people_only_when_revealed(
    store: Store, three: list[str], tmp_path: Path
) -> None:
    boxes.open_box(store, BOX, GATE)
    boxes.add_tubes(store, BOX, three)
    out = tmp_path / "manifest.xlsx"
    assert manifest.write(store.conn, BOX, out) == 3
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    table = list(sheet.iter_rows(values_only=True))
    assert table[0] == tuple(manifest.COLUMNS.values())
    assert [row[1:4] for row in table[1:]] == [
        ("TUBE00000001", "十混一", 10),
        ("TUBE00000002", "十混一", 5),
        ("TUBE00000003", "单管", 1),
    ]
    assert all(row[4] and row[5] == GATE for row in table[1:])
    assert make_id(0) not in str(table)

    revealed = tmp_path / "manifest.csv"
    manifest.write(store.conn, BOX, revealed, reveal=True)
    text = revealed.read_text(encoding="utf-8-sig")
    assert make_id(0) in text and make_id(20) in text
    assert manifest.people(store.conn, BOX) == 16


def test_the_hl7_manifest_parsed_back_by_the_library_is_the_tubes_in_the_box(
    store: Store, three: list[str]
) -> None:
    boxes.open_box(store, BOX, GATE)
    boxes.add_tubes(store, BOX, three)
    text = manifest.hl7(store.conn, BOX)
    message = parse_message(text, validation_level=VALIDATION_LEVEL.STRICT, find_groups=True)
    assert message.validate()
    assert message.msh.msh_9.to_er7() == "OML^O33^OML_O33" and message.msh.msh_10.to_er7() == BOX
    specimens = message.oml_o33_specimen
    assert [s.spm.spm_2.to_er7() for s in specimens] == list(three)
    assert [s.spm.spm_11.cwe_1.to_er7() for s in specimens] == ["L", "L", "P"]
    assert [s.spm.spm_13.to_er7() for s in specimens] == ["10", "5", "1"]
    assert {s.sac.sac_10.to_er7() for s in specimens} == {BOX}
    assert len(specimens) == len(three)


def test_the_labs_receipt_is_reported_per_box_and_recorded_once(
    store: Store, three: list[str], tmp_path: Path
) -> None:
    boxes.open_box(store, BOX, GATE)
    boxes.add_tubes(store, BOX, three)
    boxes.seal_box(store, BOX)
    boxes.hand_over_box(store, GATE, BOX)
    listed = tmp_path / "received.csv"
    listed.write_text("样本编号\nTUBE00000001\nTUBE00000003\nTUBE77777777\nTUBE00000001\nbad code\n", "utf-8")
    receipt = receipts.receive(store, listed)
    assert receipt.recorded and receipt.named == 4 and receipt.not_codes == ["bad code"]
    [sent] = receipt.boxes
    assert (sent.box, sent.sent, sent.received, sent.missing) == (BOX, 3, 2, ["TUBE00000002"])
    assert receipt.unboxed == [receipts.Unboxed("TUBE77777777", known=False)]
    again = receipts.receive(store, listed)
    assert not again.recorded and again.boxes == receipt.boxes
    assert store.conn.execute("SELECT count(*) FROM events WHERE kind = 'lab.received'").fetchone()[0] == 1


def test_the_import_names_tubes_never_had_and_tubes_waiting_too_long_before_it_writes(
    store: Store, three: list[str], tmp_path: Path
) -> None:
    handover.hand_over(store, GATE, 3)
    lab = tmp_path / "lab.csv"
    lab.write_text("管号,结果\nTUBE00000001,阴性\nTUBE88888888,阴性\nTUBE88888888,阴性\n", "utf-8")
    report = results.import_lab(store, lab, overdue_hours=0)
    assert report.never_had == ["TUBE88888888"]
    assert [o["tube"] for o in report.overdue] == ["TUBE00000002", "TUBE00000003"]
    assert results.overdue(store.conn, 1) == []
    later = datetime.now().astimezone() + timedelta(hours=3)
    assert [o["tube"] for o in results.overdue(store.conn, 2, now=later)] == three[1:]
