"""First start and sign-in: choose or create the campaign database (or enrol with the server: a code
scanned, opened from its file or dropped there, or typed), then the checkpoint, the operator and the
round of this shift (and the camera and ID-card reader it uses); or, on the campaign office's laptop, the
operator alone, signing in as the office.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from registration.sampling import desk
from registration.sampling.desk import CampaignInfo, campaign_info
from registration.sampling.scanning.pipeline import Report
from registration.setup import campaign
from registration.storage import cipher
from registration.storage.store import Store
from sync import typed_code
from ui import reasons
from ui.camera_chooser import CameraChooser, source_label
from ui.camera_worker import Camera
from ui.confirm import ConfirmQuit, ask_to_quit
from ui.db_worker import Database, describe
from ui.enrolment import enrol, looks_like_enrolment_code, read_code_file
from ui.office.common import accept_files, dropped_files
from ui.preferences import Preferences
from ui.preview import Preview
from ui.reader_chooser import ReaderRow
from ui.reader_worker import CardReader
from ui.station import Session
from ui.tasks import in_background

CARD_WIDTH = 680


def _page(*widgets: QWidget | QFormLayout | QHBoxLayout) -> QScrollArea:
    """A page of the dialog: one taller than the window (the enrolment page once the camera preview
    opens) scrolls, rather than squeezing its widgets onto one another."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for item in widgets:
        if isinstance(item, QWidget):
            layout.addWidget(item)
        else:
            layout.addLayout(item)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    return scroll


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPixelSize(22)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _secret() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class NewPassphrase(QWidget):
    """The passphrase a new campaign database is encrypted with, typed twice; kept nowhere but here
    until the database is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.passphrase = _secret()
        self.confirm = _secret()
        explain = QLabel(
            self.tr(
                "The database is encrypted with this passphrase. It is asked for at every start; "
                "without it nobody can read the data, so keep it with the campaign's papers."
            )
        )
        explain.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(explain)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Passphrase again"), self.confirm)

    def problem(self) -> str:
        """Why the typed passphrase cannot be used; empty when it can."""
        typed = self.passphrase.text()
        if len(typed) < cipher.MIN_PASSPHRASE:
            return self.tr("The passphrase needs at least {count} characters.").format(
                count=cipher.MIN_PASSPHRASE
            )
        if self.confirm.text() != typed:
            return self.tr("The two passphrases differ: type the same one twice.")
        return ""

    def clear(self) -> None:
        self.passphrase.clear()
        self.confirm.clear()


class FirstStart(QDialog):
    """Leads to a signed-in session; every database step runs on the database thread.

    Signals:
        ready(object): the ``Session`` chosen; ``self.db`` is then open on its database.
    """

    ready = Signal(object)

    def __init__(
        self,
        prefs: Preferences,
        camera: Camera | None = None,
        reader: CardReader | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.camera = camera
        self.db: Database | None = None
        self.chosen = prefs.database
        """The database file being opened, created or enrolled."""
        self.info: CampaignInfo | None = None
        self.confirm_quit: ConfirmQuit = ask_to_quit
        self.ending = False
        """The program is ending anyway (shut down, Ctrl+C): closing asks nothing."""
        self.setWindowTitle(self.tr("Testing point station"))
        self.setMinimumSize(640, 460)
        font = self.font()
        font.setPixelSize(16)
        self.setFont(font)
        self.pages = QStackedWidget()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c;")

        # Database
        self.path = QLineEdit(str(prefs.database))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_database)
        self.path_page = _page(
            _title(self.tr("Campaign database")),
            QLabel(
                self.tr("The file that holds this laptop's campaign. A new file is created if none exists.")
            ),
            row,
            self.open_button,
        )

        # An encrypted database: its passphrase, unless TESTPOINT_DB_KEY already opens it
        self.unlock_passphrase = _secret()
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self.unlock)
        self.key_page = _page(
            _title(self.tr("This database is encrypted")),
            QLabel(self.tr("Type the campaign's passphrase to open it.")),
            self.unlock_passphrase,
            self.unlock_button,
            self._back(lambda: self.path_page, self.tr("Another database…")),
        )

        # New database: create a campaign or enrol
        self.create_choice = QPushButton(self.tr("Create a new campaign on this laptop"))
        self.create_choice.clicked.connect(self._show_create)
        self.enrol_choice = QPushButton(self.tr("Enrol with the central server"))
        self.enrol_choice.clicked.connect(self._show_enrol)
        # A new laptop comes here at its first start: nothing is "empty" to the person setting it up.
        choice = QLabel(
            self.tr(
                "No campaign is kept on this laptop yet: create one here, or enrol the laptop with the "
                "central server with the code the campaign office gives."
            )
        )
        choice.setWordWrap(True)
        self.choice_page = _page(
            _title(self.tr("Set up this laptop")),
            choice,
            self.create_choice,
            self.enrol_choice,
            self._back(lambda: self.path_page, self.tr("Another database…")),
        )

        self.site = QLineEdit()
        self.checkpoints = QPlainTextEdit()
        self.checkpoints.setPlaceholderText(self.tr("One checkpoint per line"))
        self.checkpoints.setTabChangesFocus(True)
        self.first_round = QLineEdit(self.tr("Round 1"))
        self.pool_size = QSpinBox()
        self.pool_size.setRange(1, campaign.MAX_POOL_SIZE)
        self.pool_size.setValue(prefs.pool_size)
        form = QFormLayout()
        form.addRow(self.tr("Site"), self.site)
        form.addRow(self.tr("Checkpoints"), self.checkpoints)
        form.addRow(self.tr("First round"), self.first_round)
        form.addRow(self.tr("Pool size"), self.pool_size)
        self.create_key = NewPassphrase()
        self.create_button = QPushButton(self.tr("Create campaign"))
        self.create_button.clicked.connect(self.create_campaign)
        self.create_page = _page(
            _title(self.tr("New campaign")),
            form,
            self.create_key,
            self.create_button,
            self._back(lambda: self.choice_page),
        )

        self.enrol_code = QPlainTextEdit()
        self.enrol_code.setPlaceholderText(self.tr("Paste the enrolment code, or scan its QR code"))
        self.enrol_code.setMaximumHeight(90)
        self.enrol_code.setTabChangesFocus(True)
        self.enrol_code.setAcceptDrops(False)  # a code file dropped on it goes to the dialog, not its path
        self.enrol_code.textChanged.connect(self._code_changed)
        self.enrol_server = QLineEdit()
        self.enrol_server.setPlaceholderText(
            self.tr("The server's address, as the office shows it beside the code")
        )
        self.enrol_server.setVisible(False)
        self.enrol_button = QPushButton(self.tr("Enrol"))
        self.enrol_button.clicked.connect(self.enrol)
        self.camera_button = QPushButton(self.tr("Scan the QR code with the camera"))
        self.camera_button.clicked.connect(self.scan_enrolment_code)
        self.camera_button.setEnabled(camera is not None)
        self.code_file_button = QPushButton(self.tr("Open the code's file…"))
        self.code_file_button.clicked.connect(self.choose_code_file)
        code_buttons = QHBoxLayout()
        code_buttons.addWidget(self.camera_button)
        code_buttons.addWidget(self.code_file_button)
        self.preview = Preview()
        self.preview.setVisible(False)
        self.enrol_key = NewPassphrase()
        explain = QLabel(
            self.tr(
                "The campaign office gives each checkpoint laptop a one-time enrolment code; the office's "
                "own laptop takes the one the server printed when it started (its file and QR code are "
                "beside the server's database). Scan its QR code, open its file (or drop the file here), "
                "or type it with the server's address."
            )
        )
        explain.setWordWrap(True)
        self.enrol_page = _page(
            _title(self.tr("Enrol with the central server")),
            explain,
            self.enrol_code,
            self.enrol_server,
            code_buttons,
            self.preview,
            self.enrol_key,
            self.enrol_button,
            self._back(lambda: self.choice_page),
        )

        # Sign-in: the round is chosen from those open; opening one is an explicit step of its own.
        self.checkpoint = QComboBox()
        self.checkpoints_hint = QLabel(
            self.tr(
                "The site has no checkpoint yet: sign in as the campaign office; a checkpoint is added "
                "when the office makes the enrolment code of its laptop."
            )
        )
        self.checkpoints_hint.setWordWrap(True)
        self.operator = QComboBox()
        self.operator.setEditable(True)
        self.round = QComboBox()
        self.new_round_button = QPushButton(self.tr("Open a new round…"))
        self.new_round_button.clicked.connect(self._show_new_round)
        rounds = QHBoxLayout()
        rounds.addWidget(self.round, 1)
        rounds.addWidget(self.new_round_button)
        self.new_round_name = QLineEdit()
        self.new_round_name.setPlaceholderText(self.tr("Name of the new round"))
        self.new_round_pool = QSpinBox()
        self.new_round_pool.setRange(1, campaign.MAX_POOL_SIZE)
        self.new_round_pool.setValue(prefs.pool_size)
        self.new_round_pool.setPrefix(self.tr("pool of "))
        self.open_round_button = QPushButton(self.tr("Open round"))
        self.open_round_button.clicked.connect(self.open_new_round)
        self.new_round_row = QWidget()
        new_round = QHBoxLayout(self.new_round_row)
        new_round.setContentsMargins(0, 0, 0, 0)
        new_round.addWidget(self.new_round_name, 1)
        new_round.addWidget(self.new_round_pool)
        new_round.addWidget(self.open_round_button)
        self.new_round_row.setVisible(False)
        self.rounds_hint = QLabel()
        self.rounds_hint.setWordWrap(True)
        self.camera_choice = QLabel(source_label(prefs.camera))
        choose_camera = QPushButton(self.tr("Choose the camera…"))
        choose_camera.clicked.connect(self.choose_camera)
        camera_row = QHBoxLayout()
        camera_row.addWidget(self.camera_choice, 1)
        camera_row.addWidget(choose_camera)
        form = QFormLayout()
        form.addRow(self.tr("Checkpoint"), self.checkpoint)
        form.addRow("", self.checkpoints_hint)
        form.addRow(self.tr("Operator"), self.operator)
        form.addRow(self.tr("Round"), rounds)
        form.addRow("", self.new_round_row)
        form.addRow("", self.rounds_hint)
        form.addRow(self.tr("Camera"), camera_row)
        self.reader = ReaderRow(prefs.reader, reader)
        form.addRow(self.tr("ID-card reader"), self.reader)
        self.start_button = QPushButton(self.tr("Start the shift"))
        self.start_button.clicked.connect(self.start)
        # The office prepares rosters, headcounts, rounds and checkpoints before any shift: it needs neither.
        self.office_button = QPushButton(self.tr("Sign in as the campaign office"))
        self.office_button.clicked.connect(self.start_office)
        self.site_label = QLabel()
        self.session_page = _page(
            _title(self.tr("Sign in")),
            self.site_label,
            form,
            self.start_button,
            self.office_button,
            self._back(lambda: self.path_page, self.tr("Another database…")),
        )

        for page in (
            self.path_page,
            self.key_page,
            self.choice_page,
            self.create_page,
            self.enrol_page,
            self.session_page,
        ):
            self.pages.addWidget(page)
        # Enter presses the shown page's main button (in the checkpoints box it starts a new line).
        self._submit: dict[QWidget, QPushButton] = {
            self.path_page: self.open_button,
            self.key_page: self.unlock_button,
            self.create_page: self.create_button,
            self.enrol_page: self.enrol_button,
            self.session_page: self.start_button,
        }
        self.pages.currentChanged.connect(self._page_shown)
        self._page_shown()
        self.setAcceptDrops(True)  # an enrolment code's file, from the desktop or a USB stick
        # A column of readable width in the middle, however large the window.
        card = QWidget()
        card.setMaximumWidth(CARD_WIDTH)
        column = QVBoxLayout(card)
        column.addWidget(self.pages, 1)
        column.addWidget(self.error)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(card, 100)
        layout.addStretch(1)

    def _page_shown(self, _index: int = 0) -> None:
        page = self.pages.currentWidget()
        self._default(self._submit.get(page) if page is not None else None)

    def _default(self, chosen: QPushButton | None) -> None:
        """The button Enter presses: one per page, or "Open round" while a new round is being named."""
        for button in (*self._submit.values(), self.open_round_button):
            button.setDefault(button is chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A dialog's Esc rejects it, and this one is the station's only window: Esc never quits.
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.ending and not self.confirm_quit(self):
            event.ignore()
            return
        super().closeEvent(event)

    def _back(self, page: Callable[[], QWidget], text: str = "") -> QPushButton:
        """A flat button back to an earlier page (looked up when clicked: it may not exist yet)."""
        button = QPushButton(text or self.tr("Back"))
        button.setFlat(True)
        button.clicked.connect(lambda: self._go_back(page()))
        return button

    def _go_back(self, page: QWidget) -> None:
        self._stop_camera()
        self.error.clear()
        self.pages.setCurrentWidget(page)

    def _show_create(self) -> None:
        self.pages.setCurrentWidget(self.create_page)

    def _show_enrol(self) -> None:
        self.pages.setCurrentWidget(self.enrol_page)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Campaign database"),
            self.path.text(),
            self.tr("Databases (*.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.path.setText(path)

    def _fail(self, error: Exception) -> None:
        self.error.setText(reasons.translate(describe(error)))
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        for button in (
            self.open_button,
            self.unlock_button,
            self.create_button,
            self.enrol_button,
            self.code_file_button,
            self.start_button,
            self.office_button,
            self.open_round_button,
        ):
            button.setEnabled(not busy)
        self.camera_button.setEnabled(not busy and self.camera is not None)

    def open_database(self) -> None:
        """See what the chosen file is, off the GUI thread: a new one leads to the choice of a campaign,
        an encrypted one to its passphrase, and the others open on the database thread."""
        path = Path(self.path.text().strip()).expanduser()
        if self.db is not None and self.db.path != path:
            self.db.close()
            self.db = None
        self.chosen = path
        self.error.clear()
        self._busy(True)

        def look() -> Literal["new", "locked", "readable"]:
            path.parent.mkdir(parents=True, exist_ok=True)
            if cipher.locked(path):
                return "locked"
            # Nothing is created yet: a new database is made encrypted once its passphrase is set.
            return "readable" if path.exists() and path.stat().st_size else "new"

        in_background(look, self._looked, self._fail, self)

    def _looked(self, found: Literal["new", "locked", "readable"]) -> None:
        if found == "readable":
            self._read()
            return
        self._busy(False)
        if found == "locked":
            self.pages.setCurrentWidget(self.key_page)
            self.unlock_passphrase.setFocus()
        else:
            self.prefs.database = self.chosen
            self.pages.setCurrentWidget(self.choice_page)

    def _read(self) -> None:
        """What the campaign holds, read on the database thread (which opens the file)."""
        if self.db is None:
            self.db = Database(self.chosen, self)
        self._busy(True)
        self.db.run(campaign_info, self._opened, self._fail)

    def unlock(self) -> None:
        """Try the typed passphrase on the database, off the GUI thread: stretching it takes a moment."""
        path, passphrase = self.chosen, self.unlock_passphrase.text()
        self.error.clear()
        self._busy(True)

        def unlocked(_none: None) -> None:
            self.unlock_passphrase.clear()
            self._read()

        in_background(lambda: cipher.unlock(path, passphrase), unlocked, self._refused, self)

    def _protected(self, entry: NewPassphrase, then: Callable[[Database], None]) -> None:
        """Encrypt the new database with the passphrase typed in ``entry`` (off the GUI thread), then
        ``then`` works in it."""
        problem = entry.problem()
        if problem:
            self.error.setText(problem)
            return
        path, passphrase = self.chosen, entry.passphrase.text()
        if self.db is not None:
            self.db.close()  # a plain database is encrypted in place: nothing may hold it open
            self.db = None
        self.error.clear()
        self._busy(True)

        def protected(_none: None) -> None:
            self.db = Database(path, self)
            then(self.db)

        in_background(lambda: cipher.protect(path, passphrase), protected, self._refused, self)

    def _refused(self, error: Exception) -> None:
        """A passphrase that does not open the database, or a file that cannot be encrypted: one line."""
        if isinstance(error, cipher.WrongKey):
            self.error.setText(reasons.translate(error.reason))
            self._busy(False)
        else:
            self._fail(error)

    def _opened(self, info: CampaignInfo) -> None:
        self._busy(False)
        assert self.db is not None
        self.prefs.database = self.db.path
        self.info = info
        self.create_key.clear()
        self.enrol_key.clear()
        if not info.initialised:
            self.pages.setCurrentWidget(self.choice_page)
            return
        self.site_label.setText(self.tr("Site: {site}").format(site=info.site))
        self.checkpoint.clear()
        self.checkpoint.addItems(info.checkpoints)
        self._select(self.checkpoint, self.prefs.checkpoint)
        self.checkpoints_hint.setVisible(not info.checkpoints)
        self.office_button.setVisible(info.may_open_rounds)
        self.operator.clear()
        self.operator.addItems(info.operators)
        self.operator.setEditText(self.prefs.operator)
        self.round.clear()
        self.round.addItems(info.open_rounds)
        self._select(self.round, self.prefs.round)
        self.new_round_button.setVisible(info.may_open_rounds)
        if info.open_rounds:
            self.rounds_hint.clear()
        elif info.may_open_rounds:
            self.rounds_hint.setText(
                self.tr(
                    "No round is open: open the first one, or sign in as the campaign office to prepare it."
                )
            )
        else:
            self.rounds_hint.setText(self.tr("No round is open yet: the campaign office opens rounds."))
        self.pages.setCurrentWidget(self.session_page)
        self._naming_round(info.may_open_rounds and not info.open_rounds)
        if not self.operator.currentText():
            self.operator.setFocus()  # the one thing a new laptop's sign-in still needs

    def _show_new_round(self) -> None:
        self._naming_round(True)
        self.new_round_name.setFocus()

    def _naming_round(self, naming: bool) -> None:
        self.new_round_row.setVisible(naming)
        self._default(self.open_round_button if naming else self.start_button)

    def open_new_round(self) -> None:
        """Open the round named in the new-round row, then offer it in the list, chosen."""
        assert self.db is not None
        name, pool = self.new_round_name.text().strip(), self.new_round_pool.value()

        def job(store: Store) -> CampaignInfo:
            campaign.open_round(store, name, pool)
            return campaign_info(store)

        def opened(info: CampaignInfo) -> None:
            # The lists are read afresh; the checkpoint chosen and the operator typed stay.
            checkpoint, operator = self.checkpoint.currentText(), self.operator.currentText()
            self.prefs.round = name
            self.new_round_name.clear()
            self._opened(info)
            self._select(self.checkpoint, checkpoint)
            self.operator.setEditText(operator)
            self._naming_round(False)

        self.error.clear()
        self._busy(True)
        self.db.run(job, opened, self._fail)

    @staticmethod
    def _select(combo: QComboBox, text: str) -> None:
        index = combo.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            combo.setCurrentIndex(index)

    def create_campaign(self) -> None:
        site = self.site.text()
        checkpoints = [line.strip() for line in self.checkpoints.toPlainText().splitlines() if line.strip()]
        round_name, pool = self.first_round.text(), self.pool_size.value()
        if not checkpoints:
            self.error.setText(self.tr("Name at least one checkpoint."))
            return
        self.prefs.pool_size = pool

        def job(store: Store) -> CampaignInfo:
            campaign.init(store, site, checkpoints)
            if round_name.strip():
                campaign.open_round(store, round_name, pool)
            return campaign_info(store)

        self._protected(self.create_key, lambda db: db.run(job, self._opened, self._fail))

    def enrol(self) -> None:
        self._stop_camera()
        code = self.enrol_code.toPlainText().strip()
        # The address typed goes only with a typed code: a whole code names (and pins) its own.
        server = self.enrol_server.text().strip() or None if typed_code.parse(code) else None
        self._protected(self.enrol_key, lambda db: enrol(db, code, self._opened, self._fail, server))

    def _code_changed(self) -> None:
        self.enrol_server.setVisible(typed_code.parse(self.enrol_code.toPlainText()) is not None)

    def choose_code_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Enrolment code file"), "", self.tr("Enrolment codes (*.txt);;All files (*)")
        )
        if path:
            self.open_code_file(Path(path))

    def open_code_file(self, path: Path) -> None:
        """Put the code saved in ``path`` on the enrolment page; the passphrase is what is left to type."""
        self._stop_camera()
        self.error.clear()
        self._busy(True)
        read_code_file(path, self._code_read, self._fail, self)

    def _code_read(self, code: str) -> None:
        self._busy(False)
        self.pages.setCurrentWidget(self.enrol_page)
        self.enrol_code.setPlainText(code)
        entry = self.enrol_key
        empty = [field for field in (entry.passphrase, entry.confirm) if not field.text()]
        (empty[0] if empty else self.enrol_button).setFocus()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.pages.currentWidget() in (self.choice_page, self.enrol_page):
            accept_files(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self.pages.currentWidget() in (self.choice_page, self.enrol_page):
            paths = dropped_files(event)
            if paths:
                self.open_code_file(paths[0])

    def start(self) -> None:
        """Sign in at a checkpoint with a round that is open and the operator's name, with the reader
        chosen (one that names no reader is said beside it, and signs nobody in)."""
        reader = self.reader.checked()
        if reader is None:
            self.reader.spec.setFocus()
            return
        self.prefs.reader = reader
        self._sign_in(self.checkpoint.currentText(), self.round.currentText())

    def start_office(self) -> None:
        """Sign in as the campaign office: the operator's name, no checkpoint and no round."""
        self._sign_in("", "", office=True)

    def _sign_in(self, checkpoint: str, round_name: str, *, office: bool = False) -> None:
        """Start the session; a new operator is added."""
        assert self.db is not None
        operator = self.operator.currentText().strip()
        if not operator:
            self.error.setText(self.tr("Type the operator's name: who works this shift."))
            self.operator.setFocus()
            return
        self.error.clear()
        known_operators = self.info.operators if self.info else []

        def job(store: Store) -> Session:
            if not office and not checkpoint:
                raise campaign.CampaignError("session.checkpoint")
            if not office and not round_name:
                raise campaign.CampaignError("session.round")
            if operator not in known_operators:
                campaign.add_operator(store, operator)
            return Session(checkpoint, operator, round_name, desk.now_iso())

        self._busy(True)
        self.db.run(job, self._started, self._fail)

    def handle_scanned(self, text: str) -> None:
        """A handheld scanner (or the camera) read the enrolment QR code."""
        if self.pages.currentWidget() in (self.choice_page, self.enrol_page) and looks_like_enrolment_code(
            text
        ):
            self.pages.setCurrentWidget(self.enrol_page)
            self.enrol_code.setPlainText(text.strip())
            self._stop_camera()

    def scan_enrolment_code(self) -> None:
        if self.camera is None:
            return
        self.preview.setVisible(True)
        self.preview.set_notice(self.tr("Show the enrolment QR code to the camera"))
        self.camera.frame.connect(self.preview.show_frame)
        self.camera.reports.connect(self._camera_reports)
        self.camera.problem.connect(self._camera_problem)
        self.camera.start(self.prefs.camera, self.prefs.backend)

    def _camera_problem(self, text: str) -> None:
        self.preview.set_notice(reasons.translate(text))

    def choose_camera(self) -> CameraChooser:
        """The laptop's cameras by name with a live preview; the choice is kept for every shift."""
        self._stop_camera()
        chooser = CameraChooser(self.prefs, parent=self)
        chooser.chosen.connect(lambda spec: self.camera_choice.setText(source_label(spec)))
        chooser.open()
        return chooser

    def _camera_reports(self, reports: list[Report]) -> None:
        for report in reports:
            self.handle_scanned(report.text)

    def _stop_camera(self) -> None:
        if self.camera is not None and self.preview.isVisible():
            self.camera.stop()
            self.camera.frame.disconnect(self.preview.show_frame)
            self.camera.reports.disconnect(self._camera_reports)
            self.camera.problem.disconnect(self._camera_problem)
            self.preview.setVisible(False)

    def _started(self, session: Session) -> None:
        self._busy(False)
        self.prefs.operator = session.operator
        if session.checkpoint:  # an office session leaves the last shift's checkpoint and round offered
            self.prefs.checkpoint, self.prefs.round = session.checkpoint, session.round
        self.ready.emit(session)
        self.accept()
