"""Keyboard-wedge scanners wherever the focus is: an application-wide event filter feeding the pure burst
separator of ``registration.sampling.scanning.wedge``.

Every key reaches the focused widget at once, so typing is never delayed. When the keys turn out
to be a scanner's burst, they become one ``scanned`` signal and the text field they went into is
put back as it was before the burst; the burst's Enter is kept from the widget.

A key's time is the window system's timestamp of it, on the monotonic clock: keys that queued
up while the GUI thread was busy keep their spacing, so a pause of the GUI cannot split a burst.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from registration.sampling.scanning import wedge

TICK_MS = 20
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)
_SAME_EVENT_S = 0.05
"""A key seen again this soon by an ancestor of the widget it went to is the same key, propagated."""
_STALL_S = 2 * TICK_MS / 1000
"""A tick this late means the event loop was held up: keys pressed meanwhile may still be queued."""


@dataclass(frozen=True)
class _Before:
    """A text field and its text and cursor before a key went in."""

    field: QLineEdit | QPlainTextEdit
    text: str
    cursor: int

    @classmethod
    def of(cls, widget: QObject) -> _Before | None:
        if isinstance(widget, QComboBox) and widget.isEditable():
            widget = widget.lineEdit() or widget
        if isinstance(widget, QLineEdit):
            return cls(widget, widget.text(), widget.cursorPosition())
        if isinstance(widget, QPlainTextEdit):
            return cls(widget, widget.toPlainText(), widget.textCursor().position())
        return None

    def restore(self) -> None:
        if not shiboken6.isValid(self.field):
            return  # the field has gone, and what the burst typed with it
        if isinstance(self.field, QLineEdit):
            if self.field.text() != self.text:
                self.field.setText(self.text)
                self.field.setCursorPosition(self.cursor)
            return
        if self.field.toPlainText() != self.text:
            self.field.setPlainText(self.text)
            cursor = self.field.textCursor()
            cursor.setPosition(self.cursor)
            self.field.setTextCursor(cursor)


@dataclass(frozen=True)
class _Sent:
    """A key passed on: its window-system timestamp (0: none), when it was seen, and the text field
    it went into as it was before."""

    text: str
    stamp: int
    seen: float
    before: _Before | None

    def key(self, clock: wedge.KeyClock) -> wedge.Key:
        # Mapped anew at every decision: the clock learns its offset from every key seen.
        return wedge.Key(self.text, clock.at(self.stamp) if self.stamp else self.seen)


def _watched(event: QKeyEvent) -> bool:
    text = event.text()
    if event.isAutoRepeat() or event.modifiers() & _COMMAND_MODIFIERS or len(text) != 1:
        return False
    return text.isprintable() or text in wedge.ENTER


class WedgeFilter(QObject):
    """Separates scanner bursts from typing for the whole application.

    Signals:
        scanned(str): the text a keyboard-wedge scanner typed.
    """

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sent: list[_Sent] = []
        self._last: tuple[QWidget, str, float, bool] | None = None
        """The latest key's target, text, time and whether it was kept back."""
        self._clock = wedge.KeyClock()
        self._ticked = 0.0
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self._on_tick)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A key from the window system reaches the window first, then the focused widget: take it there.
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if not _watched(event):
            return False
        now = time.monotonic()
        last = self._last
        if (
            last is not None
            and last[1] == event.text()
            and now - last[2] < _SAME_EVENT_S
            and shiboken6.isValid(last[0])
            and watched is not last[0]
            and watched.isAncestorOf(last[0])
        ):
            return last[3]  # the same key, handed to the parent the widget left it to
        stamp = event.timestamp()
        if not self._clock.follows(stamp):
            # Keys before a clock that went back keep the times they had.
            self._sent = [_Sent(s.text, 0, s.key(self._clock).at, s.before) for s in self._sent]
        sent = _Sent(event.text(), stamp if self._clock.observe(stamp, now) else 0, now, _Before.of(watched))
        self._sent.append(sent)
        # Decided as of the moment the key was pressed: keys after it may still be queued.
        at = sent.key(self._clock).at
        # A burst's Enter is kept from the widget: it would press a button or submit a form.
        keep = any(scan.enter and scan.ended == at for scan in self._settle(at))
        self._last = (watched, event.text(), now, keep)
        if self._sent and not self._tick.isActive():
            self._ticked = now
            self._tick.start()
        return keep

    def _on_tick(self) -> None:
        now = time.monotonic()
        late = now - self._ticked > _STALL_S
        self._ticked = now
        if not late:
            self._settle(now)
        # else the loop was held up: the keys pressed meanwhile come first, the next tick decides

    def _settle(self, now: float) -> tuple[wedge.Scan, ...]:
        """Decide the keys that can be decided as of ``now``; the scanner bursts among them."""
        keys = [s.key(self._clock) for s in self._sent]
        result = wedge.separate(keys, now)
        pending = set(map(id, result.pending))
        for scan in result.scans:
            first = self._sent[next(i for i, k in enumerate(keys) if k.at == scan.started)]
            if first.before is not None:
                first.before.restore()
            self.scanned.emit(scan.text)
        self._sent = [s for s, k in zip(self._sent, keys, strict=True) if id(k) in pending]
        if not self._sent:
            self._tick.stop()
        return result.scans
