"""Sync benchmark on loopback: push throughput against a bare batched insert, an end-of-shift
sync, a new laptop's first pull of 100,000 events, and 50 devices syncing at once.

Run: .venv/bin/python bench/sync_bench.py [--database-url postgresql://...] [--pull 100000]
The server runs in a process of its own (``main.py server``), as in the field.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from serving import cpu_seconds, start_server
from sqlalchemy import insert

from registration.people import identity
from registration.setup import campaign
from registration.storage import clock, events
from registration.storage.store import Store
from sync import client, enrolment
from sync.schema import make_enrolment_code
from sync.server import campaigns, db, devices, projection

SITE = "Bench Park"


def enrol(engine: object, url: str, path: Path, checkpoint: str, *, admin: bool = False) -> Store:
    with db.writing(engine) as conn:  # type: ignore[arg-type]
        code = devices.create_code(
            conn, SITE, None if admin else checkpoint, "admin" if admin else "station", clock.now_ms()
        )
    enrolment.enroll(path, make_enrolment_code(url, code.secret))
    return Store(path)


def person(i: int) -> str:
    """A valid ID number (the server checks every body): the check digit computed."""
    first17 = f"44011119600101{i % 1000:03d}"
    return first17 + identity.check_char(first17)


def record_shift(store: Store, n: int, checkpoint: str, start: int) -> None:
    """``n`` registration events made the way the station makes them (events.record), fast,
    with the tube each ten go into opened first (a station registers only into its own tubes)."""
    with store.write() as conn:
        for i in range(start, start + n):
            if i % 10 == 0:
                events.record(
                    conn,
                    "tube.opened",
                    {"code": f"TB{i // 10:012d}", "round": "R1", "checkpoint": checkpoint, "pool_size": 10},
                )
            events.record(
                conn,
                "registration",
                {
                    "person": person(i),
                    "raw_code": None,
                    "round": "R1",
                    "checkpoint": checkpoint,
                    "operator": "bench",
                    "tube": f"TB{i // 10:012d}",
                    "position": i % 10 + 1,
                    "colour": "green",
                    "source": "camera",
                },
            )


def bare_insert(engine: object, rows: list[dict[str, object]], site: str, batch: int) -> float:
    """The same rows inserted straight into the server's events table, batch by batch: events/s."""
    with db.writing(engine) as conn:  # type: ignore[arg-type]
        campaigns.ensure_site(conn, site, None, clock.now_ms())
    start = time.perf_counter()
    for offset in range(0, len(rows), batch):
        chunk = rows[offset : offset + batch]
        with db.writing(engine) as conn:  # type: ignore[arg-type]
            conn.execute(
                insert(db.events),
                [r | {"site": site, "pos": offset + n, "received_ms": 0} for n, r in enumerate(chunk, 1)],
            )
    return len(rows) / (time.perf_counter() - start)


def push_round(
    engine: object, pusher: Store, n: int, round_no: int, server_pid: int
) -> tuple[float, float, float, float]:
    """(push events/s, bare insert events/s, server CPU µs per pushed event, seconds from the last
    push answer until the dashboard's projection held every pushed event) for ``n`` new events of
    one laptop."""
    first = round_no * n
    record_shift(pusher, n, "South", first)
    with client.Client(pusher) as c:
        c.handshake()
        cpu = cpu_seconds(server_pid)
        start = time.perf_counter()
        pushed, refused = c.push()
        done = time.perf_counter()
        push_rate = pushed / (done - start)
        server_us = (cpu_seconds(server_pid) - cpu) * 1e6 / max(pushed, 1)
    if refused:
        raise SystemExit(f"the server refused {refused} of the bench's events: see sync status")
    # The server projects after pushes pause; the bare insert waits for it, not to share the disk.
    projected_s = projection_caught_up(engine) - done
    query = "SELECT id, device, seq, hlc, kind, body FROM events WHERE kind = 'registration' ORDER BY seq"
    rows = [dict(r) for r in pusher.conn.execute(query)][first:]
    return push_rate, bare_insert(engine, rows, f"Bare {round_no}", 500), server_us, projected_s


def projection_caught_up(engine: object, timeout_s: float = 120) -> float:
    """When (perf_counter) the server's projector had projected every site's events."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        with db.reading(engine) as conn:  # type: ignore[arg-type]
            if not any(projection.lags(conn).values()):
                return time.perf_counter()
        time.sleep(0.01)
    raise SystemExit(f"the server's projection did not catch up within {timeout_s:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None, help="default: an SQLite file in a temporary folder")
    parser.add_argument("--push", type=int, default=20_000)
    parser.add_argument("--pull", type=int, default=100_000)
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--per-device", type=int, default=400)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    url = args.database_url or f"sqlite:///{tmp / 'server.db'}"
    engine = db.open_engine(db.database_url(url, None))
    with db.writing(engine) as conn:
        campaigns.init_site(conn, SITE, ["North", "South"], None, clock.now_ms())
    proc, server = start_server(url, tmp / "server.log")
    print(f"server: {url.split('?')[0]} on {server}, {os.cpu_count()} cores")
    try:
        admin = enrol(engine, server, tmp / "admin.db", "North", admin=True)
        campaign.open_round(admin, "R1")
        client.sync_once(admin)

        # 1. Push throughput, and a bare batched insert of the same rows into the same database;
        # the median of three rounds, as the machine may be shared.
        pusher = enrol(engine, server, tmp / "push.db", "South")
        rounds = [push_round(engine, pusher, args.push, n, proc.pid) for n in range(3)]
        push_rate = statistics.median(r[0] for r in rounds)
        bare_rate = statistics.median(r[1] for r in rounds)
        server_us = statistics.median(r[2] for r in rounds)
        projected_s = statistics.median(r[3] for r in rounds)
        print(
            f"push: {args.push} registrations and their tubes (validated), median of 3 rounds "
            f"{push_rate:,.0f} events/s "
            f"({', '.join(f'{r[0]:,.0f}' for r in rounds)}); bare batched insert {bare_rate:,.0f} events/s; "
            f"ratio bare/push {bare_rate / push_rate:.2f} (target push >= 20,000/s); "
            f"the server's CPU per pushed event {server_us:.0f} µs; "
            f"the dashboard's projection caught up {projected_s * 1000:.0f} ms after the last answer"
        )

        # 2. End of shift: 2,000 events made offline, then one sync (handshake, push, pull).
        shift = enrol(engine, server, tmp / "shift.db", "North")
        client.sync_once(shift)
        record_shift(shift, 2000, "North", 10_000_000)
        start = time.perf_counter()
        report = client.sync_once(shift)
        shift_s = time.perf_counter() - start
        print(f"end-of-shift sync of {report.pushed} events: {shift_s * 1000:.0f} ms (target < 500 ms)")

        # 3. A new laptop's first pull of the site's events.
        feeder = enrol(engine, server, tmp / "feeder.db", "North")
        held = len(server_rows(engine))
        record_shift(feeder, max(0, args.pull - held), "North", 20_000_000)
        client.sync_once(feeder)
        projection_caught_up(engine)  # as before the projector: the feeder's push is all done
        fresh = enrol(engine, server, tmp / "fresh.db", "South")
        start = time.perf_counter()
        report = client.sync_once(fresh)
        pull_s = time.perf_counter() - start
        print(f"pull into a new laptop: {report.pulled} events in {pull_s:.2f} s (target 100,000 < 5 s)")

        # 4. Many devices syncing at once.
        many = [enrol(engine, server, tmp / f"d{n}.db", "South") for n in range(args.devices)]
        for n, store in enumerate(many):
            record_shift(store, args.per_device, "South", 30_000_000 + n * 100_000)
        paths = [s.path for s in many]
        for store in many:
            store.close()
        totals: list[int] = []

        def one(path: Path) -> None:
            with Store(path) as store, client.Client(store) as c:
                c.handshake()
                totals.append(c.push()[0])

        threads = [threading.Thread(target=one, args=(p,)) for p in paths]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        many_s = time.perf_counter() - start
        print(
            f"{args.devices} devices pushing at once: {sum(totals)} events in {many_s:.2f} s, "
            f"{sum(totals) / many_s:,.0f} events/s"
        )
        print(
            json.dumps(
                {
                    "push_events_per_s": round(push_rate),
                    "bare_insert_events_per_s": round(bare_rate),
                    "ratio": round(bare_rate / push_rate, 2),
                    "server_cpu_us_per_event": round(server_us, 1),
                    "projection_caught_up_ms": round(projected_s * 1000),
                    "end_of_shift_ms": round(shift_s * 1000),
                    "pull_events": report.pulled,
                    "pull_s": round(pull_s, 2),
                    "devices": args.devices,
                    "devices_events_per_s": round(sum(totals) / many_s),
                }
            )
        )
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)  # about 300 MB of databases


def server_rows(engine: object) -> list[object]:
    with db.reading(engine) as conn:  # type: ignore[arg-type]
        return list(conn.execute(db.events.select().where(db.events.c.site == SITE)).all())


if __name__ == "__main__":
    main()
