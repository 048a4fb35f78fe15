"""The office's screens are all in view on a 1366x768 laptop, in both languages: down the side as
tabs, their titles turned on end, the last ones hid behind scroll arrows."""

from __future__ import annotations

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from tests.ui.test_office_rosters import WAIT_MS, office_of
from ui.app import StationApp
from ui.main_window import MainWindow


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_office_screen_is_in_view_on_a_1366x768_laptop(
    qtbot: QtBot, station_app: StationApp, language: str
) -> None:
    old = station_app.window
    station_app.set_language(language)
    if language != "zh_CN":  # the window is made anew in the new language
        qtbot.waitUntil(lambda: not shiboken6.isValid(old), timeout=WAIT_MS)
    window = station_app.window
    assert isinstance(window, MainWindow)
    window.resize(1366, 768)
    office = office_of(qtbot, window)
    window.show()
    qtbot.waitExposed(window)
    nav = office.nav
    assert nav.count() == office.stack.count() == 12
    assert nav.item(0).text() == {"zh_CN": "总览", "en": "At a glance"}[language]
    in_view = nav.viewport().rect()
    for row in range(nav.count()):
        entry = nav.item(row)
        assert in_view.contains(nav.visualItemRect(entry)), entry.text()
        assert nav.fontMetrics().horizontalAdvance(entry.text()) < nav.viewport().width(), entry.text()
    nav.setCurrentRow(nav.count() - 1)  # the last, as a click on it chooses it
    assert office.currentWidget() is office.reminders
    office.setCurrentWidget(office.glance)
    assert nav.currentRow() == 0
