"""The one thread that touches the campaign database: every read and write of the station, in order.

Like Anki's collection operations: a screen hands a job (a function of the ``Store``) to
``Database.run`` and gets the result, or the error, back on the GUI thread through a callback.
The GUI thread never opens the database itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from registration.store import Store

log = logging.getLogger(__name__)

Job = Callable[[Store], Any]
Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


@dataclass(eq=False)
class _Ticket:
    job: Job
    done: Done | None
    failed: Failed | None


class _Worker(QObject):
    """Owns the database connection; lives on the database thread.

    Signals:
        finished(object, object, object): a ticket, its job's result and the exception it raised (or None).
    """

    finished = Signal(object, object, object)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._store: Store | None = None

    @Slot(object)
    def run(self, ticket: _Ticket) -> None:
        result: Any = None
        error: Exception | None = None
        try:
            if self._store is None:
                self._store = Store(self._path)
            result = ticket.job(self._store)
        except Exception as exc:
            error = exc
        self.finished.emit(ticket, result, error)

    @Slot()
    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class Database(QObject):
    """The station's database, reached only through jobs run on its own thread.

    Signals:
        failed(object): a job raised and its caller gave no error callback; why, in words (``describe``).
    """

    failed = Signal(object)
    _submit = Signal(object)
    _close = Signal()

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.pending = 0
        self._thread = QThread()
        self._thread.setObjectName("database")
        self._worker = _Worker(path)
        self._worker.moveToThread(self._thread)
        # Deleted on its own thread once that thread's loop has ended.
        self._thread.finished.connect(self._worker.deleteLater)
        self._submit.connect(self._worker.run)
        self._close.connect(self._worker.close)
        self._worker.finished.connect(self._deliver)
        self._thread.start()

    def run(self, job: Job, done: Done | None = None, failed: Failed | None = None) -> None:
        """Queue ``job``; ``done(result)`` or ``failed(error)`` is called later on this thread."""
        self.pending += 1
        self._submit.emit(_Ticket(job, done, failed))

    @Slot(object, object, object)
    def _deliver(self, ticket: _Ticket, result: Any, error: Exception | None) -> None:
        self.pending -= 1
        if error is None:
            if ticket.done is not None:
                ticket.done(result)
        elif ticket.failed is not None:
            ticket.failed(error)
        else:
            self.failed.emit(describe(error))

    def close(self) -> None:
        """Finish the queued jobs, close the connection on its own thread and stop the thread."""
        self._close.emit()
        self._thread.quit()
        self._thread.wait()


def describe(error: BaseException) -> str:
    """One line for a person: the message of an expected refusal, a logged traceback for a bug."""
    from registration.errors import is_expected, message

    if is_expected(error):
        return message(error)
    log.error("unexpected error in a database job", exc_info=error)
    return f"{type(error).__name__}: {error}"
