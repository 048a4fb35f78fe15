"""Choosing the ID-card reader: its spec typed or picked (``auto`` finds it), what is wrong with a spec
said beside it, and a test that reads a card laid on the reader, on a reader thread of the test's
own while the station's reader lets go of the device.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from registration.errors import Refused
from registration.sampling.idcard.card import Card
from registration.sampling.idcard.reader import parse_spec
from ui import reasons
from ui.reader_worker import CardReader, opener

SERIAL_EXAMPLE = "serial:COM3" if sys.platform == "win32" else "serial:/dev/ttyUSB0"
SPECS = ("", "auto", SERIAL_EXAMPLE, "huashi", "shensi", "decard", "demo")
"""What the list offers: none, found by itself, a serial SAM reader, the vendors' services, the demo's."""


class ReaderRow(QWidget):
    """The reader setting of the settings and of the sign-in: a spec, why it names no reader, a test.

    ``station`` is the station's reader, where it has one: it lets go of the device while a test
    runs, and its ``opener`` opens the test's reader.
    """

    def __init__(self, spec: str, station: CardReader | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.opener = station.opener if station is not None else opener
        self.spec = QComboBox()
        self.spec.setEditable(True)
        self.spec.addItems(list(SPECS))
        self.spec.setCurrentText(spec)
        self.spec.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.spec.lineEdit()
        assert line is not None  # an editable combo box has one
        line.setPlaceholderText(self.tr("No ID-card reader"))
        self.spec.setToolTip(
            self.tr("auto finds the reader; or serial:PORT, or the vendor's service: huashi, shensi, decard")
        )
        self.test_button = QPushButton(self.tr("Test…"))
        self.test_button.clicked.connect(self.test)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.spec, 1)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.spec.currentTextChanged.connect(self._check)
        self._check()

    def checked(self) -> str | None:
        """The spec chosen ("" for no reader); None where it names no reader (said beside it)."""
        text = self.spec.currentText().strip()
        if not text:
            return ""
        try:
            parse_spec(text)
        except Refused as exc:
            self.error.setText(reasons.translate(exc.reason))
            return None
        return text

    def _check(self) -> None:
        spec = self.checked()
        self.error.setVisible(spec is None)
        self.test_button.setEnabled(bool(spec))

    def test(self) -> ReaderTest | None:
        """Open the test of the spec chosen; the station's reader lets go meanwhile, and comes back."""
        spec = self.checked()
        if not spec:
            return None
        tester = ReaderTest(CardReader(opener=self.opener), spec, self)
        tester.open()
        station = self.station
        if station is None:
            tester.start()
            return tester
        watched = station.spec
        tester.finished.connect(lambda _result: station.start(watched) if watched else None)
        station.stop(then=tester.start)
        return tester


class ReaderTest(QDialog):
    """Asks for a card on the reader; shows its name and masked number, or why the reader is not there."""

    def __init__(self, reader: CardReader, spec: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.spec = spec
        reader.setParent(self)
        self.setWindowTitle(self.tr("Test the ID-card reader"))
        self.setMinimumWidth(420)
        self.prompt = QLabel(self.tr("Lay a card on the reader"))
        self.card = QLabel()
        font = self.card.font()
        font.setPixelSize(24)
        font.setBold(True)
        self.card.setFont(font)
        self.state = QLabel()
        self.state.setWordWrap(True)
        for label in (self.prompt, self.card, self.state):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        reader.card_laid.connect(self.show_card)
        reader.status.connect(self.state.setText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.card)
        layout.addWidget(self.state)
        layout.addWidget(buttons)

    def start(self) -> None:
        if self.isVisible():  # closed before the station's reader let go: nothing to test
            self.reader.start(self.spec)

    def show_card(self, card: Card) -> None:
        shown = card.masked()
        self.card.setText(f"{shown['name']} · {shown['id_number']}")
        self.prompt.setText(self.tr("Read: lay another card, or close"))

    def done(self, result: int) -> None:
        self.reader.shutdown()  # the device is free again for the station's own reader
        super().done(result)
