"""The campaign office's laptop, enrolled with a server whose site has no checkpoint and no round yet,
signs in as the office with neither, lands on the office's screens, and syncs at once: a checkpoint the
server has since gained arrives without automatic sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from registration.setup import campaign
from registration.storage.store import Store
from tests.sync.harness import ServerThread, new_code
from tests.ui.conftest import close_station, set_passphrase
from ui.app import StationApp
from ui.main_window import MainWindow
from ui.preferences import Preferences

WAIT_MS = 30_000
STAFF = "王主任"


@pytest.fixture
def bare_server(tmp_path: Path) -> Iterator[ServerThread]:
    """A sync server with no site yet: the office's enrolment code makes it, with no checkpoint."""
    running = ServerThread(f"sqlite:///{tmp_path / 'server.db'}")
    yield running
    running.stop()


def local_checkpoints(path: Path) -> list[str]:
    with Store(path) as store:
        return campaign.checkpoints(store.conn)


def test_the_office_signs_in_without_checkpoint_or_round_and_reaches_its_rosters(
    qtbot: QtBot, bare_server: ServerThread, prefs: Preferences, tmp_path: Path
) -> None:
    prefs.database = tmp_path / "office.db"
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.enrol_choice.click()
    first.enrol_code.setPlainText(new_code(bare_server.engine, bare_server.url, "", admin=True))
    set_passphrase(first.enrol_key)
    first.enrol_button.click()
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    assert first.checkpoint.count() == 0 and first.round.count() == 0
    assert first.checkpoints_hint.isVisibleTo(first) and first.office_button.isVisibleTo(first)

    first.operator.setEditText(STAFF)
    first.start_button.click()  # a checkpoint's shift still needs its checkpoint
    qtbot.waitUntil(lambda: first.error.text() != "", timeout=WAIT_MS)
    assert app.window is None

    # Meanwhile the office's enrolment code for a new laptop adds the site's first checkpoint.
    new_code(bare_server.engine, bare_server.url, "North")
    first.office_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    window = app.window
    assert isinstance(window, MainWindow) and window.office_only
    assert app.station is not None and app.station.session.operator == STAFF
    assert (prefs.checkpoint, prefs.round) == ("", "")  # an office session is no checkpoint's shift
    assert not window.tabs.isTabVisible(window.tabs.indexOf(window.scan_screen))
    qtbot.waitUntil(lambda: window.office is not None, timeout=WAIT_MS)
    office = window.office
    assert office is not None and window.tabs.currentWidget() is office
    office.setCurrentWidget(office.rosters)
    assert office.rosters.isVisible()

    qtbot.waitUntil(lambda: local_checkpoints(prefs.database) == ["North"], timeout=WAIT_MS)
    close_station(qtbot, app)
