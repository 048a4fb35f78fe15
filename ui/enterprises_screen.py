"""The enterprises screen: each enterprise's figures for the round, the progress chart, the missing people
of one enterprise (ID masked), exemptions, and export to XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from registration.people.identity import mask_id, mask_phone
from registration.reports import progress, reconcile, reconcile_export
from registration.setup import campaign, exemptions
from registration.storage.store import Store
from ui import reasons
from ui.db_worker import describe
from ui.marks import QT_TRANSLATE_NOOP
from ui.progress_chart import ProgressChart
from ui.station import Station

COLUMNS = ("enterprise", "reported", "roster", "exempt", "expected", "tested", "missing", "completion")
_HEADINGS = {
    "enterprise": QT_TRANSLATE_NOOP("EnterprisesScreen", "Enterprise"),
    "reported": QT_TRANSLATE_NOOP("EnterprisesScreen", "Reported"),
    "roster": QT_TRANSLATE_NOOP("EnterprisesScreen", "Roster"),
    "exempt": QT_TRANSLATE_NOOP("EnterprisesScreen", "Exempt"),
    "expected": QT_TRANSLATE_NOOP("EnterprisesScreen", "Expected"),
    "tested": QT_TRANSLATE_NOOP("EnterprisesScreen", "Tested"),
    "missing": QT_TRANSLATE_NOOP("EnterprisesScreen", "Missing"),
    "completion": QT_TRANSLATE_NOOP("EnterprisesScreen", "Completion"),
}
EXEMPTION_REASONS = {
    "away": QT_TRANSLATE_NOOP("EnterprisesScreen", "On leave outside the park"),
    "isolation": QT_TRANSLATE_NOOP("EnterprisesScreen", "In isolation"),
    "tested_elsewhere": QT_TRANSLATE_NOOP("EnterprisesScreen", "Tested elsewhere"),
    "other": QT_TRANSLATE_NOOP("EnterprisesScreen", "Other (note required)"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("EnterprisesScreen", text)


@dataclass(frozen=True)
class Overview:
    rounds: list[str]
    round: str
    figures: dict[str, Any]
    progress: progress.Progress


def overview(store: Store, round_name: str) -> Overview:
    with store.read() as conn:
        rounds = [r.name for r in campaign.rounds(conn)]
        if round_name not in rounds and rounds:
            round_name = rounds[-1]
        figures = reconcile.reconcile(conn, round_name) if rounds else {"enterprises": [], "totals": {}}
        return Overview(rounds, round_name, figures, progress.by_hour(conn, round_name))


class EnterprisesScreen(QWidget):
    """Reconciliation per enterprise for a round."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.round_name = station.session.round
        self.data: Overview | None = None
        self.missing_people: list[dict[str, Any]] = []

        self.round = QComboBox()
        self.round.activated.connect(lambda _i: self.load(self.round.currentText()))
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Export to XLSX…"))
        self.export_button.clicked.connect(self._choose_export)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Round")))
        bar.addWidget(self.round)
        bar.addWidget(self.totals, 1)
        bar.addWidget(refresh)
        bar.addWidget(self.export_button)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_tr(_HEADINGS[c]) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.itemSelectionChanged.connect(self._enterprise_chosen)
        self.chart = ProgressChart()

        self.missing_title = QLabel(self.tr("Select an enterprise to see who is missing"))
        self.missing = QTableWidget(0, 4)
        self.missing.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Department"), self.tr("ID number"), self.tr("Phone")]
        )
        self.missing.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missing.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.missing.verticalHeader().setVisible(False)
        self.missing.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.reason = QComboBox()
        for key, text in EXEMPTION_REASONS.items():
            self.reason.addItem(_tr(text), key)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note"))
        self.exempt_button = QPushButton(self.tr("Mark exempt"))
        self.exempt_button.clicked.connect(self.exempt_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        exempt_row = QHBoxLayout()
        exempt_row.addWidget(self.reason)
        exempt_row.addWidget(self.note, 1)
        exempt_row.addWidget(self.exempt_button)

        missing_box = QWidget()
        missing_layout = QVBoxLayout(missing_box)
        missing_layout.setContentsMargins(0, 0, 0, 0)
        missing_layout.addWidget(self.missing_title)
        missing_layout.addWidget(self.missing, 1)
        missing_layout.addLayout(exempt_row)
        missing_layout.addWidget(self.message)
        # Registered people no roster knows: someone must find their enterprise.
        self.no_roster_title = QLabel()
        self.no_roster = QTableWidget(0, 5)
        self.no_roster.setHorizontalHeaderLabels(
            [
                self.tr("ID number"),
                self.tr("Checkpoint"),
                self.tr("Registered at"),
                self.tr("Tube"),
                self.tr("Name (ID card)"),
            ]
        )
        self.no_roster.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.no_roster.verticalHeader().setVisible(False)
        self.no_roster.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        no_roster_box = QWidget()
        no_roster_layout = QVBoxLayout(no_roster_box)
        no_roster_layout.setContentsMargins(0, 0, 0, 0)
        no_roster_layout.addWidget(self.no_roster_title)
        no_roster_layout.addWidget(self.no_roster, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(missing_box)
        bottom.addWidget(no_roster_box)
        bottom.setSizes([820, 480])
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        top.addWidget(self.chart)
        top.setSizes([820, 480])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    def refresh(self) -> None:
        self.load(self.round_name)

    def load(self, round_name: str) -> None:
        self.station.db.run(lambda store: overview(store, round_name), self._show, self._failed)

    def _failed(self, error: Exception) -> None:
        self.message.setText(reasons.translate(describe(error)))

    def _show(self, data: Overview) -> None:
        self.data = data
        self.round_name = data.round
        self.round.clear()
        self.round.addItems(data.rounds)
        self.round.setCurrentText(data.round)
        totals = data.figures.get("totals", {})
        self.totals.setText(
            self.tr("Expected {expected} · tested {tested} · missing {missing} · exempt {exempt}").format(
                expected=totals.get("expected", 0),
                tested=totals.get("tested", 0),
                missing=totals.get("missing", 0),
                exempt=totals.get("exempt", 0),
            )
        )
        if data.figures.get("as_of"):
            # A closed round is reported as it stood when it closed.
            self.totals.setText(
                self.totals.text()
                + " · "
                + self.tr("closed: as it stood at {time}").format(
                    time=str(data.figures["as_of"])[:16].replace("T", " ")
                )
            )
        selected = self.selected_enterprise()
        self.table.blockSignals(True)
        firms = data.figures["enterprises"]
        self.table.setRowCount(len(firms))
        for row, firm in enumerate(firms):
            for col, key in enumerate(COLUMNS):
                value = firm.get(key)
                if key == "completion":
                    gauge = QProgressBar()
                    gauge.setRange(0, 1000)
                    gauge.setValue(round((value or 0) * 1000))
                    gauge.setFormat(f"{(value or 0) * 100:.1f}%")
                    self.table.setCellWidget(row, col, gauge)
                    value = f"{(value or 0) * 100:.1f}%"
                item = QTableWidgetItem("" if value is None else str(value))
                if key != "enterprise":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
            if firm["enterprise"] == selected:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self.chart.show_progress(data.progress, int(totals.get("expected", 0) or 0))
        self._show_no_roster(data.figures.get("not_on_any_roster_people", []))
        if selected:
            self._load_missing(selected)

    def _show_no_roster(self, people: list[dict[str, Any]]) -> None:
        self.no_roster_title.setText(self.tr("Registered on no roster: {count}").format(count=len(people)))
        self.no_roster.setRowCount(len(people))
        for row, person in enumerate(people):
            shown = (
                person["id_number"],
                person["checkpoint"],
                person["at"],
                person["tube"] or "",
                person.get("name") or "",
            )
            for col, text in enumerate(shown):
                self.no_roster.setItem(row, col, QTableWidgetItem(text))

    def no_roster_shown(self) -> list[list[str]]:
        """The no-roster table as shown, row by row (what a test compares with the domain)."""
        return [
            [
                item.text() if (item := self.no_roster.item(row, col)) else ""
                for col in range(self.no_roster.columnCount())
            ]
            for row in range(self.no_roster.rowCount())
        ]

    def figures_shown(self) -> list[dict[str, str]]:
        """The table as shown, one dict per enterprise row (what a test compares with the domain)."""
        return [
            {
                key: item.text() if (item := self.table.item(row, col)) else ""
                for col, key in enumerate(COLUMNS)
            }
            for row in range(self.table.rowCount())
        ]

    def selected_enterprise(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item else None

    def _enterprise_chosen(self) -> None:
        firm = self.selected_enterprise()
        if firm:
            self._load_missing(firm)

    def _load_missing(self, firm: str) -> None:
        round_name = self.round_name

        def job(store: Store) -> tuple[list[dict[str, Any]], progress.Progress]:
            with store.read() as conn:
                return (
                    reconcile.missing(conn, round_name, firm, reveal=True),
                    progress.by_hour(conn, round_name, firm),
                )

        self.station.db.run(job, lambda result: self._show_missing(firm, *result), self._failed)

    def _show_missing(
        self, firm: str, people: list[dict[str, Any]], firm_progress: progress.Progress
    ) -> None:
        self.missing_people = people
        self.missing_title.setText(
            self.tr("Missing at {enterprise}: {count}").format(enterprise=firm, count=len(people))
        )
        self.missing.setRowCount(len(people))
        for row, person in enumerate(people):
            shown = (
                person["name"],
                person["department"] or "",
                mask_id(person["id_number"]),
                mask_phone(person["phone"]),
            )
            for col, text in enumerate(shown):
                self.missing.setItem(row, col, QTableWidgetItem(text))
        line = (
            next((f for f in self.data.figures["enterprises"] if f["enterprise"] == firm), None)
            if self.data
            else None
        )
        self.chart.show_progress(firm_progress, int(line["expected"]) if line else 0)

    def exempt_selected(self) -> None:
        rows = sorted({index.row() for index in self.missing.selectionModel().selectedRows()})
        if not rows:
            self.message.setText(self.tr("Select the people to exempt."))
            return
        reason = str(self.reason.currentData())
        note = self.note.text().strip() or None
        people = [self.missing_people[row]["id_number"] for row in rows]
        round_name = self.round_name

        def job(store: Store) -> int:
            for number in people:
                exemptions.set_exemption(store, number, round_name, reason, note)
            return len(people)

        def done(count: int) -> None:
            self.message.setText(self.tr("Exempted: {count}").format(count=count))
            self.refresh()

        self.station.db.run(job, done, self._failed)

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to XLSX"), f"{self.round_name}.xlsx", self.tr("Excel workbooks (*.xlsx)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the round's figures per enterprise to an XLSX file."""
        round_name = self.round_name
        self.station.db.run(
            lambda store: reconcile_export.write_figures(store, round_name, path),
            lambda _n: self.message.setText(self.tr("Exported to {path}").format(path=str(path))),
            self._failed,
        )
