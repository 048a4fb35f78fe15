"""Generated camera frames and videos: phones showing coloured health codes, tube labels held in the
framing guide, empty scenes, under varied white balance, exposure, blur and noise.

Tests, benchmarks and the station's demo mode share it. Everything is drawn from a
``numpy.random.Generator``, so a seed gives the same pictures every time.
"""

from __future__ import annotations

import colorsys
import functools
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp

from registration.sampling.scanning.guide import TUBE_GUIDE, Guide
from registration.sampling.scanning.sources import Image

Corners = npt.NDArray[np.float32]
"""Four points, x and y: top-left, top-right, bottom-right, bottom-left."""

FRAME_SIZE = (1280, 720)
"""Width and height of an ordinary webcam frame."""
HIGH_RES = (1920, 1080)
"""The highest resolution of a common laptop camera, at which tube labels are captured."""
CODE_COLOURS = ("green", "yellow", "red", "black")

# Hue (degrees), saturation and value ranges of the health-code apps' colours as phone screens show
# them; black codes are the ordinary kind, printed or on screen.
_HSV: dict[str, tuple[tuple[float, float], tuple[float, float], tuple[float, float]]] = {
    "green": ((115, 160), (0.75, 1.0), (0.50, 0.78)),
    "yellow": ((40, 53), (0.85, 1.0), (0.85, 1.0)),
    "red": ((-8, 6), (0.80, 1.0), (0.72, 0.95)),
    "black": ((0, 360), (0.0, 0.15), (0.0, 0.22)),
}
_OVERSAMPLE = 1.3  # the phone is drawn this much larger than it appears, then scaled down into the frame
_LABEL_MODULE = 4  # canvas pixels per bar module of a tube label
_NOISE_MARGIN = 64
_CODECS = {".avi": "MJPG", ".mp4": "mp4v"}


@dataclass(frozen=True)
class Look:
    """Camera conditions: white-balance gains (blue, green, red), exposure, optical blur, sensor noise."""

    gains: tuple[float, float, float] = (1.0, 1.0, 1.0)
    exposure: float = 1.0
    blur: float = 0.0
    """Gaussian sigma in pixels."""
    noise: float = 0.0
    """Standard deviation in grey levels."""


@dataclass(frozen=True)
class Shot:
    """A generated frame and what it shows: the code's text, colour and outline, or None for an empty view."""

    image: Image
    text: str | None = None
    colour: str | None = None
    corners: Corners | None = None


@dataclass(frozen=True)
class Appearance:
    """One code's time in a generated video: frames ``first`` to ``last`` inclusive."""

    text: str
    colour: str | None
    """None for a tube label."""
    first: int
    last: int


def random_look(
    rng: np.random.Generator,
    *,
    blur: tuple[float, float] = (0.0, 1.6),
    noise: tuple[float, float] = (0.0, 10.0),
) -> Look:
    """Conditions a webcam meets at a testing point: warm or cold light, dim or bright, some blur."""
    warmth = float(rng.uniform(-0.3, 0.3))
    tint = float(rng.uniform(-0.08, 0.08))
    return Look(
        gains=(1.0 - warmth, 1.0 + tint, 1.0 + warmth),
        exposure=float(rng.uniform(0.55, 1.3)),
        blur=float(rng.uniform(*blur)),
        noise=float(rng.uniform(*noise)),
    )


def apply_look(image: Image, look: Look, rng: np.random.Generator) -> Image:
    out = cv2.transform(image, np.diag(np.array(look.gains, np.float32) * look.exposure))
    if look.blur > 0.05:
        out = cv2.GaussianBlur(out, (0, 0), look.blur)
    if look.noise > 0:
        noise = (_noise(rng, image.shape[0], image.shape[1]) * np.int16(round(look.noise * 16))) >> 10
        out = cv2.add(out, noise, dtype=cv2.CV_8U)
    return np.asarray(out, np.uint8)


@functools.cache
def _noise_pool(height: int, width: int) -> npt.NDArray[np.int16]:
    # Drawing 2.7 million normal samples per 720p frame would dominate the generation time;
    # random windows into one larger field are as good for a decoder. Fixed point: 64 = 1 sigma.
    rng = np.random.default_rng(20220401)
    field = rng.standard_normal((height + _NOISE_MARGIN, width + _NOISE_MARGIN, 3), dtype=np.float32)
    return np.clip(field * 64, -32767, 32767).astype(np.int16)


def _noise(rng: np.random.Generator, height: int, width: int) -> npt.NDArray[np.int16]:
    dy, dx = (int(v) for v in rng.integers(0, _NOISE_MARGIN, 2))
    return _noise_pool(height, width)[dy : dy + height, dx : dx + width]


def _ink(name: str, rng: np.random.Generator) -> tuple[float, float, float]:
    """A blue, green, red colour for a health code of the named colour, as one app or phone shows it."""
    (h0, h1), (s0, s1), (v0, v1) = _HSV[name]
    red, green, blue = colorsys.hsv_to_rgb(
        (float(rng.uniform(h0, h1)) % 360) / 360, float(rng.uniform(s0, s1)), float(rng.uniform(v0, v1))
    )
    return (blue * 255, green * 255, red * 255)


def scene(rng: np.random.Generator, size: tuple[int, int] = FRAME_SIZE) -> Image:
    """An indoor background: a lit wall, a door and a poster, a table edge, the registrant's silhouette."""
    width, height = size
    # The lighting varies slowly: work it out on a coarse grid and let the resize smooth it.
    ys, xs = np.mgrid[0:9, 0:16].astype(np.float32)
    wall = np.array([rng.uniform(120, 190), rng.uniform(130, 200), rng.uniform(140, 210)], np.float32)
    light = 0.75 + 0.35 * (1 - ((xs / 15 - rng.uniform(0.2, 0.8)) ** 2 + (ys / 8 - 0.3) ** 2))
    coarse = np.clip(light[..., None] * wall, 0, 255).astype(np.uint8)
    image = np.asarray(cv2.resize(coarse, (width, height), interpolation=cv2.INTER_LINEAR), np.uint8)
    u = width / 100
    door_x = int(rng.uniform(0, 0.8) * width)
    cv2.rectangle(image, (door_x, int(0.1 * height)), (door_x + int(18 * u), height), _muted(rng), -1)
    poster_x, poster_y = int(rng.uniform(0.05, 0.8) * width), int(rng.uniform(0.05, 0.35) * height)
    cv2.rectangle(
        image, (poster_x, poster_y), (poster_x + int(14 * u), poster_y + int(18 * u)), (235,) * 3, -1
    )
    for line in range(6):
        words = "".join(chr(int(c)) for c in rng.integers(65, 91, 8))
        cv2.putText(
            image,
            words,
            (poster_x + int(u), poster_y + int((3 + 2.5 * line) * u)),
            cv2.FONT_HERSHEY_SIMPLEX,
            u / 40,
            (40, 40, 40),
            max(1, int(u / 8)),
            cv2.LINE_AA,
        )
    body = (int(rng.uniform(0.3, 0.7) * width), int(0.95 * height))
    cv2.ellipse(
        image, body, (int(22 * u), int(0.45 * height)), 0, 180, 360, _muted(rng, dark=True), -1, cv2.LINE_AA
    )
    cv2.circle(image, (body[0], int(0.3 * height)), int(8 * u), (80, 100, 140), -1, cv2.LINE_AA)
    cv2.rectangle(image, (0, int(0.9 * height)), (width, height), _muted(rng), -1)
    return image


def _muted(rng: np.random.Generator, *, dark: bool = False) -> tuple[int, int, int]:
    low, high = (20, 90) if dark else (60, 200)
    b, g, r = (int(v) for v in rng.integers(low, high, 3))
    return (b, g, r)


def _modules(text: str, fmt: zxingcpp.BarcodeFormat) -> Image:
    """The symbol at one pixel per module without quiet zone: 0 dark, 255 light."""
    barcode = zxingcpp.create_barcode(text, fmt)
    return np.asarray(barcode.to_image(scale=1, add_quiet_zones=False), np.uint8)


@dataclass(frozen=True)
class _Canvas:
    """An object drawn flat before it is placed in a frame: picture, opacity, and its code's outline."""

    image: Image
    mask: npt.NDArray[np.float32]
    code: Corners
    label: Corners | None = None
    """For a tube, the label's outline: what the volunteer fits into the guide."""


def _rounded_mask(height: int, width: int, radius: int) -> npt.NDArray[np.float32]:
    """Opacity of a rounded rectangle filling ``height`` x ``width``: 1 inside, 0 outside."""
    mask = np.zeros((height, width), np.float32)
    x1, y1 = width - 1, height - 1
    cv2.rectangle(mask, (radius, 0), (x1 - radius, y1), 1.0, -1)
    cv2.rectangle(mask, (0, radius), (x1, y1 - radius), 1.0, -1)
    for cx, cy in (
        (radius, radius),
        (x1 - radius, radius),
        (radius, y1 - radius),
        (x1 - radius, y1 - radius),
    ):
        cv2.circle(mask, (cx, cy), radius, 1.0, -1)
    return mask


def _phone(text: str, colour: str, rng: np.random.Generator, code_px: float) -> _Canvas:
    """A phone showing a health-code page: app header, name lines, the code, a status banner."""
    mods = _modules(text, zxingcpp.BarcodeFormat.QRCode)
    m = max(2, math.ceil(code_px * _OVERSAMPLE / mods.shape[0]))
    qr_px = mods.shape[0] * m
    screen_w = qr_px + 2 * m * int(rng.integers(4, 8))
    screen_h = int(screen_w * rng.uniform(1.8, 2.1))
    bezel = int(screen_w * rng.uniform(0.03, 0.07))
    height, width = screen_h + 2 * bezel, screen_w + 2 * bezel
    image = np.zeros((height, width, 3), np.uint8)
    image[:] = _muted(rng, dark=True)
    white = np.array([rng.uniform(238, 255), rng.uniform(238, 255), rng.uniform(238, 255)])
    image[bezel : bezel + screen_h, bezel : bezel + screen_w] = white
    header_h = int(0.1 * screen_h)
    image[bezel : bezel + header_h, bezel : bezel + screen_w] = (int(rng.integers(150, 220)), 120, 40)
    ink = np.array(_ink(colour, rng))
    x0 = bezel + (screen_w - qr_px) // 2
    y0 = bezel + int(0.25 * screen_h)
    dark = cv2.resize(mods, (qr_px, qr_px), interpolation=cv2.INTER_NEAREST)[..., None] < 128
    image[y0 : y0 + qr_px, x0 : x0 + qr_px] = np.where(dark, ink.astype(np.uint8), white.astype(np.uint8))
    for line in range(3):
        y = bezel + header_h + int((0.04 + 0.035 * line) * screen_h)
        cv2.rectangle(
            image,
            (bezel + m * 3, y),
            (bezel + int(screen_w * rng.uniform(0.4, 0.8)), y + m * 2),
            (90,) * 3,
            -1,
        )
    banner_y = y0 + qr_px + m * 4
    if colour != "black":
        cv2.rectangle(image, (x0, banner_y), (x0 + qr_px, banner_y + m * 7), tuple(float(v) for v in ink), -1)
    return _Canvas(image, _rounded_mask(height, width, int(bezel * 2.5)), _box(x0, y0, qr_px, qr_px))


def _tube(code: str, rng: np.random.Generator) -> _Canvas:
    """A sample tube lying level, its cap at one end, a Code 128 label wrapped round it."""
    row = _modules(code, zxingcpp.BarcodeFormat.Code128)[0]
    m = _LABEL_MODULE
    bars = np.repeat(row, m)
    quiet = 10 * m
    bar_h = int(len(bars) * rng.uniform(0.2, 0.3))
    label_w = len(bars) + 2 * quiet
    label_h = bar_h + int(0.5 * bar_h)
    paper = float(rng.uniform(225, 250))
    label = np.full((label_h, label_w), paper, np.uint8)
    top = int(0.12 * bar_h)
    label[top : top + bar_h, quiet : quiet + len(bars)] = np.where(bars < 128, rng.uniform(15, 50), paper)
    cv2.putText(
        label,
        code,
        (quiet, top + bar_h + int(0.33 * bar_h)),
        cv2.FONT_HERSHEY_SIMPLEX,
        bar_h / 130,
        (30,),
        max(1, bar_h // 60),
    )
    diameter = int(label_h * 1.15)
    cap_w = int(0.3 * label_w)
    tube_w = int(label_w * 1.35) + cap_w
    tube = np.zeros((diameter, tube_w, 3), np.float32)
    tube[:] = (215.0, 215.0, 210.0)
    cap_left = bool(rng.integers(0, 2))
    cap = (slice(None), slice(0, cap_w) if cap_left else slice(tube_w - cap_w, tube_w))
    tube[cap] = _muted(rng)
    lx = cap_w + int(0.1 * label_w) if cap_left else int(0.25 * label_w)
    ly = (diameter - label_h) // 2
    tube[ly : ly + label_h, lx : lx + label_w] = label[..., None]
    # A cylinder lit from the front: rows darken towards the top and bottom edges.
    across = np.linspace(-1, 1, diameter, dtype=np.float32)
    tube *= (0.72 + 0.28 * np.sqrt(1 - across**2))[:, None, None]
    return _Canvas(
        np.clip(tube, 0, 255).astype(np.uint8),
        _rounded_mask(diameter, tube_w, diameter // 3),
        _box(lx + quiet, ly + top, len(bars), bar_h),
        _box(lx, ly, label_w, label_h),
    )


def _box(x: float, y: float, width: float, height: float) -> Corners:
    return np.array([[x, y], [x + width, y], [x + width, y + height], [x, y + height]], np.float32)


@dataclass(frozen=True)
class Pose:
    """Where an object sits in the frame: the position of its code (a tube: its label), the scale from
    canvas to frame, rotation, perspective."""

    centre: tuple[float, float]
    scale: float
    angle: float
    """Degrees, anticlockwise on screen."""
    skew: tuple[float, ...] = (0.0,) * 8
    """Corner offsets as fractions of the object's size: a slight turn away from the camera."""

    def moved(self, rng: np.random.Generator, shake: float) -> Pose:
        """The pose a frame later, for a hand that is never quite still."""
        cx, cy = self.centre
        return Pose(
            (cx + float(rng.normal(0, shake)), cy + float(rng.normal(0, shake))),
            self.scale * float(1 + rng.normal(0, 0.002)),
            self.angle + float(rng.normal(0, 0.25)),
            self.skew,
        )


def _homography(canvas: _Canvas, pose: Pose) -> npt.NDArray[np.float64]:
    height, width = canvas.image.shape[:2]
    src = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    anchor = (canvas.label if canvas.label is not None else canvas.code).mean(axis=0)
    local = (src - anchor) * pose.scale
    local += (
        np.array(pose.skew, np.float32).reshape(4, 2) * np.array([width, height], np.float32) * pose.scale
    )
    theta = math.radians(-pose.angle)
    rotation = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]], np.float32)
    dst = local @ rotation.T + np.array(pose.centre, np.float32)
    return np.asarray(cv2.getPerspectiveTransform(src, dst.astype(np.float32)), np.float64)


def _blend(image: Image, layer: Image, alpha: npt.NDArray[np.float32], origin: tuple[int, int]) -> None:
    """Lay ``layer`` over ``image`` in place at ``origin`` with per-pixel opacity ``alpha``."""
    x0, y0 = origin
    roi = image[y0 : y0 + layer.shape[0], x0 : x0 + layer.shape[1]]
    roi[:] = cv2.blendLinear(layer, roi, alpha, 1 - alpha)


def _composite(background: Image, canvas: _Canvas, pose: Pose) -> tuple[Image, Corners]:
    height, width = background.shape[:2]
    matrix = _homography(canvas, pose)
    corners = np.asarray(cv2.perspectiveTransform(canvas.code[None], matrix)[0], np.float32)
    h, w = canvas.image.shape[:2]
    box = np.array([[[0, 0], [w, 0], [w, h], [0, h]]], np.float32)
    outline = cv2.perspectiveTransform(box, matrix)[0]
    x0, y0 = (max(0, int(v)) for v in np.floor(outline.min(axis=0)))
    x1, y1 = (
        min(width, int(np.ceil(outline[:, 0].max())) + 1),
        min(height, int(np.ceil(outline[:, 1].max())) + 1),
    )
    out = background.copy()
    if x1 <= x0 or y1 <= y0:
        return out, corners
    # Warp only into the object's bounding box: the rest of the frame is untouched.
    local = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64) @ matrix
    warped = cv2.warpPerspective(canvas.image, local, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR)
    alpha = cv2.warpPerspective(canvas.mask, local, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR)
    _blend(out, np.asarray(warped, np.uint8), np.asarray(alpha, np.float32), (x0, y0))
    return out, corners


def _glare(image: Image, corners: Corners, rng: np.random.Generator) -> Image:
    """A soft reflection of a ceiling lamp somewhere on the screen."""
    height, width = image.shape[:2]
    centre = corners.mean(axis=0) + rng.uniform(-0.6, 0.6, 2) * np.ptp(corners, axis=0)
    radius = max(2, int(float(np.ptp(corners[:, 0])) * float(rng.uniform(0.2, 0.5))))
    cx, cy = int(centre[0]), int(centre[1])
    x0, y0 = max(0, cx - 2 * radius), max(0, cy - 2 * radius)
    x1, y1 = min(width, cx + 2 * radius), min(height, cy + 2 * radius)
    out = image.copy()
    if x1 <= x0 or y1 <= y0:
        return out
    spot = np.zeros((y1 - y0, x1 - x0), np.float32)
    cv2.circle(spot, (cx - x0, cy - y0), radius, 1.0, -1)
    spot = cv2.GaussianBlur(spot, (0, 0), radius / 2 + 1) * float(rng.uniform(0.1, 0.3))
    _blend(out, np.full((y1 - y0, x1 - x0, 3), 255, np.uint8), np.asarray(spot, np.float32), (x0, y0))
    return out


def _phone_pose(canvas: _Canvas, rng: np.random.Generator, size: tuple[int, int], code_px: float) -> Pose:
    width, height = size
    qr_side = float(canvas.code[1, 0] - canvas.code[0, 0])
    cx = width * float(0.5 + rng.uniform(-0.18, 0.18))
    cy = height * float(0.5 + rng.uniform(-0.12, 0.12))
    skew = tuple(float(v) for v in rng.uniform(-0.03, 0.03, 8))
    return Pose((cx, cy), code_px / qr_side, float(rng.uniform(-20, 20)), skew)


def phone_shot(
    text: str,
    colour: str,
    rng: np.random.Generator,
    *,
    size: tuple[int, int] = FRAME_SIZE,
    look: Look | None = None,
    code_px: float | None = None,
) -> Shot:
    """A frame of a phone held up to the camera showing ``text`` as a ``colour`` QR code.

    ``code_px`` is the code's side in frame pixels (random, 0.22 to 0.45 of the frame height, when
    None); ``look`` is random when None.
    """
    side = code_px or float(rng.uniform(0.22, 0.45)) * size[1]
    canvas = _phone(text, colour, rng, side)
    pose = _phone_pose(canvas, rng, size, side)
    image, corners = _composite(scene(rng, size), canvas, pose)
    if rng.random() < 0.3:
        image = _glare(image, corners, rng)
    return Shot(apply_look(image, look or random_look(rng), rng), text, colour, corners)


def tube_shot(
    code: str,
    rng: np.random.Generator,
    *,
    size: tuple[int, int] = HIGH_RES,
    guide: Guide = TUBE_GUIDE,
    width_fraction: float | None = None,
    tilt: float | None = None,
    look: Look | None = None,
) -> Shot:
    """A frame of a tube held in the framing guide, its label ``width_fraction`` of the guide's width
    (a third to 0.85 when None), tilted ``tilt`` degrees (up to 10 either way when None)."""
    canvas = _tube(code, rng)
    pose = _tube_pose(canvas, rng, size, guide, width_fraction, tilt)
    image, corners = _composite(scene(rng, size), canvas, pose)
    chosen = look or random_look(rng, blur=(0.0, 1.2), noise=(0.0, 8.0))
    return Shot(apply_look(image, chosen, rng), code, None, corners)


def _tube_pose(
    canvas: _Canvas,
    rng: np.random.Generator,
    size: tuple[int, int],
    guide: Guide,
    width_fraction: float | None,
    tilt: float | None,
) -> Pose:
    assert canvas.label is not None
    x0, y0, x1, y1 = guide.rect(*size)
    label = canvas.label
    fraction = width_fraction if width_fraction is not None else float(rng.uniform(1 / 3, 0.85))
    scale = fraction * (x1 - x0) / float(label[1, 0] - label[0, 0])
    slack_x = (x1 - x0) * (1 - fraction) / 2 * 0.8
    slack_y = max(0.0, (y1 - y0) - float(label[2, 1] - label[0, 1]) * scale) / 2 * 0.8
    cx = (x0 + x1) / 2 + float(rng.uniform(-slack_x, slack_x))
    cy = (y0 + y1) / 2 + float(rng.uniform(-slack_y, slack_y))
    angle = tilt if tilt is not None else float(rng.uniform(-10, 10))
    return Pose((cx, cy), scale, angle, tuple(float(v) for v in rng.uniform(-0.015, 0.015, 8)))


def blank_shot(
    rng: np.random.Generator, *, size: tuple[int, int] = FRAME_SIZE, look: Look | None = None
) -> Shot:
    """A frame with no code in view."""
    return Shot(apply_look(scene(rng, size), look or random_look(rng), rng))


def write_video(path: str | Path, frames: Iterable[Image], fps: float = 25.0) -> int:
    """Write BGR frames to an .avi (Motion JPEG) or .mp4 (MPEG-4) file; returns the frame count."""
    target = Path(path)
    codec = _CODECS.get(target.suffix.lower())
    if codec is None:
        raise ValueError(f"{target}: write a video as {' or '.join(_CODECS)}")
    writer: cv2.VideoWriter | None = None
    count = 0
    try:
        for frame in frames:
            if writer is None:
                size = (frame.shape[1], frame.shape[0])
                writer = cv2.VideoWriter(str(target), cv2.VideoWriter.fourcc(*codec), fps, size)
                if not writer.isOpened():
                    raise OSError(f"{target}: OpenCV cannot write {codec} video here")
            writer.write(frame)
            count += 1
    finally:
        if writer is not None:
            writer.release()
    return count


def demo_video(
    path: str | Path,
    codes: Sequence[str],
    *,
    colours: Sequence[str] | None = None,
    tubes: Collection[str] = (),
    fps: float = 25.0,
    show_frames: int = 40,
    gap_frames: int = 30,
    size: tuple[int, int] = FRAME_SIZE,
    seed: int = 0,
) -> list[Appearance]:
    """Write a video of people showing ``codes`` on their phones one after another; the codes in
    ``tubes`` are tube labels held in the framing guide instead.

    Each code is in view for ``show_frames`` frames, with ``gap_frames`` of empty view before
    each one and after the last. Colours default to green. Returns when each code is in view.
    """
    chosen: list[str | None] = list(colours) if colours is not None else ["green"] * len(codes)
    if len(chosen) != len(codes):
        raise ValueError("give one colour per code")
    chosen = [None if text in tubes else colour for text, colour in zip(codes, chosen, strict=True)]
    step = gap_frames + show_frames
    timeline = [
        Appearance(text, colour, i * step + gap_frames, (i + 1) * step - 1)
        for i, (text, colour) in enumerate(zip(codes, chosen, strict=True))
    ]
    write_video(path, _demo_frames(timeline, np.random.default_rng(seed), size, gap_frames), fps)
    return timeline


def _demo_frames(
    timeline: Sequence[Appearance], rng: np.random.Generator, size: tuple[int, int], gap_frames: int
) -> Iterable[Image]:
    background = scene(rng, size)
    look = random_look(rng, blur=(0.0, 0.8), noise=(2.0, 6.0))
    for shown in timeline:
        for _ in range(gap_frames):
            yield apply_look(background, look, rng)
        if shown.colour is None:
            canvas = _tube(shown.text, rng)
            pose = _tube_pose(
                canvas, rng, size, TUBE_GUIDE, float(rng.uniform(0.6, 0.8)), float(rng.uniform(-4, 4))
            )
        else:
            side = float(rng.uniform(0.3, 0.42)) * size[1]
            canvas = _phone(shown.text, shown.colour, rng, side)
            pose = _phone_pose(canvas, rng, size, side)
        for _ in range(shown.last - shown.first + 1):
            image, _corners = _composite(background, canvas, pose)
            yield apply_look(image, look, rng)
            pose = pose.moved(rng, shake=1.5)
    for _ in range(gap_frames):
        yield apply_look(background, look, rng)
