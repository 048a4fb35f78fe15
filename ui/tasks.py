"""One-off background work that is not a database job (building the demo, for one): run on Qt's thread
pool, with the result or the error delivered on the GUI thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Carries a task's end back to the GUI thread.

    Signals:
        finished(object, object): the result and the exception raised (or None).
    """

    finished = Signal(object, object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        result: Any = None
        error: Exception | None = None
        try:
            result = self.fn()
        except Exception as exc:
            error = exc
        # The relay goes with the window that asked (a shift ended meanwhile): then nobody waits.
        with contextlib.suppress(RuntimeError):
            self.relay.finished.emit(result, error)


def in_background(
    fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[Exception], None], parent: QObject
) -> None:
    """Run ``fn`` on the thread pool; ``done(result)`` or ``failed(error)`` then runs on this thread."""
    relay = _Relay(parent)

    def finish(result: Any, error: Exception | None) -> None:
        relay.deleteLater()
        if error is None:
            done(result)
        else:
            failed(error)

    relay.finished.connect(finish)
    QThreadPool.globalInstance().start(_Task(fn, relay))
