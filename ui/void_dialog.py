"""Finding a registration of the round at this checkpoint, by name, ID number or tube, and voiding it
(the sample stays in its tube) or putting the right person in its tube position."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from registration.people.identity import mask_personal
from registration.sampling.lookup import Findings, Found
from registration.sampling.registrations import Outcome
from ui import reasons
from ui.banner import clock_time
from ui.confirm import Confirm, ask
from ui.db_worker import describe
from ui.manual_entry import SEARCH_DELAY_MS, ManualEntry
from ui.marks import QT_TRANSLATE_NOOP
from ui.station import Station

PRESET_REASONS = (
    QT_TRANSLATE_NOOP("VoidDialog", "Wrong person registered"),
    QT_TRANSLATE_NOOP("VoidDialog", "Code scanned by mistake"),
    QT_TRANSLATE_NOOP("VoidDialog", "Sample not taken"),
)
COLUMNS = (
    QT_TRANSLATE_NOOP("VoidDialog", "Time"),
    QT_TRANSLATE_NOOP("VoidDialog", "Name"),
    QT_TRANSLATE_NOOP("VoidDialog", "ID number"),
    QT_TRANSLATE_NOOP("VoidDialog", "Tube"),
    QT_TRANSLATE_NOOP("VoidDialog", "Pos."),
    QT_TRANSLATE_NOOP("VoidDialog", "Laptop"),
    QT_TRANSLATE_NOOP("VoidDialog", "State"),
)
_GONE = QColor("#888888")


class VoidDialog(QDialog):
    """Lists the round's registrations at this checkpoint (every laptop's that this one knows) that a
    search names, and voids or corrects the selected ones."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.confirm: Confirm = ask
        self.chooser: ManualEntry | None = None
        """The right person's choice, while a correction waits for it."""
        self.shown: list[Found] = []
        self._asked = 0
        """The latest search asked for: an answer to an earlier one is dropped."""
        self.setWindowTitle(self.tr("Void or correct a registration"))
        self.setMinimumSize(720, 480)
        s = station.session
        self.query = QLineEdit()
        self.query.setPlaceholderText(
            self.tr("Name, ID number (last digits, or masked as shown) or tube code")
        )
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(self._timer.start)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("VoidDialog", c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([QCoreApplication.translate("VoidDialog", r) for r in PRESET_REASONS])
        self.reason.setCurrentIndex(-1)
        line = self.reason.lineEdit()
        if line is not None:  # always, for an editable combo box
            line.setPlaceholderText(self.tr("Reason (required)"))
        self.summary = QLabel()
        """What the list holds: nothing, or only the newest."""
        self.note = QLabel()
        """What came of the latest action."""
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.void_button = buttons.addButton(self.tr("Void…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.correct_button = buttons.addButton(self.tr("Correct…"), QDialogButtonBox.ButtonRole.ActionRole)
        for button in (
            buttons.button(QDialogButtonBox.StandardButton.Close),
            self.void_button,
            self.correct_button,
        ):
            button.setAutoDefault(False)  # Enter in the search field searches: it closes or voids nothing
        self.void_button.clicked.connect(self.void_selected)
        self.correct_button.clicked.connect(self.correct_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Registrations of round {round} at {checkpoint}, from every laptop here:").format(
                    round=s.round, checkpoint=s.checkpoint
                )
            )
        )
        layout.addWidget(self.query)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.reason)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.query.returnPressed.connect(self.search)
        station.voided.connect(self._voided)
        station.corrected.connect(self._corrected)
        self.query.setFocus()
        self.search()

    def search(self, query: str | None = None) -> None:
        """List what ``query`` (else the search field) names; an empty one lists the newest."""
        self._timer.stop()
        self._asked += 1
        asked = self._asked
        self.station.find_registrations(
            self.query.text() if query is None else query,
            lambda findings: self._show(asked, findings),
            self._refused,
        )

    def add_scanned(self, code: str) -> None:
        """A code scanned while the dialog is open: the right person when one is being chosen, else
        what to find (a tube, a person's code); the field shows it with any ID number masked."""
        if self.chooser is not None:
            self.chooser.choose_scanned(code)
            return
        self.query.blockSignals(True)
        self.query.setText(mask_personal(code))
        self.query.blockSignals(False)
        self.search(code)

    def _show(self, asked: int, findings: Findings) -> None:
        if asked != self._asked:
            return  # typed on meanwhile: a later answer is coming
        self.shown = findings.found
        self.table.setRowCount(len(self.shown))
        for row, found in enumerate(self.shown):
            cells = (
                clock_time(found.at),
                found.name,
                found.masked_id,
                found.tube,
                str(found.position),
                self.tr("this laptop") if found.own else self.tr("another laptop"),
                self._state(found),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not found.live:
                    item.setForeground(_GONE)
                self.table.setItem(row, column, item)
        if findings.more:
            self.summary.setText(
                self.tr("Only the newest {count} are listed: type more to narrow the search.").format(
                    count=len(self.shown)
                )
            )
        elif not self.shown:
            self.summary.setText(
                self.tr("No registration here matches.")
                if self.query.text().strip()
                else self.tr("No registration here yet.")
            )
        else:
            self.summary.clear()

    def _state(self, found: Found) -> str:
        if found.live:
            return ""
        if found.corrected:
            return self.tr("Corrected: {reason}").format(reason=found.void_reason)
        return self.tr("Voided: {reason}").format(reason=found.void_reason)

    def selected(self) -> list[Found]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.shown[row] for row in rows if row < len(self.shown)]

    def _described(self, found: Found) -> str:
        person = " ".join(part for part in (found.name, found.masked_id) if part)
        return self.tr("{person} in tube {tube}, position {position}").format(
            person=person, tube=found.tube, position=found.position
        )

    def _reason(self, missing: str) -> str | None:
        reason = self.reason.currentText().strip()
        if not reason:
            self.note.setText(missing)
        return reason or None

    def void_selected(self) -> None:
        """Void the selected registrations, once the operator confirms; their samples stay in the tubes."""
        chosen = self.selected()
        live = [found for found in chosen if found.live]
        if not chosen:
            self.note.setText(self.tr("Select the registrations to void."))
            return
        if not live:
            self.note.setText(self.tr("Already voided or corrected."))
            return
        reason = self._reason(self.tr("A void needs a reason."))
        if reason is None:
            return
        question = self.tr("Void {registrations}? The samples stay in their tubes.").format(
            registrations="; ".join(map(self._described, live))
        )
        if not self.confirm(self, question):
            return
        for found in live:
            self.station.void(found.event, reason, self._refused)

    def correct_selected(self) -> ManualEntry | None:
        """Ask for the right person for the selected registration's tube position."""
        chosen = self.selected()
        if len(chosen) != 1:
            self.note.setText(self.tr("Select the one registration to correct."))
            return None
        found = chosen[0]
        if not found.live:
            self.note.setText(self.tr("Already voided or corrected."))
            return None
        reason = self._reason(self.tr("A correction needs a reason."))
        if reason is None:
            return None
        chooser = ManualEntry(self.station, self, correcting=self._described(found))
        chooser.chosen.connect(lambda identity: self._correct(found, identity, reason))
        chooser.finished.connect(lambda _result: self._chooser_closed(chooser))
        self.chooser = chooser
        chooser.open()
        return chooser

    def _chooser_closed(self, chooser: ManualEntry) -> None:
        chooser.deleteLater()
        self.chooser = None

    def _correct(self, found: Found, identity: str, reason: str) -> None:
        question = self.tr("Put the chosen person in tube {tube}, position {position}, in place of {person}?")
        person = " ".join(part for part in (found.name, found.masked_id) if part)
        if self.confirm(self, question.format(tube=found.tube, position=found.position, person=person)):
            self.station.correct(found.event, identity, reason, self._refused)

    def _voided(self, _event: str) -> None:
        if self.isVisible():
            self.search()
            self.note.setText(self.tr("Voided."))

    def _corrected(self, outcome: Outcome) -> None:
        if not self.isVisible():
            return
        person = outcome.person or {}
        tube = outcome.tube or {}
        self.search()
        self.note.setText(
            self.tr("Corrected: tube {tube}, position {position} now holds {person}.").format(
                tube=tube.get("code", ""),
                position=tube.get("position", ""),
                person=" ".join(str(person[k]) for k in ("name", "id_number") if person.get(k)),
            )
        )

    def _refused(self, error: Exception) -> None:
        self.note.setText(reasons.translate(describe(error)))
