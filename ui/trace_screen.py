"""The traceback screen: enter or scan a positive tube, see its members, export the recall list."""

from __future__ import annotations

import re
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

from registration import results, trace
from registration.store import Store
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
RESULTS = {
    "positive": QT_TRANSLATE_NOOP("TraceScreen", "positive"),
    "negative": QT_TRANSLATE_NOOP("TraceScreen", "negative"),
}
_SEPARATORS = re.compile(r"[\s,;，；]+")


def _tr(text: str) -> str:
    return QCoreApplication.translate("TraceScreen", text)


class TraceScreen(QWidget):
    """Finds everyone whose sample went into the given tubes."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.members: list[dict[str, Any]] = []
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
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_tr(text) for text in COLUMNS.values()])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
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

        def job(store: Store) -> list[dict[str, Any]]:
            with store.read() as conn:
                return trace.trace(conn, codes)

        self.station.db.run(job, self._show, self._failed)

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

    def _show(self, members: list[dict[str, Any]]) -> None:
        self.members = members
        tubes = len({m["tube"] for m in members})
        self.summary.setStyleSheet("")
        self.summary.setText(
            self.tr("Tubes: {tubes} · people: {people}").format(people=len(members), tubes=tubes)
        )
        self.table.setRowCount(len(members))
        for row, member in enumerate(members):
            for col, key in enumerate(COLUMNS):
                value = member.get(key)
                if key == "result":
                    value = _tr(RESULTS[value]) if value in RESULTS else ""
                elif key == "at":
                    value = clock_time(str(value))
                text = "" if value is None else str(value)
                if key == "name" and member.get("voided"):
                    text += " " + self.tr("(voided)")
                self.table.setItem(row, col, QTableWidgetItem(text))

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

        def job(store: Store) -> int:
            with store.read() as conn:
                members = trace.trace(conn, codes, reveal=reveal)
            return trace.write_recall_list(path, members)

        self.station.db.run(
            job,
            lambda count: self.summary.setText(
                self.tr("Recall list written to {path} (people: {count})").format(count=count, path=str(path))
            ),
            self._failed,
        )
