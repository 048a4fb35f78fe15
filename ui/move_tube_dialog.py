"""Moving a cracked or mislabelled tube's people, in their positions, to a new barcode: the old tube
is broken for good, and the new one is handed over and traced in its place (tubes.move)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from registration.sampling import tubes
from ui import reasons
from ui.db_worker import describe
from ui.marks import QT_TRANSLATE_NOOP
from ui.station import Station

PRESET_REASONS = (
    QT_TRANSLATE_NOOP("MoveTubeDialog", "Tube cracked"),
    QT_TRANSLATE_NOOP("MoveTubeDialog", "Wrong label on the tube"),
    QT_TRANSLATE_NOOP("MoveTubeDialog", "Label unreadable"),
)


class MoveTubeDialog(QDialog):
    """The broken tube (the open one unless another is named), the new barcode and why.

    Signals:
        moved(object): the ``tubes.Moved`` of a move just recorded.
    """

    moved = Signal(object)

    def __init__(self, station: Station, old: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setWindowTitle(self.tr("Move a tube's people to a new barcode"))
        self.setMinimumWidth(520)
        self.old = QLineEdit(old)
        self.old.setPlaceholderText(self.tr("The cracked or mislabelled tube"))
        self.new = QLineEdit()
        self.new.setPlaceholderText(self.tr("Scan or type the new tube's barcode"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([QCoreApplication.translate("MoveTubeDialog", r) for r in PRESET_REASONS])
        self.reason.setCurrentIndex(-1)
        line = self.reason.lineEdit()
        if line is not None:  # always, for an editable combo box
            line.setPlaceholderText(self.tr("Reason (required)"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.move_button = buttons.addButton(self.tr("Move"), QDialogButtonBox.ButtonRole.ActionRole)
        for button in (buttons.button(QDialogButtonBox.StandardButton.Close), self.move_button):
            button.setAutoDefault(False)  # a scanner's Enter fills a field: it moves nothing by itself
        self.move_button.clicked.connect(self.move_people)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Broken tube"), self.old)
        form.addRow(self.tr("New tube"), self.new)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Everyone in the broken tube goes into the new one, in the same positions: nobody is "
                    "registered again. The broken tube's code is never used again."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        (self.new if old else self.old).setFocus()

    def add_scanned(self, text: str) -> None:
        """A scanned code fills the broken tube's field while it is empty, else the new tube's."""
        (self.new if self.old.text().strip() else self.old).setText(text.strip())

    def move_people(self) -> None:
        old, new, reason = self.old.text().strip(), self.new.text().strip(), self.reason.currentText()
        self.move_button.setEnabled(False)
        self.station.move_tube(old, new, reason, self._moved, self._refused)

    def _moved(self, moved: tubes.Moved) -> None:
        self.move_button.setEnabled(True)
        self.note.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.note.setText(
            self.tr("{people} people moved from {old} to {new}; {old} is broken.").format(
                people=moved.people, old=moved.old, new=moved.new
            )
        )
        self.old.clear()
        self.new.clear()
        self.moved.emit(moved)

    def _refused(self, error: Exception) -> None:
        self.move_button.setEnabled(True)
        self.note.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.note.setText(reasons.translate(describe(error)))
