"""The labels screen: tube (or transport-box) labels printed before a site opens, on A4 label sheets
(a PDF) or as one PNG per label for a thermal printer, and the ranges printed so far. The codes are
chosen and recorded on the database thread, the labels drawn on the thread pool.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from registration.sampling import label_sheets, labels
from registration.storage.store import Store
from ui.office.common import Notice, Rows, table
from ui.station import Station
from ui.tasks import in_background


class LabelsScreen(QWidget):
    """How many labels, of which kind and pool, after which prefix, on which sheet or printer.

    Signals:
        written(object): the ``labels.Printed`` range whose labels were just written.
    """

    written = Signal(object)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.open_after = True
        """Open what was written in the desktop's viewer (tests turn this off)."""
        self.count = QSpinBox()
        self.count.setRange(1, labels.MAX_COUNT)
        self.count.setValue(24)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Tube labels"), "tube")
        self.kind.addItem(self.tr("Transport-box labels (转运箱)"), "box")
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.pool = QComboBox()
        for size, word in labels.POOL_WORDS.items():
            self.pool.addItem(self.tr("{word} (pool of {size})").format(word=word, size=size), size)
        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText(self.tr("None (box labels: BOX)"))
        self.prefix.setMaxLength(8)
        self.output = QComboBox()
        for sheet, shape in label_sheets.SHEETS.items():
            self.output.addItem(
                self.tr("A4 sheet, {columns} × {rows} labels of {width} × {height} mm (PDF)").format(
                    columns=shape.columns,
                    rows=shape.rows,
                    width=f"{shape.width:g}",
                    height=f"{shape.height:g}",
                ),
                sheet,
            )
        for dpi in label_sheets.DPIS:
            self.output.addItem(
                self.tr("Label printer at {dpi} dpi, one PNG per label").format(dpi=dpi),
                str(dpi),
            )
        self.print_button = QPushButton(self.tr("Print to file…"))
        self.print_button.clicked.connect(self._choose_out)
        self.notice = Notice()
        self.model = Rows(
            [
                self.tr("Printed"),
                self.tr("Kind"),
                self.tr("Pool"),
                self.tr("First"),
                self.tr("Last"),
                self.tr("Count"),
            ]
        )
        self.view = table(self.model)
        form = QFormLayout()
        form.addRow(self.tr("Labels"), self.count)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Pool"), self.pool)
        form.addRow(self.tr("Prefix"), self.prefix)
        form.addRow(self.tr("Print on"), self.output)
        row = QHBoxLayout()
        row.addLayout(form, 1)
        row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Codes are never printed twice: each laptop prints its own series, and every range "
                    "printed is recorded and synced."
                )
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.notice)
        layout.addWidget(QLabel(self.tr("Printed so far:")))
        layout.addWidget(self.view, 1)

    def _kind_changed(self) -> None:
        self.pool.setEnabled(self.kind.currentData() == "tube")

    def refresh(self) -> None:
        def job(store: Store) -> list[labels.Printed]:
            with store.read() as conn:
                return labels.ranges(conn)

        self.station.db.run(job, self._show, self.notice.refused)

    def _show(self, printed: list[labels.Printed]) -> None:
        rows = []
        for p in printed:
            codes = p.to_json()
            rows.append((p.at, p.kind, p.word, codes["first"], codes["last"], p.count))
        self.model.set_rows(rows)

    def _choose_out(self) -> None:
        _, dpi = self.chosen_output()
        if dpi is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Label sheets"), "labels.pdf", self.tr("PDF documents (*.pdf)")
            )
        else:
            path = QFileDialog.getExistingDirectory(self, self.tr("A folder for the labels' PNG files"))
        if path:
            self.write(Path(path))

    def chosen_output(self) -> tuple[str, int | None]:
        """(the sheet, None) for a PDF of A4 sheets; (any sheet, its dpi) for a label printer."""
        data = str(self.output.currentData())
        return (data, None) if data in label_sheets.SHEETS else (label_sheets.DEFAULT_SHEET, int(data))

    def request(self) -> labels.Request:
        kind = self.kind.currentData()
        return labels.Request(
            self.count.value(),
            kind,
            self.pool.currentData() if kind == "tube" else None,
            self.prefix.text().strip() or None,
        )

    def write(self, out: Path) -> None:
        """Record the next codes of this laptop's series, then draw their labels to ``out``."""
        request = self.request()
        sheet, dpi = self.chosen_output()
        self.print_button.setEnabled(False)
        self.notice.setStyleSheet("")
        self.notice.setText(self.tr("Printing {count} labels…").format(count=request.count))

        def reserve(store: Store) -> tuple[labels.Printed, label_sheets.Target]:
            where = label_sheets.target(out, sheet, dpi or label_sheets.DPIS[-1], request.kind)
            return labels.reserve(store, request, check=label_sheets.fits(where)), where

        def draw(reserved: tuple[labels.Printed, label_sheets.Target]) -> None:
            printed, where = reserved
            in_background(
                lambda: label_sheets.write(where, printed),
                lambda _written: self._written(printed, where.out),
                self._failed,
                self,
            )

        self.station.db.run(reserve, draw, self._failed)

    def _written(self, printed: labels.Printed, out: Path) -> None:
        self.print_button.setEnabled(True)
        codes = printed.to_json()
        self.notice.done(
            self.tr("{count} labels, {first} to {last}, written to {path}.").format(
                count=printed.count, first=codes["first"], last=codes["last"], path=str(out)
            )
        )
        if self.open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        self.refresh()
        self.written.emit(printed)

    def _failed(self, error: Exception) -> None:
        self.print_button.setEnabled(True)
        self.notice.refused(error)
