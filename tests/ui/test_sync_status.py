"""The station against a real sync server on 127.0.0.1: enrolment from the first-start dialog, the
status line, "sync now", and a GUI that never stalls while 10,000 events arrive and the camera runs."""

from __future__ import annotations

import csv
import gzip
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from registration.people.identity import mask_id
from registration.sampling.scanning import synthetic
from registration.setup import rosters, sample_park
from registration.storage import cipher, clock, events
from registration.storage.store import Store, StoreError
from sync import client, sealing
from sync.server import db, imports
from sync.transport import Backoff
from tests.sync.harness import (
    ROUND,
    ServerProcess,
    ServerThread,
    Station,
    enrol_station,
    new_code,
    open_site,
    setup_round,
)
from tests.ui.conftest import PASSPHRASE, close_station, set_passphrase
from ui import sync_worker
from ui.app import StationApp
from ui.first_start import FirstStart
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.sync_worker import STATION_OPTIONS

WAIT_MS = 30_000
# Two quick tries: an unreachable server is reported in a fraction of a second.
QUICK = client.Options(
    page=STATION_OPTIONS.page, timeout_s=5.0, backoff=Backoff(attempts=2, base_s=0.05, cap_s=0.1)
)
STALL_MS = 50
HELD_MS = 200
PULLED = 10_000


class Server(Protocol):
    url: str
    engine: Engine


@dataclass
class Elsewhere:
    """``main.py server`` in a process of its own, as in the field (another machine)."""

    process: ServerProcess
    engine: Engine

    @property
    def url(self) -> str:
        return self.process.url


@pytest.fixture
def server_elsewhere(tmp_path: Path) -> Iterator[Elsewhere]:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    process = ServerProcess(url)
    engine = db.open_engine(url)
    open_site(engine, ["North", "South"])
    yield Elsewhere(process, engine)
    process.stop()
    engine.dispose()


def make_admin(server: Server, tmp_path: Path) -> Iterator[Station]:
    """The administrator's station: round R1 open, pushed to the server."""
    station = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
    setup_round(station)
    station.sync()
    yield station
    station.close()


@pytest.fixture
def admin(server: ServerThread, tmp_path: Path) -> Iterator[Station]:
    yield from make_admin(server, tmp_path)


@pytest.fixture
def admin_elsewhere(server_elsewhere: Elsewhere, tmp_path: Path) -> Iterator[Station]:
    yield from make_admin(server_elsewhere, tmp_path)


def enrol_at_first_start(
    qtbot: QtBot, server: Server, prefs: Preferences, tmp_path: Path
) -> tuple[StationApp, FirstStart]:
    """A new laptop enrolled at South with a code pasted into the first-start dialog, at sign-in."""
    prefs.database = tmp_path / "laptop" / "station.db"
    app = StationApp(prefs)
    app.sync_options = QUICK
    app.start()
    first = app.first_start
    assert first is not None
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.enrol_choice.click()
    first.enrol_code.setPlainText(new_code(server.engine, server.url, "South"))
    set_passphrase(first.enrol_key)
    first.enrol_button.click()
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    return app, first


def enrolled_station(
    qtbot: QtBot, server: Server, prefs: Preferences, tmp_path: Path
) -> Iterator[StationApp]:
    """A new laptop enrolled at South through the first-start dialog, signed in, its window open."""
    app, first = enrol_at_first_start(qtbot, server, prefs, tmp_path)
    assert first.checkpoint.findText("South") >= 0
    assert first.round.findText(ROUND) >= 0
    first.checkpoint.setCurrentText("South")
    first.operator.setEditText("Li")
    first.round.setCurrentText(ROUND)
    first.start_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    yield app
    close_station(qtbot, app)


@pytest.fixture
def laptop(
    qtbot: QtBot, server: ServerThread, admin: Station, prefs: Preferences, tmp_path: Path
) -> Iterator[StationApp]:
    yield from enrolled_station(qtbot, server, prefs, tmp_path)


@pytest.fixture
def laptop_elsewhere(
    qtbot: QtBot, server_elsewhere: Elsewhere, admin_elsewhere: Station, prefs: Preferences, tmp_path: Path
) -> Iterator[StationApp]:
    yield from enrolled_station(qtbot, server_elsewhere, prefs, tmp_path)


def test_sync_now_sends_the_registrations_and_the_status_says_so(
    qtbot: QtBot, laptop: StationApp, server: ServerThread, admin: Station
) -> None:
    window = laptop.window
    assert isinstance(window, MainWindow) and window.sync_status is not None
    status = window.sync_status
    for person in sample_park.make_people(3, seed=11):
        if window.station.state is None or window.station.state.tube is None:
            with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS):
                window.station.scan("TBSOUTH0001", "scanner")
        with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as done:
            window.station.scan(person.id_number, "manual")
        assert done.args[0].outcome.status == "registered"
    sync = laptop.services.sync
    assert sync is not None
    with qtbot.waitSignal(sync.status_changed, timeout=WAIT_MS) as changed:
        sync.refresh_status()
    waiting = changed.args[0].waiting
    assert waiting >= 4  # a tube opened and three registrations, at least
    assert f"{waiting}" in status.state.text()

    with qtbot.waitSignal(sync.synced, timeout=WAIT_MS) as synced:
        status.now.click()
    report: client.Report = synced.args[0]
    assert report.pushed >= waiting
    qtbot.waitUntil(lambda: sync.status is not None and sync.status.waiting == 0, timeout=WAIT_MS)
    text = status.state.text()
    assert "0" in text and ("Online" in text or "在线" in text)
    assert status.now.isEnabled()
    # The administrator sees them after its own sync.
    admin.sync()
    assert len(admin.registrations()) == 3


def test_an_unreachable_server_shows_offline_and_keeps_the_events(
    qtbot: QtBot, laptop: StationApp, server: ServerThread
) -> None:
    window = laptop.window
    assert isinstance(window, MainWindow) and window.sync_status is not None
    server.stop()
    sync = laptop.services.sync
    assert sync is not None
    with qtbot.waitSignal(sync.failed, timeout=WAIT_MS):
        window.sync_status.now.click()
    qtbot.waitUntil(
        lambda: "Offline" in window.sync_status.state.text() or "离线" in window.sync_status.state.text()
    )
    assert window.sync_status.state.toolTip()  # why, in words
    assert sync.status is not None and sync.status.waiting > 0


def write_roster(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["企业名称", "姓名", "身份证号码", "手机号码", "部门"])
        for person in sample_park.make_people(count, seed=99):
            out.writerow([person.enterprise, person.name, person.id_number, person.phone, person.department])


class LatencyProbe:
    """A timer that should fire every ``interval_ms``; each tick's lateness is a stall of the GUI thread."""

    def __init__(self, interval_ms: int = 5) -> None:
        self.interval = interval_ms / 1000
        self.worst = 0.0
        self.ticks = 0
        self.stalls: list[float] = []
        self._last = time.monotonic()
        self.timer = QTimer(interval=interval_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.monotonic()
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        stall = now - self._last - self.interval
        self.stalls.append(stall)
        self.worst = max(self.worst, stall)
        self._last = now
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()

    def holds(self) -> bool:
        """Whether the GUI thread kept up: 99 ticks in 100 within ``STALL_MS`` of their time, and none
        held for ``HELD_MS`` (a full collection or a long C call holding the GIL takes 250-600 ms).
        Two other processes busy on a 2-core machine delay a few ticks by 50-80 ms whatever the
        window does, so the worst tick alone is no measure of this code."""
        return bool(self.stalls) and self.p99() * 1000 < STALL_MS and self.worst * 1000 < HELD_MS

    def p99(self) -> float:
        late = sorted(self.stalls)
        return late[int(len(late) * 0.99)]


def test_the_gui_never_stalls_while_10000_events_sync_and_the_camera_runs(
    qtbot: QtBot, laptop_elsewhere: StationApp, admin_elsewhere: Station, tmp_path: Path
) -> None:
    laptop, admin = laptop_elsewhere, admin_elsewhere
    roster = tmp_path / "roster.csv"
    write_roster(roster, PULLED)
    rosters.import_roster(admin.store, roster)
    admin.sync()
    clip = tmp_path / "people.avi"
    synthetic.demo_video(clip, ["TBNOTHING01"] * 4, show_frames=25, gap_frames=25, seed=1)
    window = laptop.window
    assert isinstance(window, MainWindow)
    sync = laptop.services.sync
    assert sync is not None

    probe = LatencyProbe()
    frames_before = window.scan_screen.preview.frames
    laptop.services.camera.start(str(clip), loop=True)
    qtbot.waitUntil(lambda: window.scan_screen.preview.frames > frames_before, timeout=WAIT_MS)
    frames_before = window.scan_screen.preview.frames
    started = time.monotonic()
    probe.start()
    with qtbot.waitSignal(sync.synced, timeout=120_000) as synced:
        sync.sync_now()
    seconds = time.monotonic() - started
    probe.stop()
    frames = window.scan_screen.preview.frames - frames_before
    laptop.services.camera.stop()

    report: client.Report = synced.args[0]
    assert report.pulled >= PULLED
    assert frames >= 3  # the camera kept running through the sync
    assert probe.ticks > 20
    print(
        f"sync of {report.pulled} events in {seconds:.2f} s, {frames} preview frames; "
        f"GUI stalls: worst {probe.worst * 1000:.1f} ms, 99th percentile {probe.p99() * 1000:.1f} ms "
        f"over {probe.ticks} timer ticks"
    )
    assert probe.holds()


def test_events_the_server_refuses_are_listed_in_plain_words(
    qtbot: QtBot, laptop: StationApp, tmp_path: Path
) -> None:
    window = laptop.window
    assert isinstance(window, MainWindow) and window.sync_status is not None
    sync = laptop.services.sync
    assert sync is not None
    # Rosters are reference data: only the administrator's station may send them. This laptop
    # refuses to make such an event itself, so write it as an older version of the station did.
    person = sample_park.make_people(1, seed=5)[0]
    with Store(laptop.prefs.database) as store, store.write() as conn:
        events.record(conn, "person.upserted", person.keyed().body())
    with qtbot.waitSignal(sync.synced, timeout=WAIT_MS):
        window.sync_status.now.click()
    qtbot.waitUntil(lambda: window.sync_status.problems.isVisible(), timeout=WAIT_MS)
    assert "1" in window.sync_status.problems.text()
    dialog = window.sync_status.open_problems()
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(lines) == 1, lines
    assert lines[0].endswith("名册记录 被服务器拒绝：本机是采样点电脑：名册由指挥部导入")


def test_automatic_sync_runs_by_itself_when_switched_on(qtbot: QtBot, laptop: StationApp) -> None:
    sync = laptop.services.sync
    assert sync is not None
    with qtbot.waitSignal(sync.synced, timeout=WAIT_MS):
        sync.set_auto(True)
    qtbot.waitUntil(lambda: sync.status is not None and sync.status.last_sync is not None, timeout=WAIT_MS)
    sync.set_auto(False)


@pytest.fixture
def quick_roster_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_worker, "ROSTER_POLL_MS", 200)


def test_a_station_enrolled_before_the_office_synced_says_so_and_pulls_until_its_roster_arrives(
    qtbot: QtBot, quick_roster_poll: None, laptop: StationApp, admin: Station
) -> None:
    window = laptop.window
    assert isinstance(window, MainWindow)
    notice = window.scan_screen.roster_notice
    qtbot.waitUntil(lambda: not notice.isHidden(), timeout=WAIT_MS)
    assert notice.text() == "尚无名册：等待指挥部下发"  # "no roster yet: waiting for the campaign office"
    sync = laptop.services.sync
    assert sync is not None and not sync.auto  # automatic sync is off: the roster is pulled anyway
    qtbot.waitUntil(lambda: sync.waiting_for_roster, timeout=WAIT_MS)
    person = sample_park.make_people(1, seed=21)[0]
    rosters.add_person(admin.store, person)
    admin.sync()
    qtbot.waitUntil(lambda: notice.isHidden(), timeout=WAIT_MS)
    assert not sync.waiting_for_roster
    with Store(laptop.prefs.database) as store:
        assert store.conn.execute("SELECT count(*) FROM people").fetchone()[0] == 1


def test_a_checkpoint_station_chooses_an_open_round_and_cannot_open_one(
    qtbot: QtBot, server: ServerThread, admin: Station, prefs: Preferences, tmp_path: Path
) -> None:
    app, first = enrol_at_first_start(qtbot, server, prefs, tmp_path)
    assert [first.round.itemText(i) for i in range(first.round.count())] == [ROUND]
    assert first.new_round_button.isHidden() and first.new_round_row.isHidden()
    app.shutdown()


def test_enrolling_in_the_window_leaves_a_database_only_its_passphrase_opens(
    qtbot: QtBot, server: ServerThread, admin: Station, prefs: Preferences, tmp_path: Path
) -> None:
    app, first = enrol_at_first_start(qtbot, server, prefs, tmp_path)
    assert first.enrol_key.passphrase.text() == ""
    app.shutdown()
    assert cipher.is_encrypted(prefs.database)
    plain = sqlite3.connect(prefs.database)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master")
    plain.close()
    cipher._passphrases.clear()
    with pytest.raises(StoreError, match="wrong key"):
        Store(prefs.database, key="not the passphrase")
    with Store(prefs.database, key=PASSPHRASE) as store:
        assert store.conn.execute("SELECT checkpoint FROM sync_state").fetchone()[0] == "South"


def register_here(qtbot: QtBot, window: MainWindow, id_number: str) -> None:
    """Open a tube at the window's checkpoint if none is open, then register the person by hand."""
    if window.station.state is None or window.station.state.tube is None:
        with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS):
            window.station.scan("TBSOUTH0001", "scanner")
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as done:
        window.station.scan(id_number, "manual")
    assert done.args[0].outcome.status == "registered"


def test_a_person_registered_at_two_checkpoints_is_named_in_the_problems(
    qtbot: QtBot, laptop: StationApp, server: ServerThread, admin: Station, tmp_path: Path
) -> None:
    window = laptop.window
    assert isinstance(window, MainWindow) and window.sync_status is not None
    person = sample_park.make_people(1, seed=31)[0]
    rosters.add_person(admin.store, person)
    admin.sync()
    north = enrol_station(tmp_path, server.engine, server.url, "North")
    north.sync()
    assert north.register(person.id_number).status == "registered"
    north.sync()
    north.close()
    register_here(qtbot, window, person.id_number)  # offline from North: neither knew of the other
    sync = laptop.services.sync
    assert sync is not None
    with qtbot.waitSignal(sync.synced, timeout=WAIT_MS):
        window.sync_status.now.click()
    qtbot.waitUntil(lambda: window.sync_status.problems.isVisible(), timeout=WAIT_MS)
    dialog = window.sync_status.open_problems()
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    # Named as after a scan, the ID number masked, with both checkpoints.
    assert lines == [f"{person.name} ({mask_id(person.id_number)}) 在 {ROUND} 于 North, South 重复登记"]


def test_the_bundle_for_a_usb_stick_is_written_from_the_window_sealed_to_the_server(
    qtbot: QtBot, laptop: StationApp, server: ServerThread, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = laptop.window
    assert isinstance(window, MainWindow) and window.sync_status is not None
    status = window.sync_status
    register_here(qtbot, window, sample_park.make_people(1, seed=41)[0].id_number)
    qtbot.waitUntil(lambda: not status.export.isHidden(), timeout=WAIT_MS)  # an enrolled laptop
    stick = tmp_path / "usb" / "south.bundle"
    stick.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(stick), ""))
    status.export.click()
    assert not status.export.isEnabled()  # written on the database thread, one export at a time
    qtbot.waitUntil(lambda: status.exported is not None, timeout=WAIT_MS)
    assert status.exported is not None and status.export.isEnabled()
    told = status.exported.text()
    with Store(laptop.prefs.database) as store:
        own = store.conn.execute(
            "SELECT count(*) FROM events WHERE device = ?", (events.device_id(store.conn),)
        ).fetchone()[0]
    # "N events written to PATH. Sealed: only the server can read it."
    assert told == f"已将 {own} 个事件写入 {stick}。已加密：只有服务器能读取。"
    assert stick.read_bytes().startswith(sealing.MAGIC)
    done = imports.import_bundle(server.engine, stick, clock.now_ms())
    assert sum(done.counts.values()) == own

    # Before its first sync a laptop does not know the server's key: the bundle is written plain.
    with Store(laptop.prefs.database) as store, store.write() as conn:
        conn.execute("DELETE FROM settings WHERE key = ?", (sealing.SETTING,))
    plain = tmp_path / "usb" / "plain.bundle"
    status.export_to(plain)
    qtbot.waitUntil(lambda: status.exported is not None and str(plain) in status.exported.text())
    assert "未加密" in status.exported.text()
    assert gzip.decompress(plain.read_bytes()).startswith(b"{")
