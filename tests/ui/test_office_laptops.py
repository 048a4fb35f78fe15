"""The office's laptops and bundles screens against a real server on 127.0.0.1: an enrolment code read
from the screen's QR code enrols a second station, which is then revoked; a code saved to a file enrols
a laptop, another is listed unused and cancelled; a USB bundle goes through the office to the server; a
checkpoint station shows no office at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from registration.refusals import REASONS
from registration.sampling.desk import now_iso
from registration.sampling.scanning import decoders
from registration.storage.store import Store
from sync import admin_client, bundle, enrolment
from sync.transport import ServerRefused
from tests.registration.ids import make_id
from tests.sync.harness import FAST, ROUND, ServerThread, Station, enrol_station, setup_round
from tests.ui.conftest import close_station
from tests.ui.test_office_campaign import screen_pixels
from tests.ui.test_office_rosters import WAIT_MS, column, office_of
from ui.app import StationApp
from ui.db_worker import Database
from ui.main_window import MainWindow
from ui.office import OfficeScreens
from ui.preferences import Preferences
from ui.station import Session


@pytest.fixture
def office_station(server: ServerThread, tmp_path: Path) -> Iterator[Station]:
    """The campaign office's laptop, enrolled as administrator, round R1 opened and pushed."""
    station = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
    setup_round(station)
    station.sync()
    yield station
    station.close()


def open_window(qtbot: QtBot, prefs: Preferences, path: Path, checkpoint: str) -> StationApp:
    prefs.database = path
    app = StationApp(prefs)
    app.open_station(Database(path, app), Session(checkpoint, "", ROUND, now_iso()))
    return app


@pytest.fixture
def office_app(qtbot: QtBot, prefs: Preferences, office_station: Station) -> Iterator[StationApp]:
    app = open_window(qtbot, prefs, office_station.path, "North")
    yield app
    close_station(qtbot, app)


def test_an_enrolment_code_read_from_the_screen_enrols_a_station_which_is_then_revoked(
    qtbot: QtBot, office_app: StationApp, server: ServerThread, tmp_path: Path
) -> None:
    window = office_app.window
    assert isinstance(window, MainWindow)
    screen = office_of(qtbot, window).laptops
    with qtbot.waitSignal(screen.listed, timeout=WAIT_MS):
        window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    assert column(screen.model, 1) == [screen.tr("office")]
    screen.checkpoint.setCurrentText("South")
    with qtbot.waitSignal(screen.code_shown, timeout=WAIT_MS) as shown:
        screen.make_code()
    found = decoders.decode_still(decoders.make_decoder(), screen_pixels(screen.qr))
    assert [d.text for d in found] == [shown.args[0]]

    laptop = tmp_path / "south" / "station.db"
    enrolled = enrolment.enroll(laptop, found[0].text, backoff=FAST.backoff)
    assert (enrolled.answer.checkpoint, enrolled.answer.role) == ("South", "station")
    qtbot.waitUntil(lambda: enrolled.answer.device in column(screen.model, 5), timeout=WAIT_MS)
    row = column(screen.model, 5).index(enrolled.answer.device)
    assert column(screen.model, 0)[row] == "South"

    screen.confirm = lambda _parent, question: "South" in question  # the person says yes, having read whose
    screen.view.selectRow(row)
    with qtbot.waitSignal(screen.revoked, timeout=WAIT_MS) as revoked:
        screen.revoke_button.click()
    assert revoked.args == [enrolled.answer.device]
    with Store(laptop) as store:
        credential = store.conn.execute("SELECT credential FROM sync_state").fetchone()[0]
    answer = httpx.get(f"{server.url}/v1/feed", headers={"Authorization": f"Bearer {credential}"})
    assert answer.status_code == 403
    qtbot.waitUntil(lambda: column(screen.model, 4)[row] == screen.tr("revoked"), timeout=WAIT_MS)


def test_the_office_saves_a_code_to_a_file_lists_the_unused_ones_and_cancels_one(
    qtbot: QtBot, office_app: StationApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = office_app.window
    assert isinstance(window, MainWindow)
    screen = office_of(qtbot, window).laptops
    with qtbot.waitSignal(screen.codes_listed, timeout=WAIT_MS):
        window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    assert screen.codes_model.rowCount() == 0 and not screen.save_button.isEnabled()
    made = {}
    for checkpoint in ("South", "East"):
        screen.checkpoint.setCurrentText(checkpoint)
        with qtbot.waitSignal(screen.code_shown, timeout=WAIT_MS) as shown:
            screen.make_code()
        made[checkpoint] = shown.args[0]
        typed = admin_client.typed(shown.args[0])
        assert typed.code in screen.code_text.text() and typed.server in screen.code_text.text()
    qtbot.waitUntil(lambda: sorted(column(screen.codes_model, 0)) == ["East", "South"], timeout=WAIT_MS)

    # East's code goes on a USB stick; the file dialog answers for the person.
    stick = tmp_path / "usb" / "enrol-Park-East.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(stick), ""))
    with qtbot.waitSignal(screen.code_saved, timeout=WAIT_MS) as saved:
        screen.save_button.click()
    assert saved.args == [str(stick)] and stick.read_text(encoding="utf-8") == made["East"] + "\n"
    assert stick.stat().st_mode & 0o777 == 0o600  # it enrols a laptop: its owner's eyes only
    assert enrolment.read_code_file(stick) == made["East"]

    # South's laptop never came: the office cancels its code, having read whose it is.
    row = column(screen.codes_model, 0).index("South")
    chosen = column(screen.codes_model, 4)[row]
    screen.confirm = lambda _parent, question: "South" in question
    screen.codes_view.selectRow(row)
    with qtbot.waitSignal(screen.code_cancelled, timeout=WAIT_MS) as cancelled:
        screen.cancel_button.click()
    assert cancelled.args == [chosen]
    qtbot.waitUntil(lambda: column(screen.codes_model, 0) == ["East"], timeout=WAIT_MS)
    with pytest.raises(ServerRefused) as refused:
        enrolment.enroll(tmp_path / "south.db", made["South"], backoff=FAST.backoff)
    assert refused.value.detail == REASONS["enrol.code_cancelled"]
    enrolled = enrolment.enroll(tmp_path / "east.db", enrolment.read_code_file(stick), backoff=FAST.backoff)
    assert enrolled.answer.checkpoint == "East"
    screen.refresh()
    qtbot.waitUntil(lambda: screen.codes_model.rowCount() == 0, timeout=WAIT_MS)


def test_a_bundle_from_a_usb_stick_goes_through_the_office_to_the_server(
    qtbot: QtBot, office_app: StationApp, server: ServerThread, tmp_path: Path
) -> None:
    offline = enrol_station(tmp_path, server.engine, server.url, "South")
    offline.sync()  # the round arrives; then the network is gone for the day
    for serial in range(3):
        offline.register(make_id(serial))
    stick = tmp_path / "usb" / "south.bundle"
    stick.parent.mkdir()
    header = bundle.export(offline.store, stick)
    window = office_app.window
    assert isinstance(window, MainWindow)
    screen = office_of(qtbot, window).bundles
    window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    with qtbot.waitSignal(screen.sent, timeout=WAIT_MS) as sent:
        screen.send([stick])
    (answer,) = sent.args[0].answers
    assert answer.device == offline.device and answer.events == header.events
    assert answer.stored == header.events - offline_pushed(offline) and answer.rejected == 0
    assert column(screen.model, 0) == ["South"] and column(screen.model, 7) == [offline.device]
    assert screen.waiting.count() == 0
    offline.close()


def offline_pushed(station: Station) -> int:
    """Events the station had already pushed over the network before it went offline."""
    with station.store.read() as conn:
        return int(
            conn.execute(
                "SELECT count(*) FROM events WHERE device = ? AND id NOT IN (SELECT event_id FROM outbox)",
                (station.device,),
            ).fetchone()[0]
        )


def test_a_checkpoint_station_shows_no_office(
    qtbot: QtBot, prefs: Preferences, server: ServerThread, office_station: Station, tmp_path: Path
) -> None:
    station = enrol_station(tmp_path, server.engine, server.url, "South")
    station.sync()
    station.close()
    app = open_window(qtbot, prefs, station.path, "South")
    try:
        window = app.window
        assert isinstance(window, MainWindow)
        qtbot.waitUntil(lambda: app.db is not None and app.db.pending == 0, timeout=WAIT_MS)
        qtbot.wait(50)
        assert window.office is None
        assert not any(isinstance(window.tabs.widget(i), OfficeScreens) for i in range(window.tabs.count()))
    finally:
        close_station(qtbot, app)
