"""A new volunteer's first minutes: no traps (Esc, closing), forms that behave as forms, typing at once,
the round chosen from a list, the banner saying what to do next, a tube opened by typing its code, a
laptop with no webcam enrolled from the code's file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from registration.sampling import tubes
from registration.sampling.desk import now_iso
from registration.sampling.registrations import Status
from registration.sampling.scanning import synthetic
from registration.setup import rosters, sample_park
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from sync import admin_client
from tests.sync.harness import ROUND, ServerThread, enrol_station, setup_round
from tests.ui.conftest import PASSPHRASE, close_station, create_campaign, set_passphrase
from ui.app import StationApp
from ui.banner import Look
from ui.db_worker import Database
from ui.first_start import FirstStart
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.station import Session

WAIT_MS = 15_000


class Answers:
    """Stands in for the "quit the station?" question: records that it was asked, answers as told."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked = 0

    def __call__(self, _parent: object) -> bool:
        self.asked += 1
        return self.answer


def members(campaign: DemoCampaign, tube: str) -> list[dict[str, object]]:
    with Store(campaign.path) as store:
        return [dict(row) for row in tubes.members(store.conn, tube)]


@pytest.fixture
def with_tube(qtbot: QtBot, tmp_path: Path, prefs: Preferences) -> Iterator[tuple[StationApp, DemoCampaign]]:
    """The station signed in at a checkpoint whose first tube is already open."""
    built = sample_park.build(tmp_path / "open", people=12, video=False, open_tube=True)
    prefs.database = built.path
    app = StationApp(prefs)
    app.open_station(
        Database(built.path, app), Session(built.checkpoint, built.operator, built.round, now_iso())
    )
    yield app, built
    close_station(qtbot, app)


def first_start(qtbot: QtBot, prefs: Preferences, path: Path) -> tuple[StationApp, FirstStart]:
    prefs.database = path
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    return app, first


# Item 2


def test_a_phantom_second_code_in_one_frame_leaves_a_clear_scan_clear(
    qtbot: QtBot, window: MainWindow, station_app: StationApp, campaign: DemoCampaign, tmp_path: Path
) -> None:
    window.station.scan(campaign.tubes[0], "scanner")
    qtbot.waitUntil(lambda: window.station.state is not None and window.station.state.tube is not None)
    rng = np.random.default_rng(3)
    blank = synthetic.blank_shot(rng, size=(800, 450)).image
    person = synthetic.phone_shot(campaign.codes[0], "green", rng, size=(800, 450), code_px=220).image
    # A short QR text beside the person's code in one frame only, as zxing-cpp sometimes reads one.
    phantom = np.array(qrcode.make("x7", box_size=3, border=2).convert("L"))
    with_phantom = person.copy()
    h, w = phantom.shape
    with_phantom[10 : 10 + h, 790 - w : 790] = cv2.cvtColor(phantom, cv2.COLOR_GRAY2BGR)
    clip = tmp_path / "phantom.avi"
    synthetic.write_video(clip, [blank] * 3 + [with_phantom] + [person] * 6 + [blank] * 3)
    looks: list[Look] = []
    window.station.scanned.connect(lambda _scan: looks.append(window.scan_screen.banner.look))
    station_app.services.camera.start(str(clip), paced=False)
    qtbot.waitUntil(lambda: len(members(campaign, campaign.tubes[0])) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(looks), timeout=WAIT_MS)
    assert window.scan_screen.banner.look is Look.REGISTERED
    assert Look.AMBIGUOUS not in looks


# Item 3


def test_escape_never_quits_and_closing_the_first_start_asks_first(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    app, first = first_start(qtbot, prefs, tmp_path / "station.db")
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    no = Answers(False)
    first.confirm_quit = no
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    assert first.isVisible() and no.asked == 0  # Esc is not even a question
    first.close()
    assert first.isVisible() and no.asked == 1
    yes = Answers(True)
    first.confirm_quit = yes
    first.close()
    assert not first.isVisible() and yes.asked == 1
    app.shutdown()


def test_escape_does_not_close_the_main_window_and_closing_it_asks_first(
    qtbot: QtBot, station_app: StationApp, window: MainWindow
) -> None:
    no = Answers(False)
    window.confirm_quit = no
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Escape)
    assert window.isVisible() and no.asked == 0
    window.close()
    assert window.isVisible() and no.asked == 1
    # Once the program ends anyway (Ctrl+C, the demo's time up), nothing more is asked.
    station_app.end()
    window.close()
    assert not window.isVisible() and no.asked == 1


# Item 5 and 9


def test_the_idle_banner_asks_for_a_tube_then_a_tube_typed_in_the_panel_opens(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    screen = window.scan_screen
    qtbot.waitUntil(lambda: window.station.state is not None)
    assert screen.banner.look is Look.IDLE
    assert screen.banner.title.text() == "请扫描试管标签"  # "scan a tube label", in the default language
    field = screen.tube_panel.typed
    # An ID number typed here is no tube: refused, and nobody is registered.
    with qtbot.waitSignal(window.station.message, timeout=WAIT_MS):
        field.setText(campaign.people[0].id_number)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert screen.banner.look is Look.REJECTED
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as opened:
        field.setText(campaign.tubes[0])
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert opened.args[0].outcome.status is Status.TUBE_OPENED
    assert field.text() == ""
    qtbot.waitUntil(lambda: screen.tube_panel.code.text() == campaign.tubes[0], timeout=WAIT_MS)
    assert members(campaign, campaign.tubes[0]) == []


def test_with_a_tube_open_the_idle_banner_asks_for_a_code(
    qtbot: QtBot, with_tube: tuple[StationApp, DemoCampaign]
) -> None:
    app, built = with_tube
    window = app.window
    assert isinstance(window, MainWindow)
    banner = window.scan_screen.banner
    qtbot.waitUntil(lambda: built.tubes[0] in banner.detail.text(), timeout=WAIT_MS)
    assert banner.look is Look.IDLE
    assert banner.title.text() == "请向摄像头出示二维码"  # "show a code to the camera"
    assert "0/10" in banner.detail.text()


# Item 6


def test_sign_in_chooses_a_round_from_the_list_and_opens_a_new_one_only_on_request(
    qtbot: QtBot, prefs: Preferences, campaign: DemoCampaign
) -> None:
    app, first = first_start(qtbot, prefs, campaign.path)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    assert not first.round.isEditable()
    assert [first.round.itemText(i) for i in range(first.round.count())] == [campaign.round]
    assert first.new_round_button.isVisible() and not first.new_round_row.isVisible()
    first.new_round_button.click()
    assert first.new_round_row.isVisible()
    first.new_round_name.setText("第2轮")
    first.new_round_pool.setValue(5)
    first.open_round_button.click()
    qtbot.waitUntil(lambda: first.round.count() == 2, timeout=WAIT_MS)
    assert first.round.currentText() == "第2轮"
    assert not first.new_round_row.isVisible()
    first.operator.setEditText("Wang")
    first.start_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    assert app.station is not None and app.station.session.round == "第2轮"
    close_station(qtbot, app)


# Item 7


def test_the_new_campaign_form_takes_checkpoints_one_per_line_tab_moves_on_and_enter_submits(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    app, first = first_start(qtbot, prefs, tmp_path / "new.db")
    first.show()
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.create_choice.click()
    first.site.setText("Torch Park")
    first.checkpoints.setFocus()
    # A person's typing (a burst of keys all at once would be a scanner's).
    qtbot.keyClicks(first.checkpoints, "North", delay=40)
    qtbot.keyClick(first.checkpoints, Qt.Key.Key_Return, delay=40)
    qtbot.keyClicks(first.checkpoints, "South", delay=40)
    assert first.checkpoints.toPlainText() == "North\nSouth"
    qtbot.keyClick(first.checkpoints, Qt.Key.Key_Tab)
    assert "\t" not in first.checkpoints.toPlainText()
    assert first.focusWidget() is not first.checkpoints
    set_passphrase(first.create_key)
    first.first_round.setFocus()
    qtbot.keyClick(first.first_round, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    assert [first.checkpoint.itemText(i) for i in range(first.checkpoint.count())] == ["North", "South"]
    assert first.start_button.isDefault() and not first.create_button.isDefault()
    app.shutdown()


def test_manual_entry_opens_with_the_focus_in_the_id_field(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.scan_screen.open_manual_entry()
    assert dialog.focusWidget() is dialog.id_input
    dialog.tabs.setCurrentIndex(1)
    assert dialog.focusWidget() is dialog.query
    dialog.reject()


# Item 8


def test_a_typed_key_appears_at_once_and_a_scanner_burst_is_taken_out_of_the_field(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    field = window.scan_screen.tube_panel.typed
    field.setFocus()
    qtbot.keyClick(field, "T")
    assert field.text() == "T"  # no event loop turn, no timer: the key went straight in
    qtbot.keyClick(field, "B")
    assert field.text() == "TB"
    qtbot.wait(100)  # the person pauses
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
        qtbot.keyClicks(field, campaign.tubes[0] + "\r")
    assert result.args[0].outcome.status is Status.TUBE_OPENED
    assert result.args[0].source == "scanner"
    assert field.text() == "TB"  # what the person typed stays; the burst is gone
    QApplication.processEvents()


# Item 10


def test_a_new_campaign_reaches_its_first_camera_registration_in_at_most_eight_actions(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    app, first = first_start(qtbot, prefs, tmp_path / "fresh" / "station.db")
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    create_campaign(qtbot, first)
    # The campaign exists. The office's sample roster arrives (imported by the domain function the
    # office's screen calls); from here on, every click, field typed and key counts.
    people = sample_park.make_people(5, seed=3)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "企业名称,姓名,身份证号码\n" + "".join(f"{p.enterprise},{p.name},{p.id_number}\n" for p in people),
        encoding="utf-8",
    )
    with Store(prefs.database) as store:
        assert rosters.import_roster(store, roster).to_json()["accepted"] == 5
    clip = tmp_path / "person.avi"
    synthetic.demo_video(clip, [people[0].id_number], show_frames=8, gap_frames=4, size=(800, 450), seed=4)
    actions = 0

    def act(step: Callable[[], object]) -> None:
        nonlocal actions
        actions += 1
        step()

    act(lambda: qtbot.mouseClick(first.operator, Qt.MouseButton.LeftButton))
    act(lambda: qtbot.keyClicks(first.operator, "Wang", delay=40))  # the operator's name
    act(lambda: qtbot.mouseClick(first.start_button, Qt.MouseButton.LeftButton))  # sign in
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    window = app.window
    assert isinstance(window, MainWindow)
    assert window.scan_screen.banner.title.text() == "请扫描试管标签"  # the banner says: a tube first
    field = window.scan_screen.tube_panel.typed
    act(lambda: qtbot.mouseClick(field, Qt.MouseButton.LeftButton))
    act(lambda: qtbot.keyClicks(field, "TB0000000001", delay=40))
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as opened:
        act(lambda: qtbot.keyClick(field, Qt.Key.Key_Return))
    assert opened.args[0].outcome.status is Status.TUBE_OPENED
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as registered:
        act(lambda: app.services.camera.start(str(clip), paced=False))  # the person shows their code
    assert registered.args[0].outcome.status is Status.REGISTERED
    assert registered.args[0].source == "camera"
    assert actions <= 8
    print(f"first camera registration after {actions} actions")
    close_station(qtbot, app)


# Issue 29, item 6


def test_a_new_volunteer_enrols_from_a_code_file_and_registers_in_at_most_eight_actions(
    qtbot: QtBot, prefs: Preferences, server: ServerThread, tmp_path: Path
) -> None:
    # The office's part: round R1 open, the roster, and the code of South's laptop on a USB stick,
    # saved as the office's Laptops screen saves it (that screen's test has the button).
    desk = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
    setup_round(desk)
    people = sample_park.make_people(5, seed=3)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "企业名称,姓名,身份证号码\n" + "".join(f"{p.enterprise},{p.name},{p.id_number}\n" for p in people),
        encoding="utf-8",
    )
    rosters.import_roster(desk.store, roster)
    desk.sync()
    with desk.store.read() as conn:
        made = admin_client.make_code(admin_client.server(conn, desk.path), "South")
    desk.close()
    stick = tmp_path / "usb" / admin_client.code_file_name(made.site, made.checkpoint, ".txt")
    admin_client.save_code(stick, made.code)
    tube, person = tmp_path / "tube.avi", tmp_path / "person.avi"
    synthetic.demo_video(
        tube, ["TB0000000001"], tubes={"TB0000000001"}, show_frames=8, gap_frames=4, size=(800, 450), seed=5
    )
    synthetic.demo_video(person, [people[0].id_number], show_frames=8, gap_frames=4, size=(800, 450), seed=4)

    # `python main.py` on a new laptop with no webcam; from here every action counts: a click, a drop,
    # a field typed (with the Tab that moves on to the next field of the form), a key, a code shown.
    app, first = first_start(qtbot, prefs, tmp_path / "fresh" / "station.db")
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    actions = 0

    def act(step: Callable[[], object]) -> None:
        nonlocal actions
        actions += 1
        step()

    dragged = QMimeData()  # the file, dragged from the stick; kept alive while the drop is read
    dragged.setUrls([QUrl.fromLocalFile(str(stick))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        dragged,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    act(lambda: first.dropEvent(drop))  # and let go over the window
    qtbot.waitUntil(lambda: first.enrol_code.toPlainText() == made.code, timeout=WAIT_MS)
    assert first.pages.currentWidget() is first.enrol_page
    passphrase, confirm = first.enrol_key.passphrase, first.enrol_key.confirm
    assert first.focusWidget() is passphrase  # what is left to do is where the keys go

    def passphrase_then_tab() -> None:
        qtbot.keyClicks(passphrase, PASSPHRASE, delay=40)
        qtbot.keyClick(passphrase, Qt.Key.Key_Tab)

    act(passphrase_then_tab)
    assert first.focusWidget() is confirm
    act(lambda: qtbot.keyClicks(confirm, PASSPHRASE, delay=40))
    act(lambda: qtbot.keyClick(confirm, Qt.Key.Key_Return))  # Enrol: the page's default button
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    assert (first.checkpoint.currentText(), first.round.currentText()) == ("South", ROUND)
    operator = first.focusWidget()
    assert operator in (first.operator, first.operator.lineEdit())
    act(lambda: qtbot.keyClicks(operator, "Wang", delay=40))
    act(lambda: qtbot.keyClick(operator, Qt.Key.Key_Return))  # Start the shift
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    window = app.window
    assert isinstance(window, MainWindow)
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as opened:
        act(lambda: app.services.camera.start(str(tube), paced=False))  # the tube held up to the camera
    assert opened.args[0].outcome.status is Status.TUBE_OPENED
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as registered:
        act(lambda: app.services.camera.start(str(person), paced=False))  # the person shows their code
    assert registered.args[0].outcome.status is Status.REGISTERED
    assert actions <= 8
    print(f"first registration after {actions} actions, enrolled from the code's file")
    close_station(qtbot, app)


def test_a_typed_code_goes_with_the_servers_address_and_a_cancelled_one_is_refused_in_words(
    qtbot: QtBot, prefs: Preferences, server: ServerThread, tmp_path: Path
) -> None:
    desk = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
    setup_round(desk)
    desk.sync()
    with desk.store.read() as conn:
        here = admin_client.server(conn, desk.path)
    desk.close()
    dropped = admin_client.typed(admin_client.make_code(here, "South").code)
    kept = admin_client.typed(admin_client.make_code(here, "South").code)
    admin_client.cancel_code(
        here, admin_client.unused_codes(here).codes[0].id
    )  # the first made expires first
    app, first = first_start(qtbot, prefs, tmp_path / "fresh" / "station.db")
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.enrol_choice.click()
    assert not first.enrol_server.isVisibleTo(first)  # a whole code names its server
    first.enrol_code.setPlainText(dropped.code.lower())
    assert first.enrol_server.isVisibleTo(first)
    first.enrol_server.setText(dropped.server)
    set_passphrase(first.enrol_key)
    first.enrol_button.click()
    # "The campaign office cancelled this enrolment code: ask for a new one"
    qtbot.waitUntil(
        lambda: first.error.text() == "防控办公室已作废此注册码：请索取新的注册码", timeout=WAIT_MS
    )
    assert first.pages.currentWidget() is first.enrol_page and first.enrol_button.isEnabled()
    first.enrol_code.setPlainText(kept.code)
    first.enrol_button.click()
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    assert first.checkpoint.currentText() == "South"
    app.shutdown()


def test_enter_in_the_new_round_field_opens_that_round_and_does_not_start_the_shift(
    qtbot: QtBot, prefs: Preferences, campaign: DemoCampaign
) -> None:
    app, first = first_start(qtbot, prefs, campaign.path)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    assert first.start_button.isDefault()
    first.new_round_button.click()
    assert first.open_round_button.isDefault() and not first.start_button.isDefault()
    first.new_round_name.setText("R2")
    qtbot.keyClick(first.new_round_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: first.round.currentText() == "R2", timeout=WAIT_MS)
    assert app.first_start is first and app.window is None  # still signing in
    assert first.start_button.isDefault()
    app.shutdown()
