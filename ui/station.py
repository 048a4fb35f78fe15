"""The running station: its session (checkpoint, operator, round, shift) and the scan flow.

Every screen asks the station; the station hands each request to the database thread and
announces what happened through its signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from registration import registrations, station, tubes
from registration.registrations import Outcome, Status
from registration.store import Store
from ui.db_worker import Database, describe
from ui.preferences import Preferences

ALERT_COLOURS = ("yellow", "red")


@dataclass(frozen=True)
class Session:
    checkpoint: str
    operator: str
    round: str
    shift_start: str


@dataclass(frozen=True)
class Scan:
    """One scan as the banner needs it: the domain's outcome and how the code came in."""

    outcome: Outcome
    colour: str
    source: str

    @property
    def colour_alert(self) -> bool:
        """A yellow or red code refused from a pooled tube: it needs a single tube."""
        tube = self.outcome.tube or {}
        return (
            self.outcome.status is Status.REJECTED
            and self.colour in ALERT_COLOURS
            and int(tube.get("size", 0)) > 1
        )


class Station(QObject):
    """The station's session and scan flow.

    Signals:
        scanned(object): a ``Scan`` after each code is handled.
        state_changed(object): a ``station.ScanState`` (open tube, its people, counters) after each change.
        single_changed(bool): whether the next tube barcode opens a single tube (pool size 1).
        message(str): a refusal or fault to show, already in words.
        voided(str): the event id of a registration just voided.
    """

    scanned = Signal(object)
    state_changed = Signal(object)
    single_changed = Signal(bool)
    message = Signal(str)
    voided = Signal(str)

    def __init__(
        self, prefs: Preferences, session: Session, db: Database, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.session = session
        self.db = db
        self.state: station.ScanState | None = None
        self.single_next = False
        self._pending_alert: tuple[str, str, str] | None = None
        db.failed.connect(self.message)

    def scan(self, text: str, source: str, colour: str = "unknown", identity: str | None = None) -> None:
        """Register a scanned or typed code (a tube barcode opens the tube)."""
        s = self.session
        pool = 1 if self.single_next else None
        operator = s.operator or None

        def job(store: Store) -> tuple[Outcome, station.ScanState]:
            outcome = registrations.register(
                store,
                text,
                checkpoint=s.checkpoint,
                round_name=s.round,
                operator=operator,
                colour=colour,
                source=source,
                identity=identity,
                accept_tubes=True,
                tube_pool_size=pool,
            )
            return outcome, self._state(store)

        self.db.run(job, lambda result: self._scanned(text, source, colour, *result), self._refused)

    def _scanned(
        self, text: str, source: str, colour: str, outcome: Outcome, state: station.ScanState
    ) -> None:
        scan = Scan(outcome, colour, source)
        pending = None
        # State and flags first, so that whoever hears a signal sees them all up to date.
        self._publish(state)
        if scan.colour_alert:
            self._pending_alert = (text, source, colour)
            self._set_single(True)
        elif outcome.status is Status.TUBE_OPENED and outcome.tube and outcome.tube["size"] == 1:
            pending, self._pending_alert = self._pending_alert, None
            self._set_single(False)
        self.scanned.emit(scan)
        if pending is not None:
            # The person whose yellow or red code asked for this single tube goes into it.
            self.scan(*pending)

    def set_single_next(self, single: bool) -> None:
        if not single:
            self._pending_alert = None
        self._set_single(single)

    def _set_single(self, single: bool) -> None:
        if single != self.single_next:
            self.single_next = single
            self.single_changed.emit(single)

    def refresh(self) -> None:
        self.db.run(self._state, self._publish, self._refused)

    def seal(self) -> None:
        """Seal the open tube early."""
        code = self.state.tube.code if self.state and self.state.tube else None

        def job(store: Store) -> station.ScanState:
            tubes.seal(store, code)
            return self._state(store)

        self.db.run(job, self._publish, self._refused)

    def void(self, event_id: str, reason: str) -> None:
        def job(store: Store) -> station.ScanState:
            registrations.void(store, event_id, reason)
            return self._state(store)

        def done(state: station.ScanState) -> None:
            self._publish(state)
            self.voided.emit(event_id)

        self.db.run(job, done, self._refused)

    def recent(self, done: Any) -> None:
        """This laptop's latest live registrations, for the void dialog."""
        self.db.run(lambda store: station.recent(store.conn), done, self._refused)

    def search(self, query: str, done: Any) -> None:
        self.db.run(lambda store: station.search_people(store.conn, query), done, self._refused)

    def _state(self, store: Store) -> station.ScanState:
        s = self.session
        with store.read() as conn:
            return station.scan_state(conn, s.checkpoint, s.round, s.shift_start)

    def _publish(self, state: station.ScanState) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _refused(self, error: Exception) -> None:
        self.message.emit(describe(error))
