"""Transport boxes in the real window: on the handover tab the scanner opens a box by its code, puts
sealed tubes in it (a tube still open is refused with why), seals it with its count and hands it
over; the office's lab screen records what the lab received and shows each box sent against it, and
lists the tubes still waiting for a result before an import writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from registration.sampling import boxes, handover
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.sync.harness import laptop_clock
from tests.ui.test_office_lab import lab_screen, write_lab
from tests.ui.test_office_rosters import column
from tests.ui.test_office_screens import WAIT_MS, register
from ui.main_window import MainWindow
from ui.preferences import Preferences

BOX = "BOX000001"


@pytest.fixture
def prefs(prefs: Preferences) -> Preferences:
    """In English, so that the screens read as the source texts."""
    prefs.language = "en"
    return prefs


def test_the_scanner_fills_a_box_seals_it_with_its_count_and_hands_it_over(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    register(campaign, 25)  # two tubes of ten sealed, the third open with five
    first, second, still_open = campaign.tubes[:3]
    screen = window.handover
    window.tabs.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: screen.due_list.count() == 2, timeout=WAIT_MS)

    window.handle_scanned(BOX)  # a box's code, never taken for a tube
    qtbot.waitUntil(lambda: screen.box is not None, timeout=WAIT_MS)
    assert BOX in screen.box_title.text() and not screen.hand_box_button.isEnabled()
    window.handle_scanned(first)
    qtbot.waitUntil(lambda: screen.box_list.count() == 1, timeout=WAIT_MS)
    window.handle_scanned(still_open)
    qtbot.waitUntil(lambda: "still open" in screen.message.text(), timeout=WAIT_MS)
    assert screen.box_list.count() == 1
    window.handle_scanned(second)
    qtbot.waitUntil(lambda: screen.box_list.count() == 2, timeout=WAIT_MS)
    assert screen.check is None  # the tubes went into the box, not into the check against the tubes due

    screen.box_count.setValue(3)
    screen.seal_box_button.click()
    qtbot.waitUntil(lambda: "3 tubes counted" in screen.message.text(), timeout=WAIT_MS)
    screen.box_count.setValue(2)
    screen.seal_box_button.click()
    qtbot.waitUntil(lambda: screen.hand_box_button.isEnabled(), timeout=WAIT_MS)
    screen.hand_box_button.click()
    qtbot.waitUntil(lambda: screen.box is None and screen.due_list.count() == 0, timeout=WAIT_MS)
    assert "2 tubes" in screen.message.text()
    with Store(campaign.path) as store:
        held = boxes.get(store.conn, BOX)
        assert held is not None and held.tubes == (first, second) and held.handed_at is not None
        assert handover.due(store.conn, campaign.checkpoint) == []


def test_the_lab_screen_shows_each_box_against_what_the_lab_received_and_what_waits_for_a_result(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 20)
    first, second = campaign.tubes[:2]
    with Store(campaign.path) as store:
        boxes.open_box(store, BOX, campaign.checkpoint)
        boxes.add_tubes(store, BOX, [first, second])
        boxes.seal_box(store, BOX, 2)
        boxes.hand_over_box(store, campaign.checkpoint, BOX)
    screen = lab_screen(qtbot, window)
    received = tmp_path / "received.csv"
    received.write_text(f"样本编号\n{first}\nTBNOSUCHTUBE9\n", encoding="utf-8")
    screen.receive(received)
    qtbot.waitUntil(lambda: column(screen.sent, 4) == ["1"], timeout=WAIT_MS)
    assert column(screen.sent, 0) == [BOX] and column(screen.sent, 5) == [second]
    assert column(screen.sent, 3) == ["2"] and column(screen.sent, 4) == ["1"]
    assert column(screen.unboxed, 0) == ["TBNOSUCHTUBE9"]
    assert column(screen.unboxed, 1) == ["never a tube of this campaign"]
    assert "tubes sent and not received: 1" in screen.receipt_summary.text()

    screen.overdue_hours.setValue(2)
    lab = write_lab(tmp_path / "lab.csv", [(first, "阴性"), ("TBNOSUCHTUBE9", "阴性")])
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview(lab)
    assert column(screen.waiting, 0) == []  # handed over a moment ago: not waiting long yet
    with laptop_clock(3 * 3600 * 1000), qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview(lab)  # three hours later, before anything is written
    assert column(screen.waiting, 0) == [second] and column(screen.waiting, 2) == [BOX]
    assert column(screen.problems, 1) == ["TBNOSUCHTUBE9"]
    with Store(campaign.path) as store:
        assert store.conn.execute("SELECT count(*) FROM tube_results").fetchone()[0] == 0
