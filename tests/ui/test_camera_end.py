"""A file used as the camera, played to its end: a video says so over a blank preview, pictures
leave the last one in view and say they have all been read."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from tests.ui.test_camera_chooser import write_video
from tests.ui.test_scan_screen import WAIT_MS
from ui.app import TRANSLATION, StationApp
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def english(station_app: StationApp) -> None:
    TRANSLATION.apply("en")


def test_a_picture_read_to_its_end_stays_in_view(
    qtbot: QtBot, station_app: StationApp, window: MainWindow, tmp_path: Path
) -> None:
    picture = tmp_path / "badge.png"
    cv2.imwrite(str(picture), np.full((240, 320, 3), 200, np.uint8))
    with qtbot.waitSignal(station_app.services.camera.ended, timeout=WAIT_MS) as ended:
        station_app.services.camera.start(str(picture), station_app.prefs.backend)
    assert ended.args == [True]
    assert window.camera_state.text() == "Camera: every picture has been read"
    assert window.scan_screen.preview.image is not None


def test_a_video_played_to_its_end_says_so(
    qtbot: QtBot, station_app: StationApp, window: MainWindow, tmp_path: Path
) -> None:
    video = write_video(tmp_path / "clip.avi", frames=5)
    with qtbot.waitSignal(station_app.services.camera.ended, timeout=WAIT_MS) as ended:
        station_app.services.camera.start(str(video), station_app.prefs.backend, paced=False)
    assert ended.args == [False]
    assert window.camera_state.text() == "Camera: the video has ended"
    preview = window.scan_screen.preview
    assert (preview.image, preview.notice) == (None, "The video has ended")
