"""Settings: camera (chosen by name with a preview, or a video file), decoder backend, ID-card reader (with
a test), sounds, default pool size, language, auto sync."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from registration.setup.campaign import MAX_POOL_SIZE
from ui.camera_chooser import CameraChooser
from ui.preferences import BACKENDS, Preferences
from ui.reader_chooser import ReaderRow
from ui.services import Services

LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}


class SettingsDialog(QDialog):
    """Edits the laptop's preferences; applies them when accepted.

    Signals:
        language_changed(str): the language code chosen, when it changed.
        camera_changed(): the camera source or the decoder changed; the camera restarts.
        reader_changed(): the ID-card reader changed; the station's reader restarts.
    """

    language_changed = Signal(str)
    camera_changed = Signal()
    reader_changed = Signal()

    def __init__(self, prefs: Preferences, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.services = services
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(560)
        self.camera = QLineEdit(prefs.camera)
        self.camera.setToolTip(self.tr("A camera number (0 is the built-in webcam) or a video file"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self.choose_camera)
        camera_row = QHBoxLayout()
        camera_row.addWidget(self.camera, 1)
        camera_row.addWidget(choose)
        self.backend = QComboBox()
        self.backend.addItems(list(BACKENDS))
        self.backend.setCurrentText(prefs.backend)
        self.reader = ReaderRow(prefs.reader, services.reader)
        self.sounds = QCheckBox(self.tr("Play a sound for each result"))
        self.sounds.setChecked(prefs.sounds)
        self.speak = QCheckBox(self.tr("Speak the registered name"))
        self.speak.setChecked(prefs.speak_names and services.sounds.can_speak)
        self.speak.setEnabled(services.sounds.can_speak)
        if not services.sounds.can_speak:
            self.speak.setToolTip(self.tr("No speech engine on this laptop"))
        self.pool_size = QSpinBox()
        self.pool_size.setRange(1, MAX_POOL_SIZE)
        self.pool_size.setValue(prefs.pool_size)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(prefs.language))
        self.auto_sync = QCheckBox(self.tr("Sync automatically when the server is reachable"))
        self.auto_sync.setChecked(prefs.auto_sync)

        form = QFormLayout()
        form.addRow(self.tr("Camera"), camera_row)
        form.addRow(self.tr("Decoder"), self.backend)
        form.addRow(self.tr("ID-card reader"), self.reader)
        form.addRow(self.tr("Sounds"), self.sounds)
        form.addRow("", self.speak)
        form.addRow(self.tr("Default pool size"), self.pool_size)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Sync"), self.auto_sync)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choose_camera(self) -> CameraChooser:
        """The cameras by name with a live preview; the station's camera lets go of the device meanwhile."""
        self.services.camera.stop()
        chooser = CameraChooser(self.prefs, parent=self)
        chooser.chosen.connect(self.camera.setText)
        chooser.finished.connect(
            lambda _result: self.services.camera.start(self.prefs.camera, self.prefs.backend)
        )
        chooser.open()
        return chooser

    def accept(self) -> None:
        prefs = self.prefs
        reader = self.reader.checked()
        if reader is None:
            return  # what is wrong is said beside it; nothing is saved
        reader_changed = reader != prefs.reader
        prefs.reader = reader
        camera_changed = (self.camera.text().strip(), self.backend.currentText()) != (
            prefs.camera,
            prefs.backend,
        )
        language = str(self.language.currentData())
        prefs.camera = self.camera.text().strip() or "0"
        prefs.backend = self.backend.currentText()
        prefs.sounds = self.sounds.isChecked()
        prefs.speak_names = self.speak.isChecked()
        prefs.pool_size = self.pool_size.value()
        prefs.auto_sync = self.auto_sync.isChecked()
        self.services.sounds.enabled = prefs.sounds
        self.services.sounds.speak_names = prefs.speak_names
        if self.services.sync is not None:
            self.services.sync.set_auto(prefs.auto_sync)
        super().accept()
        if camera_changed:
            self.camera_changed.emit()
        if reader_changed:
            self.reader_changed.emit()
        if language != prefs.language:
            prefs.language = language
            self.language_changed.emit(language)
