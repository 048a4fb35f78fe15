"""The headcounts screen: each enterprise's reported headcount, contact and phone, edited in place, and
the sheet the enterprises send imported in one go.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from registration import enterprises, office
from registration.store import Store
from ui import reasons
from ui.office.common import Notice
from ui.station import Station

FIELDS = ("name", "reported", "contact", "phone")


class FirmsScreen(QWidget):
    """Enterprises with their declared headcount and contact.

    Signals:
        loaded(): the table shows the database's enterprises.
        saved(str): an enterprise was changed (its name).
    """

    loaded = Signal()
    saved = Signal(str)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.table = QTableWidget(0, len(FIELDS))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Enterprise"), self.tr("Reported headcount"), self.tr("Contact"), self.tr("Phone")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._edited)
        load = QPushButton(self.tr("Import headcounts from a sheet…"))
        load.clicked.connect(self._choose)
        self.notice = Notice()
        self.notice.setText(
            self.tr("Double-click a cell to change it. The sheet: enterprise, headcount, contact, phone.")
        )
        bar = QHBoxLayout()
        bar.addWidget(self.notice, 1)
        bar.addWidget(load)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        def job(store: Store) -> list[enterprises.Enterprise]:
            with store.read() as conn:
                return office.enterprise_list(conn)

        self.station.db.run(job, self._show, self.notice.refused)

    def _show(self, firms: list[enterprises.Enterprise]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(firms))
        for row, firm in enumerate(firms):
            view = firm.view()
            for col, key in enumerate(FIELDS):
                value = view[key]
                item = QTableWidgetItem("" if value is None else str(value))
                if key == "name":
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                elif key == "reported":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.loaded.emit()

    def shown(self) -> list[dict[str, str]]:
        """The table as shown (what a test compares with the database)."""
        return [
            {
                key: item.text() if (item := self.table.item(row, col)) else ""
                for col, key in enumerate(FIELDS)
            }
            for row in range(self.table.rowCount())
        ]

    def _edited(self, item: QTableWidgetItem) -> None:
        name_item = self.table.item(item.row(), 0)
        if name_item is None:
            return
        name, key, text = name_item.text(), FIELDS[item.column()], item.text().strip()
        change: dict[str, Any]
        if key == "reported":
            if text and not text.isdigit():
                self.notice.refused(self.tr("A headcount is a whole number."))
                self.refresh()
                return
            change = {"reported": int(text) if text else None}
        else:
            change = {key: text or None}
        self.station.db.run(
            lambda store: enterprises.set_enterprise(store, name, **change),
            lambda _done: self._saved(name),
            self._failed,
        )

    def _saved(self, name: str) -> None:
        self.notice.done(self.tr("{enterprise} saved.").format(enterprise=name))
        self.saved.emit(name)
        self.refresh()

    def _failed(self, error: Exception) -> None:
        self.notice.refused(error)
        self.refresh()

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Headcount sheet"), "", self.tr("Sheets (*.csv *.xlsx *.xlsm *.txt)")
        )
        if path:
            self.import_sheet(Path(path))

    def import_sheet(self, path: Path) -> None:
        def done(report: enterprises.HeadcountReport) -> None:
            text = self.tr(
                "{changed} enterprises changed, {unchanged} unchanged, {bad} rows refused."
            ).format(changed=report.changed, unchanged=report.unchanged, bad=len(report.rejected))
            bad = "; ".join(
                self.tr("row {row}: {reason}").format(row=r["row"], reason=reasons.translate(r["reason"]))
                for r in report.rejected
            )
            (self.notice.refused if report.rejected else self.notice.done)(f"{text} {bad}".strip())
            self.refresh()

        self.station.db.run(
            lambda store: enterprises.import_headcounts(store, path), done, self.notice.refused
        )
