"""Choosing the camera on a new laptop: cameras by name, a live preview, a camera that comes and goes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from registration.sampling.scanning.sources import CameraInfo
from ui.app import TRANSLATION, StationApp
from ui.camera_chooser import CameraChooser
from ui.camera_worker import RETRY_MS, Camera
from ui.first_start import FirstStart
from ui.preferences import Preferences

LAPTOP = [CameraInfo(0, "Integrated Webcam"), CameraInfo(2, "USB Document Camera")]


def write_video(path: Path, frames: int = 30) -> Path:
    """A short clip, written beside ``path`` and moved in whole: a reader never sees half a file."""
    part = path.with_name("part-" + path.name)
    writer = cv2.VideoWriter(str(part), cv2.VideoWriter.fourcc(*"MJPG"), 10, (320, 240))
    for i in range(frames):
        image = np.full((240, 320, 3), 40 + i * 5, np.uint8)
        cv2.putText(image, str(i), (130, 140), cv2.FONT_HERSHEY_SIMPLEX, 2, (255, 255, 255), 3)
        writer.write(image)
    writer.release()
    part.rename(path)
    return path


@pytest.fixture(autouse=True)
def english(prefs: Preferences) -> None:
    """The texts below are the source strings, whatever language an earlier test left."""
    prefs.language = "en"
    TRANSLATION.apply("en")


@pytest.fixture
def chooser(qtbot: QtBot, prefs: Preferences) -> Iterator[CameraChooser]:
    prefs.camera = "0"
    chooser = CameraChooser(prefs, find=lambda: LAPTOP)
    qtbot.addWidget(chooser)
    chooser.show()
    yield chooser
    if chooser.isVisible():
        chooser.reject()


def texts(chooser: CameraChooser) -> list[str]:
    return [chooser.sources.item(row).text() for row in range(chooser.sources.count())]


def test_the_chooser_lists_the_cameras_by_name_and_a_video_file(chooser: CameraChooser) -> None:
    assert texts(chooser) == [
        "Integrated Webcam (camera 0)",
        "USB Document Camera (camera 2)",
        "Video file…",
        "Image folder…",
    ]
    assert chooser.spec == "0"  # the camera chosen before is selected


def test_choosing_a_video_file_previews_it_and_saves_it(
    qtbot: QtBot, chooser: CameraChooser, prefs: Preferences, tmp_path: Path
) -> None:
    clip = write_video(tmp_path / "queue.avi")
    chooser.pick_file = lambda: str(clip)
    frames = chooser.preview.frames
    chooser.sources.setCurrentRow(texts(chooser).index("Video file…"))
    assert chooser.spec == str(clip)
    qtbot.waitUntil(lambda: chooser.preview.frames > frames + 3, timeout=5000)
    assert chooser.preview.image is not None and chooser.preview.image.width() == 320
    with qtbot.wait_signal(chooser.chosen) as chosen:
        chooser.buttons.button(chooser.buttons.StandardButton.Ok).click()
    assert chosen.args == [str(clip)]
    assert prefs.camera == str(clip)
    again = CameraChooser(prefs, find=lambda: LAPTOP)
    assert (again.spec, again.sources.currentItem().text()) == (str(clip), "queue.avi")
    again.reject()


def test_a_cancelled_file_choice_goes_back_to_the_camera_shown(
    chooser: CameraChooser, prefs: Preferences
) -> None:
    chooser.sources.setCurrentRow(1)
    chooser.pick_file = lambda: ""
    chooser.sources.setCurrentRow(texts(chooser).index("Video file…"))
    assert chooser.spec == "2"
    chooser.reject()
    assert prefs.camera == "0"


def test_no_camera_found_says_so_and_keeps_the_file_choices(qtbot: QtBot, prefs: Preferences) -> None:
    prefs.camera = "0"
    chooser = CameraChooser(prefs, find=lambda: [])
    qtbot.addWidget(chooser)
    assert texts(chooser) == ["Camera 0 (not found now)", "Video file…", "Image folder…"]
    assert chooser.hint.text() == "No camera found: plug one in and look again, or choose a video file"
    chooser.reject()


def test_the_camera_reports_a_missing_source_and_resumes_when_it_appears(
    qtbot: QtBot, tmp_path: Path
) -> None:
    camera = Camera()
    frames: list[object] = []
    camera.frame.connect(lambda image, _scale, _outlines: frames.append(image))
    try:
        clip = tmp_path / "late.avi"
        with qtbot.wait_signal(camera.problem, timeout=2000) as problem:
            camera.start(str(clip))
        assert problem.args == [f"{clip}: no such file or folder, and not a camera index"]
        assert not frames
        write_video(clip)
        with qtbot.wait_signal(camera.running, timeout=RETRY_MS + 3000) as running:
            pass
        assert running.args == [str(clip)]
        qtbot.waitUntil(lambda: len(frames) > 0, timeout=3000)
    finally:
        camera.shutdown()


def test_the_settings_choose_the_camera_and_the_station_shows_it(
    qtbot: QtBot, station_app: StationApp, prefs: Preferences, tmp_path: Path
) -> None:
    clip = write_video(tmp_path / "checkpoint.avi")
    settings = station_app.open_settings()
    chooser = settings.choose_camera()
    qtbot.addWidget(chooser)  # closed, and its camera thread stopped, should the test fail
    chooser.pick_file = lambda: str(clip)
    chooser.sources.setCurrentRow(texts(chooser).index("Video file…"))
    qtbot.waitUntil(lambda: chooser.preview.frames > 0, timeout=5000)
    with qtbot.wait_signal(station_app.services.camera.running, timeout=5000) as running:
        chooser.accept()
    assert running.args == [str(clip)]  # the station's camera took the choice up at once
    assert settings.camera.text() == str(clip) == prefs.camera
    settings.reject()


def test_the_sign_in_page_chooses_the_camera(qtbot: QtBot, prefs: Preferences, tmp_path: Path) -> None:
    clip = write_video(tmp_path / "gate.avi")
    first = FirstStart(prefs)
    qtbot.addWidget(first)
    assert first.camera_choice.text() == "no-camera-here"
    chooser = first.choose_camera()
    qtbot.addWidget(chooser)
    assert chooser.isVisible()
    chooser.pick_file = lambda: str(clip)
    chooser.sources.setCurrentRow(texts(chooser).index("Video file…"))
    chooser.accept()
    assert (prefs.camera, first.camera_choice.text()) == (str(clip), "gate.avi")
    first.ending = True


def test_a_camera_that_is_not_there_is_said_so_plainly(qtbot: QtBot, prefs: Preferences) -> None:
    prefs.camera = "7"
    chooser = CameraChooser(prefs, find=lambda: [CameraInfo(7, "USB Camera")])
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitUntil(lambda: chooser.state.text() != "", timeout=5000)
    assert chooser.state.text() == (
        "Camera 7: no camera at this index (not connected, or in use by another program)"
    )

    assert chooser.preview.notice == chooser.state.text() and chooser.preview.image is None
    chooser.reject()


def test_looking_again_finds_a_camera_plugged_in_meanwhile(qtbot: QtBot, prefs: Preferences) -> None:
    prefs.camera = "0"
    plugged: list[CameraInfo] = [LAPTOP[0]]
    chooser = CameraChooser(prefs, find=lambda: plugged)
    qtbot.addWidget(chooser)
    assert texts(chooser)[:2] == ["Integrated Webcam (camera 0)", "Video file…"]
    plugged.append(LAPTOP[1])
    chooser.look_again.click()
    assert texts(chooser)[:2] == ["Integrated Webcam (camera 0)", "USB Document Camera (camera 2)"]
    assert chooser.spec == "0"  # what was selected stays selected
    chooser.reject()
