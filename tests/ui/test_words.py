"""Every text a volunteer or the office sees is in the station's language (Chinese here): Qt's own file
dialog, a camera's name, a roster row's reason, the columns a file lacks; and the words of a first
start and of the office's own scan tab fit who reads them."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel, QTreeView, QWidget
from pytestqt.qtbot import QtBot

from registration.sampling.desk import now_iso
from registration.setup import campaign, sample_park
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.ui.conftest import close_station
from tests.ui.test_office_rosters import WAIT_MS, column, office_of
from ui.app import StationApp
from ui.db_worker import Database
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.station import Session

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def shown_texts(dialog: QWidget) -> list[str]:
    """The labels and buttons a person sees on ``dialog``."""
    return [
        w.text()
        for w in dialog.findChildren(QWidget)
        if isinstance(w, QLabel | QAbstractButton) and w.isVisibleTo(dialog) and w.text()
    ]


def test_qts_file_dialog_is_qts_own_and_speaks_the_stations_language(
    qtbot: QtBot, window: MainWindow
) -> None:
    screen = office_of(qtbot, window).rosters
    seen: list[str] = []
    kinds: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        files = dialog.findChild(QTreeView) if isinstance(dialog, QFileDialog) else None
        listed = files.model() if files is not None else None
        if dialog is None or files is None or listed is None or not listed.rowCount(files.rootIndex()):
            QTimer.singleShot(20, look)  # not open yet, or its folder not read yet
            return
        seen.extend(shown_texts(dialog))
        root = files.rootIndex()
        kinds.extend(str(listed.index(row, 2, root).data()) for row in range(listed.rowCount(root)))
        dialog.reject()

    QTimer.singleShot(20, look)
    screen._choose()  # "Choose roster files…", as a click runs it; returns once the dialog is closed
    # The desktop's dialog would speak the system's language: Qt's own speaks the station's.
    assert QApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    assert seen and all(CHINESE.search(text) for text in seen), seen
    assert "文件夹" in kinds and "Folder" not in kinds, kinds  # the folders of the working directory


def test_a_cameras_name_is_in_the_stations_language_with_its_problem(
    qtbot: QtBot, station_app: StationApp, window: MainWindow
) -> None:
    # The fixture's camera first: a path that does not exist.
    qtbot.waitUntil(lambda: station_app.prefs.camera in window.camera_state.text(), timeout=WAIT_MS)
    before = window.camera_state.text()
    station_app.services.camera.start("7", station_app.prefs.backend)  # no camera at index 7 here
    qtbot.waitUntil(lambda: window.camera_state.text() not in ("", before), timeout=WAIT_MS)
    shown = window.camera_state.text()
    assert "摄像头 7" in shown and not ENGLISH_WORD.search(shown), shown
    window._camera_running("camera 0")
    assert window.camera_state.text() == "摄像头：摄像头 0"


def test_a_roster_rows_reasons_and_the_columns_a_file_lacks_are_shown_in_chinese(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    firms = sorted({p.enterprise for p in campaign.people})
    person = sample_park.make_people(1, seed=909)[0]
    mixed = tmp_path / "mixed.csv"
    with mixed.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["企业名称", "姓名", "身份证号码"])
        out.writerow([firms[0], "王小明", person.id_number])
        out.writerow([firms[0], "王晓明", person.id_number])  # the same ID number, other details
        out.writerow(
            [firms[1], "李四", sample_park.make_people(1, seed=910)[0].id_number]
        )  # not the one named
        out.writerow([firms[0], "", "12345"])  # no name, no ID number
    headless = tmp_path / "headless.csv"
    headless.write_text("序号,电话\n1,13800000000\n", encoding="utf-8")
    screen = office_of(qtbot, window).rosters
    screen.enterprise.setEditText(firms[0])
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview([mixed, headless])
    reasons = column(screen.bad, 2)
    assert len(reasons) == 3
    for reason in reasons:
        assert CHINESE.search(reason) and not ENGLISH_WORD.search(reason), reason
    refused = column(screen.files, 1)[1]
    assert "身份证号、姓名" in refused and "id_number" not in refused, refused
    assert not ENGLISH_WORD.search(refused.replace(str(headless), "")), refused

    screen.choose_clash_row(1)  # the other row: its refusal names the row chosen, in Chinese
    qtbot.waitUntil(lambda: column(screen.clashes, 6) == ["", "✓"], timeout=WAIT_MS)
    chosen = [r for n, r in zip(column(screen.bad, 1), column(screen.bad, 2), strict=True) if n == "2"]
    assert len(chosen) == 1 and CHINESE.search(chosen[0]) and not ENGLISH_WORD.search(chosen[0])


def test_the_first_start_on_a_new_laptop_does_not_call_its_database_empty(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    prefs.database = tmp_path / "new" / "station.db"
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    words = " ".join(shown_texts(first.choice_page))
    assert "空" not in words and "empty" not in words.lower(), words
    assert "本机" in words  # it speaks of setting up this laptop
    app.shutdown()


@pytest.fixture
def rosterless(qtbot: QtBot, prefs: Preferences, tmp_path: Path) -> Iterator[MainWindow]:
    """The office's own laptop (never enrolled) signed in at its checkpoint before any roster is in."""
    path = tmp_path / "office.db"
    with Store(path) as store:
        campaign.init(store, "Torch Park", ["North gate"])
        campaign.open_round(store, "R1", 5)
    prefs.database = path
    app = StationApp(prefs)
    app.open_station(Database(path, app), Session("North gate", "Wang", "R1", now_iso()))
    assert isinstance(app.window, MainWindow)
    yield app.window
    close_station(qtbot, app)


def test_the_offices_own_scan_tab_does_not_wait_for_the_campaign_office(
    qtbot: QtBot, rosterless: MainWindow
) -> None:
    notice = rosterless.scan_screen.roster_notice
    qtbot.waitUntil(lambda: not notice.isHidden(), timeout=WAIT_MS)
    assert "等待" not in notice.text()  # "waiting": it is the campaign office
    assert "导入" in notice.text() and "防控办公室" in notice.text()  # import, on the office's tab
