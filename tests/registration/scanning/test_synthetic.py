"""The frame generator that tests, benchmarks and the demo share: repeatable, and what it says it shows."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from registration.sampling.scanning import synthetic


def test_a_seed_gives_the_same_frame_every_time() -> None:
    first = synthetic.phone_shot("https://a.example/1", "yellow", np.random.default_rng(9))
    again = synthetic.phone_shot("https://a.example/1", "yellow", np.random.default_rng(9))
    other = synthetic.phone_shot("https://a.example/1", "yellow", np.random.default_rng(10))
    assert np.array_equal(first.image, again.image) and not np.array_equal(first.image, other.image)
    assert first.image.shape == (720, 1280, 3) and first.colour == "yellow"


def test_the_phone_is_drawn_where_its_outline_says_in_the_colour_asked_for() -> None:
    shot = synthetic.phone_shot("https://a.example/1", "red", np.random.default_rng(1), look=synthetic.Look())
    assert shot.corners is not None
    x0, y0 = shot.corners.min(axis=0).astype(int) + 5
    x1, y1 = shot.corners.max(axis=0).astype(int) - 5
    inside = shot.image[y0:y1, x0:x1].reshape(-1, 3).astype(int)
    reddish = (inside[:, 2] > 150) & (inside[:, 1] < 90) & (inside[:, 0] < 90)
    assert reddish.mean() > 0.2


def test_a_demo_video_has_each_code_where_its_timeline_says(tmp_path: Path) -> None:
    path = tmp_path / "demo.avi"
    timeline = synthetic.demo_video(
        path, ["https://a.example/1", "TUBE00000001"], tubes={"TUBE00000001"}, show_frames=5, gap_frames=4
    )
    assert [(a.colour, a.first, a.last) for a in timeline] == [("green", 4, 8), (None, 13, 17)]
    capture = cv2.VideoCapture(str(path))
    count = 0
    while capture.read()[0]:
        count += 1
    capture.release()
    assert count == 22


def test_an_unknown_video_type_or_a_missing_colour_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.avi or \.mp4"):
        synthetic.write_video(tmp_path / "x.gif", [np.zeros((8, 8, 3), np.uint8)])
    with pytest.raises(ValueError, match="one colour per code"):
        synthetic.demo_video(tmp_path / "x.avi", ["a", "b"], colours=["green"])
