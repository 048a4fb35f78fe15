"""Syncing with the central server on a thread of its own, by hand ("sync now") or on a timer.

The sync worker opens its own connection to the station database; the status line is read
through the database thread, so it stays current while a long sync runs.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from registration.errors import message
from registration.sampling import desk
from registration.storage.store import Store
from sync import client
from ui.db_worker import Database, describe

log = logging.getLogger(__name__)

# Pages of 1,000 events and batches of 500: parsing a page or a batch's answers holds the GIL
# (about 3 ms for 1,000 events, 25 ms for 5,000 measured here), and the GUI thread must get it
# back within a few milliseconds.
STATION_OPTIONS = client.Options(batch=500, page=1000)
AUTO_INTERVAL_MS = 30_000
FIRST_TRY_MS = 1000
"""How soon automatic sync first tries, at start or when switched on."""
MAX_BACKOFF_MS = 300_000
STATUS_POLL_MS = 5_000
ROSTER_POLL_MS = 10_000
"""How often an enrolled laptop with no roster yet pulls, automatic sync or not, until one arrives."""


class _SyncWorker(QObject):
    """Runs one sync at a time on the sync thread.

    Signals:
        progress(str, int, int): phase ("push" or "pull"), events done, events in all (-1: not known).
        finished(object): the ``client.Report`` of a sync that completed.
        failed(object): why a sync did not complete, in words (a ``Reason`` where it has one).
    """

    progress = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, path: Path, options: client.Options | None) -> None:
        super().__init__()
        self.path = path
        self.options = options or STATION_OPTIONS
        self.stop = threading.Event()
        self._store: Store | None = None

    @Slot()
    def sync(self) -> None:
        try:
            if self._store is None:
                self._store = Store(self.path, create=False)
            with client.Client(self._store, self.options, progress=self._progress, stop=self.stop) as engine:
                report = engine.sync_once()
        except (client.SyncFailed, client.NotEnrolled) as exc:
            self.failed.emit(message(exc))
        except Exception as exc:
            self.failed.emit(describe(exc))
        else:
            self.finished.emit(report)

    def _progress(self, step: client.Progress) -> None:
        self.progress.emit(step.phase, step.done, -1 if step.total is None else step.total)

    @Slot()
    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class SyncController(QObject):
    """Starts syncs (on request, and every half minute while the server answers) and keeps the status.

    Signals:
        status_changed(object): a ``sync.client.Status`` (enrolment, events waiting, last sync, refusals).
        progress(str, int, int): phase, events done, events in all (-1: not known) of the running sync.
        busy_changed(bool): a sync started or ended.
        synced(object): the ``client.Report`` of a completed sync.
        failed(object): why the last sync did not complete, in words (a ``Reason`` where it has one).
    """

    status_changed = Signal(object)
    progress = Signal(str, int, int)
    busy_changed = Signal(bool)
    synced = Signal(object)
    failed = Signal(object)
    _start = Signal()
    _close = Signal()

    def __init__(
        self,
        db: Database,
        *,
        auto: bool = True,
        options: client.Options | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.busy = False
        self.status: client.Status | None = None
        self.last_error = ""
        self.waiting_for_roster = False
        """Enrolled, and no roster has arrived from the campaign office yet."""
        self._sync_when_enrolled = False
        """One sync is asked for as soon as the status says this laptop is enrolled."""
        self.roster_poll_ms = ROSTER_POLL_MS
        self._thread = QThread()
        self._thread.setObjectName("sync")
        self._worker = _SyncWorker(db.path, options)
        self._worker.moveToThread(self._thread)
        # Deleted on its own thread once that thread's loop has ended.
        self._thread.finished.connect(self._worker.deleteLater)
        self._start.connect(self._worker.sync)
        self._close.connect(self._worker.close)
        self._worker.progress.connect(self.progress)
        self._worker.finished.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self._thread.start()
        self._auto = QTimer(self, singleShot=True, interval=AUTO_INTERVAL_MS)
        self._auto.timeout.connect(self._auto_sync)
        self._poll = QTimer(self, interval=STATUS_POLL_MS)
        self._poll.timeout.connect(self.refresh_status)
        self._poll.start()
        self._roster = QTimer(self, singleShot=True)
        self._roster.timeout.connect(self._pull_roster)
        self.auto = auto
        self.refresh_status()
        if auto:
            self._auto.start(FIRST_TRY_MS)

    def set_auto(self, auto: bool) -> None:
        self.auto = auto
        if auto and not self._auto.isActive():
            self._auto.start(FIRST_TRY_MS)
        elif not auto:
            self._auto.stop()

    def sync_now(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.busy_changed.emit(True)
        self._start.emit()

    def sync_at_sign_in(self) -> None:
        """Sync once now on an enrolled laptop, automatic sync or not (one never enrolled has no server)."""
        self._sync_when_enrolled = True
        self.refresh_status()

    def _auto_sync(self) -> None:
        if self.auto and self.status is not None and self.status.enrolled:
            self.sync_now()
        elif self.auto:
            self._auto.start(AUTO_INTERVAL_MS)

    def _finished(self, report: client.Report) -> None:
        self.last_error = ""
        self._done(AUTO_INTERVAL_MS)
        self.synced.emit(report)

    def _failed(self, why: str) -> None:
        self.last_error = why
        # Offline is normal: try less often while the server does not answer.
        self._done(min(MAX_BACKOFF_MS, max(AUTO_INTERVAL_MS, self._auto.interval() * 2)))
        self.failed.emit(why)

    def _done(self, next_in_ms: int) -> None:
        self.busy = False
        self.busy_changed.emit(False)
        if self.auto:
            self._auto.start(next_in_ms)
        self.refresh_status()

    def refresh_status(self) -> None:
        def job(store: Store) -> tuple[client.Status, bool]:
            with store.read() as conn:
                return client.status(conn), desk.has_roster(conn)

        self.db.run(job, self._status, lambda error: log.warning("sync status: %s", describe(error)))

    def _status(self, found: tuple[client.Status, bool]) -> None:
        status, has_roster = found
        self.status = status
        self.waiting_for_roster = status.enrolled and not has_roster
        if self._sync_when_enrolled:
            self._sync_when_enrolled = False
            if status.enrolled:
                self.sync_now()
        # A laptop enrolled before the office's first sync keeps pulling until its roster arrives.
        if self.waiting_for_roster and not self.busy and not self._roster.isActive():
            self._roster.start(self.roster_poll_ms)
        self.status_changed.emit(status)

    def _pull_roster(self) -> None:
        if self.waiting_for_roster:
            self.sync_now()

    def stop(self) -> None:
        """Cancel a running sync (between requests) and stop the thread."""
        self._auto.stop()
        self._poll.stop()
        self._roster.stop()
        self._worker.stop.set()
        self._close.emit()
        self._thread.quit()
        self._thread.wait()
