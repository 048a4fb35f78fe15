"""The checkpoint laptops screen: an enrolment code shown large as a QR code (a new laptop enrols by
showing its webcam this screen), in the short form a person types, or saved to a file for a laptop
with no webcam; the codes not used yet, and cancelling one; the site's laptops, and revoking a
lost one; all through the server's administrator endpoints.
"""

from __future__ import annotations

from pathlib import Path

import qrcode
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from registration.setup import campaign
from registration.storage.store import Store
from sync import admin_client
from ui.confirm import Confirm, ask
from ui.office.common import Notice, Rows, pixmap, table, when, when_ms, with_server
from ui.station import Station
from ui.tasks import in_background

QR_PIXELS = 420


class LaptopsScreen(QWidget):
    """Enrolment codes, the codes not used yet, the list of laptops, revocation.

    Signals:
        code_shown(str): an enrolment code is on screen (its text).
        code_saved(str): the code on screen was written to a file (its path).
        codes_listed(): the list of unused codes is shown.
        code_cancelled(str): an unused code was cancelled (its id).
        listed(): the list of laptops is shown.
        revoked(str): a laptop was revoked (its device id).
    """

    code_shown = Signal(str)
    code_saved = Signal(str)
    codes_listed = Signal()
    code_cancelled = Signal(str)
    listed = Signal()
    revoked = Signal(str)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.laptops: list[admin_client.Laptop] = []
        self.unused: list[admin_client.UnusedCode] = []
        self.code = ""
        self.answer: admin_client.CodeAnswer | None = None
        self.confirm: Confirm = ask
        """Asks before revoking or cancelling (tests answer for the person)."""
        self.checkpoint = QComboBox()
        self.checkpoint.setEditable(True)
        self.checkpoint.setMinimumWidth(180)
        self.admin = QCheckBox(self.tr("Another office laptop (administrator)"))
        make = QPushButton(self.tr("Make an enrolment code"))
        make.clicked.connect(self.make_code)
        self.qr = QLabel(self.tr("The code appears here: show it to the new laptop's webcam."))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(QR_PIXELS, QR_PIXELS)
        self.qr.setWordWrap(True)
        self.qr.setStyleSheet("background: white;")
        self.code_text = QLabel()
        self.code_text.setWordWrap(True)
        self.code_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("Save the code to a file (USB stick)…"))
        self.save_button.clicked.connect(self.choose_file)
        self.save_button.setEnabled(False)
        left = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Checkpoint")))
        row.addWidget(self.checkpoint, 1)
        left.addLayout(row)
        left.addWidget(self.admin)
        left.addWidget(make)
        left.addWidget(self.qr, 1)
        left.addWidget(self.code_text)
        left.addWidget(self.save_button)
        code_box = QWidget()
        code_box.setLayout(left)

        self.model = Rows(
            [
                self.tr("Checkpoint"),
                self.tr("Role"),
                self.tr("Last seen"),
                self.tr("Events held"),
                self.tr("State"),
                self.tr("Device"),
            ]
        )
        self.view = table(self.model)
        self.view.horizontalHeader().setDefaultSectionSize(105)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.revoke_button = QPushButton(self.tr("Revoke the selected laptop"))
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.notice = Notice()
        buttons = QHBoxLayout()
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        buttons.addWidget(self.revoke_button)
        self.codes_model = Rows(
            [self.tr("Checkpoint"), self.tr("Role"), self.tr("Made"), self.tr("Expires"), self.tr("Code id")]
        )
        self.codes_view = table(self.codes_model)
        self.cancel_button = QPushButton(self.tr("Cancel the selected code"))
        self.cancel_button.clicked.connect(self.cancel_selected)
        code_buttons = QHBoxLayout()
        code_buttons.addStretch(1)
        code_buttons.addWidget(self.cancel_button)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("The site's laptops")))
        right.addWidget(self.view, 2)
        right.addLayout(buttons)
        right.addWidget(QLabel(self.tr("Enrolment codes not used yet")))
        right.addWidget(self.codes_view, 1)
        right.addLayout(code_buttons)
        right.addWidget(self.notice)
        list_box = QWidget()
        list_box.setLayout(right)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(code_box)
        split.addWidget(list_box)
        split.setSizes([470, 830])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def refresh(self) -> None:
        def job(store: Store) -> list[str]:
            with store.read() as conn:
                return campaign.checkpoints(conn)

        self.station.db.run(job, self._checkpoints, self.notice.refused)
        with_server(self.station, self, admin_client.laptops, self._listed, self.notice.refused)
        with_server(self.station, self, admin_client.unused_codes, self._codes_listed, self.notice.refused)

    def _checkpoints(self, names: list[str]) -> None:
        chosen = self.checkpoint.currentText()
        self.checkpoint.clear()
        self.checkpoint.addItems(names)
        if chosen:
            self.checkpoint.setCurrentText(chosen)

    def _listed(self, answer: admin_client.Laptops) -> None:
        self.laptops = answer.laptops
        quiet = {laptop.device for laptop in answer.quiet()}
        rows = []
        for laptop in answer.laptops:
            if laptop.revoked:
                state = self.tr("revoked")
            elif laptop.device in quiet:
                state = self.tr("not seen for 30 min")
            else:
                state = self.tr("in touch")
            rows.append(
                (
                    laptop.checkpoint or self.tr("(the site)"),
                    self._role(laptop.role),
                    when(laptop.last_seen)[5:] or self.tr("never"),
                    laptop.events,
                    state,
                    laptop.device,
                )
            )
        self.model.set_rows(rows)
        self.listed.emit()

    def _codes_listed(self, answer: admin_client.UnusedCodes) -> None:
        self.unused = answer.codes
        self.codes_model.set_rows(
            [
                (
                    code.checkpoint or self.tr("(the site)"),
                    self._role(code.role),
                    when_ms(code.created_ms),
                    when_ms(code.expires_ms),
                    code.id,
                )
                for code in answer.codes
            ]
        )
        self.codes_listed.emit()

    def _role(self, role: str) -> str:
        return {"admin": self.tr("office"), "station": self.tr("checkpoint")}.get(role, role)

    def make_code(self) -> None:
        checkpoint, admin = self.checkpoint.currentText().strip(), self.admin.isChecked()
        if not checkpoint and not admin:
            self.notice.refused(self.tr("Choose or type the checkpoint of the new laptop."))
            return
        with_server(
            self.station,
            self,
            lambda server: admin_client.make_code(server, None if admin else checkpoint, admin=admin),
            self._code,
            self.notice.refused,
        )

    def _code(self, answer: admin_client.CodeAnswer) -> None:
        self.code = answer.code
        image = qrcode.make(answer.code, border=4, box_size=10)
        self.qr.setPixmap(
            pixmap(image).scaled(
                QR_PIXELS,
                QR_PIXELS,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )
        typed = admin_client.typed(answer.code)
        self.code_text.setText(
            self.tr(
                "One use, for {checkpoint}, until {expires}. To type it: {typed} with the server {server}"
            ).format(
                checkpoint=answer.checkpoint or self.tr("the campaign office"),
                expires=when_ms(answer.expires_ms),
                typed=typed.code,
                server=typed.server,
            )
        )
        self.answer = answer
        self.save_button.setEnabled(True)
        self.notice.done(
            self.tr("Show the code to the new laptop's webcam, save it to a file for it, or type it there.")
        )
        self.code_shown.emit(answer.code)
        self.refresh()

    def choose_file(self) -> None:
        if self.answer is None:
            return
        name = admin_client.code_file_name(self.answer.site, self.answer.checkpoint, ".txt")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the enrolment code"), name, self.tr("Enrolment codes (*.txt)")
        )
        if path:
            self.save_code(Path(path))

    def save_code(self, path: Path) -> None:
        """Write the code on screen to ``path`` (off the GUI thread: a USB stick can be slow)."""
        code = self.code

        def saved(_none: None) -> None:
            self.notice.done(
                self.tr(
                    "Saved to {file}: open it on the new laptop's enrolment page, or drop it there."
                ).format(file=path)
            )
            self.code_saved.emit(str(path))

        in_background(lambda: admin_client.save_code(path, code), saved, self.notice.refused, self)

    def cancel_selected(self) -> None:
        rows = self.codes_view.selectionModel().selectedRows()
        if not rows:
            self.notice.refused(self.tr("Select the code to cancel."))
            return
        code = self.unused[rows[0].row()]
        question = self.tr(
            "Cancel the unused code for {checkpoint}? No laptop can enrol with it any more."
        ).format(checkpoint=code.checkpoint or self.tr("the campaign office"))
        if self.confirm(self, question):
            self.cancel(code.id)

    def cancel(self, code_id: str) -> None:
        def done(_answer: admin_client.CodeCancelled) -> None:
            self.notice.done(self.tr("Cancelled: that code enrols no laptop now."))
            self.code_cancelled.emit(code_id)
            self.refresh()

        with_server(
            self.station,
            self,
            lambda server: admin_client.cancel_code(server, code_id),
            done,
            self.notice.refused,
        )

    def revoke_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.notice.refused(self.tr("Select the laptop to revoke."))
            return
        laptop = self.laptops[rows[0].row()]
        question = self.tr(
            "Revoke the laptop of {checkpoint}? It can never sync again; enrol it anew."
        ).format(checkpoint=laptop.checkpoint or self.tr("the campaign office"))
        if self.confirm(self, question):
            self.revoke(laptop.device)

    def revoke(self, device: str) -> None:
        def done(_answer: admin_client.Revoked) -> None:
            self.notice.done(self.tr("Revoked: that laptop can no longer send or receive anything."))
            self.revoked.emit(device)
            self.refresh()

        with_server(
            self.station, self, lambda server: admin_client.revoke(server, device), done, self.notice.refused
        )
