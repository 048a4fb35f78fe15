"""The scan sequence the window and ``scan --register`` share: a yellow or red code's single tube."""

from __future__ import annotations

from registration.sampling import tubes
from registration.sampling.registrations import Outcome
from registration.sampling.scanflow import Attempt, ScanFlow
from registration.storage.store import Store

from .ids import make_id

GATE = "North gate"


def _statuses(answers: list[tuple[Attempt, Outcome]]) -> list[str]:
    return [str(outcome.status) for _, outcome in answers]


def test_a_red_code_waits_for_the_next_tube_which_opens_single_then_the_pooled_tube_resumes(
    store: Store,
) -> None:
    flow = ScanFlow(GATE, "R1", "Li")
    assert _statuses(flow.scan(store, Attempt("TUBE00000001", source="scanner"))) == ["tube_opened"]
    assert _statuses(flow.scan(store, Attempt(make_id(1), "green", "camera"))) == ["registered"]
    red = Attempt(make_id(2), "red", "camera")
    assert _statuses(flow.scan(store, red)) == ["rejected"]
    assert (flow.single_next, flow.waiting) == (True, red)
    answers = flow.scan(store, Attempt("SINGLE000001", source="scanner"))
    assert _statuses(answers) == ["tube_opened", "registered"]
    assert answers[1][0] == red
    assert answers[1][1].tube == {"code": "SINGLE000001", "position": 1, "size": 1, "sealed": True}
    assert (flow.single_next, flow.waiting) == (False, None)
    (after,) = flow.scan(store, Attempt(make_id(3), "green", "camera"))
    assert after[1].tube == {"code": "TUBE00000001", "position": 2, "size": 10, "sealed": False}
    assert (
        store.conn.execute("SELECT operator FROM registrations WHERE person = ?", (make_id(2),)).fetchone()[0]
        == "Li"
    )


def test_unsetting_the_single_switch_forgets_who_waited(store: Store) -> None:
    flow = ScanFlow(GATE, "R1")
    flow.scan(store, Attempt("TUBE00000001"))
    flow.scan(store, Attempt(make_id(1), "yellow"))
    flow.choose_single(False)
    assert (flow.single_next, flow.waiting) == (False, None)
    refused = flow.scan(store, Attempt("TUBE00000002"))
    assert _statuses(refused) == ["rejected"]  # a second pooled tube waits for the first
    flow.choose_single(True)
    opened = flow.scan(store, Attempt("TUBE00000002"))
    assert _statuses(opened) == ["tube_opened"]  # a single tube, and nobody was waiting
    assert [t.size for t in tubes.open_tubes(store.conn)] == [10, 1]
