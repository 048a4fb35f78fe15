"""ID cards laid on the desk's reader, through the station window: a card registers its holder as a scan
does, once however long it lies there, through a damaged answer and an unplugged reader; the reader
is chosen and tested in the settings.

The reader is a scripted stand-in for the device (the window is what is under test), and in the last
test a SAM reader emulated on a pseudo-terminal, read by the real serial driver; either is watched
on the window's real reader thread, and the registrations land in a real campaign database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from registration.people.identity import mask_id
from registration.sampling.idcard.card import Card
from registration.sampling.idcard.demo_reader import DemoReader, ScriptedReader, demo_cards
from registration.sampling.registrations import Status
from registration.setup.sample_park import DemoCampaign
from tests.registration.idcard.emulate import SamEmulator
from tests.ui.test_scan_screen import WAIT_MS, members, wedge_scan
from ui.app import TRANSLATION, StationApp
from ui.banner import Look
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.reader_worker import OpenReader
from ui.speech import Speech
from ui.station import Scan

PORT = "serial:/dev/ttyUSB0"
VISITOR = Card(name="林晓", id_number="430102197005061145", gender="female", birth="1970-05-06")
"""Someone on no roster: a visitor with their card but no health code."""


@pytest.fixture(autouse=True)
def english(prefs: Preferences) -> Iterator[None]:
    """The texts below are the source strings, whatever language an earlier test left."""
    prefs.language = "en"
    TRANSLATION.apply("en")
    yield


@pytest.fixture
def desk(qtbot: QtBot, station_app: StationApp) -> ScriptedReader:
    """The station's reader watching a scripted reader on the desk, which answers."""
    scripted = ScriptedReader(PORT)
    reader = station_app.services.reader
    reader.opener = lambda spec: scripted.open
    reader.start(PORT)
    qtbot.waitUntil(lambda: reader.state() == f"ID-card reader {PORT}: ready", timeout=WAIT_MS)
    return scripted


@pytest.fixture
def voice(station_app: StationApp) -> Speech:
    """Qt's test engine in place of a real voice: it takes the text as a voice would, silently."""
    speech = Speech(engine="mock", parent=station_app)
    station_app.services.sounds.speech = speech
    station_app.services.sounds.speak_names = True
    return speech


def card_of(campaign: DemoCampaign, index: int) -> Card:
    person = campaign.people[index]
    return Card(name=person.name, id_number=person.id_number)


def lay(qtbot: QtBot, window: MainWindow, desk: ScriptedReader, card: Card) -> Scan:
    """Lay ``card`` on the reader and wait for what the station made of it."""
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
        desk.lay(card)
    scan: Scan = result.args[0]
    return scan


def looks_again(qtbot: QtBot, desk: ScriptedReader, times: int = 3) -> None:
    """Wait until the reader thread has polled ``times`` more times."""
    polled = desk.polls
    qtbot.waitUntil(lambda: desk.polls >= polled + times, timeout=WAIT_MS)


def shown(window: MainWindow) -> str:
    banner = window.scan_screen.banner
    return "\n".join((banner.title.text(), banner.detail.text(), window.reader_state.text()))


def test_a_roster_persons_card_registers_them_as_a_scan_does_with_the_number_masked(
    qtbot: QtBot,
    window: MainWindow,
    station_app: StationApp,
    campaign: DemoCampaign,
    desk: ScriptedReader,
    voice: Speech,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    tube = campaign.tubes[0]
    wedge_scan(qtbot, window, tube)
    card = card_of(campaign, 0)
    scan = lay(qtbot, window, desk, card)

    assert scan.source == "idcard"
    assert scan.outcome.status is Status.REGISTERED, scan.outcome.reason
    [row] = members(campaign, tube)
    assert (row["person"], row["source"], row["position"]) == (card.id_number, "idcard", 1)
    banner = window.scan_screen.banner
    assert banner.look is Look.REGISTERED
    assert banner.title.text() == f"Registered: {card.name}"
    assert banner.detail.text().startswith(f"{mask_id(card.id_number)} · Tube {tube} · position 1/")
    assert station_app.services.sounds.played[-1] == "registered"
    assert voice.said[-1] == f"{card.name}，一号"
    assert window.reader_state.text() == f"ID-card reader {PORT}: ready"
    assert card.id_number not in shown(window)
    assert card.id_number not in caplog.text


def test_a_card_left_on_the_reader_counts_once_and_laid_again_is_already_registered(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, desk: ScriptedReader
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    card = card_of(campaign, 1)
    scans: list[Scan] = []
    window.station.scanned.connect(scans.append)
    assert lay(qtbot, window, desk, card).outcome.status is Status.REGISTERED
    looks_again(qtbot, desk, 5)  # a second on the reader
    assert len(scans) == 1

    desk.lift()
    looks_again(qtbot, desk)
    again = lay(qtbot, window, desk, card)
    assert again.outcome.status is Status.ALREADY_REGISTERED
    assert window.scan_screen.banner.look is Look.ALREADY
    assert window.scan_screen.banner.title.text() == f"Already registered: {card.name}"
    assert mask_id(card.id_number) in window.scan_screen.banner.detail.text()
    assert len(members(campaign, campaign.tubes[0])) == 1


def test_a_damaged_answer_is_read_again_and_the_card_registers(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, desk: ScriptedReader
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    desk.corrupt_next()
    scan = lay(qtbot, window, desk, card_of(campaign, 2))
    assert scan.outcome.status is Status.REGISTERED
    assert desk.damaged_answers == 1
    assert window.reader_state.text() == f"ID-card reader {PORT}: ready"  # one is not worth saying


def test_answers_damaged_again_and_again_are_said_until_a_card_is_read_whole(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, desk: ScriptedReader
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    desk.corrupt_next(3)
    qtbot.waitUntil(lambda: "its answers are damaged" in window.reader_state.text(), timeout=WAIT_MS)
    assert lay(qtbot, window, desk, card_of(campaign, 3)).outcome.status is Status.REGISTERED
    assert window.reader_state.text() == f"ID-card reader {PORT}: ready"


def test_an_unplugged_reader_is_shown_and_once_back_it_reads_the_card_on_it(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, desk: ScriptedReader
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    scans: list[Scan] = []
    window.station.scanned.connect(scans.append)
    desk.unplug()
    qtbot.waitUntil(
        lambda: (
            window.reader_state.text() == f"ID-card reader {PORT}: unplugged; trying again every 2 seconds"
        ),
        timeout=WAIT_MS,
    )
    card = card_of(campaign, 4)
    desk.lay(card)
    opened = desk.opened
    desk.plug()
    qtbot.waitUntil(lambda: len(scans) == 1, timeout=WAIT_MS)
    assert desk.opened == opened + 1  # opened again, not read through the lost handle
    assert scans[0].outcome.status is Status.REGISTERED
    assert scans[0].outcome.person and scans[0].outcome.person["name"] == card.name
    assert window.reader_state.text() == f"ID-card reader {PORT}: ready"


def test_a_person_on_no_roster_is_registered_by_the_name_on_their_card(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, desk: ScriptedReader, voice: Speech
) -> None:
    assert VISITOR.id_number not in {p.id_number for p in campaign.people}
    wedge_scan(qtbot, window, campaign.tubes[0])
    scan = lay(qtbot, window, desk, VISITOR)
    assert scan.outcome.status is Status.REGISTERED, scan.outcome.reason
    assert scan.outcome.person is not None and not scan.outcome.person["on_roster"]
    assert scan.name == VISITOR.name
    [row] = members(campaign, campaign.tubes[0])
    assert (row["person"], row["source"]) == (VISITOR.id_number, "idcard")
    banner = window.scan_screen.banner
    assert banner.title.text() == f"Registered: {VISITOR.name}"
    assert banner.detail.text().endswith(" · on no roster")
    assert mask_id(VISITOR.id_number) in banner.detail.text()
    assert VISITOR.id_number not in shown(window)
    assert voice.said[-1] == f"{VISITOR.name}，一号"


def test_the_demo_reader_lays_the_demo_campaigns_cards(
    qtbot: QtBot, window: MainWindow, station_app: StationApp, campaign: DemoCampaign
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    reader = station_app.services.reader
    reader.opener = lambda spec: lambda: DemoReader(first_after=0, laid_for=0.5, gap=0.5)
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
        reader.start("demo")
    scan: Scan = result.args[0]
    first = demo_cards()[0]
    assert (scan.source, scan.outcome.status, scan.person_name) == ("idcard", Status.REGISTERED, first.name)
    assert window.reader_state.text() == "ID-card reader demo: ready"


def scripted_opener(scripted: ScriptedReader, specs: list[str]) -> Callable[[str], OpenReader]:
    """Every spec opens the scripted reader, and is noted in ``specs`` when it is opened."""

    def opener(spec: str) -> OpenReader:
        def open_reader() -> ScriptedReader:
            specs.append(spec)
            return scripted.open()

        return open_reader

    return opener


def test_the_settings_save_a_reader_and_refuse_one_that_names_none(
    qtbot: QtBot, station_app: StationApp, desk: ScriptedReader, prefs: Preferences
) -> None:
    specs: list[str] = []
    station_app.services.reader.opener = scripted_opener(desk, specs)
    dialog = station_app.open_settings()
    assert dialog.reader.spec.currentText() == ""  # no reader chosen yet
    dialog.reader.spec.setCurrentText("serial:")
    assert dialog.reader.error.isVisible()
    assert dialog.reader.error.text().startswith("'serial:' names no ID-card reader")
    assert not dialog.reader.test_button.isEnabled()
    dialog.accept()
    assert dialog.isVisible() and prefs.reader == ""  # nothing saved

    dialog.reader.spec.setCurrentText("auto")
    assert not dialog.reader.error.isVisible()
    dialog.accept()
    assert not dialog.isVisible()
    assert prefs.reader == "auto"
    assert station_app.services.reader.spec == "auto"
    qtbot.waitUntil(lambda: specs == ["auto"], timeout=WAIT_MS)


def test_the_reader_test_shows_a_card_laid_while_the_stations_reader_lets_go(
    qtbot: QtBot, window: MainWindow, station_app: StationApp, campaign: DemoCampaign, desk: ScriptedReader
) -> None:
    station_reader = station_app.services.reader
    specs: list[str] = []
    station_reader.opener = scripted_opener(desk, specs)
    scans: list[Scan] = []
    window.station.scanned.connect(scans.append)
    dialog = station_app.open_settings()
    dialog.reader.spec.setCurrentText("huashi")
    tester = dialog.reader.test()
    assert tester is not None and tester.prompt.text() == "Lay a card on the reader"
    assert station_reader.spec == ""  # let go of the device
    qtbot.waitUntil(lambda: tester.state.text() == f"ID-card reader {PORT}: ready", timeout=WAIT_MS)
    assert specs == ["huashi"]

    card = card_of(campaign, 5)
    desk.lay(card)
    qtbot.waitUntil(lambda: bool(tester.card.text()), timeout=WAIT_MS)
    assert tester.card.text() == f"{card.name} · {mask_id(card.id_number)}"
    assert card.id_number not in tester.card.text() + tester.state.text()
    desk.lift()
    tester.reject()

    # The station's own reader is back, on the reader saved before; the test registered nobody.
    assert station_reader.spec == PORT
    qtbot.waitUntil(lambda: window.reader_state.text() == f"ID-card reader {PORT}: ready", timeout=WAIT_MS)
    assert specs == ["huashi", PORT]
    assert scans == []
    dialog.reject()


def test_the_sign_in_page_chooses_the_reader_the_shift_reads_with(
    qtbot: QtBot,
    station_app: StationApp,
    window: MainWindow,
    campaign: DemoCampaign,
    desk: ScriptedReader,
    prefs: Preferences,
) -> None:
    reader = station_app.services.reader
    window.confirm_end_shift = lambda parent: True
    window.sign_out_action.trigger()
    assert reader.spec == ""  # the reader rests with the shift
    first = station_app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    first.checkpoint.setCurrentText(campaign.checkpoint)
    first.operator.setEditText("Zhao")
    first.reader.spec.setCurrentText("decard:http://127.0.0.1:47903")  # its service speaks WebSocket
    first.start_button.click()
    assert first.reader.error.isVisible()
    assert "names no ID-card reader" in first.reader.error.text()
    assert station_app.first_start is first and prefs.reader == ""  # nobody signed in, nothing saved

    first.reader.spec.setCurrentText(PORT)
    first.start_button.click()
    qtbot.waitUntil(lambda: isinstance(station_app.window, MainWindow), timeout=WAIT_MS)
    new = station_app.window
    assert isinstance(new, MainWindow)
    assert prefs.reader == reader.spec == PORT
    qtbot.waitUntil(lambda: new.reader_state.text() == f"ID-card reader {PORT}: ready", timeout=WAIT_MS)
    wedge_scan(qtbot, new, campaign.tubes[0])
    assert lay(qtbot, new, desk, card_of(campaign, 6)).outcome.status is Status.REGISTERED


def test_a_sam_reader_on_a_serial_port_through_the_real_driver(
    qtbot: QtBot, window: MainWindow, station_app: StationApp, campaign: DemoCampaign, tmp_path: Path
) -> None:
    """The same desk with the real serial driver and a SAM reader emulated on a pseudo-terminal: a
    card registers once while it lies there, a damaged answer is read again, an unplugged reader is
    said and, plugged back, reads the next card."""
    emulator = SamEmulator(tmp_path / "ttyID0")
    reader = station_app.services.reader
    spec = f"serial:{emulator.link}"
    try:
        reader.start(spec)
        qtbot.waitUntil(lambda: reader.state() == f"ID-card reader {spec}: ready", timeout=WAIT_MS)
        wedge_scan(qtbot, window, campaign.tubes[0])
        scans: list[Scan] = []
        window.station.scanned.connect(scans.append)

        first = card_of(campaign, 0)
        emulator.corrupt_next(1)
        emulator.lay(first)
        qtbot.waitUntil(lambda: len(scans) == 1, timeout=WAIT_MS)
        emulator.wait_answered(emulator.answered + 8)  # the card lies there through several looks
        assert len(scans) == 1
        assert (scans[0].source, scans[0].outcome.status) == ("idcard", Status.REGISTERED)
        assert window.scan_screen.banner.title.text() == f"Registered: {first.name}"

        emulator.lift()
        emulator.unplug()
        qtbot.waitUntil(lambda: reader.state() != f"ID-card reader {spec}: ready", timeout=WAIT_MS)
        assert "trying again every 2 seconds" in reader.state()
        second = card_of(campaign, 1)
        emulator.plug()
        emulator.lay(second)
        qtbot.waitUntil(lambda: len(scans) == 2, timeout=WAIT_MS)
        assert scans[1].outcome.person and scans[1].outcome.person["name"] == second.name
        assert reader.state() == f"ID-card reader {spec}: ready"
    finally:
        reader.stop()
        emulator.close()
