"""Voiding this laptop's latest registrations, each with a reason; the samples stay in their tubes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from registration.sampling.desk import Recent
from ui.banner import clock_time
from ui.marks import QT_TRANSLATE_NOOP
from ui.station import Station

PRESET_REASONS = (
    QT_TRANSLATE_NOOP("VoidDialog", "Wrong person registered"),
    QT_TRANSLATE_NOOP("VoidDialog", "Code scanned by mistake"),
    QT_TRANSLATE_NOOP("VoidDialog", "Sample not taken"),
)


class VoidDialog(QDialog):
    """Lists this laptop's latest live registrations and voids the selected ones."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setWindowTitle(self.tr("Void registrations"))
        self.setMinimumWidth(600)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([QCoreApplication.translate("VoidDialog", r) for r in PRESET_REASONS])
        self.reason.setCurrentIndex(-1)
        line = self.reason.lineEdit()
        if line is not None:  # always, for an editable combo box
            line.setPlaceholderText(self.tr("Reason (required)"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.void_button = buttons.addButton(self.tr("Void selected"), QDialogButtonBox.ButtonRole.ActionRole)
        self.void_button.clicked.connect(self.void_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Latest registrations on this laptop:")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        station.voided.connect(self._voided)
        self.reload()

    def reload(self) -> None:
        self.station.recent(self._show)

    def _show(self, rows: list[Recent]) -> None:
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(
                f"{clock_time(row.at)}   {row.name or row.masked_id}   {row.tube} {row.position}"
            )
            item.setData(Qt.ItemDataRole.UserRole, row.event)
            self.list.addItem(item)
        if not rows:
            self.note.setText(self.tr("No registration to void."))

    def void_selected(self) -> None:
        reason = self.reason.currentText().strip()
        selected = self.list.selectedItems()
        if not selected:
            self.note.setText(self.tr("Select the registrations to void."))
            return
        if not reason:
            self.note.setText(self.tr("A void needs a reason."))
            return
        for item in selected:
            self.station.void(str(item.data(Qt.ItemDataRole.UserRole)), reason)

    def _voided(self, _event: str) -> None:
        self.note.setText(self.tr("Voided."))
        self.reload()
