"""The checkpoint laptops screen: an enrolment code shown large as a QR code (a new laptop enrols by
showing its webcam this screen), the site's laptops, and revoking a lost one, through the server's
administrator endpoints.
"""

from __future__ import annotations

import qrcode
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

QR_PIXELS = 420


class LaptopsScreen(QWidget):
    """Enrolment codes, the list of laptops, revocation.

    Signals:
        code_shown(str): an enrolment code is on screen (its text).
        listed(): the list of laptops is shown.
        revoked(str): a laptop was revoked (its device id).
    """

    code_shown = Signal(str)
    listed = Signal()
    revoked = Signal(str)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.laptops: list[admin_client.Laptop] = []
        self.code = ""
        self.confirm: Confirm = ask
        """Asks before revoking (tests answer for the person)."""
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
        left = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Checkpoint")))
        row.addWidget(self.checkpoint, 1)
        left.addLayout(row)
        left.addWidget(self.admin)
        left.addWidget(make)
        left.addWidget(self.qr, 1)
        left.addWidget(self.code_text)
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
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("The site's laptops")))
        right.addWidget(self.view, 1)
        right.addLayout(buttons)
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

    def _checkpoints(self, names: list[str]) -> None:
        chosen = self.checkpoint.currentText()
        self.checkpoint.clear()
        self.checkpoint.addItems(names)
        if chosen:
            self.checkpoint.setCurrentText(chosen)

    def _listed(self, answer: admin_client.Laptops) -> None:
        self.laptops = answer.laptops
        roles = {"admin": self.tr("office"), "station": self.tr("checkpoint")}
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
                    roles.get(laptop.role, laptop.role),
                    when(laptop.last_seen)[5:] or self.tr("never"),
                    laptop.events,
                    state,
                    laptop.device,
                )
            )
        self.model.set_rows(rows)
        self.listed.emit()

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
        self.code_text.setText(
            self.tr("One use, for {checkpoint}, until {expires}:\n{code}").format(
                checkpoint=answer.checkpoint or self.tr("the campaign office"),
                expires=when_ms(answer.expires_ms),
                code=answer.code,
            )
        )
        self.notice.done(self.tr("Show the code to the new laptop's webcam, or type it there."))
        self.code_shown.emit(answer.code)
        self.refresh()

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
