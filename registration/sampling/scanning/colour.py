"""Health-code colour: green, yellow, red or unknown, from the pixels inside a decoded code's outline.

The code's light modules are white on the phone, so they give the scene's white balance; the
dark modules' colour, corrected by it, is the code's colour. A red or yellow code must never
pass for green, so anything short of a clear answer is ``unknown``.
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence

import cv2
import numpy as np
import numpy.typing as npt

GREEN = "green"
YELLOW = "yellow"
RED = "red"
UNKNOWN = "unknown"

# Hue bands in degrees, with wide unclaimed gaps between them (orange, yellow-green, cyan, blue,
# magenta) that answer unknown.
_BANDS = ((RED, 330.0, 360.0), (RED, 0.0, 20.0), (YELLOW, 30.0, 70.0), (GREEN, 90.0, 175.0))
_MIN_PIXELS = 200
_ENOUGH_PIXELS = 5_000  # more only cost time: a larger code is sampled on a sparser grid
_MIN_CONTRAST = 40  # grey levels between the light and the dark modules in the darkest channel
_MIN_CHROMA = 0.3  # spread of the dark modules' balanced colour: black ink has little, even when an
# overexposed (clipped) white makes the balance wrong
_MIN_SATURATION = 0.45
_DARK_WHITE = 25  # a white darker than this in any channel gives no usable balance


def classify(image: npt.NDArray[np.uint8], corners: Sequence[tuple[int, int]]) -> str:
    """The colour of the code whose outline is ``corners`` in the BGR ``image``."""
    pixels = _inside(image, corners)
    if len(pixels) < _MIN_PIXELS:
        return UNKNOWN
    darkest = np.minimum(np.minimum(pixels[:, 0], pixels[:, 1]), pixels[:, 2])
    threshold, _ = cv2.threshold(darkest.reshape(-1, 1), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    is_light = darkest > threshold
    light, dark = pixels[is_light], pixels[~is_light]
    if min(len(light), len(dark)) < len(pixels) // 10:
        return UNKNOWN
    dark_level = darkest[~is_light]
    ink = float(np.median(dark_level))
    if float(np.median(darkest[is_light])) - ink < _MIN_CONTRAST:
        return UNKNOWN
    white = np.median(light, axis=0).astype(np.float64)
    if white.min() < _DARK_WHITE:
        return UNKNOWN
    # The inkiest half of the dark modules: blur mixes the others with the white around them.
    core = dark[dark_level <= ink]
    blue, green, red = np.clip(np.median(core, axis=0) / white, 0.0, 1.0)
    if max(blue, green, red) - min(blue, green, red) < _MIN_CHROMA:
        return UNKNOWN
    hue, saturation, _value = colorsys.rgb_to_hsv(float(red), float(green), float(blue))
    if saturation < _MIN_SATURATION:
        return UNKNOWN
    degrees = hue * 360
    return next((name for name, low, high in _BANDS if low <= degrees < high), UNKNOWN)


def _inside(image: npt.NDArray[np.uint8], corners: Sequence[tuple[int, int]]) -> npt.NDArray[np.uint8]:
    """The BGR pixels inside the outline, shrunk a little so the quiet zone and the phone stay out."""
    if image.ndim != 3 or len(corners) < 3:
        return np.empty((0, 3), np.uint8)
    outline = np.array(corners, np.float32)
    centre = outline.mean(axis=0)
    outline = centre + (outline - centre) * 0.92
    height, width = image.shape[:2]
    x0, y0 = np.clip(np.floor(outline.min(axis=0)).astype(int), 0, [width, height])
    x1, y1 = np.clip(np.ceil(outline.max(axis=0)).astype(int) + 1, 0, [width, height])
    if x1 - x0 < 4 or y1 - y0 < 4:
        return np.empty((0, 3), np.uint8)
    step = max(1, int(((x1 - x0) * (y1 - y0) / _ENOUGH_PIXELS) ** 0.5))
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillConvexPoly(mask, np.round(outline - [x0, y0]).astype(np.int32), 1)
    return np.asarray(image[y0:y1:step, x0:x1:step][mask[::step, ::step].astype(bool)], np.uint8)
