"""Choosing the station's camera: the laptop's cameras by name, or a video file or image folder, with a live
preview read on a camera thread of the chooser's own; the choice is saved as the camera preference."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from registration.sampling.scanning.sources import CameraInfo, camera_indices, linux_cameras
from ui import reasons
from ui.camera_worker import Camera
from ui.preferences import Preferences
from ui.preview import Preview

_SPEC = Qt.ItemDataRole.UserRole
"""An item's source: a camera index or a path; None for the items that ask for a file or folder."""
_PICK = Qt.ItemDataRole.UserRole + 1
"""What an asking item asks for: "file" or "folder"."""


def find_cameras() -> list[CameraInfo]:
    """The cameras the system lists, by name; on Linux, sysfs when Qt's multimedia backend lists none."""
    devices = [
        (bytes(d.id().data()).decode(errors="replace"), d.description()) for d in QMediaDevices.videoInputs()
    ]
    if devices:
        return camera_indices(devices)
    return linux_cameras() if sys.platform.startswith("linux") else []


def source_label(spec: str) -> str:
    """A camera preference as the volunteer reads it: "Camera 0", or the file or folder's name."""
    return reasons.camera(spec) if spec.isdigit() else Path(spec).name


class CameraChooser(QDialog):
    """Lists the cameras and a video file or image folder; previews the one selected; OK saves it.

    ``pick_file`` and ``pick_folder`` ask for a path ("" when cancelled); tests put their own answer.

    Signals:
        chosen(str): the camera preference just saved (a camera index or a path).
    """

    chosen = Signal(str)

    def __init__(
        self,
        prefs: Preferences,
        find: Callable[[], Sequence[CameraInfo]] = find_cameras,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.find_cameras = find
        self.pick_file: Callable[[], str] = self._ask_file
        self.pick_folder: Callable[[], str] = self._ask_folder
        self.setWindowTitle(self.tr("Choose the camera"))
        font = self.font()
        font.setPixelSize(16)  # read at arm's length on a checkpoint laptop, as the sign-in is
        self.setFont(font)
        self.sources = QListWidget()
        self.sources.setMinimumWidth(300)
        self.sources.setSpacing(4)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.look_again = QPushButton(self.tr("Look for cameras again"))
        self.look_again.clicked.connect(self.list_sources)
        self.preview = Preview()
        self.preview.setMinimumSize(480, 270)
        self.preview.set_notice(self.tr("Choose a camera on the left"))
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.camera = Camera(self)
        self.camera.frame.connect(self.preview.show_frame)
        self.camera.problem.connect(self._problem)
        self.camera.running.connect(self._running)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Cameras on this laptop")))
        left.addWidget(self.sources, 1)
        left.addWidget(self.hint)
        left.addWidget(self.look_again)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.state)
        columns = QHBoxLayout()
        columns.addLayout(left)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        self._shown: QListWidgetItem | None = None
        self.sources.currentItemChanged.connect(self._selected)
        self.list_sources()

    @property
    def spec(self) -> str | None:
        """The source selected: a camera index or a path."""
        item = self.sources.currentItem()
        spec = None if item is None else item.data(_SPEC)
        return None if spec is None else str(spec)

    def list_sources(self) -> None:
        """The cameras found now, the source chosen before, and the items asking for a file or folder."""
        wanted = self.spec or self.prefs.camera
        self.sources.blockSignals(True)
        self.sources.clear()
        self._shown = None
        cameras = list(self.find_cameras())
        for camera in cameras:
            self._add(
                self.tr("{name} (camera {index})").format(
                    name=reasons.source_name(camera.name), index=camera.index
                ),
                camera.spec,
            )
        self.hint.setText(
            "" if cameras else self.tr("No camera found: plug one in and look again, or choose a video file")
        )
        if wanted not in (c.spec for c in cameras):
            if wanted.isdigit():
                self._add(self.tr("Camera {index} (not found now)").format(index=wanted), wanted)
            elif wanted:
                self._add(source_label(wanted), wanted)
        for text, kind in ((self.tr("Video file…"), "file"), (self.tr("Image folder…"), "folder")):
            item = self._add(text, None)
            item.setData(_PICK, kind)
        self.sources.blockSignals(False)
        self._select(wanted)

    def _add(self, text: str, spec: str | None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(_SPEC, spec)
        if spec is not None and not spec.isdigit():
            item.setToolTip(spec)
        self.sources.addItem(item)
        return item

    def _row(self, spec: str) -> int:
        """The row of the source ``spec``; -1 when it is not listed."""
        specs = [self.sources.item(row).data(_SPEC) for row in range(self.sources.count())]
        return specs.index(spec) if spec in specs else -1

    def _select(self, spec: str) -> None:
        if (row := self._row(spec)) >= 0:
            self.sources.setCurrentRow(row)

    def _selected(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        kind = item.data(_PICK)
        if kind is not None:
            path = self.pick_file() if kind == "file" else self.pick_folder()
            if not path:
                # Cancelled: back to what was shown, which goes on as it was.
                self.sources.blockSignals(True)
                self.sources.setCurrentRow(-1 if self._shown is None else self.sources.row(self._shown))
                self.sources.blockSignals(False)
                return
            if self._row(path) < 0:
                added = QListWidgetItem(source_label(path))
                added.setData(_SPEC, path)
                added.setToolTip(path)
                self.sources.blockSignals(True)
                self.sources.insertItem(self.sources.row(item), added)
                self.sources.blockSignals(False)
            self._select(path)
            return
        self._shown = item
        self.preview.set_notice(self.tr("Opening {source}…").format(source=item.text()))
        self.state.setText("")
        self.camera.start(item.data(_SPEC), self.prefs.backend, loop=True)

    def _problem(self, text: str) -> None:
        text = reasons.translate(text)
        self.preview.set_notice(text)
        self.state.setText(text)

    def _running(self, name: str) -> None:
        self.state.setText(self.tr("Showing {name}").format(name=reasons.source_name(Path(name).name)))

    def accept(self) -> None:
        spec = self.spec
        if spec is not None:
            self.prefs.camera = spec
            self.chosen.emit(spec)
        super().accept()

    def done(self, result: int) -> None:
        self.camera.shutdown()  # the device is free again for the station's own camera thread
        super().done(result)

    def _ask_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Video file"),
            "",
            self.tr("Videos and images (*.mp4 *.avi *.mkv *.mov *.webm *.png *.jpg *.jpeg)"),
        )
        return path

    def _ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Image folder"))
