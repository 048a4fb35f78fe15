"""The ID-card reader thread: watches the reader a spec names and hands the cards laid on it, and the
reader's state, to the GUI.

The GUI thread never polls a reader nor waits for one: the watch runs on a thread of its own and
stops at its next look once told to.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QThread, Signal, Slot

from registration.sampling.idcard.reader import Reader
from registration.sampling.idcard.watch import Damaged, Event, Found, Laid, Lost, watch
from ui import reasons
from ui.db_worker import describe

OpenReader = Callable[[], Reader]
"""Opens the reader (raising ``ReaderLost`` where there is none): what ``watch`` is given."""


def opener(spec: str) -> OpenReader:
    """The drivers' way to open the reader ``spec`` names (``serial:…``, ``auto``, ``demo``…)."""

    def open_reader() -> Reader:
        # Loaded on the reader's thread when a reader is used: a station without one needs no
        # serial or network driver.
        from devices.idcard_services import open_reader as open_spec

        reader: Reader = open_spec(spec)
        return reader

    return open_reader


@dataclass(eq=False)
class _Watch:
    """One watch of one reader; its ``stop`` ends it at the reader's next look."""

    spec: str
    open_reader: OpenReader
    stop: threading.Event = field(default_factory=threading.Event)
    name: str = ""
    """The reader as it named itself when found."""


class _Watcher(QObject):
    """Runs each watch on the reader thread, one after the other (the device is closed in between).

    Signals:
        happened(object, object): the ``_Watch`` and a ``watch`` event (Found, Laid, Lifted, Lost, Damaged).
        failed(object, object): the ``_Watch`` and why it ended on its own (a bad spec, a driver's bug).
        idle(): every watch asked for before has ended and let go of its reader.
    """

    happened = Signal(object, object)
    failed = Signal(object, object)
    idle = Signal()

    @Slot(object)
    def run(self, job: _Watch) -> None:
        try:
            for event in watch(job.open_reader, job.stop):
                self.happened.emit(job, event)
        except Exception as exc:  # said in the status bar: a reader thread never dies unheard
            self.failed.emit(job, describe(exc))

    @Slot()
    def ping(self) -> None:
        self.idle.emit()


class CardReader(QObject):
    """An ID-card reader watched on a thread of its own; ``opener`` turns a spec into the reader
    (tests give a scripted reader's).

    Signals:
        card_laid(object): a ``Card`` just laid on the reader (once, however long it stays there).
        status(str): the reader's state changed; ``state()`` in words.
    """

    card_laid = Signal(object)
    status = Signal(str)
    _run = Signal(object)
    _ping = Signal()

    def __init__(self, parent: QObject | None = None, opener: Callable[[str], OpenReader] = opener) -> None:
        super().__init__(parent)
        self.opener = opener
        self._current: _Watch | None = None
        self._last: Found | Lost | Damaged | str | None = None
        """What was last heard of the current reader: a watch event, or why it stopped."""
        self._then: list[Callable[[], None]] = []
        self._thread = QThread()
        self._thread.setObjectName("idcard reader")
        self._worker = _Watcher()
        self._worker.moveToThread(self._thread)
        self._run.connect(self._worker.run)
        self._ping.connect(self._worker.ping)
        self._worker.happened.connect(self._happened)
        self._worker.failed.connect(self._failed)
        self._worker.idle.connect(self._idle)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    @property
    def spec(self) -> str:
        """The reader being watched; "" when none is."""
        return self._current.spec if self._current is not None else ""

    def start(self, spec: str) -> None:
        """Watch the reader ``spec`` names, once the one watched before has let go; "" watches none."""
        self._let_go()
        if spec:
            self._current = _Watch(spec, self.opener(spec))
            self._run.emit(self._current)
        self._say(None)

    def stop(self, then: Callable[[], None] | None = None) -> None:
        """Stop watching; ``then`` is called (on this thread) once the reader is closed."""
        if self._let_go():
            self._say(None)
        if then is not None:
            self._then.append(then)
            self._ping.emit()  # answered after the watch running now has ended

    def _let_go(self) -> bool:
        """End the current watch (at the reader's next look); whether there was one."""
        if self._current is None:
            return False
        self._current.stop.set()
        self._current = None
        return True

    def shutdown(self) -> None:
        """Stop and wait for the reader to be closed and the thread to end."""
        self.stop()
        self._thread.quit()
        self._thread.wait()

    def state(self) -> str:
        """The reader's state in the station's language; "" when no reader is watched."""
        last = self._last
        if self._current is None:
            return ""
        if last is None:
            return self.tr("ID-card reader {spec}: looking for it…").format(spec=self._current.spec)
        if isinstance(last, Found):
            return self.tr("ID-card reader {name}: ready").format(name=last.name)
        if isinstance(last, Lost | Damaged):
            return reasons.translate(last.reason)
        return self.tr("ID-card reader: {problem}").format(problem=reasons.translate(last))

    def _say(self, last: Found | Lost | Damaged | str | None) -> None:
        self._last = last
        self.status.emit(self.state())

    def _happened(self, job: _Watch, event: Event) -> None:
        if job is not self._current:
            return  # a reader let go of meanwhile: its last card must register nobody
        if isinstance(event, Found):
            job.name = event.name
        if isinstance(event, Laid):
            if not isinstance(self._last, Found):
                self._say(Found(job.name))  # a card read whole after damaged answers: it answers again
            self.card_laid.emit(event.card)
        elif isinstance(event, Found | Lost | Damaged):
            self._say(event)

    def _failed(self, job: _Watch, why: str) -> None:
        if job is self._current:
            self._say(why)

    def _idle(self) -> None:
        self._then.pop(0)()
