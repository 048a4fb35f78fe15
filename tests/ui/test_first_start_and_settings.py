"""First start on a new laptop, the settings, sounds, and the guard against PySide6's lost references."""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import qrcode
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from registration.sampling.scanning import synthetic
from registration.setup import campaign, sample_park
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.ui.conftest import set_passphrase
from ui.app import StationApp
from ui.banner import Look
from ui.main_window import MainWindow
from ui.preferences import Preferences

WAIT_MS = 15_000
ROOT = Path(__file__).resolve().parents[2]


def test_first_start_creates_a_campaign_and_signs_in(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    prefs.database = tmp_path / "new" / "station.db"
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.create_choice.click()
    first.site.setText("Torch Park")
    first.checkpoints.setPlainText("North gate\nSouth gate\n")
    first.first_round.setText("R1")
    first.pool_size.setValue(5)
    set_passphrase(first.create_key)
    first.create_button.click()
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    assert [first.checkpoint.itemText(i) for i in range(first.checkpoint.count())] == [
        "North gate",
        "South gate",
    ]
    assert first.round.currentText() == "R1"
    first.checkpoint.setCurrentText("South gate")
    first.operator.setEditText("Wang")
    first.start_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    assert app.station is not None and app.station.session.checkpoint == "South gate"
    assert (prefs.checkpoint, prefs.operator, prefs.round) == ("South gate", "Wang", "R1")
    app.shutdown()
    assert app.window is not None
    app.window.close()
    with Store(prefs.database) as store:
        found = campaign.get_round(store.conn, "R1")
        assert found is not None and found.pool_size == 5
        assert store.conn.execute("SELECT name FROM operators").fetchall()[0][0] == "Wang"


def test_sign_in_refuses_nothing_chosen_and_says_why(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    prefs.database = tmp_path / "station.db"
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.create_choice.click()
    first.site.setText("Park")
    first.checkpoints.setPlainText("")  # no checkpoint at all
    first.create_button.click()
    qtbot.waitUntil(lambda: bool(first.error.text()), timeout=WAIT_MS)
    assert first.pages.currentWidget() is first.create_page
    assert first.create_button.isEnabled()
    app.shutdown()


def test_settings_change_the_camera_and_mute_the_sounds(
    qtbot: QtBot, station_app: StationApp, window: MainWindow, tmp_path: Path
) -> None:
    sounds = station_app.services.sounds
    window.scan_screen.show_message("no tube is open")
    assert sounds.played[-1] == "rejected"
    dialog = station_app.open_settings()
    dialog.sounds.setChecked(False)
    picture = tmp_path / "missing-video.mp4"
    dialog.camera.setText(str(picture))
    with qtbot.waitSignal(
        station_app.services.camera.problem,
        timeout=WAIT_MS,
        check_params_cb=lambda text: str(picture) in text,
    ):
        dialog.accept()
    assert station_app.prefs.camera == str(picture) and not station_app.prefs.sounds
    played = len(sounds.played)
    window.scan_screen.show_message("no tube is open")
    assert window.scan_screen.banner.look is Look.REJECTED
    assert len(sounds.played) == played  # muted


def test_a_person_typing_is_not_taken_for_a_scanner(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.trace
    window.tabs.setCurrentWidget(screen)
    screen.codes.setFocus()
    scanned: list[str] = []
    window.station.scanned.connect(lambda scan: scanned.append(scan))
    qtbot.keyClicks(screen.codes, "TB2611", delay=45)
    qtbot.keyClick(screen.codes, Qt.Key.Key_Backspace)  # not held: passes at once, after the held keys
    qtbot.keyClicks(screen.codes, "9", delay=45)
    qtbot.waitUntil(lambda: screen.codes.text() == "TB2619", timeout=WAIT_MS)
    qtbot.wait(200)
    assert scanned == []


def test_pyside_lost_references_do_not_kill_a_long_running_station() -> None:
    # PySide6 6.12.0 on Python 3.11 dropped a reference to None per void call and to True per bool
    # signal, aborting the interpreter within minutes of camera preview; pyproject keeps it out.
    script = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import ui
        from PySide6.QtCore import QObject, Signal
        from PySide6.QtWidgets import QApplication, QLabel

        class Flag(QObject):
            changed = Signal(bool)

        app = QApplication([])
        label, flag = QLabel(), Flag()
        flag.changed.connect(lambda value: None)
        for i in range(200_000):
            label.setText("x")
            flag.changed.emit(True)
        print("alive")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "alive"


def test_ending_the_shift_asks_first_then_returns_to_sign_in_and_a_new_shift_starts_its_counter_at_zero(
    qtbot: QtBot, station_app: StationApp, window: MainWindow, campaign: DemoCampaign
) -> None:
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS):
        window.station.scan(campaign.tubes[0], "scanner")
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS):
        window.station.scan(campaign.codes[0], "camera")
    asked: list[str] = []

    def answer(yes: bool) -> Callable[[QWidget], bool]:
        def confirm(parent: QWidget) -> bool:
            asked.append(parent.windowTitle())
            return yes

        return confirm

    window.confirm_end_shift = answer(False)  # a stray click on "End shift"
    window.sign_out_action.trigger()
    assert len(asked) == 1 and station_app.window is window and station_app.first_start is None
    window.confirm_end_shift = answer(True)
    window.sign_out_action.trigger()
    assert len(asked) == 2
    first = station_app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    first.checkpoint.setCurrentText(campaign.checkpoint)
    first.operator.setEditText("Zhao")
    qtbot.wait(1100)  # the next shift starts in a later second than the registration above
    first.start_button.click()
    qtbot.waitUntil(lambda: isinstance(station_app.window, MainWindow), timeout=WAIT_MS)
    new = station_app.window
    assert isinstance(new, MainWindow) and new is not window
    qtbot.waitUntil(lambda: new.scan_screen.round_here.value.text() == "1", timeout=WAIT_MS)
    assert new.scan_screen.shift.value.text() == "0"
    assert new.station.session.operator == "Zhao"


def test_the_enrolment_code_is_read_from_the_camera(qtbot: QtBot, prefs: Preferences, tmp_path: Path) -> None:
    code = "TPE1.ABCDEFGHIJKLMNOP2345." + "aHR0cDovLzEyNy4wLjAuMTo4NzY1"
    picture = tmp_path / "enrolment.png"
    qrcode.make(code).save(picture)
    prefs.database = tmp_path / "station.db"
    prefs.camera = str(picture)
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.enrol_choice.click()
    first.camera_button.click()
    qtbot.waitUntil(lambda: first.enrol_code.toPlainText() == code, timeout=WAIT_MS)
    assert not first.preview.isVisible()  # the camera stops once the code is read
    app.shutdown()


def test_the_enrolment_page_does_not_overlap_once_the_camera_preview_opens(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    clip = tmp_path / "people.avi"  # a video standing in for the camera
    synthetic.demo_video(
        clip, [sample_park.make_people(1, seed=3)[0].id_number], show_frames=8, size=(800, 450)
    )
    prefs.database = tmp_path / "station.db"
    prefs.camera = str(clip)
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    first.resize(720, 520)  # the size the station opens it at
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.enrol_choice.click()
    first.camera_button.click()
    qtbot.waitUntil(lambda: first.preview.frames > 0, timeout=WAIT_MS)
    page = first.enrol_code.parentWidget()
    shown = [w for w in page.findChildren(QWidget) if w.parentWidget() is page and w.isVisible()]
    assert first.preview in shown and len(shown) >= 7
    for one, other in itertools.combinations(shown, 2):
        assert not one.geometry().intersects(other.geometry()), (one, other)
    for widget in shown:  # each at least as tall as it needs
        assert widget.height() >= widget.minimumSizeHint().height(), widget
    first.grab().save(str(tmp_path / "enrolment-with-preview.png"))
    app.shutdown()
