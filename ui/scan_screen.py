"""The scan screen, used all day: camera preview, result banner, tube panel, counters, manual entry, ID
cards, voids and corrections, and moving a broken tube's people."""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from registration.sampling.desk import ScanState
from registration.sampling.idcard.card import Card
from registration.sampling.registrations import Status
from registration.sampling.scanning.pipeline import Report
from ui import reasons
from ui.banner import Banner, Look
from ui.manual_entry import ManualEntry
from ui.move_tube_dialog import MoveTubeDialog
from ui.preview import Preview
from ui.sounds import Sounds
from ui.station import Scan, Station
from ui.tube_panel import TubePanel
from ui.void_dialog import VoidDialog


class Counter(QFrame):
    """A large number with its caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("0")
        font = self.value.font()
        font.setPixelSize(34)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set(self, value: int) -> None:
        self.value.setText(str(value))


class ScanScreen(QWidget):
    """Everything the volunteer needs during a round, on one screen."""

    def __init__(self, station: Station, sounds: Sounds, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.sounds = sounds
        self.banner = Banner()
        self.preview = Preview()
        self.tube_panel = TubePanel()
        self.shift = Counter(self.tr("this shift"))
        self.round_here = Counter(self.tr("this round here"))
        self.roster_notice = QLabel()
        self.roster_notice.setStyleSheet(
            "background: #fff3e0; color: #bf360c; font-weight: bold; padding: 6px; border-radius: 4px;"
        )
        self.roster_notice.setVisible(False)
        self.context = QLabel()
        self.context.setWordWrap(True)
        s = station.session
        self.context.setText(
            self.tr("Checkpoint {checkpoint} · round {round} · operator {operator}").format(
                checkpoint=s.checkpoint, round=s.round, operator=s.operator or "—"
            )
        )
        self.manual_button = QPushButton(self.tr("Manual entry…"))
        self.manual_button.clicked.connect(self.open_manual_entry)
        self.void_button = QPushButton(self.tr("Void or correct…"))
        self.void_button.clicked.connect(self.open_void)
        for button in (self.manual_button, self.void_button):
            button.setMinimumHeight(40)
            # Focus stays off the buttons so a scanner's Enter never presses one.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        counters = QHBoxLayout()
        counters.addWidget(self.shift)
        counters.addWidget(self.round_here)
        side = QVBoxLayout()
        side.addWidget(self.tube_panel, 1)
        side.addLayout(counters)
        actions = QHBoxLayout()
        actions.addWidget(self.context, 1)
        actions.addWidget(self.manual_button)
        actions.addWidget(self.void_button)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.addWidget(self.banner, 0, 0, 1, 2)
        grid.addWidget(self.roster_notice, 1, 0, 1, 2)
        grid.addWidget(self.preview, 2, 0)
        grid.addLayout(side, 2, 1)
        grid.addLayout(actions, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(2, 1)

        self.manual: ManualEntry | None = None
        self.identity_dialog: ManualEntry | None = None
        # Foreign codes read while an identity check is open: one dialog at a time, none lost.
        self.identity_queue: deque[Scan] = deque()
        self.void_dialog: VoidDialog | None = None
        self.move_dialog: MoveTubeDialog | None = None
        station.scanned.connect(self.show_scan)
        station.state_changed.connect(self.show_state)
        station.single_changed.connect(self.tube_panel.set_single)
        station.message.connect(self.show_message)
        self.tube_panel.seal_requested.connect(station.seal)
        self.tube_panel.single_toggled.connect(station.set_single_next)
        self.tube_panel.tube_typed.connect(station.open_tube)
        self.tube_panel.move_requested.connect(self.open_move)
        station.refresh()

    def show_scan(self, scan: Scan) -> None:
        self.banner.show_scan(scan)
        self.sounds.play_look(self.banner.look, scan.person_name, (scan.outcome.tube or {}).get("position"))
        if scan.outcome.status is Status.NEEDS_IDENTITY and scan.outcome.raw_code:
            self.identity_queue.append(scan)
            self._next_identity()

    def camera_reports(self, reports: list[Report]) -> None:
        """Hand each code newly in view to the station; several codes at once register nobody."""
        if any(report.ambiguous for report in reports):
            self.banner.show_ambiguous()
            self.sounds.play_look(Look.AMBIGUOUS)
            return
        for report in reports:
            self.station.scan(report.text, "camera", report.colour)

    def card_laid(self, card: Card) -> None:
        """Register whoever an ID card laid on the reader names, as a scan of their ID number."""
        self.station.scan(card.id_number, "idcard", name=card.name)

    def show_state(self, state: ScanState) -> None:
        self.tube_panel.show_state(state)
        self.roster_notice.setVisible(not state.has_roster)
        self.roster_notice.setText(
            # The office's own laptop waits for nobody: the rosters are its to import.
            self.tr("No roster yet: import the rosters on the “Campaign office” tab")
            if state.office
            else self.tr("No roster yet: waiting for the campaign office")
        )
        if self.banner.look is Look.IDLE:
            self.banner.idle(state.tube)
        self.shift.set(state.shift)
        self.round_here.set(state.round_here)

    def show_message(self, text: str) -> None:
        self.banner.show_text(Look.REJECTED, self.tr("Refused"), reasons.translate(text))
        self.sounds.play_look(Look.REJECTED)

    def open_manual_entry(self) -> ManualEntry:
        self.manual = ManualEntry(self.station, self)
        self.manual.chosen.connect(lambda number: self.station.scan(number, "manual"))
        self.manual.open()
        return self.manual

    def _next_identity(self) -> None:
        """Open the identity check of the first waiting foreign code unless one is open; count the rest."""
        if self.identity_dialog is None and self.identity_queue:
            self.identity_dialog = self._ask_identity(self.identity_queue.popleft())
        if self.identity_dialog is not None:
            self.identity_dialog.set_waiting(len(self.identity_queue))

    def _ask_identity(self, scan: Scan) -> ManualEntry:
        raw = scan.outcome.raw_code or ""
        dialog = ManualEntry(self.station, self, identity_for=scan)
        dialog.chosen.connect(
            lambda number: self.station.scan(raw, scan.source, scan.colour, identity=number)
        )
        dialog.finished.connect(lambda _result: self._identity_closed(dialog))
        dialog.open()
        return dialog

    def _identity_closed(self, dialog: ManualEntry) -> None:
        # Registered or cancelled, the next foreign code's check opens.
        dialog.deleteLater()
        self.identity_dialog = None
        self._next_identity()

    def open_move(self) -> MoveTubeDialog:
        tube = self.station.state.tube if self.station.state else None
        self.move_dialog = MoveTubeDialog(self.station, tube.code if tube else "", self)
        self.move_dialog.open()
        return self.move_dialog

    def open_void(self) -> VoidDialog:
        self.void_dialog = VoidDialog(self.station, self)
        self.void_dialog.open()
        return self.void_dialog
