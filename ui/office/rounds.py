"""The rounds screen: open a round with its pool size, close one, and what closing means."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from registration.setup import campaign
from registration.setup.campaign import Round
from registration.storage.store import Store
from ui.confirm import Confirm, ask
from ui.office.common import Notice, Rows, table, when
from ui.station import Station


class RoundsScreen(QWidget):
    """Every round with its state; open and close.

    Signals:
        loaded(): the list shows the database's rounds.
    """

    loaded = Signal()

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.rounds: list[Round] = []
        self.confirm: Confirm = ask
        """Asks before closing a round (tests answer for the person)."""
        self.model = Rows(
            [self.tr("Round"), self.tr("Pool size"), self.tr("State"), self.tr("Opened"), self.tr("Closed")]
        )
        self.view = table(self.model)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Name of the new round, e.g. 第2轮"))
        self.pool_size = QSpinBox()
        self.pool_size.setRange(1, 20)
        self.pool_size.setValue(10)
        self.open_button = QPushButton(self.tr("Open round"))
        self.open_button.clicked.connect(self.open_round)
        self.close_button = QPushButton(self.tr("Close the selected round"))
        self.close_button.clicked.connect(self.close_selected)
        explain = QLabel(
            self.tr(
                "A round is open while its people are being tested: every checkpoint registers into it, "
                "and its figures change with each registration and roster edit. Closing a round ends it "
                "for every laptop: no more registrations, and its figures are kept as they stood when it "
                "closed, whatever rosters change later. The pool size is how many samples go in one tube."
            )
        )
        explain.setWordWrap(True)
        self.notice = Notice()
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(QLabel(self.tr("Pool size")))
        row.addWidget(self.pool_size)
        row.addWidget(self.open_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        def job(store: Store) -> list[Round]:
            with store.read() as conn:
                return campaign.rounds(conn)

        self.station.db.run(job, self._show, self.notice.refused)

    def _show(self, rounds: list[Round]) -> None:
        self.rounds = rounds
        states = {"open": self.tr("open"), "closed": self.tr("closed")}
        self.model.set_rows(
            [
                (
                    r.name,
                    r.pool_size,
                    states.get(r.status, r.status),
                    when(r.opened_at),
                    when(r.closed_at),
                )
                for r in rounds
            ]
        )
        self.loaded.emit()

    def open_round(self) -> None:
        name, size = self.name.text().strip(), self.pool_size.value()

        def done(opened: Round) -> None:
            self.notice.done(self.tr("Round {round} is open.").format(round=opened.name))
            self.name.clear()
            self.refresh()

        self.station.db.run(lambda store: campaign.open_round(store, name, size), done, self.notice.refused)

    def close_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.notice.refused(self.tr("Select the round to close."))
            return
        name = self.rounds[rows[0].row()].name
        question = self.tr("Close round {round}? No laptop can register into it any more.").format(round=name)
        if not self.confirm(self, question):
            return

        def done(closed: Round) -> None:
            self.notice.done(
                self.tr("Round {round} is closed: its figures are kept as they stood.").format(
                    round=closed.name
                )
            )
            self.refresh()

        self.station.db.run(lambda store: campaign.close_round(store, name), done, self.notice.refused)
