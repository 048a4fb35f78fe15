"""The liaisons screen: a dashboard account for an enterprise's liaison (made through the server's
administrator endpoints) with a sign-in sheet to print, and the reasons liaisons gave for their
missing people, accepted or declined here one by one or all of an enterprise at once.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from registration.reports import office_views
from registration.setup import exemption_requests
from registration.setup.exemption_requests import Request
from registration.storage.store import Store
from sync import admin_client
from ui.office.common import Notice, Rows, table, when, with_server
from ui.station import Station
from ui.tasks import in_background


class LiaisonsScreen(QWidget):
    """Liaisons' accounts and sign-in sheets; their reasons waiting for the office's answer.

    Signals:
        account_made(str): a liaison's account was made on the server (its user name).
        sheet_saved(str): the sign-in sheet was written (its path).
        loaded(): the reasons waiting for an answer are shown.
        decided(int): that many reasons were answered.
    """

    account_made = Signal(str)
    sheet_saved = Signal(str)
    loaded = Signal()
    decided = Signal(int)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.made: admin_client.LiaisonAnswer | None = None
        self.requests: list[Request] = []
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("User name, e.g. zhang.jia"))
        self.enterprise = QComboBox()
        self.enterprise.setEditable(True)
        self.enterprise.setMinimumWidth(200)
        self.password = QLineEdit(_new_password())
        make = QPushButton(self.tr("Make the account"))
        make.clicked.connect(self.make_account)
        self.sheet_button = QPushButton(self.tr("Save its sign-in sheet to print…"))
        self.sheet_button.clicked.connect(self.choose_file)
        self.sheet_button.setEnabled(False)
        account = QHBoxLayout()
        for label, field in (
            (self.tr("Liaison"), self.username),
            (self.tr("Enterprise"), self.enterprise),
            (self.tr("Password"), self.password),
        ):
            account.addWidget(QLabel(label))
            account.addWidget(field, 1)
        account.addWidget(make)
        account.addWidget(self.sheet_button)

        self.model = Rows(
            [
                self.tr("Enterprise"),
                self.tr("Name"),
                self.tr("ID number"),
                self.tr("Round"),
                self.tr("Reason"),
                self.tr("Where, when, note"),
                self.tr("From"),
                self.tr("Given"),
            ]
        )
        self.view = table(self.model)
        self.note = QLineEdit()
        self.note.setPlaceholderText(
            self.tr("The office's note, shown to the liaison (a declined reason needs one)")
        )
        buttons = QHBoxLayout()
        for text, accept, whole in (
            (self.tr("Accept"), True, False),
            (self.tr("Decline"), False, False),
            (self.tr("Accept all of this enterprise"), True, True),
            (self.tr("Decline all of this enterprise"), False, True),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, a=accept, w=whole: self.decide_selected(a, whole=w))
            buttons.addWidget(button)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        self.notice = Notice()
        explain = QLabel(
            self.tr(
                "Each enterprise's liaison signs in to the dashboard and sees only their enterprise: its "
                "figures and its missing people, for whom they give reasons. Accepted, a reason exempts "
                "the person from the round (one who left the company leaves the roster); declined, it "
                "goes back to the liaison with your note. Answers reach the server with the next sync."
            )
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(account)
        layout.addWidget(QLabel(self.tr("Reasons waiting for an answer")))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)

    def refresh(self) -> None:
        def job(store: Store) -> tuple[list[str], list[Request]]:
            with store.read() as conn:
                firms = [e.name for e in office_views.enterprise_list(conn)]
                return firms, exemption_requests.listing(conn, pending=True)

        self.station.db.run(job, self._show, self.notice.refused)

    def _show(self, found: tuple[list[str], list[Request]]) -> None:
        firms, self.requests = found
        chosen = self.enterprise.currentText()
        self.enterprise.clear()
        self.enterprise.addItems(firms)
        if chosen:
            self.enterprise.setCurrentText(chosen)
        reasons = {
            "away": self.tr("away"),
            "isolation": self.tr("in isolation"),
            "tested_elsewhere": self.tr("tested elsewhere"),
            "left": self.tr("left the company"),
            "other": self.tr("other"),
        }
        self.model.set_rows(
            [
                (
                    r.enterprise,
                    r.name,
                    r.view()["id_number"],
                    r.round,
                    reasons.get(r.reason, r.reason),
                    "; ".join(t for t in (r.place, r.tested_at, r.note) if t),
                    r.by,
                    when(r.at),
                )
                for r in self.requests
            ]
        )
        self.loaded.emit()

    def make_account(self) -> None:
        username, enterprise = self.username.text().strip(), self.enterprise.currentText().strip()
        password = self.password.text()
        if not username or not enterprise:
            self.notice.refused(self.tr("Type the liaison's user name and choose their enterprise."))
            return

        def done(answer: admin_client.LiaisonAnswer) -> None:
            self.made = answer
            self.sheet_button.setEnabled(True)
            self.notice.done(
                self.tr("{user} can sign in at {address}: save the sign-in sheet and hand it over.").format(
                    user=answer.username, address=answer.dashboard
                )
            )
            self.account_made.emit(answer.username)

        with_server(
            self.station,
            self,
            lambda server: admin_client.add_liaison(server, username, enterprise, password),
            done,
            self.notice.refused,
        )

    def choose_file(self) -> None:
        if self.made is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the sign-in sheet"),
            f"liaison-{self.made.username}.png",
            self.tr("Pictures (*.png)"),
        )
        if path:
            self.save_sheet(Path(path))

    def save_sheet(self, path: Path) -> None:
        """Write the sign-in sheet of the account just made (off the GUI thread)."""
        made, password = self.made, self.password.text()
        if made is None:
            return

        def saved(_none: None) -> None:
            self.notice.done(self.tr("Saved to {file}: print it for the liaison.").format(file=path))
            self.password.setText(_new_password())  # the next account gets its own
            self.sheet_saved.emit(str(path))

        in_background(
            lambda: admin_client.sign_in_sheet(path, made, password), saved, self.notice.refused, self
        )

    def decide_selected(self, accept: bool, *, whole: bool = False) -> None:
        """Answer the selected reason, or every waiting reason of its enterprise (``whole``)."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.notice.refused(self.tr("Select a reason first."))
            return
        chosen = self.requests[rows[0].row()]
        note = self.note.text().strip() or None
        by = self.station.session.operator or self.tr("campaign office")

        def job(store: Store) -> int:
            if whole and chosen.enterprise is not None:
                return len(
                    exemption_requests.decide_all(store, chosen.round, chosen.enterprise, accept, note, by)
                )
            exemption_requests.decide(store, chosen.id, accept, note, by)
            return 1

        def done(count: int) -> None:
            text = self.tr("Accepted: {count}.") if accept else self.tr("Declined: {count}.")
            self.notice.done(text.format(count=count))
            self.note.clear()
            self.decided.emit(count)
            self.refresh()

        self.station.db.run(job, done, self.notice.refused)


def _new_password() -> str:
    # Twelve characters a person can copy from paper: no 0/O or 1/l/I to mistake.
    letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(letters) for _ in range(12))
