"""The round's progress chart: people tested by each hour as bars, against the expected headcount line."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from registration.progress import Progress

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 12, 30, 28
MAX_BAR = 48


class ProgressChart(QWidget):
    """Paints a ``Progress`` (QtCharts is not part of PySide6-Essentials)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = Progress([], [])
        self.expected = 0
        self.setMinimumSize(300, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_progress(self, progress: Progress, expected: int) -> None:
        self.progress = progress
        self.expected = expected
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        text = self.palette().text().color()
        painter.setPen(text)
        painter.drawText(
            QRectF(0, 4, self.width(), MARGIN_TOP - 6),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Tested through the round (by hour)"),
        )
        plot = QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            self.width() - MARGIN_LEFT - MARGIN_RIGHT,
            self.height() - MARGIN_TOP - MARGIN_BOTTOM,
        )
        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        tested = self.progress.tested
        top = max([self.expected, *tested, 1])
        painter.drawText(
            QRectF(0, plot.top() - 8, MARGIN_LEFT - 6, 16),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(top),
        )
        painter.drawText(
            QRectF(0, plot.bottom() - 8, MARGIN_LEFT - 6, 16),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            "0",
        )
        if not tested:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("Nobody tested yet"))
            return
        slot = plot.width() / len(tested)
        bar = QColor("#2e7d32")
        label_every = max(1, int(len(tested) * 48 / max(plot.width(), 1)) + 1)
        for i, (hour, value) in enumerate(zip(self.progress.hours, tested, strict=True)):
            height = plot.height() * value / top
            width = min(slot * 0.7, MAX_BAR)
            rect = QRectF(plot.left() + i * slot + (slot - width) / 2, plot.bottom() - height, width, height)
            painter.fillRect(rect, bar)
            if i % label_every == 0:
                painter.drawText(
                    QRectF(
                        plot.left() + (i + 0.5 - label_every / 2) * slot,
                        plot.bottom() + 4,
                        slot * label_every,
                        MARGIN_BOTTOM - 6,
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    hour[-5:],
                )
        if self.expected:
            y = plot.bottom() - plot.height() * self.expected / top
            painter.setPen(QPen(QColor("#c62828"), 2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.drawText(
                QRectF(plot.left() + 4, y - 18, plot.width() - 8, 16),
                Qt.AlignmentFlag.AlignRight,
                self.tr("expected {count}").format(count=self.expected),
            )
