"""Barcode decoders behind one interface: zxing-cpp (the default) and pyzbar (``zbar``).

A decoder finds QR codes, Code 128 (tube barcodes), Code 39 and EAN-13 in a BGR or grey
image and gives each code's text, format and four corner points.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np
import zxingcpp

from registration.errors import Refused
from registration.sampling.scanning import BACKENDS, DEFAULT_BACKEND
from registration.sampling.scanning.sources import Image, read_image

Point = tuple[int, int]

QR = "QRCode"
CODE128 = "Code128"
CODE39 = "Code39"
EAN13 = "EAN13"
LINEAR = (CODE128, CODE39, EAN13)
ALL_FORMATS = (QR, *LINEAR)


class DecoderUnavailable(Refused, RuntimeError):
    """The chosen decoder cannot run on this computer (for zbar: its library is missing)."""


@dataclass(frozen=True)
class Decoded:
    """One code found in an image."""

    text: str
    format: str
    corners: tuple[Point, ...]
    """Top-left, top-right, bottom-right, bottom-left as the code is read, in image pixels."""

    def mapped(self, scale: float = 1.0, offset: Point = (0, 0)) -> Decoded:
        """The same code in the coordinates of the image a crop or resized copy was taken from."""
        dx, dy = offset
        corners = tuple((round(x * scale) + dx, round(y * scale) + dy) for x, y in self.corners)
        return Decoded(self.text, self.format, corners)


class Decoder(Protocol):
    name: str

    def decode(
        self, image: Image, formats: Sequence[str] = ALL_FORMATS, *, level: bool = False
    ) -> list[Decoded]:
        """Every code of ``formats`` in ``image``; ``level`` promises linear codes are not turned on end."""
        ...


_ZXING_FORMATS = {
    QR: zxingcpp.BarcodeFormat.QRCode,
    CODE128: zxingcpp.BarcodeFormat.Code128,
    CODE39: zxingcpp.BarcodeFormat.Code39,
    EAN13: zxingcpp.BarcodeFormat.EAN13,
}
_ZXING_NAMES = {value: key for key, value in _ZXING_FORMATS.items()}
_ZBAR_SYMBOLS = {QR: "QRCODE", CODE128: "CODE128", CODE39: "CODE39", EAN13: "EAN13"}
_ZBAR_NAMES = {value: key for key, value in _ZBAR_SYMBOLS.items()}


class ZxingDecoder:
    """zxing-cpp: more codes, no misreads, and the fastest of the decoders measured."""

    name = "zxing"

    def decode(
        self, image: Image, formats: Sequence[str] = ALL_FORMATS, *, level: bool = False
    ) -> list[Decoded]:
        found = zxingcpp.read_barcodes(
            image,
            formats=_zxing_formats(tuple(formats)),
            try_rotate=not level,
            # The raw content: the human-readable forms add brackets to GS1 data.
            text_mode=zxingcpp.TextMode.Plain,
        )
        return [
            Decoded(
                barcode.text,
                _ZXING_NAMES.get(barcode.format)
                or _ZXING_NAMES.get(barcode.symbology)
                or barcode.format.name,
                tuple((p.x, p.y) for p in _zxing_corners(barcode.position)),
            )
            for barcode in found
        ]


@functools.cache
def _zxing_formats(formats: tuple[str, ...]) -> zxingcpp.BarcodeFormats:
    return zxingcpp.BarcodeFormats([_ZXING_FORMATS[f] for f in formats])


def _zxing_corners(position: zxingcpp.Position) -> tuple[zxingcpp.Point, ...]:
    return (position.top_left, position.top_right, position.bottom_right, position.bottom_left)


class ZbarDecoder:
    """pyzbar over the system's zbar library, kept selectable as the product's design card names it."""

    name = "zbar"

    def __init__(self) -> None:
        try:
            from pyzbar import pyzbar
        except (ImportError, OSError) as exc:  # pyzbar raises ImportError when libzbar is absent
            raise DecoderUnavailable("decoder.no_zbar", why=exc) from exc

        self._pyzbar: Any = pyzbar

    def decode(
        self, image: Image, formats: Sequence[str] = ALL_FORMATS, *, level: bool = False
    ) -> list[Decoded]:
        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        symbols = [self._pyzbar.ZBarSymbol[_ZBAR_SYMBOLS[f]] for f in formats]
        found = self._pyzbar.decode(np.ascontiguousarray(grey), symbols=symbols)
        return [
            Decoded(
                # zbar hands over UTF-8, having guessed the code's own character set.
                item.data.decode("utf-8", errors="replace"),
                _ZBAR_NAMES.get(item.type, item.type),
                _quadrilateral([(p.x, p.y) for p in item.polygon]),
            )
            for item in found
        ]


def _quadrilateral(points: Sequence[Point]) -> tuple[Point, ...]:
    """Four corners for an outline: zbar gives a linear code's outline as many scan-line ends."""
    if len(points) == 4:
        return tuple(points)
    box = cv2.boxPoints(cv2.minAreaRect(np.array(points, np.float32)))
    return tuple((round(float(x)), round(float(y))) for x, y in box)


def make_decoder(backend: str = DEFAULT_BACKEND) -> Decoder:
    """The decoder named ``zxing`` or ``zbar``; DecoderUnavailable when it cannot run here."""
    if backend == "zxing":
        return ZxingDecoder()
    if backend == "zbar":
        return ZbarDecoder()
    raise ValueError(f"unknown decoder {backend!r} (choose {' or '.join(BACKENDS)})")


class InkContrast:
    """Per pixel, the darkest of blue, green and red.

    Health codes are green, yellow or red on white: yellow ink is pale in ordinary grey
    (luminance) but nearly black in this image, while black ink stays black. The buffers are
    kept from one frame to the next (fresh ones for each 720p frame cost ten times the
    arithmetic), so the image returned is overwritten by the next call.
    """

    def __init__(self) -> None:
        self._planes: list[Image] = []
        self._out: Image = np.empty((0, 0), np.uint8)

    def __call__(self, image: Image) -> Image:
        if image.ndim == 2:
            return image
        if self._out.shape != image.shape[:2]:
            self._planes = [np.empty(image.shape[:2], np.uint8) for _ in range(3)]
            self._out = np.empty(image.shape[:2], np.uint8)
        cv2.split(image, self._planes)
        cv2.min(self._planes[0], self._planes[1], self._out)
        cv2.min(self._out, self._planes[2], self._out)
        return self._out


def ink_contrast(image: Image) -> Image:
    """``InkContrast`` for a single picture: a new image of its own."""
    return InkContrast()(image)


def _grey(image: Image) -> Image:
    return image if image.ndim == 2 else np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), np.uint8)


def _enlarged(image: Image) -> Image:
    return np.asarray(cv2.resize(image, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), np.uint8)


_SMALL = 1600  # a picture whose longer side is under this many pixels can be enlarged cheaply

# What to try on a single picture, in turn, until a code is found, and the scale of each attempt.
_STILL_ATTEMPTS: tuple[tuple[Callable[[Image], Image], float], ...] = (
    (ink_contrast, 1.0),
    (_grey, 1.0),
    (lambda image: _enlarged(_grey(image)), 2.0),
    (lambda image: _enlarged(np.asarray(cv2.equalizeHist(_grey(image)), np.uint8)), 2.0),
)


def decode_still(decoder: Decoder, image: Image, formats: Sequence[str] = ALL_FORMATS) -> list[Decoded]:
    """Decode a single picture, trying harder than on a live frame since no next frame is coming:
    ink contrast, then plain grey, then (for a small picture) enlarged and contrast-stretched."""
    for prepare, scale in _STILL_ATTEMPTS:
        if scale > 1 and max(image.shape[:2]) >= _SMALL:
            break
        found = decoder.decode(prepare(image), formats)
        if found:
            return [d.mapped(1 / scale) for d in found]
    return []


def decode_file(path: str | Path, backend: str | Decoder = DEFAULT_BACKEND) -> list[Decoded]:
    """Every code in an image file; SourceError when the file cannot be read as an image."""
    decoder = make_decoder(backend) if isinstance(backend, str) else backend
    return decode_still(decoder, read_image(path))
