"""Keyboard-wedge scanners timed by the window system's key timestamps: a GUI pause cannot split a burst."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from ui.wedge_filter import WedgeFilter

CODE = "440111197609218771"


@pytest.fixture
def wedge() -> Iterator[WedgeFilter]:
    wedge = WedgeFilter()
    QApplication.instance().installEventFilter(wedge)  # type: ignore[union-attr]
    yield wedge
    QApplication.instance().removeEventFilter(wedge)  # type: ignore[union-attr]


@pytest.fixture
def field(qtbot: QtBot) -> QLineEdit:
    field = QLineEdit("note: ")
    qtbot.addWidget(field)
    field.show()
    field.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return field


def key(text: str, stamp_ms: int) -> QKeyEvent:
    code = Qt.Key.Key_Return if text == "\r" else Qt.Key(ord(text.upper()))
    event = QKeyEvent(QEvent.Type.KeyPress, code, Qt.KeyboardModifier.NoModifier, text)
    event.setTimestamp(stamp_ms)
    return event


def now_ms() -> int:
    return round(time.monotonic() * 1000)


@pytest.mark.parametrize("ending", ["", "\r"], ids=["pause", "enter"])
def test_a_burst_split_by_a_busy_gui_thread_is_still_one_scan(
    qtbot: QtBot, wedge: WedgeFilter, field: QLineEdit, ending: str
) -> None:
    keys = [key(ch, 1_000_000 + 5 * i) for i, ch in enumerate(CODE + ending)]
    half = len(CODE) // 2
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    for event in keys[:half]:
        QApplication.sendEvent(field, event)
    assert field.text() == "note: " + CODE[:half]  # typed keys appear at once
    time.sleep(0.12)  # the GUI thread is busy while the scanner types on
    QApplication.processEvents()  # the overdue tick comes before the keys queued meanwhile
    for event in keys[half:]:
        QApplication.sendEvent(field, event)
    qtbot.waitUntil(lambda: bool(scans), timeout=2000)
    qtbot.wait(200)
    assert scans == [CODE]
    assert field.text() == "note: "  # the burst is taken back out of the field


def test_keys_queued_behind_a_busy_gui_thread_are_one_scan(
    qtbot: QtBot, wedge: WedgeFilter, field: QLineEdit
) -> None:
    start = now_ms()
    time.sleep(0.12)  # the scanner types while the GUI thread is busy; its keys wait in the queue
    for i, ch in enumerate(CODE):
        QApplication.postEvent(field, key(ch, start + 5 * i))
    with qtbot.wait_signal(wedge.scanned, timeout=2000) as scanned:
        pass
    assert scanned.args == [CODE]
    assert field.text() == "note: "


def test_a_person_typing_delivered_in_a_rush_is_not_a_scan(
    qtbot: QtBot, wedge: WedgeFilter, field: QLineEdit
) -> None:
    typed = "A1234567"
    start = now_ms()
    time.sleep(0.15 * len(typed))  # keys pressed 150 ms apart, all held up by a busy GUI thread
    with qtbot.assert_not_emitted(wedge.scanned, wait=300):
        for i, ch in enumerate(typed):
            QApplication.postEvent(field, key(ch, start + 150 * i))
        qtbot.waitUntil(lambda: field.text() == "note: " + typed, timeout=2000)
    assert field.text() == "note: " + typed


def test_without_window_system_timestamps_keys_are_timed_when_seen(
    qtbot: QtBot, wedge: WedgeFilter, field: QLineEdit
) -> None:
    with qtbot.wait_signal(wedge.scanned, timeout=2000) as scanned:
        for ch in CODE:
            QApplication.sendEvent(field, key(ch, 0))
    assert scanned.args == [CODE]
    with qtbot.assert_not_emitted(wedge.scanned, wait=300):
        qtbot.keyClicks(field, "ab c", delay=60)
    assert field.text() == "note: ab c"
