"""The station comes back as the volunteer left it: the window's size and place, and its icon."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from registration.sampling.desk import now_iso
from registration.setup.sample_park import DemoCampaign
from tests.ui.conftest import close_station
from ui.app import WINDOW_SIZE, StationApp
from ui.db_worker import Database
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.station import Session


def start(campaign: DemoCampaign, prefs: Preferences) -> tuple[StationApp, MainWindow]:
    prefs.database = campaign.path
    app = StationApp(prefs)
    db = Database(campaign.path, app)
    app.open_station(db, Session(campaign.checkpoint, campaign.operator, campaign.round, now_iso()))
    assert isinstance(app.window, MainWindow)
    return app, app.window


def test_the_station_reopens_at_the_size_it_was_closed_at(
    qtbot: QtBot, campaign: DemoCampaign, prefs: Preferences, tmp_path: Path
) -> None:
    app, window = start(campaign, prefs)
    assert window.size() == QSize(*WINDOW_SIZE)  # the first start: the checkpoint laptop's screen
    # Within the offscreen screen (800x800): a saved size larger than the screen is fitted to it.
    window.resize(720, 720)
    qtbot.waitUntil(lambda: window.size() == QSize(720, 720))
    window.confirm_quit = lambda _parent: False
    window.close()
    assert window.isVisible()  # the operator said No: nothing closed
    window.confirm_quit = lambda _parent: True
    window.close()
    assert not window.isVisible()
    close_station(qtbot, app)

    again, window = start(campaign, Preferences.at(tmp_path / "station.ini"))
    try:
        assert window.size() == QSize(720, 720)
    finally:
        close_station(qtbot, again)


def test_a_new_language_keeps_the_window_where_it_is(qtbot: QtBot, station_app: StationApp) -> None:
    window = station_app.window
    assert isinstance(window, MainWindow)
    # Within the offscreen screen (800x800), and no narrower than the office's screens (they come in
    # a moment: this laptop is the office).
    window.resize(790, 740)
    qtbot.waitUntil(lambda: window.size() == QSize(790, 740))
    station_app.set_language("en")
    assert station_app.window is not window
    assert station_app.window.size() == QSize(790, 740)


def test_the_station_windows_carry_the_application_icon(station_app: StationApp) -> None:
    icon = QApplication.windowIcon()
    assert not icon.isNull()
    assert isinstance(station_app.window, QWidget)
    assert station_app.window.windowIcon().cacheKey() == icon.cacheKey()
