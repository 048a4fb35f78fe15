"""Foreign health codes read in a burst: one identity check at a time, the rest waiting in a visible queue."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from registration.people.identity import mask_id
from registration.sampling.registrations import Status
from registration.setup.sample_park import DemoCampaign
from tests.ui.test_scan_screen import WAIT_MS, members, wedge_scan
from ui.banner import clock_time
from ui.main_window import MainWindow
from ui.manual_entry import ManualEntry
from ui.station import Scan


def scanner_burst(qtbot: QtBot, window: MainWindow, text: str) -> Scan:
    """A handheld scanner's burst into whatever has the focus (an open dialog's field too)."""
    target = QApplication.focusWidget() or window
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
        qtbot.keyClicks(target, text)
        qtbot.keyClick(target, Qt.Key.Key_Return)
    scan: Scan = result.args[0]
    return scan


def open_dialogs(window: MainWindow) -> list[ManualEntry]:
    return [d for d in window.findChildren(ManualEntry) if d.isVisible()]


def test_three_foreign_codes_in_a_burst_are_checked_one_at_a_time_in_order(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    tube = campaign.tubes[0]
    wedge_scan(qtbot, window, tube)
    carried = campaign.people[9].id_number
    codes = [
        "https://health.example.gov.cn/code/Zx81KpQ2mV7aT0bW",
        f"https://hc.example.org/q?id={carried}",
        "https://health.example.gov.cn/code/Qm40TfR7cY2nL9sD",
    ]
    scans = [scanner_burst(qtbot, window, code) for code in codes]
    assert [s.outcome.status for s in scans] == [Status.NEEDS_IDENTITY] * 3
    screen = window.scan_screen

    people = campaign.people[4:7]
    for index, (code, scan, person) in enumerate(zip(codes, scans, people, strict=True)):
        dialogs = open_dialogs(window)
        assert dialogs == [screen.identity_dialog], f"check {index + 1}: one dialog at a time"
        dialog = dialogs[0]
        # Whose code (an ID number in it shown masked, never in clear) and when it was read.
        assert datetime.fromisoformat(scan.read_at).date() == datetime.now().date()
        assert clock_time(scan.read_at, seconds=True) in dialog.code.text()
        if carried in code:
            assert mask_id(carried) in dialog.code.text()
            assert carried not in dialog.code.text()
        else:
            assert code in dialog.code.text()
        still_waiting = len(codes) - index - 1
        assert dialog.waiting.isVisible() is (still_waiting > 0)
        if still_waiting:
            assert str(still_waiting) in dialog.waiting.text()

        dialog.id_input.setText(person.id_number)
        with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
            dialog.submit_id()
        assert result.args[0].outcome.status is Status.REGISTERED

    assert screen.identity_dialog is None and not screen.identity_queue
    assert open_dialogs(window) == []
    rows = members(campaign, tube)
    assert [(r["person"], r["raw_code"]) for r in rows] == [
        (p.id_number, c) for p, c in zip(people, codes, strict=True)
    ]
