"""The running station: its session (checkpoint, operator, round, shift) and the scan flow.

Every screen asks the station; the station hands each request to the database thread and
announces what happened through its signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from registration.sampling import desk, lookup, registrations, tubes
from registration.sampling.payloads import Kind
from registration.sampling.registrations import Outcome
from registration.sampling.scanflow import Attempt, ScanFlow, needs_single_tube
from registration.storage.store import Store
from ui.db_worker import Database, Done, Failed, describe
from ui.preferences import Preferences


@dataclass(frozen=True)
class Session:
    checkpoint: str
    operator: str
    round: str
    shift_start: str


@dataclass(frozen=True)
class Scan:
    """One scan as the banner needs it: the domain's outcome and how and when the code came in."""

    outcome: Outcome
    colour: str
    source: str
    read_at: str
    name: str | None = None
    """The name an ID card gave (source ``idcard``)."""

    @property
    def person_name(self) -> str:
        """Who was scanned, by name: the roster's, else the ID card's; "" when neither knows."""
        return str((self.outcome.person or {}).get("name") or self.name or "")

    @property
    def colour_alert(self) -> bool:
        """A yellow or red code refused from a pooled tube: it needs a single tube."""
        return needs_single_tube(self.outcome, self.colour)


class Station(QObject):
    """The station's session and scan flow.

    Signals:
        scanned(object): a ``Scan`` after each code is handled.
        state_changed(object): a ``desk.ScanState`` (open tube, its people, counters) after each change.
        single_changed(bool): whether the next tube barcode opens a single tube (pool size 1).
        message(object): a refusal or fault to show, in words (a ``Reason`` where it is a refusal).
        voided(str): the event id of a registration just voided.
        corrected(object): the ``Outcome`` of a correction just made (the right person, their position).
    """

    scanned = Signal(object)
    state_changed = Signal(object)
    single_changed = Signal(bool)
    message = Signal(object)
    voided = Signal(str)
    corrected = Signal(object)

    def __init__(
        self, prefs: Preferences, session: Session, db: Database, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.session = session
        self.db = db
        self.state: desk.ScanState | None = None
        self.single_next = False
        # The scan sequence (with the single-tube detour) is the domain's; it is used only inside
        # database jobs, which run one at a time, and ``single_next`` mirrors it here.
        self._flow = ScanFlow(session.checkpoint, session.round, session.operator or None)
        db.failed.connect(self.message)

    def scan(
        self,
        text: str,
        source: str,
        colour: str = "unknown",
        identity: str | None = None,
        name: str | None = None,
    ) -> None:
        """Register a scanned or typed code, or a card's ID number and ``name`` (a tube barcode opens
        the tube)."""
        flow, attempt = self._flow, Attempt(text, colour, source, identity, desk.now_iso(), name)

        def job(store: Store) -> tuple[list[tuple[Attempt, Outcome]], bool, desk.ScanState]:
            answers = flow.scan(store, attempt)
            return answers, flow.single_next, self._state(store)

        self.db.run(job, lambda result: self._scanned(*result), self._refused)

    def _scanned(self, answers: list[tuple[Attempt, Outcome]], single: bool, state: desk.ScanState) -> None:
        # State and flags first, so that whoever hears a signal sees them all up to date.
        self._publish(state)
        self._set_single(single)
        for attempt, outcome in answers:
            self.scanned.emit(Scan(outcome, attempt.colour, attempt.source, attempt.at, attempt.name))

    def open_tube(self, code: str) -> None:
        """Open a tube by its typed code; any other text is refused here, never registered."""

        def job(store: Store) -> bool:
            with store.read() as conn:
                return registrations.classify(conn, code).kind is Kind.TUBE

        def checked(is_tube: bool) -> None:
            if is_tube:
                self.scan(code, "manual")
            else:
                self.message.emit(self.tr("Not a tube barcode: type the code printed on the tube's label"))

        self.db.run(job, checked, self._refused)

    def set_single_next(self, single: bool) -> None:
        flow = self._flow
        self._set_single(single)
        self.db.run(lambda store: flow.choose_single(single), None, self._refused)

    def _set_single(self, single: bool) -> None:
        if single != self.single_next:
            self.single_next = single
            self.single_changed.emit(single)

    def refresh(self) -> None:
        self.db.run(self._state, self._publish, self._refused)

    def seal(self) -> None:
        """Seal the open tube early."""
        code = self.state.tube.code if self.state and self.state.tube else None

        def job(store: Store) -> desk.ScanState:
            tubes.seal(store, code)
            return self._state(store)

        self.db.run(job, self._publish, self._refused)

    def void(self, event_id: str, reason: str, failed: Failed | None = None) -> None:
        """Void a registration; a refusal goes to ``failed``, or else to ``message``."""

        def job(store: Store) -> desk.ScanState:
            registrations.void(store, event_id, reason)
            return self._state(store)

        def done(state: desk.ScanState) -> None:
            self._publish(state)
            self.voided.emit(event_id)

        self.db.run(job, done, failed or self._refused)

    def correct(self, event_id: str, identity: str, reason: str, failed: Failed | None = None) -> None:
        """Put the person ``identity`` names (an ID number or a scanned code) in a registration's tube
        position; a refusal goes to ``failed``, or else to ``message``."""

        def job(store: Store) -> tuple[Outcome, desk.ScanState]:
            return registrations.correct(store, event_id, identity, reason), self._state(store)

        def done(result: tuple[Outcome, desk.ScanState]) -> None:
            outcome, state = result
            self._publish(state)
            self.corrected.emit(outcome)

        self.db.run(job, done, failed or self._refused)

    def move_tube(self, old: str, new: str, reason: str, done: Done, failed: Failed) -> None:
        """Move tube ``old``'s people to the new barcode ``new`` (``tubes.move``); ``done(tubes.Moved)``."""

        def job(store: Store) -> tuple[tubes.Moved, desk.ScanState]:
            return tubes.move(store, old, new, reason), self._state(store)

        def moved(result: tuple[tubes.Moved, desk.ScanState]) -> None:
            self._publish(result[1])
            done(result[0])

        self.db.run(job, moved, failed)

    def find_registrations(self, query: str, done: Done, failed: Failed) -> None:
        """The round's registrations at this checkpoint that ``query`` names (``lookup.find``)."""
        s = self.session

        def job(store: Store) -> lookup.Findings:
            with store.read() as conn:
                return lookup.find(conn, s.checkpoint, s.round, query)

        self.db.run(job, done, failed)

    def search(self, query: str, done: Any) -> None:
        self.db.run(lambda store: desk.search_people(store.conn, query), done, self._refused)

    def _state(self, store: Store) -> desk.ScanState:
        s = self.session
        with store.read() as conn:
            return desk.scan_state(conn, s.checkpoint, s.round, s.shift_start)

    def _publish(self, state: desk.ScanState) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _refused(self, error: Exception) -> None:
        self.message.emit(describe(error))
