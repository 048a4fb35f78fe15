"""Frame sources behind one interface: a webcam by index, a video file, a folder of images, one image.

A source reports trouble as ``SourceError`` and stays usable: a folder moves on to its next
file, and a camera that failed (missing, unplugged mid-shift) is reopened by the next read.
``camera_indices`` and ``linux_cameras`` name the cameras a laptop has by the index OpenCV opens.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from registration.errors import Refused

Image = npt.NDArray[np.uint8]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"})
VIDEO_SUFFIXES = frozenset({".mp4", ".avi", ".mkv", ".mov", ".webm", ".m4v", ".mpg", ".mpeg", ".wmv"})
CAMERA_RESOLUTION = (1920, 1080)
"""What a camera is asked for: tube labels need every pixel; a camera gives its nearest mode."""
_DEFAULT_FPS = 25.0


class SourceError(Refused):
    """A source cannot deliver: no camera, a camera lost, a file that is no readable image or video."""

    def __init__(self, where: str | Path, problem: str, **params: object) -> None:
        """``problem`` is the refusal's key; its words say ``where`` first ("camera 0: ...")."""
        super().__init__(problem, where=str(where), **params)
        self.where = str(where)
        """The file, or the camera, at fault."""


@dataclass(frozen=True)
class Frame:
    image: Image
    """BGR pixels."""
    index: int
    """The frame's number in its source, from 0 (for a folder, the image's number)."""
    timestamp: float
    """Seconds: the time into a video, or the capture time (monotonic clock) for a camera."""
    name: str
    """Where the frame came from: the image file for a folder, else the source's name."""


class FrameSource(ABC):
    """Frames from somewhere; ``read`` returns None at the end and raises SourceError on trouble."""

    name: str
    live = False
    """Frames come in real time and go stale if not read: decoding must keep pace."""
    stills = False
    """Frames are separate pictures, not moments of one scene."""

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def read(self) -> Frame | None: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> FrameSource:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_image(path: str | Path) -> Image:
    """A BGR image from a file; SourceError when it cannot be read or is not an image."""
    try:
        # imdecode of the bytes, not imread: imread cannot open non-ASCII paths on Windows.
        data = np.fromfile(str(path), np.uint8)
    except OSError as exc:
        raise SourceError(path, "source.unreadable", why=exc.strerror or exc) from exc
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise SourceError(path, "source.not_image")
    return np.asarray(image, np.uint8)


class ImageFiles(FrameSource):
    """One image, or every image in a folder and its subfolders, in name order."""

    stills = True

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = str(self.path)
        self._files: list[Path] = []
        self._next = 0

    def open(self) -> None:
        if self.path.is_dir():
            self._files = sorted(
                p for p in self.path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
            )
        elif self.path.is_file():
            self._files = [self.path]
        else:
            raise SourceError(self.path, "source.missing")
        self._next = 0

    def read(self) -> Frame | None:
        if self._next >= len(self._files):
            return None
        index, path = self._next, self._files[self._next]
        self._next += 1
        return Frame(read_image(path), index, float(index), str(path))

    def close(self) -> None:
        self._files = []


class _Capture(FrameSource):
    """What a video file and a camera share: an OpenCV capture, opened on the first read."""

    def __init__(self) -> None:
        self._capture: cv2.VideoCapture | None = None
        self._index = 0

    def _opened(self, capture: cv2.VideoCapture, problem: str) -> None:
        """Keep ``capture`` once it is open; else SourceError with ``problem`` (a refusal's key)."""
        if not capture.isOpened():
            capture.release()
            raise SourceError(self.name, problem)
        self._capture = capture
        self._index = 0

    def _grab(self, timestamp: Callable[[], float]) -> Frame | None:
        """The next frame, or None when the capture gives none."""
        if self._capture is None:
            self.open()
        assert self._capture is not None
        ok, image = self._capture.read()
        if not ok or image is None:
            return None
        frame = Frame(np.asarray(image, np.uint8), self._index, timestamp(), self.name)
        self._index += 1
        return frame

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class VideoFile(_Capture):
    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self.name = str(self.path)
        self._fps = _DEFAULT_FPS
        self._ended = False

    def open(self) -> None:
        self.close()
        if not self.path.is_file():
            raise SourceError(self.path, "source.no_video")
        capture = cv2.VideoCapture(str(self.path))
        self._opened(capture, "source.not_video")
        fps = capture.get(cv2.CAP_PROP_FPS)
        self._fps = fps if fps > 0 else _DEFAULT_FPS
        self._ended = False

    def read(self) -> Frame | None:
        # The end of a file is final: reading on does not start it over (open() does).
        if self._ended:
            return None
        # Frame count over rate, not the container's clock: exact, and the same on every platform.
        frame = self._grab(lambda: self._index / self._fps)
        self._ended = frame is None
        return frame


class Camera(_Capture):
    live = True

    def __init__(self, index: int, resolution: tuple[int, int] | None = CAMERA_RESOLUTION) -> None:
        super().__init__()
        self.index = index
        self.resolution = resolution
        self.name = f"camera {index}"

    def open(self) -> None:
        self.close()
        # OpenCV warns on stderr for every backend that finds no camera; SourceError says it once.
        previous = cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        try:
            capture = cv2.VideoCapture(self.index)
        finally:
            cv2.utils.logging.setLogLevel(previous)
        self._opened(capture, "source.no_camera")
        # Keep at most one frame waiting, so a read gives what the camera sees now.
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        if self.resolution is not None:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.resolution[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.resolution[1])

    def read(self) -> Frame | None:
        frame = self._grab(time.monotonic)
        if frame is None:
            self.close()
            raise SourceError(self.name, "source.camera_lost")
        return frame


def open_source(spec: str | Path) -> FrameSource:
    """The source a command-line argument or a setting names: a camera index, a video, an image, a folder."""
    path = Path(spec)
    if path.is_dir() or (path.is_file() and path.suffix.lower() not in VIDEO_SUFFIXES):
        return ImageFiles(path)
    if path.is_file():
        return VideoFile(path)
    text = str(spec)
    if text.isdigit():
        return Camera(int(text))
    raise SourceError(text, "source.unknown")


@dataclass(frozen=True)
class CameraInfo:
    """A camera as the volunteer knows it (its name) and as OpenCV opens it (its index)."""

    index: int
    name: str

    @property
    def spec(self) -> str:
        """What ``open_source`` and the camera preference take."""
        return str(self.index)


_V4L2_NODE = re.compile(r"(?:^|/)video(\d+)$")


def camera_indices(devices: Sequence[tuple[str, str]]) -> list[CameraInfo]:
    """The cameras the window system lists, as (device id, name), with OpenCV's index for each.

    On Linux the id is the V4L2 node (/dev/videoN) and OpenCV opens it as index N; elsewhere both
    list the cameras in the system's order, so the position is the index.

    >>> camera_indices([("/dev/video2", "USB Camera"), ("/dev/video0", "Integrated Webcam")])
    [CameraInfo(index=2, name='USB Camera'), CameraInfo(index=0, name='Integrated Webcam')]
    >>> camera_indices([("@device:pnp:usb#vid_046d", "Logitech C920")])
    [CameraInfo(index=0, name='Logitech C920')]
    """
    cameras = []
    for position, (device, name) in enumerate(devices):
        node = _V4L2_NODE.search(device)
        cameras.append(CameraInfo(int(node.group(1)) if node else position, name or f"camera {position}"))
    return cameras


def linux_cameras(root: Path = Path("/sys/class/video4linux")) -> list[CameraInfo]:
    """The capture nodes under ``root`` (sysfs) by name; a camera's extra metadata nodes are left out."""
    cameras = []
    for node in root.glob("video*"):
        match = _V4L2_NODE.search(node.name)
        if match is None:
            continue
        try:
            name = (node / "name").read_text(encoding="utf-8", errors="replace").strip()
            # A camera's first node (index 0) captures; the others carry its metadata.
            if (node / "index").is_file() and (node / "index").read_text().strip() not in ("", "0"):
                continue
        except OSError:
            continue  # unplugged while being listed
        cameras.append(CameraInfo(int(match.group(1)), name))
    return sorted(cameras, key=lambda camera: camera.index)
