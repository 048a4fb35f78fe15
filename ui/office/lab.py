"""The lab results screen: the lab's file (chosen or dropped) previewed (tubes matched, tubes this
campaign never had, spellings not understood, tubes handed over long ago still without a result) then
imported, with what was written and the results for tubes never sealed or never handed over listed
apart; the positive tubes each with their recall list (each position's sampling time), phones shown
only on an explicit, recorded action, and the list exported to XLSX; and the lab's list of the tubes it
received, recorded and shown per transport box (sent and not received) with the tubes no box held.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from registration.reports import office_views, trace
from registration.sampling import handover, receipts, results
from registration.storage.store import Store
from ui.banner import clock_time
from ui.office.common import Notice, Rows, accept_files, dropped_files, table
from ui.station import Station

RECALL = ("tube", "position", "name", "enterprise", "department", "id_number", "phone", "checkpoint", "at")


class LabScreen(QWidget):
    """A lab file, then its positives and who to call.

    Signals:
        previewed(object): the ``office_views.LabPreview`` of the chosen file.
        imported(object): the ``results.LabReport`` of the import.
        recall_shown(): the recall list of the positive tubes is shown.
        exported(int): people written to the recall list file.
    """

    previewed = Signal(object)
    imported = Signal(object)
    recall_shown = Signal()
    exported = Signal(int)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.path: Path | None = None
        self.members: list[dict[str, Any]] = []
        self.revealed = False
        self.setAcceptDrops(True)
        choose = QPushButton(self.tr("Choose the lab's file…"))
        choose.clicked.connect(self._choose)
        self.import_button = QPushButton(self.tr("Import the results"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_file)
        self.summary = QLabel(self.tr("The lab's file: tube code (管号/样本编号) and result (结果)."))
        self.summary.setWordWrap(True)
        self.notice = Notice()
        self.problems = Rows([self.tr("Row"), self.tr("Tube"), self.tr("Problem")])
        self.flagged = Rows([self.tr("Row"), self.tr("Tube"), self.tr("Why it is flagged")])
        self.flagged_box = QWidget()
        flagged_layout = QVBoxLayout(self.flagged_box)
        flagged_layout.setContentsMargins(0, 0, 0, 0)
        warning = QLabel(
            self.tr(
                "Results for tubes this laptop never saw sealed or handed over to the courier: "
                "their results are recorded, but ask the checkpoint where these samples came from "
                "(a laptop that has not synced yet, or a tube that skipped the box). A result the lab "
                "gave under a broken tube's code is recorded for the tube its people were moved to."
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b71c1c; font-weight: bold;")
        flagged_view = table(self.flagged)
        flagged_view.setMaximumHeight(160)
        flagged_layout.addWidget(warning)
        flagged_layout.addWidget(flagged_view)
        self.flagged_box.setVisible(False)
        self.positives = QListWidget()
        self.positives.currentTextChanged.connect(self._show_members)
        self.recall = Rows(
            [
                self.tr("Tube"),
                self.tr("Pos."),
                self.tr("Name"),
                self.tr("Enterprise"),
                self.tr("Department"),
                self.tr("ID number"),
                self.tr("Phone"),
                self.tr("Checkpoint"),
                self.tr("Sampled at"),
            ]
        )
        self.recall_view = table(self.recall)
        self.recall_view.horizontalHeader().setDefaultSectionSize(120)
        self.reveal_button = QPushButton(self.tr("Show full phones and ID numbers (recorded)"))
        self.reveal_button.clicked.connect(self.reveal)
        self.export_button = QPushButton(self.tr("Export the recall list (XLSX)…"))
        self.export_button.clicked.connect(self._choose_export)
        for button in (self.reveal_button, self.export_button):
            button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(choose)
        bar.addWidget(self.import_button)
        bar.addWidget(self.summary, 1)

        positives_box = QWidget()
        left = QVBoxLayout(positives_box)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(QLabel(self.tr("Positive tubes")))
        left.addWidget(self.positives, 1)
        recall_box = QWidget()
        right = QVBoxLayout(recall_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.recall_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reveal_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        right.addLayout(buttons)
        recall_split = QSplitter(Qt.Orientation.Horizontal)
        recall_split.addWidget(positives_box)
        recall_split.addWidget(recall_box)
        recall_split.setSizes([200, 1100])
        self.overdue_hours = QSpinBox()
        self.overdue_hours.setRange(1, 240)
        self.overdue_hours.setValue(24)
        self.waiting = Rows(
            [self.tr("Tube"), self.tr("Checkpoint"), self.tr("Box"), self.tr("Handed over"), self.tr("Hours")]
        )
        self.receipt_summary = QLabel(
            self.tr("The lab's list of the tubes it received: a column of tube codes (管号/样本编号).")
        )
        self.receipt_summary.setWordWrap(True)
        receive = QPushButton(self.tr("Record the lab's list of tubes received…"))
        receive.clicked.connect(self._choose_receipt)
        self.sent = Rows(
            [
                self.tr("Box"),
                self.tr("Checkpoint"),
                self.tr("Handed over"),
                self.tr("Sent"),
                self.tr("Received"),
                self.tr("Sent, not received"),
            ]
        )
        self.unboxed = Rows([self.tr("Tube"), self.tr("Received, in no box")])
        receipt_box = QWidget()
        receipt_layout = QVBoxLayout(receipt_box)
        receipt_bar = QHBoxLayout()
        receipt_bar.addWidget(receive)
        receipt_bar.addWidget(self.receipt_summary, 1)
        receipt_layout.addLayout(receipt_bar)
        receipt_layout.addWidget(table(self.sent), 2)
        receipt_layout.addWidget(table(self.unboxed), 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(table(self.problems), self.tr("Rows not imported"))
        self.tabs.addTab(recall_split, self.tr("Positives and who to call"))
        self.tabs.addTab(table(self.waiting), self.tr("Still without a result"))
        self.tabs.addTab(receipt_box, self.tr("What the lab received"))
        bar.insertWidget(2, QLabel(self.tr("No result after (hours):")))
        bar.insertWidget(3, self.overdue_hours)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.flagged_box)
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self.load_positives()
        self.load_receipt()

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("The lab's file"), "", self.tr("Sheets (*.csv *.xlsx *.xlsm *.txt)")
        )
        if path:
            self.preview(Path(path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_files(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_files(event)
        if paths:
            self.preview(paths[0])
        if len(paths) > 1:
            self.notice.refused(
                self.tr("One lab file at a time: {name} is shown.").format(name=paths[0].name)
            )

    def preview(self, path: Path) -> None:
        self.path = path
        self.import_button.setEnabled(False)
        self.notice.clear()

        hours = self.overdue_hours.value()

        def job(store: Store) -> office_views.LabPreview:
            with store.read() as conn:
                return office_views.preview_lab(conn, path, hours)

        self.station.db.run(job, self._previewed, self.notice.refused)

    def _previewed(self, preview: office_views.LabPreview) -> None:
        self.summary.setText(
            self.tr(
                "{name}: {rows} rows; tubes matched {matched} (positive {positive}); "
                "unknown tubes {unknown}; results not understood {odd}. Nothing is written yet."
            ).format(
                name=self.path.name if self.path else "",
                rows=preview.rows,
                matched=len(preview.matched),
                positive=len(preview.positives),
                unknown=len(preview.unknown_tubes),
                odd=len(preview.not_understood),
            )
        )
        self.problems.set_rows(
            [(r["row"], r["tube"], self.tr("unknown tube")) for r in preview.unknown_tubes]
            + [
                (r["row"], r["tube"], self.tr("result not understood: {text}").format(text=r["text"]))
                for r in preview.not_understood
            ]
        )
        self._show_flagged(preview.flagged)
        self._show_waiting(preview.overdue)
        self.tabs.setCurrentIndex(0)
        self.import_button.setEnabled(bool(preview.matched))
        self.previewed.emit(preview)

    def import_file(self) -> None:
        path = self.path
        if path is None:
            return
        self.import_button.setEnabled(False)

        def done(report: results.LabReport) -> None:
            self.summary.setText(self._written(path, report))
            self._show_flagged(report.flagged)
            self._show_waiting(report.overdue)
            self.notice.done(self.tr("Imported."))
            self.imported.emit(report)
            self.load_positives()
            self.tabs.setCurrentIndex(1)

        hours = self.overdue_hours.value()
        self.station.db.run(lambda store: results.import_lab(store, path, hours), done, self.notice.refused)

    def _written(self, path: Path, report: results.LabReport) -> str:
        """What the import wrote, in place of the preview's "nothing is written yet"."""
        return self.tr(
            "{name} imported: {written} results written, {unchanged} already recorded ({positive} "
            "positive, {negative} negative); unknown tubes {unknown}; repeated rows {duplicates}; "
            "other rows refused {refused}; flagged {flagged} (listed with why)."
        ).format(
            name=path.name,
            written=report.changed,
            positive=len(report.positive),
            negative=report.negative,
            unchanged=report.unchanged,
            unknown=report.unknown_tubes,
            duplicates=report.duplicates,
            refused=len(report.rejected) - report.unknown_tubes,
            flagged=len(report.flagged),
        )

    def _show_flagged(self, flagged: list[dict[str, Any]]) -> None:
        why = {
            handover.NEVER_SEALED: self.tr("never sealed"),
            handover.NEVER_HANDED_OVER: self.tr("sealed, never handed over"),
            results.MOVED: self.tr("the lab named broken tube {old}, whose people were moved here"),
        }
        self.flagged.set_rows(
            [(r["row"], r["tube"], why[r["reason"]].format(old=r.get("named", ""))) for r in flagged]
        )
        self.flagged_box.setVisible(bool(flagged))

    def _show_waiting(self, overdue: list[dict[str, Any]]) -> None:
        self.waiting.set_rows(
            [
                (o["tube"], o["checkpoint"], o["box"] or "", clock_time(o["handed_over_at"]), o["hours"])
                for o in overdue
            ]
        )
        self.tabs.setTabText(2, self.tr("Still without a result ({count})").format(count=len(overdue)))

    def _choose_receipt(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("The lab's list of tubes received"),
            "",
            self.tr("Sheets (*.csv *.xlsx *.xlsm *.txt)"),
        )
        if path:
            self.receive(Path(path))

    def receive(self, path: Path) -> None:
        """Record the lab's list of the tubes it received, then show every box against it."""

        def done(receipt: receipts.Receipt) -> None:
            said = (
                self.tr("{name}: {count} tube codes recorded.")
                if receipt.recorded
                else self.tr("{name} was recorded before: nothing new.")
            )
            self.notice.done(said.format(name=receipt.file, count=receipt.named))
            self._show_receipt((receipt.boxes, receipt.unboxed))

        self.station.db.run(lambda store: receipts.receive(store, path), done, self.notice.refused)

    def load_receipt(self) -> None:
        def job(store: Store) -> tuple[list[receipts.BoxReceipt], list[receipts.Unboxed]]:
            with store.read() as conn:
                return receipts.report(conn)

        self.station.db.run(job, self._show_receipt, self.notice.refused)

    def _show_receipt(self, report: tuple[list[receipts.BoxReceipt], list[receipts.Unboxed]]) -> None:
        sent, unboxed = report
        self.sent.set_rows(
            [
                (
                    b.box,
                    b.checkpoint,
                    clock_time(b.handed_over_at) if b.handed_over_at else "",
                    b.sent,
                    b.received,
                    ", ".join(b.missing),
                )
                for b in sent
            ]
        )
        never, loose = self.tr("never a tube of this campaign"), self.tr("a tube of this campaign, in no box")
        self.unboxed.set_rows([(u.tube, loose if u.known else never) for u in unboxed])
        missing = sum(len(b.missing) for b in sent)
        self.receipt_summary.setText(
            self.tr(
                "Boxes sent: {boxes}; tubes sent and not received: {missing}; "
                "tubes received in no box: {unboxed}."
            ).format(boxes=len(sent), missing=missing, unboxed=len(unboxed))
        )

    def load_positives(self) -> None:
        def job(store: Store) -> list[dict[str, Any]]:
            with store.read() as conn:
                return trace.trace(conn, results.positive_tubes(conn))

        self.revealed = False
        self.station.db.run(job, self._members, self.notice.refused)

    def _members(self, members: list[dict[str, Any]]) -> None:
        self.members = members
        tubes = list(dict.fromkeys(m["tube"] for m in members))
        self.positives.blockSignals(True)
        self.positives.clear()
        self.positives.addItem(self.tr("Every positive tube"))
        self.positives.addItems(tubes)
        self.positives.setCurrentRow(0)
        self.positives.blockSignals(False)
        self._show_members()
        self.reveal_button.setEnabled(bool(members) and not self.revealed)
        self.export_button.setEnabled(bool(members))
        self.recall_shown.emit()

    def _show_members(self, _tube: str = "") -> None:
        tube = self.positives.currentItem().text() if self.positives.currentRow() > 0 else None
        voided = self.tr("(voided)")
        rows = []
        for m in self.members:
            if tube in (None, m["tube"]):
                row = dict(m, at=clock_time(str(m["at"])))
                if m.get("voided"):
                    row["name"] = f"{m['name']} {voided}"
                rows.append(tuple(row[k] for k in RECALL))
        self.recall.set_rows(rows)

    def _tubes(self) -> list[str]:
        return list(dict.fromkeys(m["tube"] for m in self.members))

    def reveal(self) -> None:
        """Full phones and ID numbers on screen; who asked and when is recorded."""
        tubes, operator = self._tubes(), self.station.session.operator or None

        def done(members: list[dict[str, Any]]) -> None:
            self._members(members)
            self.revealed = True
            self.reveal_button.setEnabled(False)
            self.notice.done(self.tr("Full numbers shown; this is recorded."))

        self.station.db.run(
            lambda store: office_views.reveal_recall(store, tubes, operator), done, self.notice.refused
        )

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Recall list"), "recall.xlsx", self.tr("Excel workbooks (*.xlsx)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """The recall team's list, with the full numbers they must call (recorded as a reveal)."""
        tubes, operator = self._tubes(), self.station.session.operator or None

        def job(store: Store) -> int:
            return trace.write_recall_list(path, office_views.reveal_recall(store, tubes, operator))

        def done(count: int) -> None:
            self.notice.done(
                self.tr("Recall list written to {path} (people: {count}).").format(
                    path=str(path), count=count
                )
            )
            self.exported.emit(count)

        self.station.db.run(job, done, self.notice.refused)
