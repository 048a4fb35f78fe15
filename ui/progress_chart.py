"""The round's progress chart: people tested by each hour as bars, against the expected headcount line."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from registration.reports.progress import Progress


class ProgressChart(QChartView):
    """Shows a ``Progress`` through Qt Charts: it reads better at 1366x768 than the hand-drawn
    chart it replaced (grid lines and intermediate values; compared side by side)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = Progress([], [])
        self.expected = 0
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(300, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.show_progress(self.progress, 0)

    def show_progress(self, progress: Progress, expected: int) -> None:
        self.progress = progress
        self.expected = expected
        chart = QChart()
        title = self.tr("Tested through the round (by hour)")
        if not progress.tested:
            title = f"{title} — {self.tr('Nobody tested yet')}"
        chart.setTitle(title)
        chart.legend().setVisible(bool(expected))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        bars = QBarSet(self.tr("tested"))
        bars.setColor(QColor("#2e7d32"))
        bars.append([float(v) for v in progress.tested])
        series = QBarSeries()
        series.append(bars)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        hours = QBarCategoryAxis()
        hours.append([h[-5:] for h in progress.hours] or [""])
        values = QValueAxis()
        values.setRange(0, max([expected, *progress.tested, 1]))
        values.setLabelFormat("%d")
        values.applyNiceNumbers()
        chart.addAxis(hours, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(hours)
        series.attachAxis(values)
        if expected:
            line = QLineSeries()
            line.setName(self.tr("expected {count}").format(count=expected))
            line.setPen(QPen(QColor("#c62828"), 3, Qt.PenStyle.DashLine))
            line.append(-0.5, expected)
            line.append(max(len(progress.tested), 1) - 0.5, expected)
            chart.addSeries(line)
            line.attachAxis(values)
            flat = QValueAxis()
            flat.setRange(-0.5, max(len(progress.tested), 1) - 0.5)
            flat.setVisible(False)
            chart.addAxis(flat, Qt.AlignmentFlag.AlignBottom)
            line.attachAxis(flat)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
