"""Sign-in on a laptop enrolled for one checkpoint offers only that checkpoint and none of the campaign
office's staff; it works nowhere else. Opening a round at sign-in keeps what was typed, and a shift
needs its operator's name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from registration.sampling.desk import now_iso
from registration.sampling.registrations import Status
from registration.setup import campaign
from registration.storage import clock, events
from registration.storage.store import Store
from tests.registration.test_authority import enrol_as
from tests.ui.conftest import close_station
from ui.app import StationApp
from ui.db_worker import Database
from ui.first_start import FirstStart
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.station import Session

WAIT_MS = 15_000
OWN, OTHER = "3号门", "1号门"
VOLUNTEER, OFFICE_STAFF = "李四", "王主任"
TUBE = "TB0000000001"


def _from_office(store: Store, seq: int, kind: str, body: events.Body) -> None:
    """An event of the campaign office's laptop, as a sync brings it."""
    made = events.Event(
        clock.uuid7(), "office-laptop", seq, clock.Hlc(clock.now_ms(), seq).encode(), kind, body
    )
    with store.write() as conn:
        events.ingest(conn, made)


def laptop(path: Path, role: str | None) -> Path:
    """A campaign at two checkpoints whose round the office opened, a volunteer added on this laptop and
    a member of the office's staff who signed in at the office; enrolled as ``role`` (for OWN)."""
    with Store(path) as store:
        campaign.init(store, "Park", [OTHER, OWN])
        campaign.add_operator(store, VOLUNTEER)
        _from_office(store, 1, "round.opened", {"name": "R1", "pool_size": 10})
        _from_office(store, 2, "operator.added", {"name": OFFICE_STAFF})
        if role is not None:
            enrol_as(store, role, OWN if role == "station" else "")
    return path


def sign_in_page(qtbot: QtBot, prefs: Preferences, path: Path) -> tuple[StationApp, FirstStart]:
    prefs.database = path
    prefs.checkpoint = OTHER  # where this laptop was last signed in, before its enrolment
    app = StationApp(prefs)
    app.start()
    first = app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    return app, first


def items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_station_signs_in_at_its_own_checkpoint_only_and_is_not_offered_the_office_staff(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    app, first = sign_in_page(qtbot, prefs, laptop(tmp_path / "station.db", "station"))
    assert items(first.checkpoint) == [OWN]
    assert first.checkpoint.currentText() == OWN
    assert items(first.operator) == [VOLUNTEER]
    first.operator.setEditText(VOLUNTEER)
    first.start_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    assert app.station is not None and app.station.session.checkpoint == OWN
    close_station(qtbot, app)


def test_an_office_laptop_offers_every_checkpoint_and_every_operator(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    app, first = sign_in_page(qtbot, prefs, laptop(tmp_path / "office.db", "admin"))
    assert items(first.checkpoint) == [OTHER, OWN]
    assert first.checkpoint.currentText() == OTHER
    assert items(first.operator) == [VOLUNTEER, OFFICE_STAFF]
    app.shutdown()


def test_a_station_window_refuses_work_at_another_checkpoint(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    path = laptop(tmp_path / "station.db", "station")
    prefs.database = path
    app = StationApp(prefs)
    app.open_station(Database(path, app), Session(OTHER, VOLUNTEER, "R1", now_iso()))
    window = app.window
    assert isinstance(window, MainWindow)
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as refused:
        window.station.scan(TUBE, "scanner")
    outcome = refused.args[0].outcome
    assert outcome.status is Status.REJECTED
    assert outcome.reason == f"this laptop works only at {OWN}, the checkpoint it was enrolled for"
    banner = window.scan_screen.banner
    assert f"本机登记在{OWN}，只能在该采样点工作" in banner.title.text() + banner.detail.text()
    close_station(qtbot, app)
    with Store(path) as store:
        assert store.conn.execute("SELECT count(*) FROM tubes").fetchone()[0] == 0


def test_opening_a_round_keeps_the_typed_operator_and_a_blank_operator_is_asked_for(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    prefs.operator = "Wang"  # the last shift's operator
    app, first = sign_in_page(qtbot, prefs, laptop(tmp_path / "campaign.db", None))
    first.checkpoint.setCurrentText(OWN)
    first.operator.setEditText("Zhao")
    first.new_round_button.click()
    first.new_round_name.setText("R2")
    first.open_round_button.click()
    qtbot.waitUntil(lambda: first.round.currentText() == "R2", timeout=WAIT_MS)
    assert first.operator.currentText() == "Zhao"
    assert first.checkpoint.currentText() == OWN

    first.operator.setEditText("  ")
    first.start_button.click()
    assert first.error.text() == "请输入操作员姓名：谁来值这一班。"  # "type the operator's name"
    assert app.first_start is first and app.window is None  # still signing in
    first.operator.setEditText("Zhao")
    first.start_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    assert app.station is not None
    assert (app.station.session.checkpoint, app.station.session.operator, app.station.session.round) == (
        OWN,
        "Zhao",
        "R2",
    )
    close_station(qtbot, app)
