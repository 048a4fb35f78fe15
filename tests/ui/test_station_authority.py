"""The window of a checkpoint station refuses the campaign office's work as the command line does."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from registration.setup import campaign
from registration.storage.store import Store
from tests.registration.test_authority import enrol_as
from ui.app import StationApp
from ui.preferences import Preferences

WAIT_MS = 15_000


def test_opening_a_round_on_a_checkpoint_station_is_refused_in_the_window(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    prefs.database = tmp_path / "station.db"
    with Store(prefs.database) as store:
        campaign.init(store, "Park", ["North gate"])
        campaign.open_round(store, "R1")
        enrol_as(store, "station")
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    first.new_round_button.click()
    first.new_round_name.setText("R2")  # a round this laptop may not open
    first.open_round_button.click()
    qtbot.waitUntil(lambda: bool(first.error.text()), timeout=WAIT_MS)
    # "this laptop is a checkpoint station: rounds are opened by the campaign office", in the window's Chinese
    assert first.error.text() == "本机是采样点电脑：轮次由指挥部开启"
    assert first.pages.currentWidget() is first.session_page
    app.shutdown()
    with Store(prefs.database) as store:
        assert campaign.get_round(store.conn, "R2") is None
