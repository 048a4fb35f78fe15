"""The office's lab results screen in the real window: what an import wrote, files dropped on it, results
for tubes that never left the checkpoint, and the sampling time of a corrected position."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from registration.sampling import handover, registrations, tubes
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.sync.harness import laptop_clock
from tests.ui.test_office_rosters import WAIT_MS, column, office_of
from tests.ui.test_office_screens import register
from ui.banner import clock_time
from ui.main_window import MainWindow
from ui.office.lab import LabScreen
from ui.preferences import Preferences


@pytest.fixture
def prefs(prefs: Preferences) -> Preferences:
    """In English, so that the summary reads as the source texts."""
    prefs.language = "en"
    return prefs


def write_lab(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["样本编号", "检测结果"])
        out.writerows(rows)
    return path


def lab_screen(qtbot: QtBot, window: MainWindow) -> LabScreen:
    screen = office_of(qtbot, window).lab
    window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    return screen


def test_after_an_import_the_summary_says_what_was_written_and_flags_tubes_that_never_left(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 10)  # the first tube, full and sealed, goes to the courier
    with Store(campaign.path) as store:
        handover.hand_over(store, campaign.checkpoint, 1)
    register(campaign, 15, start=10)  # a second tube sealed at the gate, a third still open
    boxed, kept, still_open = campaign.tubes[:3]
    lab = write_lab(
        tmp_path / "lab.csv",
        [
            (boxed, "阴性"),
            (kept, "阳性(+)"),
            (still_open, "阴性"),
            (kept, "阳性"),
            ("TBNOSUCHTUBE9", "阴性"),
            (boxed, "待复检"),
        ],
    )
    screen = lab_screen(qtbot, window)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview(lab)
    assert "Nothing is written yet" in screen.summary.text()
    assert screen.flagged_box.isVisible()  # seen before anything is written

    with qtbot.waitSignal(screen.imported, timeout=WAIT_MS):
        screen.import_button.click()
    assert screen.summary.text() == (
        "lab.csv imported: 3 results written, 0 already recorded (1 positive, 2 negative); "
        "unknown tubes 1; repeated rows 1; other rows refused 1; "
        "flagged 2 (listed with why)."
    )
    assert screen.flagged_box.isVisible()
    assert column(screen.flagged, 1) == [kept, still_open]
    assert column(screen.flagged, 2) == ["sealed, never handed over", "never sealed"]
    assert column(screen.flagged, 0) == ["3", "4"]


def test_a_broken_tube_is_traced_where_its_people_went_and_a_lab_naming_it_is_flagged(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 3)
    old, new = campaign.tubes[0], "FRESHTUBE001"
    with Store(campaign.path) as store:
        tubes.move(store, old, new, "cracked")
    trace = window.trace
    window.tabs.setCurrentWidget(trace)
    trace.codes.setText(old)
    trace.trace()
    qtbot.waitUntil(lambda: trace.table.rowCount() == 3, timeout=WAIT_MS)
    assert trace.summary.text() == (
        f"Tube {old} is broken: its people were moved to {new} (cracked).\nTubes: 1 · people: 3"
    )
    assert {trace.table.item(row, 0).text() for row in range(3)} == {new}  # type: ignore[union-attr]

    screen = lab_screen(qtbot, window)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS) as previewed:
        screen.preview(write_lab(tmp_path / "lab.csv", [(old, "阳性")]))
    assert previewed.args[0].matched == [(new, "positive")]
    assert column(screen.flagged, 1) == [new]
    assert column(screen.flagged, 2) == [f"the lab named broken tube {old}, whose people were moved here"]


def test_a_lab_file_dropped_on_the_screen_is_previewed(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 10)
    with Store(campaign.path) as store:
        handover.hand_over(store, campaign.checkpoint, 1)
    lab = write_lab(tmp_path / "from-the-lab.csv", [(campaign.tubes[0], "阴性")])
    screen = lab_screen(qtbot, window)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(lab))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS) as previewed:
        screen.dropEvent(drop)
    assert drop.isAccepted()
    assert previewed.args[0].matched == [(campaign.tubes[0], "negative")]
    assert screen.summary.text().startswith("from-the-lab.csv: 1 rows")
    assert screen.import_button.isEnabled()
    assert not screen.flagged_box.isVisible()  # a tube handed over is where it belongs


def test_the_recall_list_shows_when_a_corrected_position_was_sampled(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 10)
    tube = campaign.tubes[0]
    with Store(campaign.path) as store:
        third = store.conn.execute(
            "SELECT event, at FROM registrations WHERE tube = ? AND position = 3", (tube,)
        ).fetchone()
        sampled = [
            r[0]
            for r in store.conn.execute(
                "SELECT at FROM registrations WHERE tube = ? ORDER BY position", (tube,)
            )
        ]
        with laptop_clock(3 * 3600 * 1000):  # the wrong badge is noticed three hours later
            fixed = registrations.correct(store, third[0], campaign.people[20].id_number, "wrong badge")
        corrected_at = store.conn.execute(
            "SELECT at FROM registrations WHERE event = ?", (fixed.event,)
        ).fetchone()
    assert clock_time(corrected_at[0]) != clock_time(third[1])
    screen = lab_screen(qtbot, window)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview(write_lab(tmp_path / "lab.csv", [(tube, "阳性")]))
    with qtbot.waitSignal(screen.recall_shown, timeout=WAIT_MS):
        screen.import_button.click()
    names = [p.name for p in campaign.people[:10]]
    names[2] = campaign.people[20].name
    assert column(screen.recall, 2) == names  # the corrected person in the third position
    assert column(screen.recall, 8) == [clock_time(at) for at in sampled]  # at the original sampling time
