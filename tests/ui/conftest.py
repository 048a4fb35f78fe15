"""The station's windows under test: offscreen Qt, a demo campaign on disk, the real workers."""

from __future__ import annotations

import os

# Before anything imports Qt: no display is needed, and none is used.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from registration.sampling.desk import now_iso
from registration.setup import sample_park
from registration.setup.sample_park import DemoCampaign
from registration.storage import cipher
from tests.sync.harness import ServerThread, open_site
from ui.app import StationApp
from ui.db_worker import Database
from ui.first_start import FirstStart, NewPassphrase
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.station import Session

PASSPHRASE = "north gate 2026"
"""What the tests type as a new campaign's passphrase."""

# The offscreen platform plugin warns when a window's size limits change; a real display does not.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerThread]:
    """A sync server on loopback (SQLite) with the site's checkpoints North and South."""
    running = ServerThread(f"sqlite:///{tmp_path / 'server.db'}")
    open_site(running.engine, ["North", "South"])
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def no_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing under test may reach the user's own campaign database."""
    monkeypatch.setenv("TESTPOINT_DB", str(tmp_path / "default-station.db"))


@pytest.fixture(autouse=True)
def no_known_passphrase(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test unlocks its own databases: no passphrase from the environment or an earlier test."""
    monkeypatch.delenv(cipher.ENV_KEY, raising=False)
    cipher._passphrases.clear()
    cipher._known.clear()
    yield
    cipher._passphrases.clear()
    cipher._known.clear()


def set_passphrase(entry: NewPassphrase, passphrase: str = PASSPHRASE) -> None:
    """Type a new database's passphrase, and again to confirm it."""
    entry.passphrase.setText(passphrase)
    entry.confirm.setText(passphrase)


def create_campaign(qtbot: QtBot, first: FirstStart, first_round: str | None = None) -> None:
    """Create the campaign "Torch Park" (checkpoint "North gate") on the dialog's new-campaign page,
    with PASSPHRASE, and wait for the sign-in page."""
    first.create_choice.click()
    first.site.setText("Torch Park")
    first.checkpoints.setPlainText("North gate")
    if first_round is not None:
        first.first_round.setText(first_round)
    set_passphrase(first.create_key)
    first.create_button.click()
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=15_000)


@pytest.fixture
def campaign(tmp_path: Path) -> DemoCampaign:
    """A park with 30 people on four enterprises' rosters, their person codes, an open round, no tube."""
    return sample_park.build(tmp_path / "campaign", people=30, video=False, open_tube=False)


@pytest.fixture
def prefs(tmp_path: Path) -> Preferences:
    prefs = Preferences.at(tmp_path / "station.ini")
    prefs.camera = str(tmp_path / "no-camera-here")
    prefs.auto_sync = False
    return prefs


@pytest.fixture
def station_app(qtbot: QtBot, campaign: DemoCampaign, prefs: Preferences) -> Iterator[StationApp]:
    """The running station, signed in at the campaign's first checkpoint, its main window shown."""
    prefs.database = campaign.path
    app = StationApp(prefs)
    db = Database(campaign.path, app)
    app.open_station(db, Session(campaign.checkpoint, campaign.operator, campaign.round, now_iso()))
    yield app
    close_station(qtbot, app)


def close_station(qtbot: QtBot, app: StationApp) -> None:
    """Stop the workers and delete the windows before the next test builds its own."""
    app.shutdown()
    if app.window is not None:
        app.window.close()
        app.window.deleteLater()
    app.deleteLater()
    qtbot.wait(1)  # let the deferred deletions run


@pytest.fixture
def window(station_app: StationApp) -> MainWindow:
    assert isinstance(station_app.window, MainWindow)
    return station_app.window
