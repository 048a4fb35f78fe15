"""``python main.py --demo``: the station on a demo campaign, fed a generated video of people showing
codes, with a stand-in handheld scanner that scans the next tube whenever one is needed, and the demo
ID-card reader, on which a card is laid now and then.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel

from registration.sampling import desk
from registration.setup import sample_park
from ui.db_worker import Database, describe
from ui.station import Scan, Session, Station
from ui.tasks import in_background

if TYPE_CHECKING:
    from ui.app import StationApp

TUBE_SCAN_DELAY_MS = 400


class DemoScanner(QObject):
    """Scans the demo's next tube barcode, as a volunteer's handheld scanner would, when the tube
    is full or a yellow or red code needs a single tube."""

    def __init__(self, station: Station, tube_codes: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.codes = list(tube_codes)
        self._scanning = False
        """A tube scan is on its way: registrations answered meanwhile still show the old state."""
        self._timer = QTimer(self, singleShot=True, interval=TUBE_SCAN_DELAY_MS)
        self._timer.timeout.connect(self._scan_tube)
        station.state_changed.connect(self._check)
        station.single_changed.connect(lambda single: self._check(station.state))
        station.scanned.connect(self._scanned)

    def _check(self, state: desk.ScanState | None) -> None:
        needs_tube = state is not None and (state.tube is None or self.station.single_next)
        if needs_tube and self.codes and not self._scanning and not self._timer.isActive():
            self._timer.start()

    def _scan_tube(self) -> None:
        if self.codes:
            self._scanning = True
            self.station.scan(self.codes.pop(0), "scanner")

    def _scanned(self, scan: Scan) -> None:
        if scan.source == "scanner":
            self._scanning = False
            self._check(self.station.state)


def start_demo(app: StationApp, folder: Path, quit_registered: int | None = None) -> None:
    """Build the demo campaign and its video off the GUI thread, then open the station on them;
    with ``quit_registered``, the station closes once its shift has registered that many people."""
    notice = QLabel(QCoreApplication.translate("Demo", "Preparing the demo campaign and its video…"))
    notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
    notice.resize(480, 160)
    notice.show()

    def ready(built: sample_park.DemoCampaign) -> None:
        app.demo = built
        prefs = app.prefs
        prefs.database = built.path
        prefs.checkpoint, prefs.operator, prefs.round = built.checkpoint, built.operator, built.round
        prefs.camera = str(built.video)
        prefs.reader = "demo"
        db = Database(built.path, app)
        app.open_station(
            db, Session(built.checkpoint, built.operator, built.round, desk.now_iso()), loop=True
        )
        assert app.station is not None
        app.demo_scanner = DemoScanner(app.station, built.tubes[1:], app)
        if quit_registered is not None:

            def enough(state: desk.ScanState | None) -> None:
                if state is not None and state.shift >= quit_registered:
                    app.quit()

            app.station.state_changed.connect(enough)
        notice.close()  # after the main window shows: closing the last window would quit

    def failed(error: Exception) -> None:
        notice.setText(describe(error))

    in_background(lambda: sample_park.build(folder), ready, failed, app)


def report(app: StationApp) -> None:
    """One line on standard output when the demo ends: what the station registered."""
    built = app.demo
    if built is None:
        print("demo: the demo campaign was not ready", flush=True)
        return
    registered, sealed = sample_park.summary(built.path)
    print(f"demo: {registered} people registered, {sealed} tubes sealed", flush=True)
