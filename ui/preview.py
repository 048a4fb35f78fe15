"""The live camera preview: the latest frame scaled to fit, the codes in view outlined, the tube guide."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

Outline = Sequence[tuple[float, float]]


class Preview(QWidget):
    """Paints the frames the camera thread hands over; it never waits for one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None
        self.scale = 1.0
        self.outlines: list[Outline] = []
        self.guide: QRectF | None = None
        self.notice = self.tr("No camera")
        self.frames = 0

    def show_frame(self, image: QImage, scale: float, outlines: list[Outline]) -> None:
        """``scale`` maps the frame's pixel coordinates (those of the outlines) onto ``image``."""
        self.image = image
        self.scale = scale
        self.outlines = outlines
        self.frames += 1
        self.update()

    def set_guide(self, guide: QRectF | None) -> None:
        """The tube framing box, as fractions of the frame's width and height."""
        self.guide = guide
        self.update()

    def set_notice(self, text: str) -> None:
        self.notice = text
        self.image = None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        if self.image is None or self.image.isNull():
            painter.setPen(QColor("#e0e0e0"))
            font = painter.font()
            font.setPixelSize(20)
            painter.setFont(font)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.notice
            )
            return
        size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(
            (self.width() - size.width()) / 2,
            (self.height() - size.height()) / 2,
            size.width(),
            size.height(),
        )
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.guide is not None:
            painter.setPen(QPen(QColor(255, 255, 255, 200), 2, Qt.PenStyle.DashLine))
            painter.drawRect(
                QRectF(
                    target.x() + self.guide.x() * target.width(),
                    target.y() + self.guide.y() * target.height(),
                    self.guide.width() * target.width(),
                    self.guide.height() * target.height(),
                )
            )
        factor = target.width() / self.image.width() * self.scale
        painter.setPen(QPen(QColor("#00e676"), 4))
        for outline in self.outlines:
            polygon = QPolygonF(
                [QPointF(target.x() + x * factor, target.y() + y * factor) for x, y in outline]
            )
            painter.drawPolygon(polygon)
