"""Fixtures for the scanning tests: the shared photographs with their expected texts, generated frames."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from registration.sampling.scanning.sources import IMAGE_SUFFIXES, Frame, FrameSource, Image


def expected_text(path: Path) -> str:
    # The expected texts were checked out with Unix line ends; the codes hold CR LF.
    return path.with_suffix(".txt").read_text(encoding="utf-8").replace("\r\n", "\n")


def same_text(decoded: str) -> str:
    return decoded.replace("\r\n", "\n")


@pytest.fixture
def photo_dir(shared_data: Path) -> Path:
    folder = shared_data / "qr-photos"
    if not folder.is_dir():
        pytest.skip(f"the shared QR photographs are not at {folder}")
    return folder


@pytest.fixture
def photos(photo_dir: Path) -> list[tuple[Path, str]]:
    found = sorted(p for p in photo_dir.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    assert len(found) >= 100, "the shared photo set shrank"
    return [(p, expected_text(p)) for p in found]


class MemorySource(FrameSource):
    """Generated frames, made as they are read, handed to the pipeline as a video would, ``fps`` apart."""

    def __init__(self, images: Iterable[Image], fps: float = 25.0, *, live: bool = False) -> None:
        self.name = "memory"
        self.live = live
        self._images = images
        self._fps = fps
        self._frames: Iterator[Frame] = iter(())

    def open(self) -> None:
        self._frames = (Frame(image, i, i / self._fps, self.name) for i, image in enumerate(self._images))

    def read(self) -> Frame | None:
        return next(self._frames, None)

    def close(self) -> None:
        self._frames = iter(())
