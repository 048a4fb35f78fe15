"""The bundles screen: an offline laptop's bundle from a USB stick, sent through this laptop to the
server, or kept here until the server can be reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from sync import admin_client
from ui import reasons
from ui.office.common import Notice, Rows, accept_files, dropped_files, table, when, with_server
from ui.station import Station
from ui.tasks import in_background


class BundlesScreen(QWidget):
    """Bundles imported through the office.

    Signals:
        sent(object): the ``admin_client.BundleOutcome`` of a send.
    """

    sent = Signal(object)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setAcceptDrops(True)
        choose = QPushButton(self.tr("Import bundles from a USB stick…"))
        choose.clicked.connect(self._choose)
        self.retry = QPushButton(self.tr("Send the waiting bundles now"))
        self.retry.clicked.connect(lambda: self.send([]))
        explain = QLabel(
            self.tr(
                "A laptop without network writes its events to a bundle file (sync export). Drop the file "
                "here or choose it: it is sent to the server now, or kept on this laptop until the server "
                "can be reached. Importing a bundle twice stores each event once."
            )
        )
        explain.setWordWrap(True)
        self.model = Rows(
            [
                self.tr("Checkpoint"),
                self.tr("Exported"),
                self.tr("Events"),
                self.tr("Stored"),
                self.tr("Already held"),
                self.tr("Conflicts"),
                self.tr("Refused"),
                self.tr("Device"),
            ]
        )
        self.waiting = QListWidget()
        self.waiting.setMaximumHeight(130)
        self.notice = Notice()
        bar = QHBoxLayout()
        bar.addWidget(choose)
        bar.addWidget(self.retry)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(table(self.model), 1)
        layout.addWidget(QLabel(self.tr("Waiting for the server:")))
        layout.addWidget(self.waiting)

    def refresh(self) -> None:
        database = self.station.db.path
        in_background(
            lambda: admin_client.waiting_bundles(database), self._waiting, self.notice.refused, self
        )

    def _waiting(self, paths: list[Path]) -> None:
        self.waiting.clear()
        self.waiting.addItems([p.name for p in paths])

    def _choose(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Sync bundles"), "", self.tr("All files (*)"))
        if paths:
            self.send([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_files(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_files(event)
        if paths:
            self.send(paths)

    def send(self, files: Sequence[Path]) -> None:
        chosen = list(files)
        self.notice.setStyleSheet("")
        self.notice.setText(self.tr("Sending…"))
        with_server(
            self.station,
            self,
            lambda server: admin_client.import_bundles(server, chosen),
            self._sent,
            self._failed,
        )

    def _failed(self, error: Exception) -> None:
        self.notice.refused(error)
        self.refresh()

    def _sent(self, outcome: admin_client.BundleOutcome) -> None:
        self.model.set_rows(
            [*self.model.rows]
            + [
                (
                    a.checkpoint,
                    when(a.exported_at),
                    a.events,
                    a.stored,
                    a.duplicate,
                    a.conflict,
                    a.rejected,
                    a.device,
                )
                for a in outcome.answers
            ]
        )
        parts = [self.tr("Bundles stored on the server: {count}.").format(count=len(outcome.answers))]
        if outcome.waiting:
            parts.append(
                self.tr("Kept here until the server can be reached: {count}.").format(
                    count=len(outcome.waiting)
                )
            )
        parts += [
            self.tr("{file} refused: {reason}").format(file=name, reason=reasons.translate(reason))
            for name, reason in outcome.refused
        ]
        (self.notice.refused if outcome.refused or outcome.waiting else self.notice.done)(" ".join(parts))
        self._waiting(outcome.waiting)
        self.sent.emit(outcome)
