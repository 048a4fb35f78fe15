"""The person codes screen: choose people (enterprise, department, a search), preview a badge, write the
A4 sheets as a PDF and open it for printing.
"""

from __future__ import annotations

from pathlib import Path

from PIL.Image import Image as PilImage
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from registration.people import badges
from registration.people.identity import mask_id
from registration.reports import office_views
from registration.setup.rosters import Person
from registration.storage.store import Store
from ui.office.common import Notice, Rows, pixmap, table
from ui.station import Station

PREVIEW_WIDTH = 420


class BadgesScreen(QWidget):
    """Badge sheets for the chosen people.

    Signals:
        chosen(): the list of chosen people is shown.
        previewed(): a badge preview is shown.
        written(object): the ``badges.IssueReport`` of a PDF just written.
    """

    chosen = Signal()
    previewed = Signal()
    written = Signal(object)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.people: list[Person] = []
        self.open_after = True
        """Open the PDF in the desktop's viewer once written (tests turn this off)."""
        self.enterprise = QComboBox()
        self.enterprise.setMinimumWidth(220)
        self.enterprise.activated.connect(lambda _i: self._enterprise_changed())
        self.department = QComboBox()
        self.department.setMinimumWidth(140)
        self.department.activated.connect(lambda _i: self.choose())
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Name, or phone digits"))
        self.query.returnPressed.connect(self.choose)
        find = QPushButton(self.tr("Choose"))
        find.clicked.connect(self.choose)
        self.model = Rows(
            [self.tr("Name"), self.tr("Enterprise"), self.tr("Department"), self.tr("ID number")]
        )
        self.view = table(self.model)
        self.view.clicked.connect(lambda index: self.preview(index.row()))
        self.count = QLabel()
        self.write_button = QPushButton(self.tr("Write the A4 sheets (PDF) and open them…"))
        self.write_button.clicked.connect(self._choose_out)
        self.badge = QLabel(self.tr("Click a person to preview their badge."))
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setMinimumWidth(PREVIEW_WIDTH)
        self.badge.setWordWrap(True)
        self.notice = Notice()
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Enterprise")))
        filters.addWidget(self.enterprise)
        filters.addWidget(QLabel(self.tr("Department")))
        filters.addWidget(self.department)
        filters.addWidget(self.query, 1)
        filters.addWidget(find)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.write_button)
        left_layout.addLayout(bottom)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.badge)
        split.setSizes([850, 450])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)

    def refresh(self) -> None:
        def job(store: Store) -> list[str]:
            with store.read() as conn:
                return [e.name for e in office_views.enterprise_list(conn)]

        def show(names: list[str]) -> None:
            chosen = self.enterprise.currentData()
            self.enterprise.clear()
            self.enterprise.addItem(self.tr("Every enterprise"), None)
            for name in names:
                self.enterprise.addItem(name, name)
            index = self.enterprise.findData(chosen)
            self.enterprise.setCurrentIndex(max(index, 0))
            self._enterprise_changed()

        self.station.db.run(job, show, self.notice.refused)

    def _enterprise_changed(self) -> None:
        firm = self.enterprise.currentData()

        def job(store: Store) -> list[str]:
            with store.read() as conn:
                return office_views.departments(conn, firm)

        def show(names: list[str]) -> None:
            self.department.clear()
            self.department.addItem(self.tr("Every department"), None)
            for name in names:
                self.department.addItem(name, name)
            self.choose()

        self.station.db.run(job, show, self.notice.refused)

    def choose(self) -> None:
        firm, dept, query = self.enterprise.currentData(), self.department.currentData(), self.query.text()

        def job(store: Store) -> list[Person]:
            with store.read() as conn:
                return office_views.roster_people(conn, firm, dept, query)

        self.station.db.run(job, self._chosen, self.notice.refused)

    def _chosen(self, people: list[Person]) -> None:
        self.people = people
        self.model.set_rows([(p.name, p.enterprise, p.department, mask_id(p.id_number)) for p in people])
        self.count.setText(self.tr("Badges to print: {count}").format(count=len(people)))
        self.write_button.setEnabled(bool(people))
        self.chosen.emit()

    def preview(self, row: int) -> None:
        person = self.people[row]
        self.station.db.run(
            lambda store: office_views.badge_preview(store, person), self._show_badge, self.notice.refused
        )

    def _show_badge(self, card: PilImage) -> None:
        self.badge.setPixmap(
            pixmap(card).scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation)
        )
        self.previewed.emit()

    def _choose_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Badge sheets"), "badges.pdf", self.tr("PDF documents (*.pdf)")
        )
        if path:
            self.write(Path(path))

    def write(self, out: Path) -> None:
        ids = [p.id_number for p in self.people]
        self.notice.setStyleSheet("")
        self.notice.setText(self.tr("Writing {count} badges…").format(count=len(ids)))

        def done(report: badges.IssueReport) -> None:
            self.notice.done(
                self.tr("{badges} badges on {pages} pages written to {path}.").format(
                    badges=report.badges, pages=report.pages, path=str(out)
                )
            )
            if self.open_after:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
            self.written.emit(report)

        self.station.db.run(lambda store: badges.issue(store, out, ids=ids), done, self.notice.refused)
