"""Hypothesis drives registrations, voids, corrections, early seals and single-tube detours (a yellow
or red code, the next tube opened as a single tube, the pooled tube resuming) through the station's
scan sequence; after every step each tube's positions are 1..n, each held by exactly one person,
n never above the pool size, and the next registration takes n + 1.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from registration.sampling import registrations, tubes
from registration.sampling.registrations import Status
from registration.sampling.scanflow import Attempt, ScanFlow
from registration.setup import campaign
from registration.storage.store import Store

from .ids import make_id

GATE = "North gate"
POOL = 4


class TubeMachine(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="tube-machine-"))
        self.store = Store(self.tmp / "station.db")
        campaign.init(self.store, "Park", [GATE])
        campaign.open_round(self.store, "R1", pool_size=POOL)
        self.flow = ScanFlow(GATE, "R1", "Li")
        self.serial = 0
        self.tube_serial = 0
        self.registered: list[str] = []
        """Event ids of every registration made, in order."""

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.store.close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _person(self) -> str:
        self.serial += 1
        return make_id(self.serial)

    def _current(self) -> tubes.Tube | None:
        with self.store.read() as conn:
            return tubes.current(conn, GATE, "R1")

    def _scan(self, attempt: Attempt) -> list[registrations.Outcome]:
        before = self._current()
        answers = self.flow.scan(self.store, attempt)
        for _, outcome in answers:
            if outcome.status is Status.REGISTERED:
                assert outcome.event is not None and outcome.tube is not None
                self.registered.append(outcome.event)
        first = answers[0][1]
        if first.status is Status.REGISTERED and before is not None:
            # The next registration takes n + 1 of the tube it went into.
            assert first.tube == {
                "code": before.code,
                "position": before.filled + 1,
                "size": before.size,
                "sealed": before.filled + 1 == before.size,
            }
        return [outcome for _, outcome in answers]

    @rule(colour=st.sampled_from(["green", "green", "green", "unknown", "yellow", "red"]))
    def register_someone_new(self, colour: str) -> None:
        tube = self._current()
        (outcome, *more) = self._scan(Attempt(self._person(), colour, "camera"))
        if tube is None:
            assert outcome.status is Status.REJECTED and not more
        elif colour in ("yellow", "red") and tube.size > 1:
            assert outcome.status is Status.REJECTED and self.flow.single_next
        else:
            assert outcome.status is Status.REGISTERED, outcome.reason

    @precondition(lambda self: bool(self.registered))
    @rule(data=st.data())
    def rescan_someone(self, data: st.DataObject) -> None:
        event = data.draw(st.sampled_from(self.registered))
        person = self.store.conn.execute(
            "SELECT person FROM registrations WHERE event = ?", (event,)
        ).fetchone()
        before = self._current()
        outcome, *_ = self._scan(Attempt(person[0], "green", "scanner"))
        assert outcome.status in (Status.ALREADY_REGISTERED, Status.REJECTED, Status.REGISTERED)
        if outcome.status is Status.ALREADY_REGISTERED:
            assert self._current() == before

    @rule()
    def scan_a_tube(self) -> None:
        self.tube_serial += 1
        code = f"TUBE{self.tube_serial:08d}"
        waiting, single = self.flow.waiting, self.flow.single_next
        current = self._current()
        answers = self._scan(Attempt(code, "unknown", "scanner"))
        opened = answers[0]
        if single or current is None or current.size == 1:
            assert opened.status is Status.TUBE_OPENED, opened.reason
            assert opened.tube is not None and opened.tube["size"] == (1 if single else POOL)
        else:
            # A second pooled tube while one is half full: refused, nothing changes.
            assert opened.status is Status.REJECTED and "seal it first" in opened.reason
        if single and waiting is not None:
            assert len(answers) == 2 and answers[1].status is Status.REGISTERED
            assert answers[1].tube is not None and answers[1].tube["sealed"]

    @rule(single=st.booleans())
    def operator_sets_the_single_switch(self, single: bool) -> None:
        self.flow.choose_single(single)

    @precondition(lambda self: bool(self.registered))
    @rule(data=st.data())
    def void_one(self, data: st.DataObject) -> None:
        event = data.draw(st.sampled_from(self.registered))
        live = self._live(event)
        if live:
            registrations.void(self.store, event, "scanned by mistake")

    @precondition(lambda self: bool(self.registered))
    @rule(data=st.data())
    def correct_one(self, data: st.DataObject) -> None:
        event = data.draw(st.sampled_from(self.registered))
        if not self._live(event):
            return
        tube_before = self._tube_of(event)
        outcome = registrations.correct(self.store, event, self._person(), "wrong person's code")
        assert outcome.event is not None
        self.registered.append(outcome.event)
        # A correction changes nothing else: the tube holds as many and stays as sealed as it was.
        assert self._tube_of(event) == tube_before

    @rule()
    def seal_early(self) -> None:
        tube = self._current()
        if tube is not None and tube.filled > 0:
            assert tubes.seal(self.store, tube.code).sealed

    def _live(self, event: str) -> bool:
        row = self.store.conn.execute(
            "SELECT voided_by FROM registrations WHERE event = ?", (event,)
        ).fetchone()
        return row is not None and row[0] is None

    def _tube_of(self, event: str) -> tubes.Tube | None:
        row = self.store.conn.execute("SELECT tube FROM registrations WHERE event = ?", (event,)).fetchone()
        with self.store.read() as conn:
            return tubes.get(conn, row[0])

    @invariant()
    def every_tube_holds_one_person_per_position(self) -> None:
        if not hasattr(self, "store"):
            return
        with self.store.read() as conn:
            codes = [r[0] for r in conn.execute("SELECT code FROM tubes")]
            for code in codes:
                tube = tubes.get(conn, code)
                assert tube is not None
                held = [row["position"] for row in tubes.members(conn, code)]
                assert held == list(range(1, tube.filled + 1)), (code, held)
                assert tube.filled <= tube.size
                assert tube.sealed or tube.filled < tube.size
                aside = tubes.corrected_away(conn, code)
                assert all(1 <= row["position"] <= tube.filled for row in aside)
                assert all(row["voided_by"] is not None for row in aside)
            # Every registration is either holding a position or corrected away, never both.
            total = conn.execute("SELECT count(*) FROM registrations").fetchone()[0]
            counted = sum(len(tubes.members(conn, c)) + len(tubes.corrected_away(conn, c)) for c in codes)
            assert counted == total


def _run(examples: int, steps: int) -> None:
    run_state_machine_as_test(
        TubeMachine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_tube_positions_survive_random_registrations_voids_corrections_and_detours() -> None:
    _run(examples=12, steps=25)


@pytest.mark.slow
def test_tube_positions_survive_long_random_runs() -> None:
    _run(examples=300, steps=60)
