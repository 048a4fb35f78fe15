"""Generated frames through the pipeline: tube labels in the framing guide, coloured health codes.

Each check runs on a sample of frames in the default tier and as the full sweep in the slow tier.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import numpy as np
import pytest

from registration.sampling.scanning import synthetic
from registration.sampling.scanning.guide import TUBE_GUIDE
from registration.sampling.scanning.pipeline import Pipeline
from registration.sampling.scanning.sources import Image

from .conftest import MemorySource

TUBE_FRAMES = 120
COLOUR_FRAMES = 640
HARSH_FRAMES = 120
SAMPLE = 0.125
"""The share of a sweep's frames the default tier runs."""
PERSON_CODE = "TP1.1A2B3C4D.440111197609218771." + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" * 3 + "ABCDEFG"
HEALTH_CODES = (
    PERSON_CODE,
    "https://jkm.example.gov.cn/h5/code?token=9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    "440111197609218771",
)


def _tube_code(rng: np.random.Generator) -> str:
    # Tube barcodes as suppliers print them: all digits, or a letter prefix and a serial.
    if rng.random() < 0.5:
        return "".join(str(d) for d in rng.integers(0, 10, 12))
    return "".join(rng.choice(list("ABCDEFGHJKLMNPRSTUVWXYZ"), 2)) + "".join(
        str(d) for d in rng.integers(0, 10, 10)
    )


def sweeps(full: int) -> pytest.MarkDecorator:
    """The check on the first eighth of ``full`` frames, and on all of them in the slow tier."""
    return pytest.mark.parametrize(
        "count", [int(full * SAMPLE), pytest.param(full, marks=pytest.mark.slow)], ids=["sample", "full"]
    )


@sweeps(TUBE_FRAMES)
def test_a_tube_label_held_in_the_guide_is_read_in_at_least_95_percent_of_frames(count: int) -> None:
    rng = np.random.default_rng(404)
    codes = [_tube_code(rng) for _ in range(count)]
    labels: list[tuple[float, float]] = []

    def frames() -> Iterator[Image]:
        for code in codes:
            fraction, tilt = float(rng.uniform(1 / 3, 0.85)), float(rng.uniform(-10, 10))
            labels.append((fraction, tilt))
            yield synthetic.tube_shot(code, rng, width_fraction=fraction, tilt=tilt).image

    # A different tube in every frame, a second apart (the view settles), so each frame read is reported.
    pipeline = Pipeline(MemorySource(frames(), fps=1), guide=TUBE_GUIDE)
    read: dict[int, str] = {}
    with pipeline.source:
        while (step := pipeline.step()) is not None:
            assert step.frame.image.shape[:2] == (1080, 1920)
            for report in step.reports:
                assert report.text == codes[report.frame] and report.kind == "tube"
                read[report.frame] = report.text
    missed = [labels[i] for i in range(count) if i not in read]
    print(f"\ntube labels in the guide, 1920x1080: read {len(read)} of {count}")
    print(f"missed (width fraction, tilt): {missed}")
    assert min(f for f, _ in labels) >= 1 / 3 and max(abs(t) for _, t in labels) > 9
    assert len(read) >= 0.95 * count


@sweeps(COLOUR_FRAMES)
def test_health_code_colours_on_generated_frames_never_pass_red_or_yellow_for_green(count: int) -> None:
    rng = np.random.default_rng(2022)
    shown: list[str] = []

    def frames() -> Iterator[Image]:
        for i in range(count):
            colour = synthetic.CODE_COLOURS[i % 4]
            # A new code each frame so each decoded frame is reported: the text carries the frame number.
            text = f"{HEALTH_CODES[i % 3]}#{i}" if i % 3 == 1 else HEALTH_CODES[i % 3]
            shown.append(colour)
            yield synthetic.phone_shot(text, colour, rng).image

    # As the station runs it: QR codes over the whole frame, linear codes in the guide.
    pipeline = Pipeline(MemorySource(frames(), fps=1), away_seconds=0, guide=TUBE_GUIDE)
    answers: dict[int, str] = {}
    with pipeline.source:
        while (step := pipeline.step()) is not None:
            assert len(step.reports) <= 1
            answers.update((r.frame, r.colour) for r in step.reports)
    confusion = Counter((shown[frame], answer) for frame, answer in answers.items())
    correct = sum(
        n for (truth, answer), n in confusion.items() if answer == ("unknown" if truth == "black" else truth)
    )
    print(f"\ncolour: {len(answers)} of {count} frames decoded, {correct} correct")
    print(f"(shown, classified): {sorted(confusion.items())}")
    assert len(answers) >= 600 / 640 * count
    assert confusion[("red", "green")] == confusion[("yellow", "green")] == 0
    assert confusion[("black", "green")] == 0
    assert correct >= 0.97 * len(answers)


@sweeps(HARSH_FRAMES)
def test_under_harsh_light_a_colour_is_named_right_or_not_at_all(count: int) -> None:
    rng = np.random.default_rng(77)
    shown: list[str] = []

    def frames() -> Iterator[Image]:
        for i in range(count):
            colour = synthetic.CODE_COLOURS[i % 4]
            warmth, tint = float(rng.uniform(-0.5, 0.5)), float(rng.uniform(-0.15, 0.15))
            # Beyond random_look: strong colour casts, under- and overexposure (clipped whites), heavy blur.
            look = synthetic.Look(
                (1 - warmth, 1 + tint, 1 + warmth),
                float(rng.uniform(0.35, 1.6)),
                float(rng.uniform(0, 2.5)),
                float(rng.uniform(0, 16)),
            )
            shown.append(colour)
            yield synthetic.phone_shot(f"{HEALTH_CODES[1]}#{i}", colour, rng, look=look).image

    pipeline = Pipeline(MemorySource(frames(), fps=1), guide=TUBE_GUIDE)
    answers: dict[int, str] = {}
    with pipeline.source:
        while (step := pipeline.step()) is not None:
            answers.update((r.frame, r.colour) for r in step.reports)
    wrong = [(shown[f], a) for f, a in answers.items() if a not in ("unknown", shown[f])]
    unsure = sum(1 for f, a in answers.items() if a == "unknown" and shown[f] != "black")
    print(f"\nharsh light: {len(answers)} of {count} read, {len(wrong)} wrong, {unsure} coloured unknown")
    assert len(answers) >= 0.9 * count
    assert wrong == []
