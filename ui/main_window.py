"""The station's main window: the scan screen and the office screens as tabs, sync status always visible.

Signed in as the campaign office (no checkpoint, no round), it shows the traceback and the office's
screens only: the screens of a checkpoint's shift have no checkpoint or round to work in.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QToolBar, QWidget

from ui import reasons
from ui.camera_worker import GUIDE
from ui.confirm import ConfirmQuit, ask_to_end_shift, ask_to_quit
from ui.scan_screen import ScanScreen
from ui.services import Services
from ui.station import Station
from ui.sync_status import SyncStatus


class MainWindow(QMainWindow):
    """Tabs for scanning, enterprises, handover and traceback; a toolbar; the sync status bar.

    Signals:
        sign_out_requested(): the operator ends the shift (back to sign-in).
        settings_requested(): the operator opens the settings.
        closing(): the window is closing; the application stops its workers.
    """

    sign_out_requested = Signal()
    settings_requested = Signal()
    closing = Signal()

    def __init__(self, station: Station, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.services = services
        self.confirm_quit: ConfirmQuit = ask_to_quit
        self.confirm_end_shift: ConfirmQuit = ask_to_end_shift
        self.ending = False
        """The program is ending anyway (shut down, Ctrl+C): closing asks nothing."""
        s = station.session
        self.office_only = not s.checkpoint
        """Signed in as the campaign office: its screens, no checkpoint's."""
        if self.office_only:
            self.setWindowTitle(self.tr("Testing point station — the campaign office"))
        else:
            self.setWindowTitle(
                self.tr("Testing point station — {checkpoint}").format(checkpoint=s.checkpoint)
            )
        self.tabs = QTabWidget()
        self.scan_screen = ScanScreen(station, services.sounds)
        self.tabs.addTab(self.scan_screen, self.tr("Scan"))
        from ui.enterprises_screen import EnterprisesScreen
        from ui.handover_screen import HandoverScreen
        from ui.trace_screen import TraceScreen

        self.enterprises = EnterprisesScreen(station)
        self.handover = HandoverScreen(station)
        self.trace = TraceScreen(station)
        self.tabs.addTab(self.enterprises, self.tr("Enterprises"))
        self.tabs.addTab(self.handover, self.tr("Handover"))
        self.tabs.addTab(self.trace, self.tr("Traceback"))
        for screen in (self.scan_screen, self.enterprises, self.handover):
            self.tabs.setTabVisible(self.tabs.indexOf(screen), not self.office_only)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setCentralWidget(self.tabs)
        from ui.office import OfficeScreens, add_office

        self.office: OfficeScreens | None = None
        add_office(self)  # the campaign office's tab, on an administrator laptop only

        toolbar = QToolBar(self.tr("Station"))
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.triggered.connect(self.settings_requested)
        self.sign_out_action = QAction(self.tr("End shift"), self)
        self.sign_out_action.triggered.connect(self.end_shift)
        toolbar.addAction(self.settings_action)
        toolbar.addAction(self.sign_out_action)

        self.camera_state = QLabel()
        self.statusBar().addWidget(self.camera_state, 1)
        self.reader_state = QLabel(services.reader.state())
        self.statusBar().addWidget(self.reader_state)
        services.reader.status.connect(self.reader_state.setText)
        services.reader.card_laid.connect(self.scan_screen.card_laid)
        camera = services.camera
        camera.frame.connect(self.scan_screen.preview.show_frame)
        camera.reports.connect(self.scan_screen.camera_reports)
        camera.problem.connect(self._camera_problem)
        camera.running.connect(self._camera_running)
        camera.ended.connect(self._camera_ended)
        self.scan_screen.preview.set_guide(GUIDE)
        self.sync_status = SyncStatus(services.sync) if services.sync is not None else None
        if self.sync_status is not None:
            self.statusBar().addPermanentWidget(self.sync_status)
        if services.sync is not None:
            # What a sync pulled (the office's roster, other laptops' registrations) shows at once.
            services.sync.synced.connect(station.refresh)

    def end_shift(self) -> None:
        """Back to sign-in once the operator confirms: a stray click must not end the shift."""
        if self.confirm_end_shift(self):
            self.sign_out_requested.emit()

    def handle_scanned(self, text: str) -> None:
        """A keyboard-wedge scan: what to find, or the right person, while the void dialog is open; the
        broken and the new tube while the move dialog is; a tube to trace on the traceback screen, a
        tube of the box on the handover screen, else a registration."""
        fixing = self.scan_screen.void_dialog
        if fixing is not None and fixing.isVisible():
            fixing.add_scanned(text)  # never registered into the open tube meanwhile
            return
        moving = self.scan_screen.move_dialog
        if moving is not None and moving.isVisible():
            moving.add_scanned(text)  # the broken tube, then the new one: neither is opened here
            return
        if self.tabs.currentWidget() is self.trace:
            self.trace.add_scanned(text)
            return
        if self.tabs.currentWidget() is self.handover:
            self.handover.add_scanned(text)
            return
        if self.office_only:
            return  # no checkpoint to register at
        self.tabs.setCurrentWidget(self.scan_screen)
        self.station.scan(text, "scanner")

    def _camera_problem(self, text: str) -> None:
        text = reasons.translate(text)
        self.scan_screen.preview.set_notice(text)
        self.camera_state.setText(self.tr("Camera: {problem}").format(problem=text))

    def _camera_running(self, name: str) -> None:
        self.camera_state.setText(self.tr("Camera: {name}").format(name=reasons.source_name(name)))

    def _camera_ended(self, stills: bool) -> None:
        if stills:  # the last picture stays in view: it may be the one being looked at
            self.camera_state.setText(self.tr("Camera: every picture has been read"))
            return
        self.scan_screen.preview.set_notice(self.tr("The video has ended"))
        self.camera_state.setText(self.tr("Camera: the video has ended"))

    def _tab_shown(self, index: int) -> None:
        screen = self.tabs.widget(index)
        refresh = getattr(screen, "refresh", None)
        if callable(refresh):
            refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the main window ends the program; a stray click must not end the shift.
        if not self.ending and not self.confirm_quit(self):
            event.ignore()
            return
        self.closing.emit()
        super().closeEvent(event)
