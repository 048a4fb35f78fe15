"""The unmaskings screen: every time full ID numbers and phones were shown or exported, on any laptop
or the command centre (who, which laptop, when, which list, how many people), newest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from registration.privacy import audit
from registration.setup import campaign
from registration.storage import events
from registration.storage.store import Store
from ui.office.common import Notice, Rows, table, when
from ui.station import Station


@dataclass(frozen=True)
class Unmaskings:
    rounds: list[str]
    entries: list[audit.Entry]
    device: str
    """This laptop's device id."""


def unmaskings(store: Store, round_name: str | None) -> Unmaskings:
    with store.read() as conn:
        return Unmaskings(
            [r.name for r in campaign.rounds(conn)],
            audit.entries(conn, action="revealed", round_name=round_name, newest_first=True),
            events.device_id(conn),
        )


class UnmaskingsScreen(QWidget):
    """The record of reveals, read from the audit trail (it holds counts, never the people).

    Signals:
        loaded(): the list shows the database's unmaskings.
    """

    loaded = Signal()

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.round = QComboBox()
        self.round.addItem(self.tr("All rounds"), None)
        self.round.activated.connect(lambda _i: self.refresh())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.model = Rows(
            [
                self.tr("When"),
                self.tr("Operator"),
                self.tr("Laptop"),
                self.tr("List"),
                self.tr("People"),
                self.tr("Round"),
                self.tr("Enterprise"),
            ]
        )
        self.view = table(self.model)
        self.notice = Notice()
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(QLabel(self.tr("Round")))
        bar.addWidget(self.round)
        bar.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        round_name = self.round.currentData()
        self.station.db.run(lambda store: unmaskings(store, round_name), self._show, self.notice.refused)

    def _show(self, data: Unmaskings) -> None:
        chosen = self.round.currentData()
        self.round.clear()
        self.round.addItem(self.tr("All rounds"), None)
        for name in data.rounds:
            self.round.addItem(name, name)
        self.round.setCurrentIndex(max(0, self.round.findData(chosen)))
        lists = {
            "missing": self.tr("Missing people"),
            "not_on_roster": self.tr("Registered, on no roster"),
            "trace": self.tr("Traceback export"),
            "recall": self.tr("Recall list"),
            "dashboard": self.tr("Command centre export"),
            "manifest": self.tr("Box manifest for the lab"),
        }
        self.model.set_rows(
            [
                (
                    when(e.at),
                    e.operator or self.tr("unknown"),
                    self.tr("this laptop") if e.device == data.device else e.device,
                    lists.get(e.what, e.what),
                    e.people,
                    e.round,
                    e.enterprise,
                )
                for e in data.entries
            ]
        )
        self.title.setText(
            self.tr("Unmaskings recorded: {count} (newest first)").format(count=len(data.entries))
        )
        if chosen is None:
            self.empty.setText(
                self.tr(
                    "Nothing has been unmasked yet. Every export with full ID numbers and phones "
                    "(--reveal on the command line, the command centre's unmasked export) and every "
                    "reveal in this window is recorded here."
                )
            )
        else:
            self.empty.setText(self.tr("Nothing was unmasked in round {round}.").format(round=chosen))
        self.empty.setHidden(bool(data.entries))
        self.view.setHidden(not data.entries)
        self.loaded.emit()
