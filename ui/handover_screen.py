"""The handover screen: the tubes sealed here since the last handover, counted against the box."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from registration import handover, tubes
from registration.store import Store
from ui import reasons
from ui.banner import clock_time
from ui.db_worker import describe
from ui.station import Station


@dataclass(frozen=True)
class Due:
    due: list[tubes.Tube]
    still_open: list[tubes.Tube]


class HandoverScreen(QWidget):
    """Lists the sealed tubes due and records the handover when the box holds as many."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.checkpoint = station.session.checkpoint
        self.title = QLabel()
        font = self.title.font()
        font.setPixelSize(20)
        font.setBold(True)
        self.title.setFont(font)
        self.due_list = QListWidget()
        self.open_list = QListWidget()
        for tube_list in (self.due_list, self.open_list):
            list_font = tube_list.font()
            list_font.setPixelSize(17)
            tube_list.setFont(list_font)
        self.open_list.setMaximumHeight(120)
        self.count = QSpinBox()
        self.count.setRange(0, 10_000)
        font = self.count.font()
        font.setPixelSize(22)
        self.count.setFont(font)
        self.count.setMinimumWidth(120)
        self.record = QPushButton(self.tr("Record handover"))
        self.record.clicked.connect(self.hand_over)
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Tubes counted in the box:")))
        row.addWidget(self.count)
        row.addWidget(self.record)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(QLabel(self.tr("Sealed since the last handover:")))
        layout.addWidget(self.due_list, 1)
        layout.addWidget(QLabel(self.tr("Still open (they go in the next box):")))
        layout.addWidget(self.open_list)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        checkpoint = self.checkpoint

        def job(store: Store) -> Due:
            with store.read() as conn:
                return Due(handover.due(conn, checkpoint), handover.still_open(conn, checkpoint))

        self.station.db.run(job, self._show, self._failed)

    def _show(self, data: Due) -> None:
        self.title.setText(
            self.tr("Tubes to hand over at {checkpoint}: {count}").format(
                count=len(data.due), checkpoint=self.checkpoint
            )
        )
        self.due_list.clear()
        for tube in data.due:
            self.due_list.addItem(f"{tube.code}   {tube.filled}/{tube.size}   {tube.round}")
        self.open_list.clear()
        for tube in data.still_open:
            self.open_list.addItem(f"{tube.code}   {tube.filled}/{tube.size}")

    def hand_over(self) -> None:
        checkpoint, count = self.checkpoint, self.count.value()
        self.station.db.run(
            lambda store: handover.hand_over(store, checkpoint, count), self._recorded, self._failed
        )

    def _recorded(self, done: handover.Handover) -> None:
        self.message.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.message.setText(
            self.tr("Handover recorded at {time}: {count} tubes.").format(
                count=done.count, time=clock_time(done.at)
            )
        )
        self.count.setValue(0)
        self.refresh()

    def _failed(self, error: Exception) -> None:
        self.message.setStyleSheet("color: #b71c1c; font-weight: bold;")
        if isinstance(error, handover.HandoverMismatch):
            self.message.setText(
                self.tr(
                    "Tubes in the box: {count}; sealed here since the last handover: {due}. "
                    "Check the box against the list. Nothing was recorded."
                ).format(count=error.count, due=len(error.due))
            )
            self._show(Due(error.due, error.still_open))
        else:
            self.message.setText(reasons.translate(describe(error)))
