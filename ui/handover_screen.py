"""The handover screen: the tubes sealed here since the last handover, counted or scanned against the
box; scanning shows which tubes are missing from the box and which do not belong in it. A transport
box's code scanned here opens that box (or takes it up again): the tubes scanned next go into it, each
refused with why when it does not belong, then it is sealed with its count and handed over whole."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from registration.errors import Reason
from registration.sampling import boxes, handover, payloads, tubes
from registration.storage.store import Store
from ui import reasons
from ui.banner import clock_time
from ui.db_worker import describe
from ui.station import Station


@dataclass(frozen=True)
class Due:
    due: list[tubes.Tube]
    still_open: list[tubes.Tube]


class HandoverScreen(QWidget):
    """Lists the sealed tubes due and records the handover when the box holds as many, or, once the
    box's tubes are scanned, when they are exactly the tubes due."""

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
        self.scanned: list[str] = []
        self.check: handover.BoxCheck | None = None
        """The latest comparison of the scanned box with the tubes due."""
        self.scan_input = QLineEdit()
        self.scan_input.setPlaceholderText(
            self.tr("Scan each tube in the box (or type its code and press Enter)")
        )
        self.scan_input.returnPressed.connect(self._typed)
        self.clear_scans = QPushButton(self.tr("Start the box again"))
        self.clear_scans.clicked.connect(self.clear_box)
        self.box_state = QLabel()
        self.missing_list = QListWidget()
        self.extra_list = QListWidget()
        for box_list in (self.missing_list, self.extra_list):
            box_list.setMaximumHeight(120)
        box_lists = QHBoxLayout()
        for title, box_list in (
            (self.tr("Missing from the box:"), self.missing_list),
            (self.tr("In the box but not due here (take out):"), self.extra_list),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(box_list)
            box_lists.addLayout(column)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_input, 1)
        scan_row.addWidget(self.clear_scans)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Tubes counted in the box:")))
        row.addWidget(self.count)
        row.addWidget(self.record)
        row.addStretch(1)
        self.box: boxes.Box | None = None
        """The transport box the scanned tubes go into, when one was scanned."""
        self.box_title = QLabel(self.tr("No transport box: scan a box's code to fill one."))
        font = self.box_title.font()
        font.setPixelSize(18)
        font.setBold(True)
        self.box_title.setFont(font)
        self.box_list = QListWidget()
        self.box_list.setMaximumHeight(120)
        self.box_count = QSpinBox()
        self.box_count.setRange(0, 10_000)
        self.seal_box_button = QPushButton(self.tr("Seal the box"))
        self.seal_box_button.clicked.connect(self.seal_box)
        self.hand_box_button = QPushButton(self.tr("Hand over the box"))
        self.hand_box_button.clicked.connect(self.hand_over_box)
        self.leave_box_button = QPushButton(self.tr("Put the box aside"))
        self.leave_box_button.clicked.connect(lambda: self._show_box_contents(None))
        box_row = QHBoxLayout()
        box_row.addWidget(QLabel(self.tr("Tubes counted in the transport box:")))
        box_row.addWidget(self.box_count)
        for button in (self.seal_box_button, self.hand_box_button, self.leave_box_button):
            box_row.addWidget(button)
        box_row.addStretch(1)
        self._show_box_contents(None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box_title)
        layout.addWidget(self.box_list)
        layout.addLayout(box_row)
        layout.addWidget(self.title)
        layout.addWidget(QLabel(self.tr("Sealed since the last handover:")))
        layout.addWidget(self.due_list, 1)
        layout.addWidget(QLabel(self.tr("Still open (they go in the next box):")))
        layout.addWidget(self.open_list)
        layout.addLayout(scan_row)
        layout.addWidget(self.box_state)
        layout.addLayout(box_lists)
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
        if self.scanned:
            self._check_box()

    def add_scanned(self, text: str) -> None:
        """A box's code scanned (or typed) while this screen is shown opens that transport box; a
        tube then goes into it, and without one into the box being checked against the tubes due."""
        code = text.strip()
        if payloads.is_box(code):
            self.use_box(code)
            return
        if self.box is not None and code:
            self._fill_box(code)
            return
        if code and code not in self.scanned:
            self.scanned.append(code)
        self._check_box()

    def use_box(self, code: str) -> None:
        """Take up transport box ``code`` of this checkpoint, opening it when it is new."""
        checkpoint = self.checkpoint

        def job(store: Store) -> boxes.Box:
            with store.read() as conn:
                held = boxes.get(conn, code)
            return held if held is not None else boxes.open_box(store, code, checkpoint)

        self.station.db.run(job, self._box_taken, self._failed)

    def _box_taken(self, box: boxes.Box) -> None:
        if box.checkpoint != self.checkpoint:
            self._failed_reason(Reason("box.of_checkpoint", box=box.code, checkpoint=box.checkpoint))
            return
        self._show_box_contents(box)
        self._say(self.tr("Box {box}: scan its tubes.").format(box=box.code))

    def _fill_box(self, tube: str) -> None:
        code = self.box.code if self.box is not None else ""
        self.station.db.run(
            lambda store: boxes.add_tubes(store, code, [tube])[0], self._box_filled, self._failed
        )

    def _box_filled(self, box: boxes.Box) -> None:
        self._show_box_contents(box)
        self._say(
            self.tr("Box {box}: {tube} put in, {count} tubes in it.").format(
                box=box.code, tube=box.tubes[-1], count=len(box.tubes)
            )
        )
        self.refresh()

    def _show_box_contents(self, box: boxes.Box | None) -> None:
        self.box = box
        self.box_list.clear()
        for button in (self.seal_box_button, self.hand_box_button, self.leave_box_button):
            button.setEnabled(box is not None)
        if box is None:
            self.box_title.setText(self.tr("No transport box: scan a box's code to fill one."))
            return
        state = (
            self.tr("handed over")
            if box.handed_at
            else self.tr("sealed")
            if box.sealed
            else self.tr("open: scan its tubes")
        )
        self.box_title.setText(
            self.tr("Transport box {box}: {count} tubes, {state}").format(
                box=box.code, count=len(box.tubes), state=state
            )
        )
        self.box_list.addItems(list(box.tubes))
        self.seal_box_button.setEnabled(not box.sealed)
        self.hand_box_button.setEnabled(box.sealed and not box.handed_at)

    def seal_box(self) -> None:
        """Seal the box when the count typed is the tubes scanned into it."""
        if self.box is None:
            return
        code, count = self.box.code, self.box_count.value()

        def sealed(box: boxes.Box) -> None:
            self._show_box_contents(box)
            self._say(
                self.tr("Box {box} sealed with {count} tubes.").format(box=box.code, count=len(box.tubes))
            )

        self.station.db.run(lambda store: boxes.seal_box(store, code, count), sealed, self._failed)

    def hand_over_box(self) -> None:
        """Hand the sealed box over whole."""
        if self.box is None:
            return
        checkpoint, code = self.checkpoint, self.box.code

        def done(handed: handover.Handover) -> None:
            self._recorded(handed)
            self._show_box_contents(None)
            self.box_count.setValue(0)

        self.station.db.run(lambda store: boxes.hand_over_box(store, checkpoint, code), done, self._failed)

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.message.setText(text)

    def _failed_reason(self, reason: str) -> None:
        self.message.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.message.setText(reasons.translate(reason))

    def _typed(self) -> None:
        self.add_scanned(self.scan_input.text())
        self.scan_input.clear()

    def clear_box(self) -> None:
        self.scanned, self.check = [], None
        self.missing_list.clear()
        self.extra_list.clear()
        self.box_state.clear()

    def _check_box(self) -> None:
        checkpoint, codes = self.checkpoint, list(self.scanned)

        def job(store: Store) -> handover.BoxCheck:
            with store.read() as conn:
                return handover.check_box(conn, checkpoint, codes)

        self.station.db.run(job, self._show_box, self._failed)

    def _show_box(self, check: handover.BoxCheck) -> None:
        self.check = check
        self.box_state.setText(
            self.tr("Scanned: {scanned} · due: {due} · missing: {missing} · not due here: {extra}").format(
                scanned=len(check.scanned),
                due=len(check.due),
                missing=len(check.missing),
                extra=len(check.extra),
            )
        )
        self.box_state.setStyleSheet(
            "color: #1b5e20; font-weight: bold;" if check.matches else "color: #b71c1c; font-weight: bold;"
        )
        self.missing_list.clear()
        for tube in check.missing:
            self.missing_list.addItem(f"{tube.code}   {tube.filled}/{tube.size}   {tube.round}")
        self.extra_list.clear()
        for extra in check.extra:
            self.extra_list.addItem(f"{extra.code}   {reasons.translate(extra.reason)}")

    def hand_over(self) -> None:
        """Record the handover: of the scanned tubes when the box was scanned, else of the count."""
        checkpoint, count, codes = self.checkpoint, self.count.value(), list(self.scanned)
        if codes:
            self.station.db.run(
                lambda store: handover.hand_over_scanned(store, checkpoint, codes),
                self._recorded,
                self._failed,
            )
            return
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
        self.clear_box()
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
        elif isinstance(error, handover.BoxMismatch):
            self.message.setText(
                self.tr(
                    "The box is not the tubes sealed here: see the missing and extra tubes. "
                    "Nothing was recorded."
                )
            )
            self._show_box(error.check)
        else:
            self._failed_reason(describe(error))
