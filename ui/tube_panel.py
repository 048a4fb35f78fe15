"""The tube panel: the open tube's code, its positions with names, early seal, the single-tube switch and
moving a broken tube's people to a new barcode."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from registration.sampling.desk import ScanState


class TubePanel(QGroupBox):
    """Shows the tube being filled and its people.

    Signals:
        seal_requested(): the operator asks to seal the open tube early.
        move_requested(): the operator asks to move a broken or mislabelled tube's people to a new barcode.
        single_toggled(bool): the operator sets whether the next tube is a single tube.
        tube_typed(str): the operator typed a tube's code (no scanner or camera at hand).
    """

    seal_requested = Signal()
    move_requested = Signal()
    single_toggled = Signal(bool)
    tube_typed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Tube"))
        self.code = QLabel()
        font = self.code.font()
        font.setPixelSize(22)
        font.setBold(True)
        self.code.setFont(font)
        self.fill = QLabel()
        self.fill.setFont(font)
        self.fill.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.slots = QListWidget()
        self.slots.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        list_font = self.slots.font()
        list_font.setPixelSize(19)
        self.slots.setFont(list_font)
        self.seal = QPushButton(self.tr("Seal early"))
        self.seal.clicked.connect(self.seal_requested)
        self.move_button = QPushButton(self.tr("Move tube…"))
        self.move_button.setToolTip(self.tr("A cracked or mislabelled tube: its people go to a new barcode"))
        self.move_button.clicked.connect(self.move_requested)
        self.move_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scanner's Enter never opens it
        self.single = QCheckBox(self.tr("Next tube is a single tube"))
        self.single.toggled.connect(self.single_toggled)
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(self.tr("Type a tube code and press Enter"))
        self.typed.returnPressed.connect(self._typed)

        top = QHBoxLayout()
        top.addWidget(self.code, 1)
        top.addWidget(self.fill)
        buttons = QHBoxLayout()
        buttons.addWidget(self.single, 1)
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.seal)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.slots, 1)
        layout.addWidget(self.typed)
        layout.addLayout(buttons)
        self.show_state(None)

    def show_state(self, state: ScanState | None) -> None:
        tube = state.tube if state else None
        self.slots.clear()
        self.seal.setEnabled(tube is not None and tube.filled > 0)
        if tube is None:
            self.code.setText(self.tr("No tube open"))
            self.fill.setText("")
            self.hint.setText(self.tr("Scan the next tube's barcode"))
            self.hint.setStyleSheet("color: #b71c1c; font-weight: bold;")
            return
        self.code.setText(tube.code)
        self.fill.setText(f"{tube.filled}/{tube.size}")
        self.hint.setText(self.tr("Single tube") if tube.size == 1 else "")
        self.hint.setStyleSheet("")
        by_position = {slot.position: slot for slot in state.slots} if state else {}
        for position in range(1, tube.size + 1):
            slot = by_position.get(position)
            # A figure space pads like a digit, so one-digit positions line up with 10.
            text = f"{position:\u2007>2}   " + (slot.name or slot.masked_id if slot else "—")
            item = QListWidgetItem(text)
            if slot is not None and slot.voided:
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
                item.setText(text + "  " + self.tr("(voided)"))
            self.slots.addItem(item)

    def _typed(self) -> None:
        code = self.typed.text().strip()
        if code:
            self.typed.clear()
            self.tube_typed.emit(code)

    def set_single(self, single: bool) -> None:
        self.single.blockSignals(True)
        self.single.setChecked(single)
        self.single.blockSignals(False)
