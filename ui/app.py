"""Starting the station: the Qt application, its translation, first start or demo, and the main window.

``run()`` is what ``python main.py`` calls. The ``StationApp`` owns everything that outlives a
window (camera thread, ID-card reader thread, database thread, sync thread, sounds, the
keyboard-wedge filter) and
swaps windows: sign-in, the main window, the main window again in another language.
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from registration.setup.sample_park import DemoCampaign
from sync import client
from ui.camera_worker import Camera
from ui.db_worker import Database
from ui.first_start import FirstStart
from ui.main_window import MainWindow
from ui.marks import QT_TRANSLATE_NOOP
from ui.preferences import Preferences
from ui.reader_worker import CardReader
from ui.services import Services
from ui.settings import SettingsDialog
from ui.sounds import Sounds
from ui.station import Session, Station
from ui.sync_worker import SyncController
from ui.wedge_filter import WedgeFilter

log = logging.getLogger(__name__)

I18N = Path(__file__).resolve().parent / "i18n"
ICON = Path(__file__).resolve().parent.parent / "assets" / "testpoint.png"
WINDOW_SIZE = (1366, 768)
GIL_SWITCH_S = 0.001
"""How soon a busy worker thread (sync, camera, database) hands the GIL back to the GUI thread."""


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
        app.setApplicationName("testpoint")
        app.setOrganizationName("testpoint")
    # The desktop's own file dialogs speak the system's language, whatever the station's is; Qt's
    # own dialogs speak the station's (its translators below).
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    return app


# Texts of Qt's file dialog that Qt's Chinese translation (qtbase_zh_CN.qm) lacks, or holds under the
# context of Qt 5: the station's own translation holds them under the contexts Qt 6 asks.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Shortcut"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Unknown"),
)


class Translation:
    """The station's translators: its own strings and Qt's standard ones (OK, Cancel, the file
    dialog), from the Qt translations PySide6 ships."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []

    def apply(self, language: str) -> None:
        app = application()
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        QLocale.setDefault(QLocale(language))
        if language == "en":
            return  # the source strings are English
        for name, folder in (
            (language, I18N),
            (f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ):
            translator = QTranslator()
            if translator.load(name, str(folder)):
                app.installTranslator(translator)
                self._installed.append(translator)
            elif folder == I18N:
                log.warning("no translation %s in %s", name, folder)


TRANSLATION = Translation()
"""One set of translators for the process, whichever window asks for a language."""


class StationApp(QObject):
    """Runs the station: first start or demo, then the main window, until the operator quits."""

    def __init__(self, prefs: Preferences) -> None:
        super().__init__()
        sys.setswitchinterval(GIL_SWITCH_S)
        self.prefs = prefs
        self.translation = TRANSLATION
        self.translation.apply(prefs.language)
        application().setWindowIcon(QIcon(str(ICON)))  # every window's, and the taskbar's
        self.services = Services(
            prefs=prefs,
            sounds=Sounds(prefs.sounds, prefs.speak_names, self),
            camera=Camera(self),
            reader=CardReader(self),
            wedge=WedgeFilter(self),
        )
        application().installEventFilter(self.services.wedge)
        self.services.wedge.scanned.connect(self._wedge_scanned)
        self.db: Database | None = None
        self.station: Station | None = None
        self.window: QWidget | None = None
        self.first_start: FirstStart | None = None
        self.demo: DemoCampaign | None = None
        self.sync_options: client.Options | None = None
        """How the sync engine retries and pages; None for its defaults."""
        self.demo_scanner: QObject | None = None

    def start(self) -> None:
        """Sign-in first; the main window once a session is chosen."""
        self.first_start = FirstStart(self.prefs, self.services.camera, self.services.reader)
        self.first_start.ready.connect(self._signed_in)
        self.first_start.resize(720, 520)
        self.first_start.show()
        self.first_start.open_database()

    def _signed_in(self, session: Session) -> None:
        assert self.first_start is not None
        db = self.first_start.db
        assert db is not None
        db.setParent(self)
        self.first_start.deleteLater()
        self.first_start = None
        self.open_station(db, session)

    def open_station(self, db: Database, session: Session, *, loop: bool = False) -> None:
        self.db = db
        self.station = Station(self.prefs, session, db, self)
        self.services.sync = sync = SyncController(
            db, auto=self.prefs.auto_sync, options=self.sync_options, parent=self
        )
        window = self.show_main()
        if window.office_only:
            # The office may sign in before the site has checkpoints or rounds: what the server holds
            # comes at once, whether or not sync runs on its own.
            sync.sync_at_sign_in()
        # A full collection walks every object the imports and windows made (about 150,000 here)
        # while holding the GIL: ~120 ms in which the GUI thread cannot run. Objects alive once
        # the station is up live all shift, so move them out of the collector's sight.
        gc.freeze()
        if not window.office_only:  # the office scans at no checkpoint
            self.services.camera.start(self.prefs.camera, self.prefs.backend, loop=loop)
            self.services.reader.start(self.prefs.reader)

    def show_main(self) -> MainWindow:
        assert self.station is not None
        old = self.window
        window = MainWindow(self.station, self.services)
        window.settings_requested.connect(self.open_settings)
        window.sign_out_requested.connect(self.sign_out)
        window.closing.connect(self.remember_window)
        # A new window (another language) takes the old one's place; a new start, the last one's.
        self.remember_window()
        saved = QByteArray.fromBase64(self.prefs.window_geometry.encode())
        if saved.isEmpty() or not window.restoreGeometry(saved):
            window.resize(*WINDOW_SIZE)
        window.show()
        self.window = window
        if old is not None:
            old.deleteLater()
        return window

    def remember_window(self) -> None:
        """Keep the main window's size and place for the next window and the next start."""
        if isinstance(self.window, MainWindow):
            self.prefs.window_geometry = bytes(self.window.saveGeometry().toBase64().data()).decode()

    def _wedge_scanned(self, text: str) -> None:
        if isinstance(self.window, MainWindow):
            self.window.handle_scanned(text)
        elif self.first_start is not None:
            self.first_start.handle_scanned(text)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.prefs, self.services, self.window)
        dialog.language_changed.connect(self.set_language)
        dialog.camera_changed.connect(
            lambda: self.services.camera.start(self.prefs.camera, self.prefs.backend)
        )
        dialog.reader_changed.connect(self._reader_changed)
        dialog.open()
        return dialog

    def _reader_changed(self) -> None:
        if isinstance(self.window, MainWindow) and not self.window.office_only:
            self.services.reader.start(self.prefs.reader)

    def set_language(self, language: str) -> None:
        self.translation.apply(language)
        if self.station is not None:
            self.show_main()

    def sign_out(self) -> None:
        """End the shift: back to sign-in (the camera, reader, sync and database stop until then)."""
        self.remember_window()
        self.services.camera.stop()
        self.services.reader.stop()
        if self.services.sync is not None:
            self.services.sync.stop()
            self.services.sync = None
        if self.db is not None:
            self.db.close()
            self.db = None
        self.station = None
        self.start()
        if self.window is not None:
            self.window.deleteLater()  # after sign-in is shown: the application never has no window
            self.window = None

    def end(self) -> None:
        """The program ends without asking (Ctrl+C, SIGTERM, the demo's time is up): every window
        closes as it would after the operator confirmed."""
        for window in (self.window, self.first_start):
            if isinstance(window, (MainWindow, FirstStart)):
                window.ending = True

    def quit(self) -> None:
        self.end()
        application().quit()

    def shutdown(self) -> None:
        """Stop the workers: camera, reader, sync, then the database after its last write."""
        self.end()
        self.remember_window()
        application().removeEventFilter(self.services.wedge)
        self.services.camera.shutdown()
        self.services.reader.shutdown()
        if self.services.sync is not None:
            self.services.sync.stop()
        if self.db is not None:
            self.db.close()
        if self.first_start is not None and self.first_start.db is not None:
            self.first_start.db.close()
        gc.unfreeze()  # let the interpreter's exit free what open_station froze


def run(*, demo: bool = False, quit_after: float | None = None, quit_registered: int | None = None) -> int:
    """Open the station (or the demo) and run until the window closes; the process exit code.
    ``quit_registered`` closes the demo once its shift has registered that many people."""
    app = application()
    workdir: tempfile.TemporaryDirectory[str] | None = None
    if demo:
        workdir = tempfile.TemporaryDirectory(prefix="testpoint-demo-")
        prefs = Preferences.at(Path(workdir.name) / "station.ini")
    else:
        prefs = Preferences()
    station_app = StationApp(prefs)
    if demo:
        assert workdir is not None
        from ui.demo import start_demo

        start_demo(station_app, Path(workdir.name), quit_registered)
    else:
        station_app.start()
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), station_app.quit)
    # Ctrl+C in the terminal or a SIGTERM ends the shift as closing the window does: workers
    # stopped, database closed, demo folder removed. Python only runs signal handlers between
    # bytecodes, so a timer gives the interpreter a moment while Qt's loop waits.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: station_app.quit())
    wake = QTimer(interval=250)
    wake.timeout.connect(lambda: None)
    wake.start()
    code = app.exec()
    station_app.shutdown()
    if demo:
        from ui.demo import report

        report(station_app)
    if workdir is not None:
        workdir.cleanup()
    return code
