"""Keyboard-wedge scanners wherever the focus is: an application-wide event filter feeding the pure burst
separator of ``registration.scanning.wedge``.

Printable keys are held back for a few tens of milliseconds. A burst (a scanner) becomes one
``scanned`` signal and never reaches the focused widget; keys a person typed are replayed to
the widget they were meant for, in order. Shortcuts, arrows, auto-repeat and the like pass at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from registration.scanning import wedge

TICK_MS = 20
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


@dataclass(frozen=True)
class _Held:
    """A held key press: what to replay, and to whom, if a person typed it."""

    key: wedge.Key
    code: int
    modifiers: Qt.KeyboardModifier
    text: str
    target: QObject


def _holdable(event: QKeyEvent) -> bool:
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
        self._held: list[_Held] = []
        self._replaying = False
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self._settle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self._replaying or kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        assert isinstance(event, QKeyEvent)
        if not _holdable(event):
            if kind == QEvent.Type.KeyPress and self._held:
                self._release(list(self._held))  # keep the order: held keys first
                self._held.clear()
            return False
        if kind == QEvent.Type.KeyRelease:
            return True  # replayed with its press, or part of a scan
        # A key from the window system reaches the window first; it was meant for the focus widget.
        target = watched if isinstance(watched, QWidget) else QApplication.focusWidget() or watched
        key = wedge.Key(event.text(), time.monotonic())
        self._held.append(_Held(key, event.key(), event.modifiers(), event.text(), target))
        self._settle()
        if self._held and not self._tick.isActive():
            self._tick.start()
        return True

    def _settle(self) -> None:
        held = {id(h.key): h for h in self._held}
        result = wedge.separate([h.key for h in self._held], time.monotonic())
        self._held = [held[id(k)] for k in result.pending]
        if not self._held:
            self._tick.stop()
        self._release([held[id(k)] for k in result.typed])
        for scan in result.scans:
            self.scanned.emit(scan.text)

    def _release(self, keys: list[_Held]) -> None:
        """Replay keys a person typed to the widgets they were meant for."""
        self._replaying = True
        try:
            for held in keys:
                if not shiboken6.isValid(held.target):
                    continue  # the widget has gone, and its keys with it
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QCoreApplication.sendEvent(
                        held.target, QKeyEvent(kind, held.code, held.modifiers, held.text)
                    )
        finally:
            self._replaying = False
