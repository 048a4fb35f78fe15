"""Whatever the network and the machines do, everything arrives once and every view converges.

Each scenario ends the same way: with the faults over, everyone syncs, and then the server
holds exactly the union of the stations' events, each once; every station holds what the
server holds; every outbox is empty.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from registration.storage import clock
from sync import client
from sync.client import Options
from sync.server import db
from tests.e2e.cli import run_main
from tests.sync.faultproxy import FaultProxy
from tests.sync.harness import (
    FAST,
    ROOT,
    ServerProcess,
    ServerThread,
    Station,
    assert_converged,
    enrol_station,
    ids,
    laptop_clock,
    open_site,
    setup_round,
    sync_all,
)

# Small batches and pages so that a few hundred events make several requests; a short timeout
# so that a stalled answer is given up on quickly.
SMALL = Options(batch=40, page=60, timeout_s=1.0, backoff=FAST.backoff)


def _point_at(stations: list[Station], url: str) -> None:
    for station in stations:
        with station.store.write() as conn:
            conn.execute("UPDATE sync_state SET server_url = ?", (url,))


@pytest.fixture
def proxy(server: ServerThread, site: dict[str, Station]) -> Iterator[FaultProxy]:
    through = FaultProxy(server.port, stall_s=1.6)
    _point_at(list(site.values()), through.url)
    yield through
    through.close()


def _busy_shift(site: dict[str, Station], start: int = 0) -> None:
    for n, person in enumerate(ids(150, start)):
        site["South" if n % 3 else "East"].register(person)


@pytest.mark.parametrize("fault", ["drop_request", "drop_response", "truncate", "500", "503", "429", "stall"])
def test_network_faults(
    fault: str, server: ServerThread, site: dict[str, Station], proxy: FaultProxy
) -> None:
    _busy_shift(site)
    # Every other request fails, on handshakes, pushes and pulls alike.
    for path in ("/v1/handshake", "/v1/push", "/v1/feed"):
        proxy.inject(*[fault, "pass"] * (1 if fault == "stall" else 3), path=path)
    sync_all(list(site.values()), SMALL)
    hit = {s.path.split("?")[0] for s in proxy.seen if s.fault == fault}
    assert hit == {"/v1/handshake", "/v1/push", "/v1/feed"}
    assert not proxy.plan
    assert_converged(server.engine, list(site.values()))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(5))
def test_network_faults_mixed(
    seed: int, server: ServerThread, site: dict[str, Station], proxy: FaultProxy
) -> None:
    import random

    chooser = random.Random(seed)
    faults = ["drop_request", "drop_response", "truncate", "500", "503", "429", "stall", "pass", "pass"]
    for shift in range(3):
        _busy_shift(site, start=shift * 1000)
        proxy.inject(*[chooser.choice(faults) for _ in range(8)])
        sync_all(list(site.values()), SMALL)
    assert_converged(server.engine, list(site.values()))


def test_server_killed_mid_batch_and_restarted(database_url: str, tmp_path: Path) -> None:
    process = ServerProcess(database_url)
    engine = db.open_engine(database_url)
    open_site(engine, ["North", "South", "East"])
    proxy = FaultProxy(process.port)
    stations: list[Station] = []
    try:
        admin = enrol_station(tmp_path, engine, proxy.url, "North", admin=True)
        setup_round(admin)
        admin.sync(SMALL)
        stations = [admin, enrol_station(tmp_path, engine, proxy.url, "South")]
        south = stations[1]
        south.sync(SMALL)
        for person in ids(300):
            south.register(person)
        pushes = 0
        restarted = threading.Event()

        def kill_on_third_push(path: str) -> None:
            nonlocal pushes
            pushes += path == "/v1/push"
            if pushes == 3 and not restarted.is_set():
                process.kill()  # the batch is on the server, mid-transaction or just committed

                def restart() -> None:
                    process.start()
                    proxy.upstream_port = process.port
                    restarted.set()

                threading.Thread(target=restart, daemon=True).start()

        proxy.on_forward = kill_on_third_push
        south.sync(SMALL)
        assert restarted.is_set()
        sync_all(stations, SMALL)
        assert_converged(engine, stations)
    finally:
        for station in stations:
            station.close()
        proxy.close()
        process.stop()
        engine.dispose()


def _sync_command(station: Station, *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "sync", "--once", "--db", str(station.path), *extra]


def _kill_after(command: list[str], phase: str, at_least: int) -> None:
    """Run ``command`` and SIGKILL it once it reports ``phase`` progress of ``at_least`` events."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        name, _, figures = line.partition(" ")
        if name == phase and int(figures.split("/")[0]) >= at_least:
            proc.kill()
            break
    proc.wait(30)
    assert proc.returncode == -9, "the sync ended before it could be killed"


def test_client_killed_mid_sync_and_restarted(
    server: ServerThread, site: dict[str, Station], proxy: FaultProxy, tmp_path: Path
) -> None:
    south = site["South"]
    for person in ids(400):
        south.register(person)
    # Slow each answer down a little, so that the kill lands between two batches or inside one.
    proxy.on_forward = lambda _path: threading.Event().wait(0.05)
    _kill_after(_sync_command(south, "--batch", "50"), "push", 100)
    assert 0 < south.outbox() < 400 + 100
    # A new laptop's first pull, killed half-way, then run again.
    late = enrol_station(tmp_path, server.engine, proxy.url, "North")
    _kill_after(_sync_command(late, "--page", "50"), "pull", 100)
    for station in [south, late]:  # run again to the end: in this process, no kill to survive now
        assert run_main(*_sync_command(station)[2:]).code == 0
    everyone = [*site.values(), late]
    sync_all(everyone, SMALL)
    assert_converged(server.engine, everyone)
    late.close()


def test_laptop_clocks_off_by_hours(server: ServerThread, site: dict[str, Station]) -> None:
    south, east = site["South"], site["East"]
    hours = 3 * 3_600_000
    with laptop_clock(+hours):
        for person in ids(10):
            south.register(person)
        south.sync()
        state = client.status(south.store.conn)
    # Stamped three hours in the server's future: refused, kept in the outbox, explained.
    assert state.waiting >= 10
    assert state.refusals and all("clock ahead" in r.reason for r in state.refusals)
    assert state.clock_warning is not None and "ahead" in state.clock_warning
    with laptop_clock(-hours):
        for person in ids(10, start=100):
            east.register(person)
        east.sync()
        # The server's time moved the laptop's logical clock on: what it stamps next sorts after.
        east.register(ids(1, start=200)[0])
        newest = east.store.conn.execute(
            "SELECT max(hlc) FROM events WHERE device = ?", (east.device,)
        ).fetchone()[0]
    assert clock.Hlc.decode(newest).wall_ms >= clock.now_ms() - 60_000
    assert client.status(east.store.conn).waiting > 0
    # Once the server's time reaches the fast laptop's stamps, its events go through.
    server.clock.offset_ms = hours
    sync_all(list(site.values()))
    assert client.status(south.store.conn).refusals == []
    assert_converged(server.engine, list(site.values()))


def test_restored_backup_never_reuses_sequence_numbers(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    south = site["South"]
    backup = tmp_path / "backup.db"
    south.store.conn.execute(f"VACUUM INTO '{backup}'")
    for person in ids(20):
        south.register(person)
    south.sync()
    lost = south.own_events()
    south.close()
    backup.replace(south.path)
    for suffix in ("-wal", "-shm"):
        Path(str(south.path) + suffix).unlink(missing_ok=True)
    restored = Station(south.path, "South")
    site["South"] = restored
    restored.sync()
    # It numbers on after the server's highest and reads its own lost events back.
    restored.register(ids(1, start=300)[0])
    assert lost <= restored.all_events()
    sync_all(list(site.values()))
    assert_converged(server.engine, list(site.values()))
