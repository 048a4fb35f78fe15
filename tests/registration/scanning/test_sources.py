"""Frame sources: images, folders, video files and cameras, and how each reports trouble."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from registration.sampling.scanning import synthetic
from registration.sampling.scanning.sources import (
    Camera,
    CameraInfo,
    ImageFiles,
    SourceError,
    VideoFile,
    camera_indices,
    linux_cameras,
    open_source,
    read_image,
)


def _frames(n: int, value: int = 0) -> list[np.ndarray]:
    return [np.full((48, 64, 3), value + i, np.uint8) for i in range(n)]


def test_a_folder_reports_an_unreadable_file_and_goes_on_with_the_next(
    tmp_path: Path, photo_dir: Path
) -> None:
    shutil.copy(photo_dir / "qrcode-1" / "1.webp", tmp_path / "a.webp")
    (tmp_path / "b.png").write_bytes(b"not a picture")
    (tmp_path / "notes.txt").write_text("ignored: not an image")
    (tmp_path / "sub").mkdir()
    shutil.copy(photo_dir / "code128-1" / "1.png", tmp_path / "sub" / "c.png")
    source = ImageFiles(tmp_path)
    with source:
        first = source.read()
        with pytest.raises(SourceError) as error:
            source.read()
        third = source.read()
        assert source.read() is None
    assert error.value.where == str(tmp_path / "b.png") and "not an image" in str(error.value)
    assert first is not None and third is not None
    assert (first.name, first.index, third.name, third.index) == (
        str(tmp_path / "a.webp"),
        0,
        str(tmp_path / "sub" / "c.png"),
        2,
    )


def test_a_video_file_gives_every_frame_with_its_time_and_can_be_played_again(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    assert synthetic.write_video(path, _frames(10, 100), fps=20) == 10
    video = VideoFile(path)
    with video:
        frames = list(iter(video.read, None))
        assert video.read() is None  # the end stays the end
        video.open()
        assert video.read() is not None
    assert [f.index for f in frames] == list(range(10))
    assert [f.timestamp for f in frames] == pytest.approx([i / 20 for i in range(10)])
    assert frames[3].image.shape == (48, 64, 3) and abs(int(frames[3].image.mean()) - 103) <= 2


def test_a_file_that_is_no_video_is_refused_on_open(tmp_path: Path) -> None:
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(SourceError, match="not a video"):
        VideoFile(bad).open()


def test_a_missing_camera_is_reported_and_tried_again_on_the_next_read() -> None:
    camera = Camera(97)
    assert camera.live and not camera.stills
    with pytest.raises(SourceError, match="no camera") as error:
        camera.open()
    assert error.value.where == "camera 97"
    with pytest.raises(SourceError, match="no camera"):
        camera.read()  # reading again reopens, and says so again while it is still missing


def test_open_source_tells_a_camera_index_a_video_an_image_and_a_folder_apart(tmp_path: Path) -> None:
    synthetic.write_video(tmp_path / "v.mp4", _frames(2))
    (tmp_path / "i.png").write_bytes(b"")
    assert isinstance(open_source("0"), Camera)
    assert isinstance(open_source(tmp_path / "v.mp4"), VideoFile)
    assert isinstance(open_source(tmp_path / "i.png"), ImageFiles)
    assert isinstance(open_source(tmp_path), ImageFiles)
    with pytest.raises(SourceError, match="no such file"):
        open_source(tmp_path / "missing.png")


def test_read_image_refuses_an_empty_or_missing_file(tmp_path: Path) -> None:
    (tmp_path / "empty.png").write_bytes(b"")
    for path in (tmp_path / "empty.png", tmp_path / "missing.png"):
        with pytest.raises(SourceError):
            read_image(path)


def test_cameras_are_named_by_the_index_opencv_opens() -> None:
    linux = [("/dev/video4", "USB 2.0 HD Camera"), ("/dev/video0", "Integrated Webcam")]
    assert camera_indices(linux) == [CameraInfo(4, "USB 2.0 HD Camera"), CameraInfo(0, "Integrated Webcam")]
    windows = [("\\\\?\\usb#vid_0c45&pid_6366", "Integrated Webcam"), ("\\\\?\\usb#vid_046d", "")]
    assert camera_indices(windows) == [CameraInfo(0, "Integrated Webcam"), CameraInfo(1, "camera 1")]


def test_linux_cameras_come_from_sysfs_without_their_metadata_nodes(tmp_path: Path) -> None:
    for node, name, index in [
        ("video0", "Integrated Webcam: Integrated C", "0"),
        ("video1", "Integrated Webcam: Integrated C", "1"),  # the same camera's metadata
        ("video10", "USB Document Camera", "0"),
    ]:
        (tmp_path / node).mkdir()
        (tmp_path / node / "name").write_text(name + "\n")
        (tmp_path / node / "index").write_text(index + "\n")
    (tmp_path / "v4l-subdev0").mkdir()
    assert linux_cameras(tmp_path) == [
        CameraInfo(0, "Integrated Webcam: Integrated C"),
        CameraInfo(10, "USB Document Camera"),
    ]
    assert linux_cameras(tmp_path / "none") == []
