"""The office's campaign screens end to end on a real station database: headcounts, rounds, person-code
badges (decoded from the screen), lab results with the recall list, and the campaign at a glance."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from registration.privacy import audit
from registration.sampling import registrations, results
from registration.sampling.scanning import decoders
from registration.setup import campaign as campaigns
from registration.setup import enterprises
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.ui.test_office_rosters import WAIT_MS, column, office_of
from tests.ui.test_office_screens import register
from ui.main_window import MainWindow


def screen_pixels(widget: QWidget) -> np.ndarray:
    """What the widget shows, as the BGR picture a camera frame would be."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, stride)
    return np.ascontiguousarray(rows[:, : width * 3].reshape(height, width, 3)[:, :, ::-1])


def test_headcounts_are_edited_in_place_and_imported_from_the_enterprises_sheet(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    screen = office_of(qtbot, window).firms
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    names = [row["name"] for row in screen.shown()]
    assert names == sorted({p.enterprise for p in campaign.people})
    cell = screen.table.item(0, 1)
    assert cell is not None
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        cell.setText("120")
    with Store(campaign.path) as store:
        firm = enterprises.get(store.conn, names[0])
    assert firm is not None and firm.reported == 120
    qtbot.waitUntil(lambda: screen.shown()[0]["reported"] == "120", timeout=WAIT_MS)
    bad = screen.table.item(1, 1)
    assert bad is not None
    bad.setText("many")
    assert "#b71c1c" in screen.notice.styleSheet()

    sheet = tmp_path / "headcounts.csv"
    with sheet.open("w", encoding="gbk", newline="") as f:
        out = csv.writer(f)
        out.writerow(["企业名称", "应检人数", "联系人", "联系电话"])
        out.writerow([names[1], 45, "王经理", "138 0013 8000"])
        out.writerow([names[2], "四十", "", ""])
    screen.import_sheet(sheet)
    qtbot.waitUntil(lambda: screen.shown()[1]["reported"] == "45", timeout=WAIT_MS)
    assert "row 3" in screen.notice.text() or "第3行" in screen.notice.text()
    with Store(campaign.path) as store:
        second = enterprises.get(store.conn, names[1])
    assert second is not None and (second.contact, second.phone) == ("王经理", "13800138000")
    assert "13800138000" not in screen.shown()[1]["phone"]  # masked on screen


def test_a_round_is_opened_and_closed_and_closing_is_explained(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    screen = office_of(qtbot, window).rounds
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    assert column(screen.model, 0) == [campaign.round]
    screen.name.setText("第2轮")
    screen.pool_size.setValue(5)
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        screen.open_button.click()
    assert column(screen.model, 0) == [campaign.round, "第2轮"]
    assert column(screen.model, 1)[1] == "5"
    screen.confirm = lambda _parent, _question: False  # the person thinks again: nothing happens
    screen.view.selectRow(1)
    screen.close_button.click()
    qtbot.wait(100)
    with Store(campaign.path) as store:
        still = campaigns.get_round(store.conn, "第2轮")
    assert still is not None and still.status == "open"
    screen.confirm = lambda _parent, question: "第2轮" in question
    screen.view.selectRow(1)
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        screen.close_button.click()
    with Store(campaign.path) as store:
        closed = campaigns.get_round(store.conn, "第2轮")
    assert closed is not None and closed.status == "closed" and closed.pool_size == 5
    assert column(screen.model, 4)[1] != ""  # when it closed
    screen.view.selectRow(1)
    screen.close_button.click()
    qtbot.waitUntil(lambda: "#b71c1c" in screen.notice.styleSheet(), timeout=WAIT_MS)  # already closed


def test_badges_are_chosen_previewed_decoded_from_the_screen_and_written_as_pdf(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    screen = office_of(qtbot, window).badges
    screen.open_after = False
    with qtbot.waitSignal(screen.chosen, timeout=WAIT_MS):
        window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    assert len(screen.people) == len(campaign.people)
    firm = campaign.people[0].enterprise
    staff = [p for p in campaign.people if p.enterprise == firm]
    with qtbot.waitSignal(screen.chosen, timeout=WAIT_MS * 2):
        screen.enterprise.setCurrentIndex(screen.enterprise.findData(firm))
        screen._enterprise_changed()
    assert {p.id_number for p in screen.people} == {p.id_number for p in staff}
    department = staff[0].department
    with qtbot.waitSignal(screen.chosen, timeout=WAIT_MS):
        screen.department.setCurrentIndex(screen.department.findData(department))
        screen.choose()
    assert {p.id_number for p in screen.people} == {p.id_number for p in staff if p.department == department}
    with qtbot.waitSignal(screen.chosen, timeout=WAIT_MS):
        screen.query.setText(staff[0].name)
        screen.choose()
    assert staff[0].id_number in {p.id_number for p in screen.people}

    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview(0)
    found = decoders.decode_still(decoders.make_decoder(), screen_pixels(screen.badge))
    assert len(found) == 1
    with Store(campaign.path) as store:
        assert registrations.classify(store.conn, found[0].text).text == screen.people[0].id_number
    assert screen.people[0].id_number not in found[0].text  # the badge carries a person key

    out = tmp_path / "badges.pdf"
    with qtbot.waitSignal(screen.written, timeout=WAIT_MS * 3) as written:
        screen.write(out)
    assert written.args[0].badges == len(screen.people)
    assert out.read_bytes().startswith(b"%PDF")


def test_a_lab_file_is_previewed_imported_and_its_recall_list_exported(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 15)  # a tube of ten sealed, the second holds five
    positive, negative = campaign.tubes[0], campaign.tubes[1]
    lab = tmp_path / "lab.csv"
    with lab.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["样本编号", "检测结果"])
        out.writerows(
            [[positive, "阳性(+)"], [negative, "阴性（-）"], ["TBNOSUCHTUBE9", "阴性"], [negative, "待复检"]]
        )
    screen = office_of(qtbot, window).lab
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS) as previewed:
        screen.preview(lab)
    preview = previewed.args[0]
    assert (len(preview.matched), preview.positives) == (2, [positive])
    assert [r["row"] for r in preview.unknown_tubes] == [4]
    assert [r["row"] for r in preview.not_understood] == [5]
    assert column(screen.problems, 0) == ["4", "5"]
    with Store(campaign.path) as store:
        assert results.positive_tubes(store.conn) == []  # nothing written by the preview

    with qtbot.waitSignal(screen.recall_shown, timeout=WAIT_MS):
        screen.import_button.click()
    with Store(campaign.path) as store:
        assert results.positive_tubes(store.conn) == [positive]
    members = campaign.people[:10]
    assert column(screen.recall, 2) == [p.name for p in members]
    shown_phones = column(screen.recall, 6)
    assert all(p.phone not in shown_phones for p in members)  # masked until asked for

    with qtbot.waitSignal(screen.recall_shown, timeout=WAIT_MS):
        screen.reveal_button.click()
    assert column(screen.recall, 6) == [p.phone for p in members]
    with Store(campaign.path) as store:
        (entry,) = audit.entries(store.conn)
    assert (entry.what, entry.people, entry.operator) == ("recall", 10, campaign.operator)

    out = tmp_path / "recall.xlsx"
    with qtbot.waitSignal(screen.exported, timeout=WAIT_MS) as exported:
        screen.export_to(out)
    assert exported.args == [10]
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert {r[6] for r in rows} == {p.id_number for p in members}
    with Store(campaign.path) as store:
        assert len(audit.entries(store.conn)) == 2  # the export is recorded too


def test_the_campaign_at_a_glance_shows_the_rounds_figures(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    register(campaign, 12)
    register(campaign, 3, start=12, checkpoint="南门")
    screen = office_of(qtbot, window).glance
    with qtbot.waitSignal(screen.shown, timeout=WAIT_MS):
        window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    tested = sum(int(n) for n in column(screen.firms, 2))
    assert tested == 15
    assert screen.missing.rowCount() == len(campaign.people) - 15
    gates = {row[0]: row for row in screen.gates.rows}
    assert gates[campaign.checkpoint][1:4] == (12, 2, 1)  # registrations, tubes, one of them sealed
    assert gates["南门"][1] == 3
    assert all("*" in masked for masked in column(screen.missing, 3))
