"""The decode loop's own rules: one report per showing, ambiguity, the rate governor, the guide."""

from __future__ import annotations

import numpy as np
import pytest

from registration.sampling.payloads import Kind
from registration.sampling.scanning import synthetic
from registration.sampling.scanning.guide import TUBE_GUIDE, Guide
from registration.sampling.scanning.pipeline import Governor, Pipeline, Sightings, mask_personal
from registration.sampling.scanning.sources import Frame

from .conftest import MemorySource

A, B = "https://a.example/0123456789abcdef", "https://b.example/0123456789abcdef"


def test_a_code_in_view_is_reported_once_and_again_only_after_the_away_time() -> None:
    seen = Sightings(away=1.0)
    assert seen.seen(0.0, [A]) == [(A, False)]
    assert seen.seen(0.5, [A]) == []
    assert seen.seen(1.0, []) == []  # missed in a frame or two: still the same showing
    assert seen.seen(1.4, [A]) == []
    assert seen.seen(2.3, [A]) == []
    assert seen.seen(3.4, [A]) == [(A, False)]  # away 1.1 s: a new showing


def test_changing_the_away_time_applies_to_the_next_frame() -> None:
    seen = Sightings(away=5.0)
    seen.seen(0.0, [A])
    seen.away = 1.0
    assert seen.seen(2.0, [A]) == [(A, False)]


def test_two_codes_in_one_frame_are_ambiguous_and_neither_is_reported_alone_until_the_view_settles() -> None:
    seen = Sightings(away=2.0, settle=0.3)
    assert seen.seen(0.0, [A, B]) == [(A, True), (B, True)]
    assert seen.seen(0.1, [A, B]) == []
    assert seen.seen(0.2, [A]) == []  # B was in view a moment ago
    assert seen.seen(0.6, [A]) == [(A, False)]  # B gone for good: A alone


def test_a_new_code_right_after_another_waits_for_the_view_to_settle() -> None:
    seen = Sightings(away=2.0, settle=0.3)
    assert seen.seen(0.0, [A]) == [(A, False)]
    assert seen.seen(0.1, [B]) == []
    assert seen.seen(0.5, [B]) == [(B, False)]


def test_forgetting_a_code_reports_it_on_its_next_sighting() -> None:
    seen = Sightings()
    seen.seen(0.0, [A])
    seen.forget(A)
    assert seen.seen(0.1, [A]) == [(A, False)]


def test_the_governor_keeps_decoding_to_the_rate_and_to_half_the_time() -> None:
    governor = Governor(max_rate=10.0, busy_share=0.5)
    assert governor.admit(0.0)
    governor.done(0.01)  # a quick decode: the rate limit rules
    assert not governor.admit(0.05)
    assert governor.admit(0.1)
    governor.done(0.25)  # a slow decode (150 ms): wait as long again
    assert not governor.admit(0.35)
    assert governor.admit(0.4)


def test_a_live_source_skips_full_decodes_of_an_empty_view_but_reads_a_code_in_every_frame() -> None:
    rng = np.random.default_rng(1)
    image = synthetic.phone_shot(A, "green", rng).image
    empty = synthetic.blank_shot(rng).image
    ticks = iter(np.arange(0.0, 10.0, 0.02))  # every clock reading moves 20 ms on
    pipeline = Pipeline(
        MemorySource([empty] * 12 + [image] * 6, live=True),
        governor=Governor(max_rate=10.0),
        clock=lambda: float(next(ticks)),
    )
    with pipeline.source:
        steps = [s for s in iter(pipeline.step, None)]
    assert len(steps) == 18
    decoded = [s.frame.index for s in steps if s.decoded]
    assert decoded[0] == 0 and 2 <= len([i for i in decoded if i < 12]) < 12
    # The first frame showing the code is read, whatever the governor says.
    assert [i for i in decoded if i >= 12] == list(range(12, 18))
    assert [(r.text, r.frame) for s in steps for r in s.reports] == [(A, 12)]


def test_a_phantom_second_code_in_one_frame_does_not_make_a_clear_scan_ambiguous() -> None:
    seen = Sightings(away=2.0, settle=0.3)

    def valid(text: str) -> bool:
        return text == A

    assert seen.seen(0.0, [A, "x7"], valid) == [(A, False)]
    assert seen.seen(0.03, [A], valid) == []
    # Read in a second frame, the other code is real: together they are ambiguous.
    assert seen.seen(0.06, [A, "x7"], valid) == [("x7", True)]
    other = Sightings(away=2.0, settle=0.3)
    assert other.seen(0.0, [A, B], valid) == [(A, False)]  # B is no valid payload here
    assert other.seen(0.03, [A, B], valid) == [(B, True)]


def test_a_report_carries_the_classification_colour_and_outline() -> None:
    rng = np.random.default_rng(2)
    shot = synthetic.phone_shot(A, "red", rng, code_px=260)
    pipeline = Pipeline(MemorySource([shot.image]))
    with pipeline.source:
        step = pipeline.step()
    assert step is not None
    (report,) = step.reports
    assert (report.text, report.format, report.kind, report.colour) == (A, "QRCode", "foreign_code", "red")
    assert report.payload.kind is Kind.FOREIGN and not report.ambiguous
    assert shot.corners is not None
    assert np.abs(np.array(report.corners) - shot.corners).max() < 8
    assert step.codes and step.codes[0].text == A


def test_with_the_guide_a_tube_label_outside_it_is_not_read_but_a_qr_code_anywhere_is() -> None:
    rng = np.random.default_rng(3)
    tube = synthetic.tube_shot("A12345678901", rng, width_fraction=0.6, tilt=0.0)
    elsewhere = Guide(0.0, 0.0, 0.2, 0.2)
    for guide, expected in ((TUBE_GUIDE, ["A12345678901"]), (elsewhere, [])):
        pipeline = Pipeline(MemorySource([tube.image]), guide=guide)
        with pipeline.source:
            step = pipeline.step()
        assert step is not None and [r.text for r in step.reports] == expected
    # The tube's outline is given in frame pixels, not in the guide's crop.
    pipeline = Pipeline(MemorySource([tube.image]), guide=TUBE_GUIDE)
    with pipeline.source:
        step = pipeline.step()
    assert step is not None and tube.corners is not None
    assert np.abs(np.array(step.reports[0].corners) - tube.corners).max() < 12
    phone = synthetic.phone_shot(A, "green", rng, code_px=240)
    pipeline = Pipeline(MemorySource([phone.image]), guide=elsewhere)
    with pipeline.source:
        step = pipeline.step()
    assert step is not None and [r.text for r in step.reports] == [A]


def test_the_guide_crop_is_a_view_of_the_full_resolution_frame() -> None:
    image = np.zeros((1080, 1920, 3), np.uint8)
    crop, origin = TUBE_GUIDE.crop(image)
    assert origin == (384, 356) and crop.shape == (368, 1152, 3)
    assert np.shares_memory(crop, image)
    with pytest.raises(ValueError):
        Guide(0.5, 0.2, 0.4, 0.8)


def test_an_empty_view_reports_nothing() -> None:
    rng = np.random.default_rng(4)
    pipeline = Pipeline(MemorySource([synthetic.blank_shot(rng).image for _ in range(3)]), guide=TUBE_GUIDE)
    with pipeline.source:
        steps = list(iter(pipeline.step, None))
    assert [(s.decoded, s.codes, s.reports) for s in steps] == [(True, (), ())] * 3


def test_the_away_time_cannot_be_negative() -> None:
    pipeline = Pipeline(MemorySource([]))
    pipeline.away_seconds = 0.5
    assert pipeline.away_seconds == 0.5
    with pytest.raises(ValueError):
        pipeline.away_seconds = -1


def test_id_numbers_and_phones_are_masked_for_display_but_other_digits_are_not() -> None:
    assert mask_personal("TP1.1A2B3C4D.440111197609218771.ABC") == "TP1.1A2B3C4D.4401**********8771.ABC"
    assert mask_personal("tel 13812345678;") == "tel 138****5678;"
    assert mask_personal("102030405060708090") == "102030405060708090"  # no birth date in it
    assert mask_personal("A12345678901") == "A12345678901"


def test_process_accepts_frames_from_elsewhere() -> None:
    rng = np.random.default_rng(5)
    image = synthetic.phone_shot(B, "black", rng, code_px=250).image
    pipeline = Pipeline(MemorySource([]))
    step = pipeline.process(Frame(image, 7, 0.28, "qt camera"))
    assert [(r.text, r.colour, r.frame, r.source) for r in step.reports] == [(B, "unknown", 7, "qt camera")]
