"""The handover screen checks a scanned box tube by tube; the traceback screen shows the people a
correction took out of a tube apart from the recall list."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from pytestqt.qtbot import QtBot

from registration.sampling import handover, registrations, results
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.registration.ids import make_id
from tests.ui.test_office_screens import WAIT_MS, register
from ui.main_window import MainWindow


def _items(widget: object) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]  # type: ignore[attr-defined]


def test_scanning_the_box_shows_the_missing_and_the_extra_tubes_then_records_the_right_box(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    register(campaign, 25)  # two tubes of ten sealed, the third open with five
    first, second, still_open = campaign.tubes[:3]
    screen = window.handover
    window.tabs.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: screen.due_list.count() == 2, timeout=WAIT_MS)

    # The handheld scanner reads the box's tubes while this screen is shown: they are checked, not opened.
    window.handle_scanned(first)
    window.handle_scanned(still_open)
    qtbot.waitUntil(lambda: screen.check is not None and len(screen.check.scanned) == 2, timeout=WAIT_MS)
    assert [line.split()[0] for line in _items(screen.missing_list)] == [second]
    assert [line.split()[0] for line in _items(screen.extra_list)] == [still_open]
    assert screen.check is not None and not screen.check.matches
    screen.hand_over()
    qtbot.waitUntil(lambda: bool(screen.message.text()), timeout=WAIT_MS)
    with Store(campaign.path) as store:
        assert len(handover.due(store.conn, campaign.checkpoint)) == 2

    screen.clear_box()
    window.handle_scanned(second)
    screen.scan_input.setText(first)  # typed by hand
    screen.scan_input.returnPressed.emit()
    qtbot.waitUntil(lambda: screen.check is not None and screen.check.matches, timeout=WAIT_MS)
    assert screen.missing_list.count() == screen.extra_list.count() == 0
    screen.hand_over()
    qtbot.waitUntil(lambda: screen.due_list.count() == 0, timeout=WAIT_MS)
    assert "2" in screen.message.text()
    with Store(campaign.path) as store:
        assert handover.due(store.conn, campaign.checkpoint) == []


def test_the_traceback_screen_shows_the_corrected_away_apart_and_the_export_marks_them(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 10)
    tube = campaign.tubes[0]
    wrong = campaign.people[3]
    with Store(campaign.path) as store:
        event = store.conn.execute(
            "SELECT event FROM registrations WHERE person = ?", (wrong.id_number,)
        ).fetchone()[0]
        registrations.correct(store, event, make_id(900), "the badge was a colleague's")
        results.set_result(store, tube, "positive")
    screen = window.trace
    window.tabs.setCurrentWidget(screen)
    screen.trace_positives()
    qtbot.waitUntil(lambda: screen.away_table.rowCount() == 1, timeout=WAIT_MS)
    assert screen.table.rowCount() == 10
    names = [screen.table.item(r, 3).text() for r in range(10)]  # type: ignore[union-attr]
    assert wrong.name not in names
    assert screen.away_table.item(0, 2).text() == wrong.name  # type: ignore[union-attr]
    assert not screen.away_table.isHidden() and not screen.away_title.isHidden()
    assert wrong.phone not in str(screen.away) and "phone" not in screen.away[0]

    out = tmp_path / "recall.xlsx"
    screen.reveal.setChecked(True)
    screen.export_to(out)
    qtbot.waitUntil(lambda: str(out) in screen.summary.text(), timeout=WAIT_MS)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert len(rows) == 11 and rows[-1][3] == wrong.name and rows[-1][7] in ("", None)
    assert all(wrong.id_number not in str(row) for row in rows)
