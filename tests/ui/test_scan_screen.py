"""The scan screen driven like a volunteer drives it: camera video, handheld scanner, manual entry, voids."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from registration.sampling import tubes
from registration.sampling.registrations import Status
from registration.sampling.scanning import synthetic
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from ui.app import StationApp
from ui.banner import Look
from ui.main_window import MainWindow
from ui.station import Scan

WAIT_MS = 15_000


def wedge_scan(qtbot: QtBot, window: MainWindow, text: str) -> Scan:
    """Type ``text`` and Enter as a handheld scanner does (all keys at once) and wait for the result."""
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
        qtbot.keyClicks(window.focusWidget() or window, text)
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Return)
    scan: Scan = result.args[0]
    return scan


def members(campaign: DemoCampaign, tube: str) -> list[dict[str, object]]:
    with Store(campaign.path) as store:
        return [dict(row) for row in tubes.members(store.conn, tube)]


def video(tmp_path: Path, codes: list[str], colours: list[str] | None = None) -> Path:
    """A short clip of people showing ``codes``, one after another, on their phones."""
    path = tmp_path / "people.avi"
    synthetic.demo_video(path, codes, colours=colours, show_frames=6, gap_frames=9, size=(800, 450), seed=3)
    return path


def test_a_scanned_tube_is_filled_and_sealed_by_ten_codes_from_a_video(
    qtbot: QtBot, window: MainWindow, station_app: StationApp, campaign: DemoCampaign, tmp_path: Path
) -> None:
    tube = campaign.tubes[0]
    opened = wedge_scan(qtbot, window, tube)
    assert opened.outcome.status is Status.TUBE_OPENED
    assert window.scan_screen.banner.look is Look.TUBE
    assert window.scan_screen.tube_panel.code.text() == tube

    clip = video(tmp_path, campaign.codes[:10])
    station_app.services.camera.start(str(clip), paced=False)
    qtbot.waitUntil(lambda: len(members(campaign, tube)) == 10, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.scan_screen.banner.look is Look.REGISTERED, timeout=WAIT_MS)

    rows = members(campaign, tube)
    assert [r["position"] for r in rows] == list(range(1, 11))
    assert {r["source"] for r in rows} == {"camera"}
    assert [r["person"] for r in rows] == [p.id_number for p in campaign.people[:10]]
    with Store(campaign.path) as store:
        sealed = tubes.get(store.conn, tube)
    assert sealed is not None and sealed.sealed
    qtbot.waitUntil(lambda: window.station.state is not None and window.station.state.tube is None)
    assert window.scan_screen.shift.value.text() == "10"
    assert "10/10" in window.scan_screen.banner.detail.text()
    assert window.scan_screen.preview.frames > 0


def test_a_repeat_scan_shows_already_registered_with_where_and_when(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    first = wedge_scan(qtbot, window, campaign.codes[0])
    assert first.outcome.status is Status.REGISTERED, first.outcome.reason
    again = wedge_scan(qtbot, window, campaign.codes[0])
    assert again.outcome.status is Status.ALREADY_REGISTERED
    banner = window.scan_screen.banner
    assert banner.look is Look.ALREADY
    assert campaign.people[0].name in banner.title.text()
    assert campaign.checkpoint in banner.detail.text()
    assert len(members(campaign, campaign.tubes[0])) == 1


def test_a_red_code_is_refused_from_a_pooled_tube_and_goes_alone_into_a_single_tube(
    qtbot: QtBot, window: MainWindow, station_app: StationApp, campaign: DemoCampaign, tmp_path: Path
) -> None:
    pooled, single = campaign.tubes[0], campaign.tubes[1]
    wedge_scan(qtbot, window, pooled)
    clip = video(tmp_path, [campaign.codes[0]], ["red"])
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as refused:
        station_app.services.camera.start(str(clip), paced=False)
    scan: Scan = refused.args[0]
    assert scan.colour == "red"
    assert scan.outcome.status is Status.REJECTED
    assert window.scan_screen.banner.look is Look.RED
    assert members(campaign, pooled) == []
    assert window.scan_screen.tube_panel.single.isChecked()

    # The next tube scanned is a single tube, and the person waiting is registered into it.
    wedge_scan(qtbot, window, single)
    qtbot.waitUntil(lambda: len(members(campaign, single)) == 1, timeout=WAIT_MS)
    assert members(campaign, single)[0]["colour"] == "red"
    assert members(campaign, pooled) == []
    # Back to the pooled tube, still empty.
    qtbot.waitUntil(lambda: window.scan_screen.tube_panel.code.text() == pooled, timeout=WAIT_MS)
    assert not window.scan_screen.tube_panel.single.isChecked()


def test_a_wedge_burst_registers_wherever_the_focus_is_and_typing_still_types(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    window.tabs.setCurrentWidget(window.trace)
    window.trace.codes.setFocus()
    # A person typing into the traceback field, key by key.
    qtbot.keyClicks(window.trace.codes, "TB", delay=60)
    qtbot.waitUntil(lambda: window.trace.codes.text() == "TB", timeout=WAIT_MS)
    window.tabs.setCurrentWidget(window.enterprises)
    window.enterprises.note.setFocus()
    # A scanner burst while a text field has the focus: a registration, and nothing typed into the field.
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
        qtbot.keyClicks(window.enterprises.note, campaign.codes[1] + "\r")
    assert result.args[0].outcome.status is Status.REGISTERED
    assert window.enterprises.note.text() == ""
    assert window.tabs.currentWidget() is window.scan_screen
    rows = members(campaign, campaign.tubes[0])
    assert [(r["person"], r["source"]) for r in rows] == [(campaign.people[1].id_number, "scanner")]


def test_manual_entry_refuses_a_bad_check_digit_and_registers_a_good_id(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    dialog = window.scan_screen.open_manual_entry()
    good = campaign.people[2].id_number
    bad = bad_check_digit(good)
    qtbot.keyClicks(dialog.id_input, bad, delay=40)
    qtbot.waitUntil(lambda: dialog.id_input.text() == bad, timeout=WAIT_MS)
    assert not dialog.register.isEnabled()
    dialog.submit_id()
    assert dialog.isVisible()
    assert "check digit" in dialog.verdict.text() or "校验" in dialog.verdict.text()
    QApplication.processEvents()
    assert members(campaign, campaign.tubes[0]) == []

    dialog.id_input.setText(good)
    assert dialog.register.isEnabled()
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
        dialog.submit_id()
    assert result.args[0].outcome.status is Status.REGISTERED
    assert not dialog.isVisible()
    assert [r["source"] for r in members(campaign, campaign.tubes[0])] == ["manual"]


def test_roster_search_finds_a_person_by_name_and_registers_them(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    dialog = window.scan_screen.open_manual_entry()
    dialog.tabs.setCurrentIndex(1)
    person = campaign.people[3]
    dialog.query.setText(person.name)
    qtbot.waitUntil(lambda: dialog.results.count() > 0, timeout=WAIT_MS)
    shown = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert all(person.id_number not in text for text in shown)  # masked
    row = next(i for i, text in enumerate(shown) if text.startswith(person.name + " ·"))
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
        dialog.results.itemActivated.emit(dialog.results.item(row))
    assert result.args[0].outcome.status is Status.REGISTERED
    assert members(campaign, campaign.tubes[0])[0]["person"] == person.id_number


def test_voiding_the_last_registration_keeps_the_sample_and_updates_the_counters(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    wedge_scan(qtbot, window, campaign.codes[0])
    wedge_scan(qtbot, window, campaign.codes[1])
    qtbot.waitUntil(lambda: window.scan_screen.shift.value.text() == "2")
    dialog = window.scan_screen.open_void()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=WAIT_MS)
    assert dialog.table.item(0, 1).text() == campaign.people[1].name  # type: ignore[union-attr] # newest first
    dialog.table.selectRow(0)
    dialog.void_selected()
    assert "reason" in dialog.note.text() or "原因" in dialog.note.text()
    dialog.reason.setCurrentIndex(0)
    dialog.confirm = lambda _parent, _question: True
    with qtbot.waitSignal(window.station.voided, timeout=WAIT_MS):
        dialog.void_selected()
    qtbot.waitUntil(lambda: window.scan_screen.shift.value.text() == "1")
    rows = members(campaign, campaign.tubes[0])
    assert [(r["position"], r["voided_by"] is not None) for r in rows] == [(1, False), (2, True)]
    # Still listed, as voided.
    qtbot.waitUntil(lambda: dialog.table.item(0, 6).text() != "", timeout=WAIT_MS)  # type: ignore[union-attr]
    dialog.reject()
    # The voided person can be registered again, in the next position.
    again = wedge_scan(qtbot, window, campaign.codes[1])
    assert again.outcome.status is Status.REGISTERED
    assert again.outcome.tube is not None and again.outcome.tube["position"] == 3


def bad_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


@pytest.mark.parametrize("text", ["not a code at all!", "bad check digit"])
def test_a_refused_scan_says_why_in_the_banner(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, text: str
) -> None:
    if text == "bad check digit":
        text = bad_check_digit(campaign.people[0].id_number)
    wedge_scan(qtbot, window, campaign.tubes[0])
    scan = wedge_scan(qtbot, window, text)
    assert scan.outcome.status is Status.REJECTED
    assert window.scan_screen.banner.look is Look.REJECTED
    assert window.scan_screen.banner.detail.text()


def test_a_health_code_of_another_system_asks_for_the_id_number_then_registers(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    wedge_scan(qtbot, window, campaign.tubes[0])
    foreign = "https://health.example.gov.cn/code/Zx81KpQ2mV7aT0bW"
    asked = wedge_scan(qtbot, window, foreign)
    assert asked.outcome.status is Status.NEEDS_IDENTITY
    assert window.scan_screen.banner.look is Look.IDENTITY
    dialog = window.scan_screen.identity_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.id_input.setText(campaign.people[4].id_number)
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as result:
        dialog.submit_id()
    assert result.args[0].outcome.status is Status.REGISTERED
    row = members(campaign, campaign.tubes[0])[0]
    assert (row["person"], row["raw_code"], row["source"]) == (
        campaign.people[4].id_number,
        foreign,
        "scanner",
    )
