"""A generated video of a person code, shown, taken away and shown again, registered as the station does."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from registration.people import keys, personcodes
from registration.sampling import registrations, tubes
from registration.sampling.registrations import Status
from registration.sampling.scanning import synthetic
from registration.sampling.scanning.pipeline import Pipeline
from registration.sampling.scanning.sources import VideoFile
from registration.storage.store import Store

from ..ids import make_id

GATE = "North gate"


@pytest.fixture
def person_code(store: Store) -> str:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    return personcodes.sign(keys.create_campaign_key(store), make_id(7))


def _register_video(store: Store, video: Path, away: float) -> list[tuple[int, registrations.Outcome]]:
    pipeline = Pipeline(
        VideoFile(video), classify=functools.partial(registrations.classify, store.conn), away_seconds=away
    )
    outcomes = []
    with pipeline.source:
        while (step := pipeline.step()) is not None:
            for report in step.reports:
                assert report.kind == "person_code" and not report.ambiguous
                outcome = registrations.register(
                    store,
                    report.text,
                    checkpoint=GATE,
                    round_name="R1",
                    colour=report.colour,
                    source="camera",
                    accept_tubes=True,
                )
                outcomes.append((report.frame, outcome))
    return outcomes


def test_a_code_in_view_for_40_frames_registers_once_and_its_return_is_already_registered(
    store: Store, person_code: str, tmp_path: Path
) -> None:
    video = tmp_path / "person.avi"
    # 40 frames at 25 fps in view, 1.6 s away (longer than the 1 s away time), then back.
    first, again = synthetic.demo_video(video, [person_code] * 2, show_frames=40, gap_frames=40, seed=3)
    outcomes = _register_video(store, video, away=1.0)
    assert [o.status for _, o in outcomes] == [Status.REGISTERED, Status.ALREADY_REGISTERED]
    assert first.first <= outcomes[0][0] <= first.first + 5
    assert again.first <= outcomes[1][0] <= again.first + 5
    assert outcomes[0][1].person == {"id_number": "4401**********" + make_id(7)[-4:], "on_roster": False}
    rows = store.conn.execute("SELECT colour, source FROM registrations WHERE person = ?", (make_id(7),))
    assert [tuple(r) for r in rows] == [("green", "camera")]

    # With an away time longer than the absence, the return is the same showing: one report only.
    replay = _register_video(store, video, away=2.5)
    assert [(first.first <= frame <= first.last, o.status) for frame, o in replay] == [
        (True, Status.ALREADY_REGISTERED)
    ]
