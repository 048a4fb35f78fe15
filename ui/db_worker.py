"""The one thread that touches the campaign database: every read and write of the station, in order.

Like Anki's collection operations: a screen hands a job (a function of the ``Store``) to
``Database.run`` and gets the result, or the error, back on the GUI thread through a callback.
The GUI thread never opens the database itself.

A window may go (a change of language, the end of a shift) while its jobs wait or run: their
answers are then dropped, never handed to its deleted widgets. And the GUI thread alone lets go
of a job and its callbacks, which may hold the last reference to a widget's Python objects (the
models of its tables): freed on the database thread, Qt objects would be destroyed there.
"""

from __future__ import annotations

import itertools
import logging
import queue
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from registration.storage.store import Store

log = logging.getLogger(__name__)

Job = Callable[[Store], Any]
Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


@dataclass(eq=False)
class _Ticket:
    job: Job
    done: Done | None
    failed: Failed | None

    def gone(self) -> bool:
        """Whether a Qt object the callbacks act on was deleted meanwhile (its window closed)."""
        return any(
            isinstance(held, QObject) and not shiboken6.isValid(held)
            for callback in (self.done, self.failed)
            for held in _held(callback, 2)
        )


def _held(callback: object, depth: int) -> Iterator[object]:
    """What a callback acts on: a bound method's object, what a closure holds, and (down to
    ``depth``) what the callbacks among those hold (a server call's ``done``, its owner)."""
    found = [getattr(callback, "__self__", None)]
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            found.append(cell.cell_contents)
        except ValueError:  # a cell not filled yet
            continue
    for held in found:
        if held is None:
            continue
        yield held
        if depth > 1 and callable(held) and not isinstance(held, QObject):
            yield from _held(held, depth - 1)


class _Worker(QObject):
    """Owns the database connection; lives on the database thread.

    Signals:
        finished(object, object, object): a job's key, its result and the exception it raised (or None).
    """

    finished = Signal(object, object, object)

    def __init__(self, path: Path, jobs: queue.SimpleQueue[tuple[int, Job]]) -> None:
        super().__init__()
        self._path = path
        self._jobs = jobs
        self._store: Store | None = None

    @Slot()
    def run(self) -> None:
        """Run the next job, holding no reference to it once done (the GUI thread frees it)."""
        key, job = self._jobs.get()
        result: Any = None
        error: Exception | None = None
        try:
            if self._store is None:
                self._store = Store(self._path)
            result = job(self._store)
        except Exception as exc:
            error = exc
            # Its frames hold the job's variables (a window's objects among them): they go here.
            traceback.clear_frames(exc.__traceback__)
        del job
        self.finished.emit(key, result, error)

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
    _submit = Signal()
    _close = Signal()

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._waiting: dict[int, _Ticket] = {}
        """The jobs not answered yet, with their callbacks: held here, on the GUI thread."""
        self._keys = itertools.count()
        self._jobs: queue.SimpleQueue[tuple[int, Job]] = queue.SimpleQueue()
        self._thread = QThread()
        self._thread.setObjectName("database")
        self._worker = _Worker(path, self._jobs)
        self._worker.moveToThread(self._thread)
        # Deleted on its own thread once that thread's loop has ended.
        self._thread.finished.connect(self._worker.deleteLater)
        self._submit.connect(self._worker.run)
        self._close.connect(self._worker.close)
        self._worker.finished.connect(self._deliver)
        self._thread.start()

    @property
    def pending(self) -> int:
        """The jobs queued or running."""
        return len(self._waiting)

    def run(self, job: Job, done: Done | None = None, failed: Failed | None = None) -> None:
        """Queue ``job``; ``done(result)`` or ``failed(error)`` is called later on this thread, unless
        a widget it acts on is deleted by then."""
        key = next(self._keys)
        self._waiting[key] = _Ticket(job, done, failed)
        self._jobs.put((key, job))
        self._submit.emit()

    @Slot(object, object, object)
    def _deliver(self, key: int, result: Any, error: Exception | None) -> None:
        ticket = self._waiting.pop(key)
        if ticket.gone():
            log.debug("an answer for a closed window dropped")
            return
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
