"""Latency benchmark: from the camera frame in which a code appears to the station's banner repainted.

Run: .venv/bin/python bench/latency_bench.py [--people N] [--compare-with OLD_CHECKOUT]

A live source plays generated frames at 30 fps in real time (a late reader gets the newest frame,
as from a camera that keeps one frame), each stamped with the moment it was "captured"; the
camera's own delay before that moment is not counted. People show their person codes one after
another to the real station (offscreen window, camera thread, database thread), and the banner's
paint is timed. Stages: waiting for a frame that is decoded, reading and decoding it, the hand-over
to the GUI thread, the registration on the database thread, the banner's repaint. Also the GUI's
worst stall (a 5 ms timer's worst lateness) and the camera thread's CPU share (of one core).
With ``--compare-with``, the same measurement runs on another checkout first (e.g. the commit
before the change, in a ``git worktree``) and both are printed. Target: p95 under 60 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FPS = 30.0
GAP_FRAMES = 24
SHOW_FRAMES = 30
SHOT_VARIANTS = 3
RESOLUTIONS = {"720p": (1280, 720), "1080p": (1920, 1080)}
STAGES = ("wait for decode", "read+decode", "to GUI thread", "register (db)", "banner paint")
TARGET_P95_MS = 60.0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=24, help="codes shown per resolution")
    parser.add_argument("--compare-with", type=Path, help="another checkout to measure first")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def thread_cpu_seconds(tid: int) -> float:
    """User and system CPU time of one thread of this process (Linux)."""
    fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(people: int, size: tuple[int, int]) -> dict[str, Any]:
    """One resolution on the real station; the figures as a dict (milliseconds)."""
    import numpy as np
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer

    import ui.camera_worker as camera_worker
    from registration.sampling import tubes
    from registration.sampling.desk import now_iso
    from registration.sampling.scanning import synthetic
    from registration.sampling.scanning.sources import Frame, FrameSource
    from registration.setup import sample_park
    from registration.storage.store import Store
    from ui.app import StationApp, application
    from ui.db_worker import Database
    from ui.main_window import MainWindow
    from ui.preferences import Preferences
    from ui.station import Session

    work = Path(tempfile.mkdtemp(prefix="latency-bench-"))
    campaign = sample_park.build(work / "campaign", people=people, video=False, open_tube=False)
    with Store(campaign.path) as store:
        tubes.open_tube(
            store, campaign.tubes[0], checkpoint=campaign.checkpoint, round_name=campaign.round, pool_size=50
        )
    rng = np.random.default_rng(5)
    background = synthetic.scene(rng, size)
    look = synthetic.random_look(rng, blur=(0.0, 0.6), noise=(2.0, 5.0))
    blanks = [synthetic.apply_look(background, look, rng) for _ in range(SHOT_VARIANTS)]
    # Each person: a few frames of their phone (moving a little), played over SHOW_FRAMES frames.
    shots = [
        [
            synthetic.phone_shot(code, "green", rng, size=size, look=look, code_px=0.35 * size[1]).image
            for _ in range(SHOT_VARIANTS)
        ]
        for code in campaign.codes
    ]
    timeline: list[tuple[Any, int]] = []  # (image, person index or -1)
    for person, frames in enumerate(shots):
        timeline += [(blanks[i % SHOT_VARIANTS], -1) for i in range(GAP_FRAMES)]
        timeline += [(frames[i % SHOT_VARIANTS], person) for i in range(SHOW_FRAMES)]
    timeline += [(blanks[i % SHOT_VARIANTS], -1) for i in range(GAP_FRAMES)]

    class LiveFrames(FrameSource):
        """Frames due every 1/FPS s from ``start``; a read gives the newest due frame, or waits for one."""

        live = True
        name = "live bench source"

        def __init__(self) -> None:
            self.start = 0.0
            self.last = -1
            self.appeared: dict[int, float] = {}

        def open(self) -> None:
            self.start, self.last = time.monotonic() + 0.5, -1

        def read(self) -> Frame | None:
            index = max(self.last + 1, int((time.monotonic() - self.start) * FPS))
            if index >= len(timeline):
                return None
            due = self.start + index / FPS
            time.sleep(max(0.0, due - time.monotonic()))
            self.last = index
            return Frame(timeline[index][0], index, due, self.name)

        def close(self) -> None:
            pass

    source = LiveFrames()
    appear = {}
    for index, (_image, person) in enumerate(timeline):
        if person >= 0 and person not in appear:
            appear[person] = index / FPS
    name_of = {p.name: i for i, p in enumerate(campaign.people)}

    real_open = camera_worker.open_source
    camera_worker.open_source = lambda spec: source if spec == "live" else real_open(spec)  # type: ignore[assignment]
    app = application()
    prefs = Preferences.at(work / "station.ini")
    prefs.auto_sync, prefs.sounds, prefs.camera = False, False, str(work / "none")
    station_app = StationApp(prefs)
    station_app.open_station(
        Database(campaign.path, station_app),
        Session(campaign.checkpoint, campaign.operator, campaign.round, now_iso()),
    )
    window = station_app.window
    assert isinstance(window, MainWindow)
    banner = window.scan_screen.banner
    camera = station_app.services.camera

    events: dict[int, dict[str, float]] = {}
    camera_tid: list[int] = []
    stamps: dict[str, float] = {}

    def on_running(_name: str) -> None:  # on the camera thread
        camera_tid.append(threading.get_native_id())

    def on_emitted(reports: list[Any]) -> None:  # on the camera thread, as the reports leave it
        for report in reports:
            events.setdefault(report.frame, {}).update(frame=report.timestamp, emitted=time.monotonic())

    def on_received(reports: list[Any]) -> None:
        stamps["received"] = time.monotonic()
        stamps["frame"] = reports[0].frame

    def on_scanned(scan: Any) -> None:
        stamps["scanned"] = time.monotonic()
        stamps["person"] = name_of.get((scan.outcome.person or {}).get("name", ""), -1)

    painted: dict[int, dict[str, float]] = {}

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            person = int(stamps.get("person", -1))
            if event.type() == QEvent.Type.Paint and person >= 0 and person not in painted:
                painted[person] = dict(stamps, painted=time.monotonic())
            return False

    worker = camera._worker
    worker.running.connect(on_running, Qt.ConnectionType.DirectConnection)
    worker.reports.connect(on_emitted, Qt.ConnectionType.DirectConnection)
    camera.reports.connect(on_received)
    window.station.scanned.connect(on_scanned)
    watch = PaintWatch()
    banner.title.installEventFilter(watch)

    stall = [0.0]
    last_tick = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        stall[0] = max(stall[0], now - last_tick[0] - 0.005)
        last_tick[0] = now

    probe = QTimer(interval=5)
    probe.timeout.connect(tick)
    finished = threading.Event()
    camera.ended.connect(finished.set)
    camera.start("live", paced=False)
    while not camera_tid:
        app.processEvents()
        time.sleep(0.001)
    cpu_start, wall_start = thread_cpu_seconds(camera_tid[0]), time.monotonic()
    last_tick[0] = time.monotonic()
    probe.start()
    while not finished.is_set():
        app.processEvents()
        time.sleep(0.0005)
    cpu = thread_cpu_seconds(camera_tid[0]) - cpu_start
    wall = time.monotonic() - wall_start
    probe.stop()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        app.processEvents()
    station_app.shutdown()
    window.close()
    camera_worker.open_source = real_open  # type: ignore[assignment]

    rows = []
    for person, at in painted.items():
        emitted = events[int(at["frame"])]
        appeared = source.start + appear[person]
        rows.append(
            (
                emitted["frame"] - appeared,
                emitted["emitted"] - emitted["frame"],
                at["received"] - emitted["emitted"],
                at["scanned"] - at["received"],
                at["painted"] - at["scanned"],
                at["painted"] - appeared,
            )
        )

    def pct(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0] * 1000

    columns = list(zip(*rows, strict=True))
    return {
        "shown": people,
        "painted": len(rows),
        "stages": {
            name: (pct(list(col), 50), pct(list(col), 95)) for name, col in zip(STAGES, columns, strict=False)
        },
        "total": (pct(list(columns[-1]), 50), pct(list(columns[-1]), 95)),
        "stall_ms": stall[0] * 1000,
        "camera_cpu": cpu / wall,
    }


def run_all(people: int) -> dict[str, Any]:
    return {label: measure(people, size) for label, size in RESOLUTIONS.items()}


def print_table(title: str, figures: dict[str, Any]) -> None:
    print(title)
    print(f"  {'stage (ms, p50 / p95)':28}" + "".join(f"{label:>18}" for label in figures))
    for stage in STAGES:
        cells = "".join(
            f"{f['stages'][stage][0]:>9.1f}{f['stages'][stage][1]:>9.1f}" for f in figures.values()
        )
        print(f"  {stage:28}{cells}")
    print(
        f"  {'frame -> banner painted':28}"
        + "".join(f"{f['total'][0]:>9.1f}{f['total'][1]:>9.1f}" for f in figures.values())
    )
    print(
        f"  {'codes shown / banners timed':28}"
        + "".join(f"{f['shown']:>13} / {f['painted']:<3}" for f in figures.values())
    )
    print(f"  {'worst GUI stall (ms)':28}" + "".join(f"{f['stall_ms']:>18.1f}" for f in figures.values()))
    print(
        f"  {'camera thread CPU (1 core)':28}"
        + "".join(f"{f['camera_cpu']:>17.0%} " for f in figures.values())
    )


def main() -> None:
    args = _arguments()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(args.root))
    if args.json:
        print(json.dumps(run_all(args.people)))
        return
    if args.compare_with is not None:
        old = subprocess.run(
            [sys.executable, __file__, "--json", "--root", str(args.compare_with.resolve()),
             "--people", str(args.people)],
            check=True, capture_output=True, text=True, cwd=args.compare_with,
        )  # fmt: skip
        before = json.loads(old.stdout.strip().splitlines()[-1])
        print_table(f"before ({args.compare_with})", before)
    after = run_all(args.people)
    print_table("this checkout", after)
    worst = max(f["total"][1] for f in after.values())
    print(f"target: frame -> banner p95 < {TARGET_P95_MS:.0f} ms (worst here {worst:.1f} ms)")


if __name__ == "__main__":
    main()
