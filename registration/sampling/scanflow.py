"""The scan sequence shared by the station window and ``scan --register``: a yellow or red code
refused from a pooled tube waits, the next tube barcode opens a single tube, the waiting person
goes into it, and the half-full pooled tube then resumes.

A ``ScanFlow`` remembers only that detour between scans; every decision is ``registrations.register``.
Use one flow per station session, from one thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from registration.sampling import registrations
from registration.sampling.registrations import Outcome, Status
from registration.storage.store import Store

ALERT_COLOURS = ("yellow", "red")


@dataclass(frozen=True)
class Attempt:
    """One code as it came in: what was read, its health-code colour, from where, and when (ISO)."""

    text: str | bytes
    colour: str = "unknown"
    source: str = "manual"
    identity: str | None = None
    at: str = ""
    name: str | None = None
    """The name an ID card gave (source ``idcard``)."""


def needs_single_tube(outcome: Outcome, colour: str) -> bool:
    """A yellow or red code refused from a pooled tube: that person is sampled alone."""
    tube = outcome.tube or {}
    return outcome.status is Status.REJECTED and colour in ALERT_COLOURS and int(tube.get("size", 0)) > 1


@dataclass
class ScanFlow:
    checkpoint: str
    round_name: str
    operator: str | None = None
    single_next: bool = False
    """The next tube barcode opens a single tube (pool size 1)."""
    waiting: Attempt | None = None
    """The person whose yellow or red code asked for that single tube."""

    def scan(self, store: Store, attempt: Attempt) -> list[tuple[Attempt, Outcome]]:
        """Register one code (a tube barcode opens a tube); the answers in order, the waiting
        person's registration after the single tube's opening."""
        outcome = self._register(store, attempt)
        answers = [(attempt, outcome)]
        if needs_single_tube(outcome, attempt.colour):
            self.waiting, self.single_next = attempt, True
        elif outcome.status is Status.TUBE_OPENED and outcome.tube and outcome.tube["size"] == 1:
            waiting, self.waiting, self.single_next = self.waiting, None, False
            if waiting is not None:
                answers.append((waiting, self._register(store, waiting)))
        return answers

    def choose_single(self, single: bool) -> None:
        """The operator sets whether the next tube is a single tube; unsetting it forgets who waited."""
        self.single_next = single
        if not single:
            self.waiting = None

    def _register(self, store: Store, attempt: Attempt) -> Outcome:
        return registrations.register(
            store,
            attempt.text,
            checkpoint=self.checkpoint,
            round_name=self.round_name,
            operator=self.operator,
            colour=attempt.colour,
            source=attempt.source,
            identity=attempt.identity,
            name=attempt.name,
            accept_tubes=True,
            tube_pool_size=1 if self.single_next else None,
        )
