"""Manual entry for people without a code: an ID number checked as it is typed, or a roster search; the same
to choose the right person for a correction."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from registration.people.identity import id_problem, mask_personal, normalise_id
from registration.sampling.desk import RosterHit
from ui import reasons
from ui.banner import clock_time
from ui.station import Scan, Station

ID_LENGTH = 18
SEARCH_DELAY_MS = 250
CODE_SHOWN = 60
"""A foreign code longer than this shows its start and end: the dialog stays readable."""


def shortened(code: str) -> str:
    if len(code) <= CODE_SHOWN:
        return code
    half = (CODE_SHOWN - 1) // 2
    return code[:half] + "…" + code[-half:]


class ManualEntry(QDialog):
    """Asks for a person's ID number, or finds them on the roster.

    With ``correcting`` (the registration a correction replaces, in words) it chooses the right
    person instead of one to register, and takes a scanned code too.

    Signals:
        chosen(str): the valid ID number of the person to register (or, correcting, a scanned code).
    """

    chosen = Signal(str)

    def __init__(
        self,
        station: Station,
        parent: QWidget | None = None,
        *,
        identity_for: Scan | None = None,
        correcting: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station
        if correcting is not None:
            self.setWindowTitle(self.tr("The right person"))
        elif identity_for is not None:
            self.setWindowTitle(self.tr("Confirm identity"))
        else:
            self.setWindowTitle(self.tr("Manual entry"))
        self.setMinimumSize(600, 420)

        self.id_input = QLineEdit()
        self.id_input.setPlaceholderText(self.tr("18-character ID number"))
        self.id_input.setMaxLength(24)
        font = self.id_input.font()
        font.setPixelSize(24)
        self.id_input.setFont(font)
        self.id_input.textChanged.connect(self._check)
        self.id_input.returnPressed.connect(self.submit_id)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        id_page = QWidget()
        id_layout = QVBoxLayout(id_page)
        # For a foreign code: whose it is, as far as the code says (an ID number or phone in it,
        # masked), when it was read, and how many more foreign codes wait for this dialog to close.
        self.code = QLabel()
        self.code.setWordWrap(True)
        self.waiting = QLabel()
        self.waiting.setStyleSheet("color: #e65100; font-weight: bold;")
        self.waiting.setVisible(False)
        if identity_for is not None:
            self.code.setText(
                self.tr("Read at {time}: {code}").format(
                    time=clock_time(identity_for.read_at, seconds=True),
                    code=shortened(mask_personal(identity_for.outcome.raw_code or "")),
                )
            )
            id_layout.addWidget(
                QLabel(self.tr("This health code comes from another system: enter the ID number."))
            )
            id_layout.addWidget(self.code)
            id_layout.addWidget(self.waiting)
        if correcting is not None:
            question = QLabel(
                self.tr(
                    "Registered: {registration}. Who is really in this tube position? Scan their code, "
                    "type their ID number or find them on the roster."
                ).format(registration=correcting)
            )
            question.setWordWrap(True)
            id_layout.addWidget(question)
        id_layout.addWidget(self.id_input)
        id_layout.addWidget(self.verdict)
        id_layout.addStretch(1)

        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Name or phone number"))
        self.results = QListWidget()
        self.results.itemActivated.connect(self._hit_chosen)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.query.textChanged.connect(self._timer.start)
        search_page = QWidget()
        search_layout = QVBoxLayout(search_page)
        search_layout.addWidget(self.query)
        search_layout.addWidget(self.results, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(id_page, self.tr("ID number"))
        self.tabs.addTab(search_page, self.tr("Roster search"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.register = buttons.addButton(
            self.tr("Correct") if correcting is not None else self.tr("Register"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.register.setDefault(False)
        self.register.setAutoDefault(False)
        buttons.accepted.connect(self._accept_current)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._check("")
        self.id_input.setFocus()

    def set_waiting(self, count: int) -> None:
        """Say how many more foreign codes wait for their identity check after this one."""
        self.waiting.setText(self.tr("{count} more waiting").format(count=count))
        self.waiting.setVisible(count > 0)

    def _tab_shown(self, index: int) -> None:
        self._check("")
        (self.id_input if index == 0 else self.query).setFocus()

    def _problem(self) -> str | None:
        number = normalise_id(self.id_input.text())
        if len(number) < ID_LENGTH:
            return self.tr("{count} of 18 characters").format(count=len(number))
        problem = id_problem(number)
        return None if problem is None else reasons.translate(problem)

    def _check(self, _text: str) -> None:
        problem = self._problem()
        self.register.setEnabled(problem is None if self.tabs.currentIndex() == 0 else True)
        if problem is None:
            self.verdict.setText(self.tr("Valid ID number"))
            self.verdict.setStyleSheet("color: #1b5e20; font-weight: bold;")
        else:
            self.verdict.setText(problem)
            self.verdict.setStyleSheet("color: #b71c1c;" if len(self.id_input.text()) >= ID_LENGTH else "")

    def submit_id(self) -> None:
        """Register the typed ID number, or say why it is refused and keep the dialog open."""
        problem = self._problem()
        if problem is not None:
            self.verdict.setText(self.tr("Refused: {reason}").format(reason=problem))
            self.verdict.setStyleSheet("color: #b71c1c; font-weight: bold;")
            return
        self._choose(normalise_id(self.id_input.text()))

    def _accept_current(self) -> None:
        if self.tabs.currentIndex() == 0:
            self.submit_id()
        elif self.results.currentItem() is not None:
            self._hit_chosen(self.results.currentItem())

    def _search(self) -> None:
        self.station.search(self.query.text(), self._show_hits)

    def _show_hits(self, hits: list[RosterHit]) -> None:
        self.results.clear()
        for hit in hits:
            text = " · ".join(
                part
                for part in (hit.name, hit.enterprise, hit.department, hit.masked_id, hit.masked_phone)
                if part
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, hit.id_number)
            self.results.addItem(item)
        if not hits and self.query.text().strip():
            self.results.addItem(self.tr("Nobody on the roster matches"))

    def _hit_chosen(self, item: QListWidgetItem) -> None:
        number = item.data(Qt.ItemDataRole.UserRole)
        if number:
            self._choose(str(number))

    def choose_scanned(self, code: str) -> None:
        """A code scanned while choosing: the person it names is chosen (the domain reads it)."""
        self._choose(code)

    def _choose(self, number: str) -> None:
        self.chosen.emit(number)
        self.accept()
