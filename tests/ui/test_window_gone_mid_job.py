"""The office's steps of the park's trial (headcounts imported through the file dialog, people marked
exempt), with the window gone while the database still works on them: the answers find no deleted
widget, and nothing of a closed window is freed on the database thread.

Run with faulthandler on (pytest's default): a use after free would abort with a trace.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from registration.setup import enterprises, exemptions
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.ui.test_office_rosters import WAIT_MS, office_of
from ui.app import StationApp
from ui.db_worker import Database
from ui.main_window import MainWindow

ROUNDS = 4


def pick_in_file_dialog(path: Path) -> None:
    """Type ``path`` into the file dialog about to open, as a person would, and accept it.

    Typed, not selectFile(): that leaves the name field alone while the field has the focus (the
    dialog then had nothing to accept and stayed open, about one run in ten)."""

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, pick)
            return
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None, "Qt's file dialog has no file name field"
        name.setText(str(path))
        dialog.accept()

    QTimer.singleShot(20, pick)


def hold(db: Database) -> threading.Event:
    """Keep the database thread busy until the event is set: the jobs queued meanwhile wait."""
    free = threading.Event()
    db.run(lambda _store: free.wait(WAIT_MS / 1000))
    return free


def steps_then_window_gone(
    qtbot: QtBot, station_app: StationApp, sheet: Path, turn: int
) -> tuple[threading.Event, str]:
    """Mark a missing person exempt and import ``sheet`` through the file dialog while the database is
    held, then replace the window (another language) before either is answered; the event frees the
    database, the person is the one exempted."""
    db = station_app.db
    window = station_app.window
    assert db is not None and isinstance(window, MainWindow)
    office = office_of(qtbot, window)
    screen = window.enterprises
    window.tabs.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: screen.table.rowCount() > 0, timeout=WAIT_MS)
    screen.table.selectRow(turn % screen.table.rowCount())
    qtbot.waitUntil(lambda: screen.missing.rowCount() > 0, timeout=WAIT_MS)
    screen.missing.selectRow(0)
    exempted = str(screen.missing_people[0]["id_number"])

    free = hold(db)
    screen.exempt_button.click()  # "Mark exempt": queued behind the busy database
    window.tabs.setCurrentWidget(office)
    office.setCurrentWidget(office.firms)
    pick_in_file_dialog(sheet)
    office.firms._choose()  # "Import headcounts from a sheet…": the dialog is closed, the job waits
    assert db.pending >= 3

    station_app.set_language("en" if turn % 2 == 0 else "zh_CN")  # the window goes, widgets deleted
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=WAIT_MS)
    return free, exempted


def test_the_offices_steps_with_the_window_closed_before_their_answers(
    qtbot: QtBot, station_app: StationApp, campaign: DemoCampaign, tmp_path: Path
) -> None:
    firms = sorted({p.enterprise for p in campaign.people})
    db = station_app.db
    assert db is not None
    for turn in range(ROUNDS):
        sheet = tmp_path / f"headcounts-{turn}.csv"
        sheet.write_text(
            "企业名称,应检人数\n" + "".join(f"{f},{40 + turn}\n" for f in firms), encoding="utf-8"
        )
        free, exempted = steps_then_window_gone(qtbot, station_app, sheet, turn)
        gc.collect()
        free.set()
        qtbot.waitUntil(lambda: db.pending == 0, timeout=WAIT_MS)
        qtbot.wait(50)  # any answer left in the queue is handed out (or dropped) now
        gc.collect()

        with Store(campaign.path) as store:  # the work was done all the same
            reported = {e.name: e.reported for e in enterprises.all_enterprises(store.conn)}
            assert reported == dict.fromkeys(firms, 40 + turn)
            assert exemptions.get(store.conn, campaign.round, exempted) is not None


def test_no_job_or_callback_is_freed_on_the_database_thread(qtbot: QtBot, campaign: DemoCampaign) -> None:
    freed_on: list[str] = []

    class Owner(QObject):
        """Stands for a window's Python object that only a job and its callback still hold."""

        def __del__(self) -> None:
            freed_on.append(threading.current_thread().name)

    db = Database(campaign.path)
    try:
        answered: list[int] = []
        for n in range(500):
            owner = Owner()
            db.run(lambda _store, owner=owner, n=n: n, lambda result, owner=owner: answered.append(result))
            del owner
            if n % 50 == 0:
                qtbot.wait(1)
        qtbot.waitUntil(lambda: len(answered) == 500, timeout=WAIT_MS)
        qtbot.wait(50)
        gc.collect()
    finally:
        db.close()
    assert len(freed_on) == 500 and set(freed_on) == {threading.main_thread().name}
