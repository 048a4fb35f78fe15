"""Render every screen of the station to PNG at 1366x768, in Simplified Chinese and in English.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Runs offscreen (no display needed) on a demo campaign with registrations, exemptions, sealed
tubes and a positive result, so that every screen has something to show.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from registration import demo, exemptions, registrations, results, station
from registration.identity import mask_id
from registration.scanning import synthetic
from registration.store import Store
from sync import client
from ui.app import WINDOW_SIZE, StationApp, application
from ui.camera_worker import to_qimage
from ui.db_worker import Database
from ui.first_start import FirstStart
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.settings import SettingsDialog
from ui.station import Session
from ui.sync_status import ProblemsDialog

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def settle(app: StationApp, seconds: float = 0.3) -> None:
    """Let queued database jobs finish and the widgets repaint."""
    qapp = application()
    end = time.monotonic() + seconds
    while time.monotonic() < end or (app.db is not None and app.db.pending):
        qapp.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path), "PNG", 0)  # 0: the smallest file
    print(path)


def prepare(folder: Path) -> demo.DemoCampaign:
    """A demo campaign mid-round: two tubes sealed (not handed over yet), one of them positive, a third
    tube half full, and a few exemptions."""
    built = demo.build(folder, people=80, video=False, open_tube=False)
    t, c = built.tubes, built.codes
    with Store(built.path) as store:
        for code in [t[0], *c[:10], t[1], *c[10:20], t[2], *c[20:23]]:
            where = {"checkpoint": built.checkpoint, "round_name": built.round}
            registrations.register(store, code, source="camera", accept_tubes=True, **where)
        results.set_result(store, t[0], "positive")
        for person in built.people[60:63]:
            exemptions.set_exemption(store, person.id_number, built.round, "away")
    return built


def shoot(language: str, out: Path, built: demo.DemoCampaign, workdir: Path) -> None:
    prefs = Preferences(QSettings(str(workdir / f"{language}.ini"), QSettings.Format.IniFormat))
    prefs.language = language
    prefs.camera = str(workdir / "no-camera")
    prefs.auto_sync = False
    prefs.sounds = False
    prefs.database = built.path
    app = StationApp(prefs)
    suffix = "zh" if language == "zh_CN" else "en"

    first = FirstStart(prefs, app.services.camera)
    first.resize(*WINDOW_SIZE)
    first.show()
    save(first, out, f"first-start-database-{suffix}")
    first.pages.setCurrentWidget(first.create_page)
    save(first, out, f"first-start-new-campaign-{suffix}")
    first.pages.setCurrentWidget(first.enrol_page)
    save(first, out, f"first-start-enrol-{suffix}")
    first.open_database()
    app.db = first.db
    settle(app)
    save(first, out, f"first-start-sign-in-{suffix}")
    first.close()
    assert first.db is not None
    first.db.close()

    db = Database(built.path, app)
    app.open_station(db, Session(built.checkpoint, built.operator, built.round, station.now_iso()))
    window = app.window
    assert isinstance(window, MainWindow) and app.station is not None
    scan = app.station.scan
    settle(app)
    # Both languages share the campaign: each registers people of its own.
    first_person = 30 if language == "zh_CN" else 40

    def show_phone(code: str, colour: str) -> None:
        """The preview as the camera thread would paint it: a phone showing ``code``, outlined."""
        shot = synthetic.phone_shot(code, colour, np.random.default_rng(5), code_px=300)
        image, scale = to_qimage(shot.image)
        assert shot.corners is not None
        window.scan_screen.preview.show_frame(image, scale, [[(float(x), float(y)) for x, y in shot.corners]])

    show_phone(built.codes[first_person], "green")
    window.camera_state.setText("")

    def scan_then(name: str, action: Callable[[], None]) -> None:
        action()
        settle(app)
        save(window, out, f"{name}-{suffix}")

    scan(built.codes[first_person + 1], "camera", "green")
    scan_then("scan-registered", lambda: scan(built.codes[first_person], "camera", "green"))
    scan_then("scan-already-registered", lambda: scan(built.codes[2], "camera", "green"))
    show_phone(built.codes[first_person + 2], "red")
    scan_then("scan-red-code", lambda: scan(built.codes[first_person + 2], "camera", "red"))
    window.station.set_single_next(False)
    bad = built.people[first_person + 3].id_number
    scan_then("scan-refused", lambda: scan(bad[:17] + ("0" if bad[17] != "0" else "1"), "scanner"))

    manual = window.scan_screen.open_manual_entry()
    manual.id_input.setText(built.people[16].id_number[:10])
    settle(app)
    save(manual, out, f"dialog-manual-entry-{suffix}")
    manual.tabs.setCurrentIndex(1)
    manual.query.setText(built.people[16].name[:1])
    settle(app, 0.6)
    save(manual, out, f"dialog-roster-search-{suffix}")
    manual.close()
    void = window.scan_screen.open_void()
    settle(app)
    void.list.item(0).setSelected(True)
    save(void, out, f"dialog-void-{suffix}")
    void.close()

    window.tabs.setCurrentWidget(window.enterprises)
    settle(app)
    window.enterprises.table.selectRow(0)
    settle(app)
    save(window, out, f"enterprises-{suffix}")
    window.tabs.setCurrentWidget(window.handover)
    settle(app)
    window.handover.count.setValue(3)  # one too many: the handover is blocked, the tubes listed
    window.handover.hand_over()
    settle(app)
    save(window, out, f"handover-{suffix}")
    window.tabs.setCurrentWidget(window.trace)
    window.trace.codes.setText(built.tubes[0])
    window.trace.trace()
    settle(app)
    save(window, out, f"traceback-{suffix}")

    settings = SettingsDialog(prefs, app.services, window)
    settings.show()
    save(settings, out, f"dialog-settings-{suffix}")
    settings.close()
    problems = ProblemsDialog(window)
    refused = "only an administrator's station may change reference data (person.upserted)"
    twice = mask_id(built.people[3].id_number)
    problems.show_status(
        client.Status(
            enrolled=True,
            refusals=[client.Refusal("e1", "person.upserted", "rejected", refused, station.now_iso())],
            flagged=[client.Flag(built.round, twice, list(demo.CHECKPOINTS[:2]))],
        )
    )
    problems.show()
    save(problems, out, f"dialog-sync-problems-{suffix}")
    problems.close()
    app.shutdown()
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    application()
    with tempfile.TemporaryDirectory(prefix="testpoint-shots-") as tmp:
        built = prepare(Path(tmp) / "campaign")
        for language in ("zh_CN", "en"):
            shoot(language, args.out, built, Path(tmp))
    QApplication.processEvents()


if __name__ == "__main__":
    main()
