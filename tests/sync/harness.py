"""Real servers and real station databases for the sync tests, and the convergence check."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import uvicorn
from sqlalchemy import Engine, select

from registration.sampling import registrations, tubes
from registration.setup import campaign
from registration.storage import clock, events
from registration.storage.store import Store
from sync import client, enrolment
from sync.client import Options
from sync.schema import PROTOCOL_VERSION, make_enrolment_code
from sync.server import campaigns, db, devices, run
from sync.server.app import Settings, create_app
from sync.transport import Backoff
from tests.registration.ids import make_id

ROOT = Path(__file__).resolve().parents[2]
SITE = "Park"
ROUND = "R1"
# A server starts in a second or two; one that takes this long is stuck, and says on what.
START_TIMEOUT_S = 60.0
# Fast retries: the faults below heal within a second or two.
FAST = Options(batch=500, page=5000, timeout_s=5.0, backoff=Backoff(attempts=12, base_s=0.05, cap_s=0.8))


def ids(n: int, start: int = 0) -> list[str]:
    return [make_id(i) for i in range(start, start + n)]


@dataclass
class ServerClock:
    """The server's clock: real time plus an offset a test can move."""

    offset_ms: int = 0

    def __call__(self) -> int:
        return time.time_ns() // 1_000_000 + self.offset_ms


class ServerThread:
    """The real app on uvicorn, on 127.0.0.1 port 0, in a thread of the test process."""

    def __init__(self, database_url: str, outer: run.Edge | None = None, **settings: Any) -> None:
        """``outer`` sets the edge's limits and trusted proxies; ``settings`` the app's own."""
        self.clock = ServerClock()
        # Strangers' answers wait a twentieth of a second here, not the second they wait in the
        # field: many tests play the stranger, and what the delay does has its own test.
        settings.setdefault("refusal_delay_s", 0.05)
        self.settings = Settings(database_url=database_url, now_ms=self.clock, **settings)
        self.app = create_app(self.settings)
        self.engine: Engine = self.app.state.engine
        sock = run.bind("127.0.0.1", 0)
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        db.remember(self.engine, "listen_url", self.url)  # as run.serve does: where codes send laptops
        config = run.config(self.app, outer=outer, log_config=None, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.01)

    def stop(self, *, wait: bool = True) -> None:
        """Stop serving; without ``wait``, return while the server shuts down (a tenth of a second
        or two: uvicorn looks every tenth of a second, then gives open connections another)."""
        self.server.should_exit = True
        if wait:
            self.thread.join(10)


# A server process is mostly Python loading the server's libraries: a spare one loads them while
# the tests run, then waits for its command line, so that starting (and restarting) one is quick.
_SPARE = """
import json, os, resource, sys
import main
from sync.server import app, run
job = json.loads(sys.stdin.readline() or "null")
if job is None:
    sys.exit()
if job["open_files"]:
    resource.setrlimit(resource.RLIMIT_NOFILE, tuple(job["open_files"]))
if job["log"]:
    log = open(job["log"], "a")
    os.dup2(log.fileno(), 2)
sys.argv = job["argv"]
sys.exit(main.main(job["argv"][1:]))
"""
_spares: list[subprocess.Popen[str]] = []


def _spare() -> subprocess.Popen[str]:
    """A process with the server's libraries loaded, waiting for its command line; the next is started."""
    taken = _spares.pop() if _spares else None
    _spares.append(
        subprocess.Popen(
            [sys.executable, "-c", _SPARE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
    )
    return taken or _spare()


@atexit.register
def _no_spares() -> None:
    for spare in _spares:
        spare.kill()


class ServerProcess:
    """``main.py server`` in a subprocess, so that it can be killed with SIGKILL."""

    def __init__(
        self,
        database_url: str,
        *args: str,
        log: Path | None = None,
        open_files: tuple[int, int] | None = None,
    ) -> None:
        """``args`` go on the command line; the server's log (stderr) goes to ``log`` when given;
        ``open_files``: the (soft, hard) limit on the files it may open, as the system sets it."""
        self.database_url = database_url
        self.args = args
        self.log = log
        self.open_files = open_files
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""
        self.started: dict[str, Any] | None = None
        """With --json, the object the start printed."""
        self.said: list[str] = []
        """What this start printed after its address, line by line (its log too, without ``log``)."""
        self.reader: threading.Thread | None = None
        self.start()

    def start(self) -> None:
        self.proc = _spare()
        argv = [
            str(ROOT / "main.py"),
            "server",
            "--database-url",
            self.database_url,
            "--port",
            "0",
            *self.args,
        ]
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(
            json.dumps(
                {"argv": argv, "log": str(self.log) if self.log else None, "open_files": self.open_files}
            )
            + "\n"
        )
        self.proc.stdin.close()
        with selectors.DefaultSelector() as waiting:
            waiting.register(self.proc.stdout, selectors.EVENT_READ)
            ready = waiting.select(START_TIMEOUT_S)
        if not ready:
            self.proc.kill()
            raise AssertionError(
                f"the server did not start in {START_TIMEOUT_S:.0f} s; the database's sessions then:\n"
                + "\n".join(map(str, database_sessions(self.database_url)))
            )
        line = self.proc.stdout.readline()
        # With --json the start is one JSON object, else "serving on URL" and a line per thing done.
        self.started = json.loads(line) if line.startswith("{") else None
        assert self.started is not None or line.startswith("serving on "), line
        self.url = self.started["serving"] if self.started is not None else line.split()[-1]
        self.port = int(self.url.rsplit(":", 1)[1])
        # Keep the pipe drained so that the server never blocks writing to it.
        self.said = []
        self.reader = threading.Thread(target=self._read, args=(self.proc.stdout, self.said), daemon=True)
        self.reader.start()

    @staticmethod
    def _read(out: IO[str], said: list[str]) -> None:
        for line in out:
            said.append(line.rstrip("\n"))

    def line_starting(self, prefix: str) -> str:
        """The first line this start printed that starts with ``prefix``, waited for."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (found := [line for line in self.said if line.startswith(prefix)]):
            assert time.monotonic() < deadline, f"the server printed no line starting {prefix!r}"
            time.sleep(0.05)
        return found[0]

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        if self.reader is not None:
            self.reader.join(10)  # everything it printed is in ``said``


def database_sessions(database_url: str) -> list[tuple[Any, ...]]:
    """What each session of a PostgreSQL database is doing and waiting on (none for SQLite)."""
    if not database_url.startswith("postgresql"):
        return []
    engine = db.open_engine(database_url, prepare=False)
    try:
        with engine.connect() as conn:
            return [
                tuple(row)
                for row in conn.exec_driver_sql(
                    "SELECT pid, state, wait_event_type, wait_event, now() - xact_start, left(query, 120)"
                    " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ]
    finally:
        engine.dispose()


def open_site(engine: Engine, checkpoints: list[str], site: str = SITE) -> None:
    with db.writing(engine) as conn:
        campaigns.init_site(conn, site, checkpoints, None, clock.now_ms())


def new_code(engine: Engine, url: str, checkpoint: str, *, admin: bool = False, site: str = SITE) -> str:
    with db.writing(engine) as conn:
        code = devices.create_code(
            conn, site, None if admin else checkpoint, "admin" if admin else "station", clock.now_ms()
        )
    return make_enrolment_code(url, code.secret)


@dataclass
class Station:
    path: Path
    checkpoint: str
    store: Store = field(init=False)

    def __post_init__(self) -> None:
        self.store = Store(self.path)

    @property
    def device(self) -> str:
        return events.device_id(self.store.conn)

    def sync(self, options: Options = FAST) -> client.Report:
        return client.sync_once(self.store, options)

    def open_tube(self, round_name: str = ROUND) -> None:
        code = f"T{uuid.uuid4().hex[:11].upper()}"
        tubes.open_tube(self.store, code, checkpoint=self.checkpoint, round_name=round_name)

    def register(self, person: str, round_name: str = ROUND) -> registrations.Outcome:
        if tubes.current(self.store.conn, self.checkpoint, round_name) is None:
            self.open_tube(round_name)
        outcome = registrations.register(
            self.store, person, checkpoint=self.checkpoint, round_name=round_name
        )
        if outcome.status is registrations.Status.REJECTED and "no tube" in outcome.reason:
            self.open_tube(round_name)
            outcome = registrations.register(
                self.store, person, checkpoint=self.checkpoint, round_name=round_name
            )
        return outcome

    def own_events(self) -> set[tuple[Any, ...]]:
        return {
            tuple(r)
            for r in self.store.conn.execute(
                "SELECT id, device, seq, hlc, kind, body FROM events WHERE device = ?", (self.device,)
            )
        }

    def all_events(self) -> set[tuple[Any, ...]]:
        return {
            tuple(r) for r in self.store.conn.execute("SELECT id, device, seq, hlc, kind, body FROM events")
        }

    def outbox(self) -> int:
        return int(self.store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0])

    def registrations(self) -> set[tuple[Any, ...]]:
        return {
            tuple(r)
            for r in self.store.conn.execute(
                "SELECT event, person, round, checkpoint, device, tube, position, voided_by "
                "FROM registrations"
            )
        }

    def close(self) -> None:
        self.store.close()


def enrol_station(tmp: Path, engine: Engine, url: str, checkpoint: str, *, admin: bool = False) -> Station:
    path = tmp / f"station-{checkpoint}-{uuid.uuid4().hex[:6]}.db"
    enrolment.enroll(path, new_code(engine, url, checkpoint, admin=admin), backoff=FAST.backoff)
    return Station(path, checkpoint)


def server_events(engine: Engine, site: str = SITE) -> list[tuple[Any, ...]]:
    e = db.events.c
    with db.reading(engine) as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(e.id, e.device, e.seq, e.hlc, e.kind, e.body).where(e.site == site).order_by(e.pos)
            )
        ]


def sync_all(stations: list[Station], options: Options = FAST) -> None:
    """Everyone pushes, then everyone pulls what the others pushed."""
    for _ in range(2):
        for station in stations:
            station.sync(options)


def assert_converged(engine: Engine, stations: list[Station], site: str = SITE) -> None:
    """Server = union of the stations' own events (and its own), each once; every station = server."""
    held = server_events(engine, site)
    assert len(held) == len(set(held)), "an event is stored twice"
    assert len({row[0] for row in held}) == len(held), "an event id is stored twice"
    server = set(held)
    made_here = set().union(*(s.own_events() for s in stations))
    from_stations = {row for row in server if any(row[1] == s.device for s in stations)}
    assert from_stations == made_here
    for station in stations:
        assert station.outbox() == 0, f"{station.checkpoint}: outbox not empty"
        assert station.all_events() == server, f"{station.checkpoint}: view differs from the server's"
    views = [s.registrations() for s in stations]
    assert all(v == views[0] for v in views)


def correct_unless_registered(store: Store, event_id: str, person: str, reason: str) -> None:
    """Correct a registration to ``person``, as a volunteer would try: refused, writing nothing,
    where this laptop knows ``person`` registered this round already (a random history's pick)."""
    try:
        registrations.correct(store, event_id, person, reason)
    except campaign.CampaignError as exc:
        refused = ("registration.correction_already", "registration.correction_same_person")
        assert exc.reason.key in refused, exc


def setup_round(admin: Station, round_name: str = ROUND) -> None:
    campaign.open_round(admin.store, round_name)


@contextlib.contextmanager
def laptop_clock(offset_ms: int) -> Iterator[None]:
    """A laptop whose clock is off by ``offset_ms`` while the block runs."""
    real = clock.now_ms
    clock.now_ms = lambda: real() + offset_ms  # type: ignore[assignment]
    try:
        yield
    finally:
        clock.now_ms = real  # type: ignore[assignment]


def credential(station: Station) -> str:
    return str(station.store.conn.execute("SELECT credential FROM sync_state").fetchone()[0])


def wire_event(
    device: str, seq: int, kind: str, body: dict[str, Any], hlc: str | None = None
) -> dict[str, Any]:
    """An event as a laptop would push it, made by hand."""
    return {
        "id": clock.uuid7(),
        "device": device,
        "seq": seq,
        "hlc": hlc or clock.Hlc(clock.now_ms(), 0).encode(),
        "kind": kind,
        "body": body,
    }


def push(url: str, station: Station, events: list[dict[str, Any]]) -> httpx.Response:
    """Push hand-made events with ``station``'s credential."""
    body = {"protocol": PROTOCOL_VERSION, "device": station.device, "events": events}
    return httpx.post(f"{url}/v1/push", json=body, headers={"Authorization": f"Bearer {credential(station)}"})


def next_seq(station: Station) -> int:
    """A sequence number the station has not used: hand-made events never collide with its own."""
    with station.store.write() as conn:
        used = int(conn.execute("SELECT next_seq FROM device").fetchone()[0])
        conn.execute("UPDATE device SET next_seq = ?", (used + 1,))
    return used
