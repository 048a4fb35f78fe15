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

import cv2
import numpy as np
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from registration.people.identity import mask_id
from registration.sampling import desk, registrations, results
from registration.sampling.scanning import synthetic
from registration.sampling.scanning.sources import CameraInfo
from registration.setup import exemptions, sample_park
from registration.storage.store import Store
from sync import client
from ui.app import WINDOW_SIZE, StationApp, application
from ui.banner import Banner
from ui.camera_chooser import CameraChooser
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


def prepare(folder: Path) -> sample_park.DemoCampaign:
    """A demo campaign mid-round: two tubes sealed (not handed over yet), one of them positive, a third
    tube half full, and a few exemptions."""
    built = sample_park.build(folder, people=80, video=False, open_tube=False)
    t, c = built.tubes, built.codes
    with Store(built.path) as store:
        for code in [t[0], *c[:10], t[1], *c[10:20], t[2], *c[20:23]]:
            where = {"checkpoint": built.checkpoint, "round_name": built.round}
            registrations.register(store, code, source="camera", accept_tubes=True, **where)
        results.set_result(store, t[0], "positive")
        for person in built.people[60:63]:
            exemptions.set_exemption(store, person.id_number, built.round, "away")
    return built


def shoot(language: str, out: Path, built: sample_park.DemoCampaign, workdir: Path) -> None:
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
    save(first, out, f"first-start-sign-in-{suffix}")  # the round is chosen from the open ones
    first.new_round_button.click()
    first.new_round_name.setText("第2轮" if language == "zh_CN" else "Round 2")
    save(first, out, f"first-start-new-round-{suffix}")
    first.ending = True  # this sign-in is done with; closing it is no question of quitting
    first.close()
    assert first.db is not None
    first.db.close()

    db = Database(built.path, app)
    app.open_station(db, Session(built.checkpoint, built.operator, built.round, desk.now_iso()))
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
    save(window, out, f"scan-idle-{suffix}")  # a tube is open: show a code
    banner = Banner()
    banner.resize(WINDOW_SIZE[0], banner.minimumHeight())
    banner.idle(None)
    save(banner, out, f"banner-idle-no-tube-{suffix}")
    assert app.station.state is not None
    banner.idle(app.station.state.tube)
    save(banner, out, f"banner-idle-tube-open-{suffix}")

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
    void.table.selectRow(0)
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
    shoot_camera_chooser(prefs, out, suffix, built, workdir)
    problems = ProblemsDialog(window)
    refused = "only an administrator's station may change reference data (person.upserted)"
    twice = built.people[3]
    problems.show_status(
        client.Status(
            enrolled=True,
            refusals=[client.Refusal("e1", "person.upserted", "rejected", refused, desk.now_iso())],
            flagged=[
                client.Flag(
                    built.round, mask_id(twice.id_number), twice.name, list(sample_park.CHECKPOINTS[:2])
                )
            ],
        )
    )
    problems.show()
    save(problems, out, f"dialog-sync-problems-{suffix}")
    problems.close()
    app.shutdown()
    window.close()


def shoot_camera_chooser(
    prefs: Preferences, out: Path, suffix: str, built: sample_park.DemoCampaign, workdir: Path
) -> None:
    """The chooser on a laptop with two cameras, previewing a picture through its camera thread."""
    picture = workdir / "checkpoint-camera.png"
    shot = synthetic.phone_shot(built.codes[5], "green", np.random.default_rng(9), code_px=300)
    cv2.imwrite(str(picture), shot.image)
    prefs.camera = str(picture)
    cameras = [CameraInfo(0, "Integrated Webcam"), CameraInfo(2, "USB 2.0 HD Camera")]
    chooser = CameraChooser(prefs, find=lambda: cameras)
    chooser.resize(900, 520)
    chooser.show()
    qapp = application()
    end = time.monotonic() + 10
    while chooser.preview.frames == 0 and time.monotonic() < end:
        qapp.processEvents()
        time.sleep(0.01)
    save(chooser, out, f"camera-chooser-{suffix}")
    chooser.reject()


def office_server(built: sample_park.DemoCampaign, workdir: Path) -> Callable[[], None]:
    """A real server on 127.0.0.1 for the office's screens: the demo campaign enrolled as its office,
    two checkpoint laptops that synced, one of them long ago; returns how to stop it."""
    import threading

    import uvicorn

    from registration.sampling import tubes
    from registration.setup import enterprises
    from registration.storage import clock
    from sync import enrolment
    from sync.schema import make_enrolment_code
    from sync.server import campaigns, db, devices, run
    from sync.server.app import Settings, create_app

    app = create_app(Settings(database_url=f"sqlite:///{workdir / 'server.db'}"))
    sock = run.bind("127.0.0.1", 0)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    db.remember(app.state.engine, "listen_url", url)  # where the office's enrolment codes point
    server = uvicorn.Server(run.config(app, log_config=None, log_level="warning", lifespan="on"))
    serving = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    serving.start()
    while not server.started:
        time.sleep(0.01)

    def code(checkpoint: str | None) -> str:
        with db.writing(app.state.engine) as conn:
            made = devices.create_code(
                conn, built.site, checkpoint, "station" if checkpoint else "admin", clock.now_ms()
            )
        return make_enrolment_code(url, made.secret)

    with db.writing(app.state.engine) as conn:
        campaigns.init_site(conn, built.site, list(sample_park.CHECKPOINTS), None, clock.now_ms())
    enrolment.enroll(built.path, code(None))
    with Store(built.path) as store:
        for name, count in sample_park.reported_headcounts(built.people).items():
            enterprises.set_enterprise(store, name, reported=count, contact="张经理", phone="13800138000")
        client.sync_once(store)
    for number, checkpoint in enumerate(sample_park.CHECKPOINTS[1:]):
        laptop = workdir / f"laptop-{number}.db"
        enrolment.enroll(laptop, code(checkpoint))
        with Store(laptop) as store:
            client.sync_once(store)
            tube = f"TBLAPTOP{number:05d}"
            tubes.open_tube(store, tube, checkpoint=checkpoint, round_name=built.round)
            for person in built.codes[50 + 5 * number : 55 + 5 * number]:
                registrations.register(store, person, checkpoint=checkpoint, round_name=built.round)
            client.sync_once(store)
            if number == 0:
                from sync import bundle

                registrations.register(store, built.codes[70], checkpoint=checkpoint, round_name=built.round)
                bundle.export(store, workdir / "usb-南门.bundle")
    with Store(built.path) as store:
        client.sync_once(store)  # the office sees what the laptops sent

    def stop() -> None:
        server.should_exit = True
        serving.join(10)

    return stop


def office_files(built: sample_park.DemoCampaign, workdir: Path) -> tuple[list[Path], Path]:
    """Two enterprises' new rosters (bad rows, a duplicate, someone who left, one person listed twice)
    and a lab's file, for the previews."""
    import csv

    firm, other = sample_park.ENTERPRISES[0], sample_park.ENTERPRISES[1]
    staff = [p for p in built.people if p.enterprise == firm]
    newcomers = [p for p in sample_park.make_people(40, seed=77) if p.enterprise == firm][:6]
    first = workdir / f"{firm}-花名册.csv"
    with first.open("w", encoding="gbk", newline="") as f:
        out = csv.writer(f)
        out.writerow([f"{firm} 员工花名册"])
        out.writerow(["序号", "企业名称", "姓名", "身份证号码", "手机号码", "部门"])
        rows = [*staff[1:], *newcomers, newcomers[0]]
        for n, p in enumerate(rows, start=1):
            out.writerow([n, firm, p.name, p.id_number, p.phone, p.department])
        out.writerow([len(rows) + 1, firm, "", "440111199001011234", "", "生产部"])
        out.writerow([len(rows) + 2, firm, "钱多多", "44011119900101123X", "", "生产部"])
        out.writerow([len(rows) + 3, firm, "孙晓", "4.40111199001011E+17", "", "仓储部"])
    second = workdir / f"{other}-roster.csv"
    moved = next(p for p in built.people if p.enterprise == firm)
    with second.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["企业名称", "姓名", "身份证号码", "手机号码", "部门"])
        for p in [q for q in built.people if q.enterprise == other] + [moved]:
            out.writerow([other, p.name, p.id_number, p.phone, p.department])
    lab = workdir / "lab.csv"
    with lab.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["样本编号", "检测结果"])
        out.writerows(
            [
                [built.tubes[0], "阳性(+)"],
                [built.tubes[1], "阴性（-）"],
                ["TBX0000000099", "阴性"],
                [built.tubes[2], "待复检"],
            ]
        )
    return [first, second], lab


def shoot_office(out: Path, built: sample_park.DemoCampaign, workdir: Path) -> None:
    """The campaign office's screens, on the demo campaign enrolled as the office of a real server."""
    stop = office_server(built, workdir)
    rosters_files, lab = office_files(built, workdir)
    try:
        for language in ("zh_CN", "en"):
            shoot_office_in(language, out, built, workdir, rosters_files, lab)
    finally:
        stop()


def shoot_office_in(
    language: str,
    out: Path,
    built: sample_park.DemoCampaign,
    workdir: Path,
    roster_files: list[Path],
    lab: Path,
) -> None:
    prefs = Preferences(QSettings(str(workdir / f"office-{language}.ini"), QSettings.Format.IniFormat))
    prefs.language = language
    prefs.camera = str(workdir / "no-camera")
    prefs.auto_sync = False
    prefs.sounds = False
    prefs.database = built.path
    app = StationApp(prefs)
    app.open_station(
        Database(built.path, app), Session(built.checkpoint, built.operator, built.round, desk.now_iso())
    )
    window = app.window
    assert isinstance(window, MainWindow)
    settle(app)
    office = window.office
    assert office is not None
    window.tabs.setCurrentWidget(office)
    suffix = "zh" if language == "zh_CN" else "en"

    def shot(name: str, screen: QWidget, action: Callable[[], None] | None = None) -> None:
        office.setCurrentWidget(screen)
        settle(app, 0.6)
        if action is not None:
            action()
            settle(app, 1.5)
        window.camera_state.setText("")  # the machine drawing these has no webcam; an office has one
        save(window, out, f"office-{name}-{suffix}")

    def lab_results() -> None:
        office.lab.preview(lab)
        settle(app, 0.5)
        office.lab.import_file()

    shot("glance", office.glance)
    shot("rosters", office.rosters, lambda: office.rosters.preview(roster_files))
    shot("headcounts", office.firms)
    shot("rounds", office.rounds)
    shot("badges", office.badges, lambda: office.badges.preview(0))
    office.laptops.checkpoint.setCurrentText(sample_park.CHECKPOINTS[2])
    shot("laptops", office.laptops, office.laptops.make_code)
    shot("bundles", office.bundles, lambda: office.bundles.send([workdir / "usb-南门.bundle"]))
    shot("lab", office.lab, lab_results)
    shot("labels", office.labels)
    shot("unmaskings", office.unmaskings)
    shot("liaisons", office.liaisons)
    shot("reminders", office.reminders)
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
        shoot_office(args.out, built, Path(tmp))
    QApplication.processEvents()


if __name__ == "__main__":
    main()
