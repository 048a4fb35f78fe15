"""Issue 29's last figure: a park set up with no shell command beyond starting the server. The server is
started with its site (``main.py server --site Park``, a real process, and the only thing this test
starts besides the window); the office's laptop enrols by the code it printed, typed on the first-start
page, then makes the checkpoints, imports the roster, sets a headcount, opens the round, writes the
badges and makes a checkpoint laptop's code, all in its window; that code then enrols the laptop, which
receives the whole set-up from the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from registration.sampling.scanning import decoders
from registration.setup import campaign, enterprises, rosters, sample_park
from registration.storage.store import Store
from sync import client, enrolment
from tests.e2e.test_server_site import office_code
from tests.sync.harness import FAST, ServerProcess
from tests.ui.conftest import close_station, set_passphrase
from tests.ui.test_office_campaign import screen_pixels
from tests.ui.test_office_rosters import WAIT_MS, column, office_of
from ui.app import StationApp
from ui.main_window import MainWindow
from ui.preferences import Preferences

STAFF = "王主任"
CHECKPOINTS = ["North gate", "South gate"]
ROUND = "第1轮"


@pytest.fixture
def park_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """``python main.py server --site Park``: the one shell command of the park's set-up."""
    folder = tmp_path / "server"
    running = ServerProcess(
        f"sqlite:///{folder / 'server.db'}", "--site", "Park", log=tmp_path / "server.log"
    )
    yield running
    running.stop()


def local_checkpoints(path: Path) -> list[str]:
    with Store(path) as store:
        return campaign.checkpoints(store.conn)


def test_the_office_sets_up_the_park_in_its_window_with_only_the_server_started(
    qtbot: QtBot, park_server: ServerProcess, prefs: Preferences, tmp_path: Path
) -> None:
    typed, address = office_code(park_server)
    people = sample_park.make_people(6, seed=29)
    roster = tmp_path / "usb" / "roster.csv"
    roster.parent.mkdir()
    roster.write_text(
        "企业名称,姓名,身份证号码\n" + "".join(f"{p.enterprise},{p.name},{p.id_number}\n" for p in people),
        encoding="utf-8",
    )

    # `python main.py` on the office's new laptop: the code typed with the server's address.
    prefs.database = tmp_path / "office" / "station.db"
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.enrol_choice.click()
    first.enrol_code.setPlainText(typed)
    first.enrol_server.setText(address)
    set_passphrase(first.enrol_key)
    first.enrol_button.click()
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    assert first.checkpoint.count() == 0  # the site has none yet: the office makes them
    first.operator.setEditText(STAFF)
    first.office_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    window = app.window
    assert isinstance(window, MainWindow) and window.office_only and window.sync_status is not None
    office = office_of(qtbot, window)
    sync = app.services.sync
    assert sync is not None

    def sync_now() -> None:
        """The status bar's "Sync now", once the sync running (the one at sign-in) is done."""
        qtbot.waitUntil(lambda: not sync.busy, timeout=WAIT_MS)
        assert window.sync_status is not None
        window.sync_status.now.click()

    # The checkpoints: each named by the first enrolment code made for it.
    laptops = office.laptops
    with qtbot.waitSignal(laptops.listed, timeout=WAIT_MS):
        office.setCurrentWidget(laptops)
    for name in CHECKPOINTS:
        laptops.checkpoint.setCurrentText(name)
        with qtbot.waitSignal(laptops.code_shown, timeout=WAIT_MS):
            laptops.make_code()
    sync_now()
    qtbot.waitUntil(lambda: local_checkpoints(prefs.database) == CHECKPOINTS, timeout=WAIT_MS)

    screen = office.rosters
    office.setCurrentWidget(screen)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview([roster])
    with qtbot.waitSignal(screen.imported, timeout=WAIT_MS):
        screen.import_button.click()

    firms = office.firms
    with qtbot.waitSignal(firms.loaded, timeout=WAIT_MS):
        office.setCurrentWidget(firms)
    firm = firms.shown()[0]["name"]
    cell = firms.table.item(0, 1)
    assert cell is not None
    with qtbot.waitSignal(firms.saved, timeout=WAIT_MS):
        cell.setText("40")

    rounds = office.rounds
    with qtbot.waitSignal(rounds.loaded, timeout=WAIT_MS):
        office.setCurrentWidget(rounds)
    rounds.name.setText(ROUND)
    rounds.pool_size.setValue(10)
    with qtbot.waitSignal(rounds.loaded, timeout=WAIT_MS):
        rounds.open_button.click()
    assert column(rounds.model, 0) == [ROUND]

    badges = office.badges
    badges.open_after = False
    with qtbot.waitSignal(badges.chosen, timeout=WAIT_MS):
        office.setCurrentWidget(badges)
    assert len(badges.people) == len(people)
    sheets = tmp_path / "badges.pdf"
    with qtbot.waitSignal(badges.written, timeout=WAIT_MS * 3) as written:
        badges.write(sheets)
    assert written.args[0].badges == len(people) and sheets.read_bytes().startswith(b"%PDF")

    # North gate's laptop: its code, read from the office's screen as the laptop's webcam reads it.
    with qtbot.waitSignal(laptops.listed, timeout=WAIT_MS):
        office.setCurrentWidget(laptops)
    laptops.checkpoint.setCurrentText(CHECKPOINTS[0])
    with qtbot.waitSignal(laptops.code_shown, timeout=WAIT_MS) as shown:
        laptops.make_code()
    [seen] = decoders.decode_still(decoders.make_decoder(), screen_pixels(laptops.qr))
    assert seen.text == shown.args[0]
    with qtbot.waitSignal(sync.synced, timeout=WAIT_MS) as synced:
        sync_now()
    assert synced.args[0].pushed > 0
    close_station(qtbot, app)

    # What the office set up is on the server: the new laptop gets it all at its first sync.
    north = tmp_path / "north" / "station.db"
    enrolled = enrolment.enroll(north, seen.text, backoff=FAST.backoff)
    assert (enrolled.answer.site, enrolled.answer.checkpoint) == ("Park", CHECKPOINTS[0])
    with Store(north) as store:
        client.sync_once(store, FAST)
        assert campaign.checkpoints(store.conn) == CHECKPOINTS
        assert [(r.name, r.status) for r in campaign.rounds(store.conn)] == [(ROUND, "open")]
        assert len(rosters.on_roster(store.conn)) == len(people)
        headcount = enterprises.get(store.conn, firm)
        assert headcount is not None and headcount.reported == 40
