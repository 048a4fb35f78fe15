"""The decode loop: frames in, reports of codes out, once per showing of a code.

``Pipeline.step`` reads one frame, decodes it (a live frame: a quick look for QR codes at low
resolution every frame, in full when the rate governor allows), and reports each
code that has newly come into view with its classification, health-code colour and outline.
It keeps its state (governor, codes in view) inside, so the station runs it on its camera
thread and only receives ``Step`` values.

>>> from registration.sampling.scanning.sources import open_source
>>> pipeline = Pipeline(open_source("photo.png"))  # doctest: +SKIP
>>> while (step := pipeline.step()) is not None:  # doctest: +SKIP
...     for report in step.reports:
...         print(report.text, report.kind, report.colour)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from registration.people.identity import mask_personal
from registration.sampling import payloads
from registration.sampling.payloads import Payload
from registration.sampling.scanning import AWAY_SECONDS, colour
from registration.sampling.scanning.decoders import (
    ALL_FORMATS,
    LINEAR,
    QR,
    Decoded,
    Decoder,
    InkContrast,
    Point,
    decode_still,
    make_decoder,
)
from registration.sampling.scanning.guide import Guide
from registration.sampling.scanning.sources import Frame, FrameSource

Classifier = Callable[[str], Payload]

SETTLE_SECONDS = 0.3
"""How long after another code was in view a code waits before it is reported alone."""
MAX_DECODE_RATE = 15.0
"""Full-resolution decodes a second at most on a live camera; the preview still gets every frame."""
GLANCE_WIDTH = 640
"""Every live frame is first searched for QR codes at about this width (every n-th pixel): a
person's code is read in the first frame it appears in for ~2 ms, whatever the decode-rate cap."""
WHOLE_FRAME_EVERY = 3
"""On a live camera with a guide, one full decode in this many also searches the whole frame at full
resolution (for codes too small for the quick look); the others read only the tube guide, so the
camera thread is seldom busy when a person's code first comes into view."""
BUSY_SHARE = 0.5
"""The share of the camera thread's time decoding may take, so reading stays ahead of the camera."""


@dataclass(frozen=True)
class Report:
    """A code that has come into view."""

    text: str
    format: str
    payload: Payload
    colour: str
    corners: tuple[Point, ...]
    ambiguous: bool
    """Several different codes are in view: register none of them, ask for one at a time."""
    frame: int
    source: str
    timestamp: float

    @property
    def kind(self) -> str:
        return str(self.payload.kind)

    @property
    def shown_text(self) -> str:
        return mask_personal(self.text)


@dataclass(frozen=True)
class Step:
    """One frame's result: the frame for the preview, every code seen in it, and the new reports."""

    frame: Frame
    decoded: bool
    """False when the governor let this frame go by undecoded to keep pace with the camera."""
    codes: tuple[Decoded, ...] = ()
    reports: tuple[Report, ...] = ()


class Governor:
    """Decides which live frames to decode: at most ``max_rate`` a second, and after each decode an
    idle time in proportion to its cost, so the thread reads frames as fast as the camera makes
    them and a slow computer decodes fewer frames instead of older ones."""

    def __init__(self, max_rate: float = MAX_DECODE_RATE, busy_share: float = BUSY_SHARE) -> None:
        if max_rate <= 0 or not 0 < busy_share <= 1:
            raise ValueError("the decode rate must be positive and the busy share between 0 and 1")
        self.min_interval = 1 / max_rate
        self.busy_share = busy_share
        self._next = float("-inf")
        self._started = 0.0

    def admit(self, now: float) -> bool:
        if now < self._next:
            return False
        self._started = now
        return True

    def done(self, now: float) -> None:
        cost = max(0.0, now - self._started)
        self._next = self._started + max(self.min_interval, cost / self.busy_share)


@dataclass
class _Sighting:
    last: float
    real: bool = False
    """A valid payload, or read in more than one frame."""
    reported: bool = False
    reported_ambiguous: bool = False


@dataclass
class Sightings:
    """Which codes are in view, so each showing of a code is reported once.

    A code seen again within ``away`` seconds of its last sighting is the same showing; after a
    longer absence it is new. A code alone is reported once, but only when no other code was in
    view in the last ``settle`` seconds; codes seen together are each reported once as ambiguous.
    Beside another code, a code that is no ``valid`` payload counts only once it is read in a
    second frame: a decoder's phantom (a spurious short text in one frame) leaves a clear scan clear.
    """

    away: float = AWAY_SECONDS
    settle: float = SETTLE_SECONDS
    _codes: dict[str, _Sighting] = field(default_factory=dict)

    def seen(
        self, now: float, texts: Sequence[str], valid: Callable[[str], bool] = lambda _text: True
    ) -> list[tuple[str, bool]]:
        """The codes to report for a decoded frame at ``now`` showing ``texts``, each with its ambiguity."""
        self._codes = {t: s for t, s in self._codes.items() if now - s.last < self.away}
        in_view = list(dict.fromkeys(texts))
        for text in in_view:
            sighting = self._codes.get(text)
            if sighting is None:
                sighting = self._codes[text] = _Sighting(now, real=valid(text))
            else:
                sighting.last, sighting.real = now, True
        if len(in_view) > 1:
            in_view = [t for t in in_view if self._codes[t].real]
        unsettled = any(
            s.real and t not in in_view and now - s.last < self.settle for t, s in self._codes.items()
        )
        if len(in_view) == 1 and not unsettled:
            sighting = self._codes[in_view[0]]
            if sighting.reported:
                return []
            sighting.reported = True
            return [(in_view[0], False)]
        if len(in_view) > 1:
            fresh = [t for t in in_view if not (self._codes[t].reported or self._codes[t].reported_ambiguous)]
            for text in fresh:
                self._codes[text].reported_ambiguous = True
            return [(t, True) for t in fresh]
        return []

    def forget(self, text: str | None = None) -> None:
        """Treat ``text`` (or every code) as never seen, so it is reported on its next sighting."""
        if text is None:
            self._codes.clear()
        else:
            self._codes.pop(text, None)


class Pipeline:
    """Frames from ``source`` to reports.

    ``classify`` says what a text is (the payload rules; give it the campaign's keys and tube
    pattern, e.g. ``functools.partial(payloads.classify, public_keys=..., tube_pattern=...)``).
    With a ``guide``, QR codes are looked for in the whole frame and linear codes (tubes) only in
    the guide, at full resolution; without one, every format everywhere.
    """

    def __init__(
        self,
        source: FrameSource,
        *,
        decoder: Decoder | None = None,
        classify: Classifier = payloads.classify,
        away_seconds: float = AWAY_SECONDS,
        guide: Guide | None = None,
        governor: Governor | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.decoder = decoder or make_decoder()
        self.classify = classify
        self.guide = guide
        self._sightings = Sightings()
        self.away_seconds = away_seconds
        self._governor = (governor or Governor()) if source.live else None
        self._clock = clock
        self._ink = InkContrast()
        self._glance_ink = InkContrast()
        self._guide_ink = InkContrast()
        self._full_decodes = 0

    @property
    def away_seconds(self) -> float:
        return self._sightings.away

    @away_seconds.setter
    def away_seconds(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the away time cannot be negative")
        self._sightings.away = seconds

    def open(self) -> None:
        self.source.open()

    def close(self) -> None:
        self.source.close()

    def forget(self, text: str | None = None) -> None:
        """Report ``text`` (or any code) again the next time it is seen, e.g. after a void."""
        self._sightings.forget(text)

    def step(self) -> Step | None:
        """Read and process the next frame; None at the end of the source, SourceError on trouble."""
        frame = self.source.read()
        return None if frame is None else self.process(frame)

    def process(self, frame: Frame) -> Step:
        """Decode (a glance at every live frame, in full when the governor allows), deduplicate,
        classify and colour one frame."""
        codes = self._glance(frame) if self._governor is not None else []
        if not codes:
            if self._governor is not None and not self._governor.admit(self._clock()):
                return Step(frame, decoded=False)
            codes = self._decode(frame)
            if self._governor is not None:
                self._governor.done(self._clock())
        by_text = {code.text: code for code in codes}
        if self.source.stills:
            chosen = [(text, len(by_text) > 1) for text in by_text]
        else:
            chosen = self._sightings.seen(frame.timestamp, list(by_text), self._valid)
        reports = tuple(self._report(frame, by_text[text], ambiguous) for text, ambiguous in chosen)
        return Step(frame, True, tuple(codes), reports)

    def _valid(self, text: str) -> bool:
        return self.classify(text).kind is not payloads.Kind.REJECTED

    def _glance(self, frame: Frame) -> list[Decoded]:
        """QR codes in a subsampled copy of the frame, in frame pixels; [] when none is readable so."""
        step = -(-frame.image.shape[1] // GLANCE_WIDTH)
        small = self._glance_ink(np.ascontiguousarray(frame.image[::step, ::step]))
        return [code.mapped(scale=step) for code in self.decoder.decode(small, (QR,), level=True)]

    def _decode(self, frame: Frame) -> list[Decoded]:
        if self.source.stills:
            return decode_still(self.decoder, frame.image)
        if self.guide is None:
            return self.decoder.decode(self._ink(frame.image), ALL_FORMATS)
        crop, origin = self.guide.crop(frame.image)
        tubes = [
            code.mapped(offset=origin)
            for code in self.decoder.decode(self._guide_ink(crop), LINEAR, level=True)
        ]
        self._full_decodes += 1
        if self._governor is not None and self._full_decodes % WHOLE_FRAME_EVERY != 1:
            return tubes
        return self.decoder.decode(self._ink(frame.image), (QR,)) + tubes

    def _report(self, frame: Frame, code: Decoded, ambiguous: bool) -> Report:
        shade = colour.classify(frame.image, code.corners) if code.format == QR else colour.UNKNOWN
        return Report(
            code.text,
            code.format,
            self.classify(code.text),
            shade,
            code.corners,
            ambiguous,
            frame.index,
            frame.name,
            frame.timestamp,
        )
