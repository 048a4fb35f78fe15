"""The campaign at a glance: per round, completion per enterprise and per checkpoint, the missing people,
people on no roster, tubes sealed and handed over, and the laptops not seen for more than 30 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from registration.reports import office_views, reconcile
from registration.setup import campaign
from registration.storage.store import Store
from sync import admin_client
from ui.office.common import Notice, Rows, table, when, with_server
from ui.station import Station


@dataclass(frozen=True)
class Overview:
    rounds: list[str]
    glance: office_views.Glance | None
    missing: list[dict[str, Any]]


def overview(store: Store, round_name: str) -> Overview:
    with store.read() as conn:
        rounds = [r.name for r in campaign.rounds(conn)]
        if round_name not in rounds:
            if not rounds:
                return Overview([], None, [])
            round_name = rounds[-1]
        return Overview(rounds, office_views.glance(conn, round_name), reconcile.missing(conn, round_name))


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


class GlanceScreen(QWidget):
    """The office's overview of one round.

    Signals:
        shown(): the round's figures are shown.
    """

    shown = Signal()

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.round_name = station.session.round
        self.round = QComboBox()
        self.round.activated.connect(lambda _i: self.load(self.round.currentText()))
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        font = self.totals.font()
        font.setPixelSize(17)
        font.setBold(True)
        self.totals.setFont(font)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.firms = Rows(
            [
                self.tr("Enterprise"),
                self.tr("Expected"),
                self.tr("Tested"),
                self.tr("Missing"),
                self.tr("Completion"),
            ]
        )
        self.gates = Rows(
            [
                self.tr("Checkpoint"),
                self.tr("Registrations"),
                self.tr("Tubes"),
                self.tr("Sealed"),
                self.tr("Handed over"),
            ]
        )
        self.missing = Rows(
            [self.tr("Name"), self.tr("Enterprise"), self.tr("Department"), self.tr("ID number")]
        )
        self.unknown = Rows([self.tr("ID number"), self.tr("Checkpoint"), self.tr("Time")])
        self.quiet = Rows([self.tr("Checkpoint"), self.tr("Last seen"), self.tr("Device")])
        self.titles = {name: QLabel() for name in ("firms", "gates", "missing", "unknown", "quiet")}
        self.notice = Notice()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Round")))
        bar.addWidget(self.round)
        bar.addWidget(self.totals, 1)
        bar.addWidget(refresh)
        grid = QGridLayout()
        places = (
            ("firms", self.firms, 0, 0, 2),
            ("gates", self.gates, 0, 1, 1),
            ("quiet", self.quiet, 1, 1, 1),
            ("missing", self.missing, 2, 0, 1),
            ("unknown", self.unknown, 2, 1, 1),
        )
        for name, model, row, col, span in places:
            box = QVBoxLayout()
            box.addWidget(self.titles[name])
            view = table(model)
            view.horizontalHeader().setDefaultSectionSize(110)
            box.addWidget(view, 1)
            grid.addLayout(box, row, col, span, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addLayout(grid, 1)
        self._titles()

    def _titles(self, quiet: str | None = None) -> None:
        self.titles["firms"].setText(self.tr("Completion per enterprise"))
        self.titles["gates"].setText(self.tr("Per checkpoint: registrations and tubes"))
        self.titles["missing"].setText(
            self.tr("Missing people: {count}").format(count=self.missing.rowCount())
        )
        self.titles["unknown"].setText(
            self.tr("Registered, on no roster: {count}").format(count=self.unknown.rowCount())
        )
        self.titles["quiet"].setText(
            quiet
            or self.tr("Laptops not seen for more than 30 minutes: {count}").format(
                count=self.quiet.rowCount()
            )
        )

    def refresh(self) -> None:
        self.load(self.round_name)
        with_server(self.station, self, admin_client.laptops, self._laptops, self._no_server)

    def load(self, round_name: str) -> None:
        self.station.db.run(lambda store: overview(store, round_name), self._show, self.notice.refused)

    def _show(self, data: Overview) -> None:
        self.round.clear()
        self.round.addItems(data.rounds)
        g = data.glance
        if g is None:
            self.totals.setText(self.tr("No round yet: open one on the Rounds screen."))
            self.shown.emit()
            return
        self.round_name = g.round
        self.round.setCurrentText(g.round)
        t = g.figures["totals"]
        self.totals.setText(
            self.tr(
                "Expected {expected} · tested {tested} · missing {missing} · completion {completion}"
            ).format(
                expected=t["expected"],
                tested=t["tested"],
                missing=t["missing"],
                completion=_percent(t["completion"]),
            )
        )
        self.firms.set_rows(
            [
                (f["enterprise"], f["expected"], f["tested"], f["missing"], _percent(f["completion"]))
                for f in g.figures["enterprises"]
            ]
        )
        tubes = {t["checkpoint"]: t for t in g.tubes}
        self.gates.set_rows(
            [
                (
                    c["checkpoint"],
                    c["registrations"],
                    c["tubes"],
                    tubes.get(c["checkpoint"], {}).get("sealed", 0),
                    tubes.get(c["checkpoint"], {}).get("handed_over", 0),
                )
                for c in g.figures["checkpoints"]
            ]
        )
        self.missing.set_rows(
            [(m["name"], m["enterprise"], m["department"], m["id_number"]) for m in data.missing]
        )
        self.unknown.set_rows([(u["id_number"], u["checkpoint"], when(u["at"])) for u in g.unknown_people])
        self._titles()
        self.shown.emit()

    def _laptops(self, answer: admin_client.Laptops) -> None:
        self.quiet.set_rows(
            [
                (
                    laptop.checkpoint or self.tr("(the site)"),
                    when(laptop.last_seen)[5:] or self.tr("never"),
                    laptop.device,
                )
                for laptop in answer.quiet()
            ]
        )
        self._titles()

    def _no_server(self, _error: Exception) -> None:
        self.quiet.set_rows([])
        self._titles(
            self.tr("Laptops: this laptop is not enrolled with a server, or the server cannot be reached.")
        )
