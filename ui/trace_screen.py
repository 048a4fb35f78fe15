"""The traceback screen: enter or scan a positive tube, see its members, export the recall list.

The people a correction took out of a tube are shown apart, below, without a phone: they were
never in it. A broken tube is traced in the tube its people were moved to, and the screen says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from registration.privacy import audit
from registration.reports import trace
from registration.sampling import results
from registration.storage.store import Store
from ui import reasons
from ui.banner import clock_time
from ui.db_worker import describe
from ui.marks import QT_TRANSLATE_NOOP
from ui.station import Station

COLUMNS = {
    "tube": QT_TRANSLATE_NOOP("TraceScreen", "Tube"),
    "result": QT_TRANSLATE_NOOP("TraceScreen", "Result"),
    "position": QT_TRANSLATE_NOOP("TraceScreen", "Pos."),
    "name": QT_TRANSLATE_NOOP("TraceScreen", "Name"),
    "enterprise": QT_TRANSLATE_NOOP("TraceScreen", "Enterprise"),
    "department": QT_TRANSLATE_NOOP("TraceScreen", "Department"),
    "id_number": QT_TRANSLATE_NOOP("TraceScreen", "ID number"),
    "phone": QT_TRANSLATE_NOOP("TraceScreen", "Phone"),
    "checkpoint": QT_TRANSLATE_NOOP("TraceScreen", "Checkpoint"),
    "at": QT_TRANSLATE_NOOP("TraceScreen", "Time"),
}
AWAY_COLUMNS = {
    "tube": QT_TRANSLATE_NOOP("TraceScreen", "Tube"),
    "position": QT_TRANSLATE_NOOP("TraceScreen", "Pos."),
    "name": QT_TRANSLATE_NOOP("TraceScreen", "Name"),
    "enterprise": QT_TRANSLATE_NOOP("TraceScreen", "Enterprise"),
    "id_number": QT_TRANSLATE_NOOP("TraceScreen", "ID number"),
    "replaced_by": QT_TRANSLATE_NOOP("TraceScreen", "Replaced by"),
    "reason": QT_TRANSLATE_NOOP("TraceScreen", "Reason"),
    "at": QT_TRANSLATE_NOOP("TraceScreen", "Time"),
}
RESULTS = {
    "positive": QT_TRANSLATE_NOOP("TraceScreen", "positive"),
    "negative": QT_TRANSLATE_NOOP("TraceScreen", "negative"),
}
_SEPARATORS = re.compile(r"[\s,;，；]+")


def _tr(text: str) -> str:
    return QCoreApplication.translate("TraceScreen", text)


def _table(columns: dict[str, str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([_tr(text) for text in columns.values()])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


@dataclass(frozen=True)
class Traced:
    members: list[dict[str, Any]]
    """Everyone now in the tubes: the people to call."""
    away: list[dict[str, Any]]
    """The people corrected away: not in the tubes."""
    moved: list[dict[str, Any]]
    """The broken tubes asked for: where their people were moved, and why."""


def _traced(store: Store, codes: list[str], *, reveal: bool = False) -> Traced:
    with store.read() as conn:
        return Traced(
            trace.trace(conn, codes, reveal=reveal),
            trace.corrected_away(conn, codes),
            trace.moved(conn, codes),
        )


class TraceScreen(QWidget):
    """Finds everyone whose sample went into the given tubes."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.members: list[dict[str, Any]] = []
        self.away: list[dict[str, Any]] = []
        self.codes = QLineEdit()
        self.codes.setPlaceholderText(self.tr("Tube codes, typed or scanned (several separated by spaces)"))
        self.codes.returnPressed.connect(self.trace)
        find = QPushButton(self.tr("Trace"))
        find.clicked.connect(self.trace)
        self.positives = QPushButton(self.tr("All positive tubes"))
        self.positives.clicked.connect(self.trace_positives)
        self.reveal = QCheckBox(self.tr("Full ID numbers and phones in the export (for the recall team)"))
        self.export_button = QPushButton(self.tr("Export recall list…"))
        self.export_button.clicked.connect(self._choose_export)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = _table(COLUMNS)
        self.away_title = QLabel(self.tr("Corrected away: not in these tubes, do not call"))
        self.away_title.setStyleSheet("color: #6d4c41; font-weight: bold;")
        self.away_table = _table(AWAY_COLUMNS)
        self.away_table.setMaximumHeight(140)
        self.away_title.hide()
        self.away_table.hide()
        row = QHBoxLayout()
        row.addWidget(self.codes, 1)
        row.addWidget(find)
        row.addWidget(self.positives)
        export_row = QHBoxLayout()
        export_row.addWidget(self.reveal, 1)
        export_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.away_title)
        layout.addWidget(self.away_table)
        layout.addLayout(export_row)

    def tube_codes(self) -> list[str]:
        return [code for code in _SEPARATORS.split(self.codes.text().strip()) if code]

    def add_scanned(self, text: str) -> None:
        """A tube scanned while this screen is shown joins the list and is traced."""
        self.codes.setText(" ".join([*self.tube_codes(), text.strip()]))
        self.trace()

    def trace(self) -> None:
        codes = self.tube_codes()
        if not codes:
            self.summary.setText(self.tr("Enter or scan a tube code."))
            return

        self.station.db.run(lambda store: _traced(store, codes), self._show, self._failed)

    def trace_positives(self) -> None:
        def job(store: Store) -> list[str]:
            with store.read() as conn:
                return results.positive_tubes(conn)

        def done(codes: list[str]) -> None:
            if not codes:
                self.summary.setText(self.tr("No tube has a positive result."))
                return
            self.codes.setText(" ".join(codes))
            self.trace()

        self.station.db.run(job, done, self._failed)

    def _show(self, traced: Traced) -> None:
        members = traced.members
        self.members, self.away = members, traced.away
        tubes = len({m["tube"] for m in members})
        self.summary.setStyleSheet("")
        moved = [
            self.tr("Tube {tube} is broken: its people were moved to {new} ({reason}).").format(
                tube=hop["tube"], new=hop["moved_to"], reason=hop["reason"]
            )
            for hop in traced.moved
        ]
        counted = self.tr("Tubes: {tubes} · people: {people}").format(people=len(members), tubes=tubes)
        self.summary.setText("\n".join([*moved, counted]))
        self._fill(self.table, COLUMNS, members)
        self._fill(self.away_table, AWAY_COLUMNS, traced.away)
        self.away_title.setVisible(bool(traced.away))
        self.away_table.setVisible(bool(traced.away))

    def _fill(self, table: QTableWidget, columns: dict[str, str], people: list[dict[str, Any]]) -> None:
        table.setRowCount(len(people))
        for row, member in enumerate(people):
            for col, key in enumerate(columns):
                value = member.get(key)
                if key == "result":
                    value = _tr(RESULTS[value]) if value in RESULTS else ""
                elif key == "at":
                    value = clock_time(str(value))
                text = "" if value is None else str(value)
                if key == "name" and member.get("voided"):
                    text += " " + self.tr("(voided)")
                table.setItem(row, col, QTableWidgetItem(text))

    def _failed(self, error: Exception) -> None:
        self.summary.setStyleSheet("color: #b71c1c;")
        self.summary.setText(reasons.translate(describe(error)))

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export recall list"), "recall.xlsx", self.tr("Excel workbooks (*.xlsx)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        codes, reveal = self.tube_codes(), self.reveal.isChecked()
        operator = self.station.session.operator or None

        def job(store: Store) -> int:
            traced = _traced(store, codes, reveal=reveal)
            trace.write_recall_list(path, traced.members, traced.away)
            if reveal:
                audit.record_reveal(store, "trace", len(traced.members), operator)
            return len(traced.members)

        self.station.db.run(
            job,
            lambda count: self.summary.setText(
                self.tr("Recall list written to {path} (people: {count})").format(count=count, path=str(path))
            ),
            self._failed,
        )
