"""The camera thread: reads frames, runs the scanning pipeline, and hands previews and reports to the GUI.

The GUI thread only receives small preview images and the reports of codes newly in view; it
never waits for the camera or a decoder. A video file plays at its own frame rate (``paced``)
or as fast as it decodes (tests), and can loop (the demo).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import cv2
import numpy as np
from PySide6.QtCore import QMetaObject, QObject, QRectF, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from registration.sampling.scanning.decoders import DecoderUnavailable, make_decoder
from registration.sampling.scanning.guide import TUBE_GUIDE
from registration.sampling.scanning.pipeline import Pipeline, Step
from registration.sampling.scanning.sources import FrameSource, SourceError, open_source
from ui.db_worker import describe

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 960
PREVIEW_INTERVAL_S = 1 / 20
"""At most 20 previews a second reach the GUI, whatever the camera's rate."""
RETRY_MS = 2000
"""How soon a lost camera, or a source not there yet, is tried again."""

GUIDE = QRectF(
    TUBE_GUIDE.left, TUBE_GUIDE.top, TUBE_GUIDE.right - TUBE_GUIDE.left, TUBE_GUIDE.bottom - TUBE_GUIDE.top
)


def to_qimage(image: np.ndarray) -> tuple[QImage, float]:
    """A preview-sized copy of a BGR frame and the scale from frame pixels to it."""
    height, width = image.shape[:2]
    scale = min(1.0, PREVIEW_WIDTH / width)
    if scale < 1.0:
        image = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    image = np.ascontiguousarray(image)
    h, w = image.shape[:2]
    # copy(): the QImage must own its pixels once the array is gone.
    return QImage(image.data, w, h, image.strides[0], QImage.Format.Format_BGR888).copy(), scale


@dataclass(frozen=True)
class Request:
    """What to read from: a camera index, a video file, an image or a folder."""

    spec: str
    backend: str
    loop: bool
    paced: bool


class _Worker(QObject):
    """Runs the pipeline on the camera thread, one frame per timer tick so stop requests get through.

    Signals:
        frame(object, float, object): a preview QImage, the scale from frame pixels to it, and the
            outlines (lists of corner points in frame pixels) of the codes in view.
        reports(object): a list of pipeline ``Report`` for codes newly in view.
        problem(object): the source failed; why, in words (a ``Reason`` the window translates).
        running(str): the source opened (its name).
        ended(bool): a file source has no more frames; True when they were pictures.
    """

    frame = Signal(object, float, object)
    reports = Signal(object)
    problem = Signal(object)
    running = Signal(str)
    ended = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.pipeline: Pipeline | None = None
        self.spec = ""
        self.backend = "zxing"
        self.loop = False
        self.paced = True
        self._timer: QTimer | None = None
        self._started = 0.0
        self._last_preview = 0.0
        self._outlines: list[list[tuple[int, int]]] = []

    def _ensure_timer(self) -> QTimer:
        if self._timer is None:
            self._timer = QTimer(self, singleShot=True)
            self._timer.timeout.connect(self._tick)
        return self._timer

    @Slot(object)
    def start(self, request: Request) -> None:
        self.stop()
        self.spec, self.backend, self.loop, self.paced = (
            request.spec,
            request.backend,
            request.loop,
            request.paced,
        )
        self._open()

    def _open(self) -> None:
        try:
            source: FrameSource = open_source(self.spec)
            self.pipeline = Pipeline(source, decoder=make_decoder(self.backend), guide=TUBE_GUIDE)
            self.pipeline.open()
        except SourceError as exc:
            # A camera plugged in, freed by another program, a file copied in: taken up when it comes.
            self.pipeline = None
            self.problem.emit(exc.reason)
            self._ensure_timer().start(RETRY_MS)
            return
        except DecoderUnavailable as exc:
            self.pipeline = None
            self.problem.emit(exc.reason)
            return
        self.running.emit(self.pipeline.source.name)
        self._started = time.monotonic()
        self._ensure_timer().start(0)

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.pipeline is not None:
            self.pipeline.close()
            self.pipeline = None

    def _tick(self) -> None:
        if self.pipeline is None:
            self._open()
            return
        try:
            step = self.pipeline.step()
        except SourceError as exc:
            self.problem.emit(exc.reason)
            self._ensure_timer().start(RETRY_MS)
            return
        except Exception as exc:
            self.problem.emit(describe(exc))
            self.stop()
            return
        if step is None:
            self._end()
            return
        self._publish(step)
        self._ensure_timer().start(self._delay_ms(step))

    def _end(self) -> None:
        assert self.pipeline is not None
        if not self.loop:
            stills = self.pipeline.source.stills
            self.stop()
            self.ended.emit(stills)
            return
        # Start the file over; its timestamps restart, so the codes in view are forgotten too.
        self.pipeline.close()
        self.pipeline.forget()
        self.pipeline.open()
        self._started = time.monotonic()
        self._ensure_timer().start(0)

    def _delay_ms(self, step: Step) -> int:
        assert self.pipeline is not None
        if not self.paced or self.pipeline.source.live:
            return 0  # a camera read waits for its next frame by itself
        due = self._started + step.frame.timestamp
        return max(0, round((due - time.monotonic()) * 1000))

    def _publish(self, step: Step) -> None:
        if step.decoded:
            self._outlines = [list(code.corners) for code in step.codes]
        if step.reports:
            self.reports.emit(list(step.reports))
        now = time.monotonic()
        if now - self._last_preview >= PREVIEW_INTERVAL_S or step.reports:
            self._last_preview = now
            image, scale = to_qimage(step.frame.image)
            self.frame.emit(image, scale, self._outlines)


class Camera(QObject):
    """The station's camera, on a thread of its own.

    Signals:
        frame(object, float, object): preview QImage, scale from frame pixels, outlines of codes in view.
        reports(object): a list of pipeline ``Report`` for codes newly in view.
        problem(object): the camera or file cannot deliver; why, in words (a ``Reason`` where it is one).
        running(str): the source opened (its name).
        ended(bool): a video file or image folder has been played to its end; True for pictures.
    """

    frame = Signal(object, float, object)
    reports = Signal(object)
    problem = Signal(object)
    running = Signal(str)
    ended = Signal(bool)
    _start = Signal(object)
    _stop = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("camera")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._start.connect(self._worker.start)
        self._stop.connect(self._worker.stop)
        self._thread.finished.connect(self._worker.deleteLater)
        for signal, relay in (
            (self._worker.frame, self.frame),
            (self._worker.reports, self.reports),
            (self._worker.problem, self.problem),
            (self._worker.running, self.running),
            (self._worker.ended, self.ended),
        ):
            signal.connect(relay)
        self._thread.start()

    def start(self, spec: str, backend: str = "zxing", *, loop: bool = False, paced: bool = True) -> None:
        """Read from ``spec`` (a camera index, a video file, an image or a folder), replacing any source."""
        self._start.emit(Request(spec, backend, loop, paced))

    def stop(self) -> None:
        self._stop.emit()

    def shutdown(self) -> None:
        # Waits for the stop itself, not just the thread: the device is free for the next reader of
        # the same camera, and the decoder gone, when this returns.
        QMetaObject.invokeMethod(self._worker, "stop", Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.quit()
        self._thread.wait()
