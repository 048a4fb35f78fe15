"""The office's reminders screen against a real server and a loopback group robot: channels set and
removed, the round's missing lists sent now, and each send with its outcome, a failing one shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from registration.people import identity
from registration.setup import rosters
from tests.sync.harness import ServerThread, Station, ids
from tests.sync.receivers import robot
from tests.ui.test_office_laptops import office_app, office_station
from tests.ui.test_office_rosters import WAIT_MS, column, office_of
from ui.app import StationApp
from ui.main_window import MainWindow
from ui.office.reminders_screen import RemindersScreen

__all__ = ["office_app", "office_station"]  # the office's fixtures, shared


@pytest.fixture
def people(office_station: Station) -> Iterator[list[str]]:
    """Four people of 甲厂 and 乙厂 on the office's roster, pushed to the server; nobody tested."""
    found = ids(4, start=600)
    for n, person in enumerate(found):
        rosters.add_person(office_station.store, rosters.Person(person, f"员工{n}", ["甲厂", "乙厂"][n % 2]))
    office_station.sync()
    yield found


def shown(qtbot: QtBot, app: StationApp) -> RemindersScreen:
    window = app.window
    assert isinstance(window, MainWindow)
    screen = office_of(qtbot, window).reminders
    with qtbot.waitSignal(screen.channels_listed, timeout=WAIT_MS):
        window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: screen.round.currentText() == "R1", timeout=WAIT_MS)
    return screen


def test_the_office_sets_a_robot_reminds_and_sees_each_send(
    qtbot: QtBot, office_app: StationApp, server: ServerThread, people: list[str]
) -> None:
    screen = shown(qtbot, office_app)
    assert screen.channels_model.rowCount() == 0
    assert "甲厂" in [screen.enterprise.itemText(i) for i in range(screen.enterprise.count())]
    with robot() as wecom:
        screen.enterprise.setCurrentText("甲厂")
        screen.kind.setCurrentIndex(screen.kind.findData("wecom"))
        screen.target.setText(wecom.url)
        with qtbot.waitSignal(screen.channels_listed, timeout=WAIT_MS):
            screen.set_channel()
        assert column(screen.channels_model, 0) == ["甲厂"]
        assert "secret-key" not in column(screen.channels_model, 2)[0]  # the webhook's key is cut short
        screen.enterprise.setCurrentText("乙厂")
        screen.kind.setCurrentIndex(screen.kind.findData("email"))
        screen.target.setText("liaison@yi.example")
        with qtbot.waitSignal(screen.channels_listed, timeout=WAIT_MS):
            screen.set_channel()
        assert column(screen.channels_model, 0) == ["乙厂", "甲厂"]
        assert screen.mail_server.text() == screen.tr(
            "The server has no mail server yet: e-mail reminders wait until one is set there."
        )

        screen.channels_view.selectRow(1)
        with qtbot.waitSignal(screen.reminded, timeout=WAIT_MS) as one:
            screen.one_button.click()
        assert [(r.enterprise, r.sent, r.people) for r in one.args[0].reminders] == [("甲厂", True, 2)]
        [message] = wecom.received
        assert "员工0" in message["markdown"]["content"]
        assert identity.mask_id(people[0]) in message["markdown"]["content"]
        assert people[0] not in message["markdown"]["content"]
        qtbot.waitUntil(lambda: column(screen.sends_model, 1) == [screen.tr("delivered")], timeout=WAIT_MS)

        with qtbot.waitSignal(screen.reminded, timeout=WAIT_MS) as every:
            screen.all_button.click()
    assert [(r.enterprise, r.status) for r in every.args[0].reminders] == [
        ("乙厂", "pending"),
        ("甲厂", "delivered"),
    ]
    assert "乙厂" in screen.notice.text()  # not sent, and said so
    qtbot.waitUntil(lambda: screen.sends_model.rowCount() == 3, timeout=WAIT_MS)
    assert column(screen.sends_model, 0)[:2] == ["甲厂", "乙厂"]
    assert column(screen.sends_model, 1)[1] == screen.tr("retrying")
    assert "no mail server" in column(screen.sends_model, 6)[1]

    screen.channels_view.selectRow(0)
    with qtbot.waitSignal(screen.channels_listed, timeout=WAIT_MS):
        screen.remove_button.click()
    assert column(screen.channels_model, 0) == ["甲厂"]
