"""What the office's screens share: a light table model, the message line, and server calls run off the
GUI thread with this laptop's credential.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL.Image import Image as PilImage
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from registration.errors import message
from registration.storage.store import Store
from sync import admin_client
from sync.transport import ServerRefused, Unreachable
from ui import reasons
from ui.db_worker import describe
from ui.station import Station
from ui.tasks import in_background

Index = QModelIndex | QPersistentModelIndex


class Rows(QAbstractTableModel):
    """Rows of plain values under fixed headings: a view shows a hundred thousand without slowing."""

    def __init__(self, headings: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headings = list(headings)
        self.rows: list[Sequence[Any]] = []

    def set_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        return "" if value is None else str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headings[section]
        return None

    def text(self, row: int, column: int) -> str:
        return str(self.data(self.index(row, column)))


def table(model: Rows) -> QTableView:
    """A read-only view of ``model``, which it owns: the model goes with its screen, on the GUI thread,
    whenever Python lets go of the screen."""
    view = QTableView()
    model.setParent(view)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultSectionSize(150)
    view.horizontalHeader().setMaximumSectionSize(320)
    # Qt measures at most 1,000 rows for this: cheap whatever the table holds.
    model.modelReset.connect(view.resizeColumnsToContents)
    return view


class Notice(QLabel):
    """The screen's one line about what just happened: green when done, red when refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def done(self, text: str) -> None:
        self.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.setText(text)

    def refused(self, error: Exception | str) -> None:
        self.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.setText(error if isinstance(error, str) else problem(error))


def problem(error: Exception) -> str:
    """One line for a person, whether the database, the file or the server said no."""
    if isinstance(error, ServerRefused):
        return reasons.translate(error.detail)
    if isinstance(error, Unreachable):
        text = QCoreApplication.translate("office", "The server cannot be reached: {why}")
        return text.format(why=reasons.translate(message(error)))
    return reasons.translate(describe(error))


def with_server(
    station: Station,
    owner: QObject,
    call: Callable[[admin_client.Server], Any],
    done: Callable[[Any], None],
    failed: Callable[[Exception], None],
) -> None:
    """Run ``call`` with this laptop's server and credential on the thread pool (never on this thread)."""
    path = station.db.path

    def credential(store: Store) -> admin_client.Server:
        with store.read() as conn:
            return admin_client.server(conn, path)

    station.db.run(
        credential, lambda server: in_background(lambda: call(server), done, failed, owner), failed
    )


def pixmap(image: PilImage) -> QPixmap:
    """A Pillow picture (a QR code, a badge) as a pixmap, pixels unchanged."""
    grey = image.convert("RGB")
    data = grey.tobytes()
    width, height = grey.size
    return QPixmap.fromImage(QImage(data, width, height, width * 3, QImage.Format.Format_RGB888).copy())


def when(iso: str | None) -> str:
    """2026-11-29 09:12 from a stored ISO time."""
    return (iso or "")[:16].replace("T", " ")


def when_ms(ms: int | None) -> str:
    """11-29 09:12 from milliseconds since the epoch (the server's clock)."""
    return "" if ms is None else datetime.fromtimestamp(ms / 1000).strftime("%m-%d %H:%M")


def accept_files(event: QDragEnterEvent) -> None:
    """Let files dragged from the desktop or a USB stick be dropped on a screen."""
    if event.mimeData().hasUrls():
        event.acceptProposedAction()


def dropped_files(event: QDropEvent) -> list[Path]:
    """The local files of a drop, the drop taken when there are any."""
    paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
    if paths:
        event.acceptProposedAction()
    return paths
