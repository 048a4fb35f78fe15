"""City benchmark on PostgreSQL: push throughput with 1 and with 2 API processes in the same run,
and a laptop's pull of one site's 100,000 events with the site alone in the table vs one among
twenty sites holding 2 million events.

Run: .venv/bin/python bench/city_bench.py [--database-url postgresql://...] [--sites 8] [--per-site 4000]
Without --database-url: a schema of its own in the database "test" on 127.0.0.1:5432, dropped after.
Pushes go to several sites at once (a city's sites push independently; one site's pushes are
serialised by its row lock, which hands out feed positions). The bodies are made before timing,
so the clock measures the server, not this script.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import psycopg
from sqlalchemy import Engine, insert, update
from sync_bench import record_shift  # the station's own way of making a shift's events

from registration import campaign, clock
from registration.store import Store
from sync import client, enrolment
from sync.schema import PROTOCOL_VERSION, make_enrolment_code
from sync.server import campaigns, db, devices

ROOT = Path(__file__).resolve().parent.parent
BATCH = 500


def start_server(database_url: str, workers: int, tmp: Path) -> tuple[subprocess.Popen[str], str]:
    with (tmp / "server.log").open("a") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "server",
                "--database-url",
                database_url,
                "--port",
                "0",
                "--workers",
                str(workers),
            ],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("serving on "):
        raise SystemExit(f"server did not start: {line}")
    url = line.split()[-1]
    deadline = time.monotonic() + 30
    while httpx.get(f"{url}/v1/ready").status_code != 200:  # every worker up before timing
        if time.monotonic() > deadline:
            raise SystemExit("server not ready")
        time.sleep(0.2)
    time.sleep(1.0)
    return proc, url


def enrol_at(
    engine: Engine, url: str, path: Path, site: str, checkpoint: str, *, admin: bool = False
) -> Store:
    with db.writing(engine) as conn:
        code = devices.create_code(
            conn, site, None if admin else checkpoint, "admin" if admin else "station", clock.now_ms()
        )
    enrolment.enroll(path, make_enrolment_code(url, code.secret))
    return Store(path)


def open_sites(engine: Engine, url: str, tmp: Path, sites: list[str]) -> None:
    for site in sites:
        with db.writing(engine) as conn:
            campaigns.init_site(conn, site, ["North", "South"], None, clock.now_ms())
        admin = enrol_at(engine, url, tmp / f"admin-{site}.db", site, "North", admin=True)
        campaign.open_round(admin, "R1")
        client.sync_once(admin)
        admin.close()


def prepared_pushes(engine: Engine, url: str, tmp: Path, site: str, n: int) -> tuple[str, list[bytes]]:
    """A station's credential and its shift of ``n`` registrations as gzip push bodies."""
    store = enrol_at(engine, url, tmp / f"south-{site}.db", site, "South")
    record_shift(store, n, "South", 0)
    device = store.conn.execute("SELECT device_id FROM device").fetchone()[0]
    credential = store.conn.execute("SELECT credential FROM sync_state").fetchone()[0]
    rows = store.conn.execute(
        "SELECT id, device, seq, hlc, kind, body FROM events WHERE device = ? ORDER BY seq", (device,)
    ).fetchall()
    store.close()
    wire = [
        {"id": r[0], "device": r[1], "seq": r[2], "hlc": r[3], "kind": r[4], "body": json.loads(r[5])}
        for r in rows
    ]
    bodies = [
        gzip.compress(
            json.dumps(
                {"protocol": PROTOCOL_VERSION, "device": device, "events": wire[i : i + BATCH]}
            ).encode(),
            compresslevel=1,
        )
        for i in range(0, len(wire), BATCH)
    ]
    return credential, bodies


def push_all(url: str, work: list[tuple[str, list[bytes]]]) -> tuple[int, float]:
    """Every site's bodies pushed at once (a thread per site): (events stored, seconds)."""
    stored: list[int] = []

    def one(credential: str, bodies: list[bytes]) -> None:
        headers = {
            "Authorization": f"Bearer {credential}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        }
        with httpx.Client(base_url=url, timeout=120, headers=headers) as http:
            for body in bodies:
                answer = http.post("/v1/push", content=body)
                if answer.status_code != 200:
                    raise SystemExit(f"push answered {answer.status_code}: {answer.text[:300]}")
                stored.append(sum(r["status"] == "stored" for r in answer.json()["results"]))

    threads = [threading.Thread(target=one, args=w) for w in work]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(stored), time.perf_counter() - start


def push_throughput(
    database_url: str, engine: Engine, tmp: Path, sites: int, per_site: int
) -> dict[str, Any]:
    """events/s with 1 and with 2 API processes, alternating 1, 2, 1, 2 on fresh sites each round."""
    rates: dict[int, list[float]] = {1: [], 2: []}
    for n, workers in enumerate([1, 2, 1, 2]):
        names = [f"Push {n}-{i}" for i in range(sites)]
        proc, url = start_server(database_url, 1, tmp)
        try:
            open_sites(engine, url, tmp, names)
            work = [prepared_pushes(engine, url, tmp, site, per_site) for site in names]
        finally:
            proc.terminate()
            proc.wait()
        proc, url = start_server(database_url, workers, tmp)
        try:
            stored, seconds = push_all(url, work)
        finally:
            proc.terminate()
            proc.wait()
        rates[workers].append(stored / seconds)
        print(
            f"  round {n + 1}: {workers} process(es), {stored} events in {seconds:.2f} s, "
            f"{stored / seconds:,.0f}/s"
        )
    one, two = statistics.mean(rates[1]), statistics.mean(rates[2])
    print(
        f"push, {sites} sites at once: 1 process {one:,.0f} events/s, "
        f"2 processes {two:,.0f} events/s, ratio {two / one:.2f}"
    )
    return {
        "push_1_process_events_per_s": round(one),
        "push_2_processes_events_per_s": round(two),
        "push_ratio": round(two / one, 2),
    }


def copy_site(engine: Engine, rows: list[dict[str, Any]], site: str) -> None:
    """``rows`` stored as ``site``'s feed, straight into the table (positions 1..n), in chunks."""
    with db.writing(engine) as conn:
        campaigns.ensure_site(conn, site, None, clock.now_ms())
    for offset in range(0, len(rows), 20_000):
        with db.writing(engine) as conn:
            conn.execute(
                insert(db.events),
                [
                    r | {"site": site, "pos": offset + i, "received_ms": 0}
                    for i, r in enumerate(rows[offset : offset + 20_000], 1)
                ],
            )
    with db.writing(engine) as conn:
        conn.execute(update(db.sites).where(db.sites.c.site == site).values(head=len(rows)))


def timed_pull(engine: Engine, url: str, tmp: Path, site: str) -> tuple[int, float]:
    fresh = enrol_at(engine, url, tmp / f"fresh-{uuid.uuid4().hex[:6]}.db", site, "North")
    start = time.perf_counter()
    report = client.sync_once(fresh)
    seconds = time.perf_counter() - start
    fresh.close()
    return report.pulled, seconds


def pull_among_twenty(database_url: str, engine: Engine, tmp: Path, pull: int, total: int) -> dict[str, Any]:
    """One site's pull alone in the table, then with nineteen more sites making ``total`` events."""
    site = "Pull 0"
    proc, url = start_server(database_url, 1, tmp)
    try:
        open_sites(engine, url, tmp, [site])
        maker = enrol_at(engine, url, tmp / "maker.db", site, "South")
        record_shift(maker, pull * 10 // 11, "South", 0)  # a tube opened for every ten: ``pull`` events
        rows = [
            dict(zip(("id", "device", "seq", "hlc", "kind", "body"), r, strict=True))
            for r in maker.conn.execute(
                "SELECT id, device, seq, hlc, kind, body FROM events WHERE device = "
                "(SELECT device_id FROM device) ORDER BY seq"
            )
        ]
        maker.close()
        client_rows = len(rows)
        with db.writing(engine) as conn:  # after the site's own events (round, checkpoints)
            head = conn.execute(db.sites.select().where(db.sites.c.site == site)).one().head
            conn.execute(
                insert(db.events),
                [r | {"site": site, "pos": head + i, "received_ms": 0} for i, r in enumerate(rows, 1)],
            )
            conn.execute(update(db.sites).where(db.sites.c.site == site).values(head=head + len(rows)))
        alone = [timed_pull(engine, url, tmp, site) for _ in range(2)]
        others = (total - client_rows) // 19
        start = time.perf_counter()
        filler = (rows * (others // len(rows) + 1))[:others]
        for n in range(1, 20):
            copy_site(engine, filler, f"Other {n}")
        with db.writing(engine) as conn:
            conn.exec_driver_sql("ANALYZE events")
        print(f"  nineteen other sites stored in {time.perf_counter() - start:.0f} s")
        among = [timed_pull(engine, url, tmp, site) for _ in range(2)]
    finally:
        proc.terminate()
        proc.wait()
    a, b = min(s for _, s in alone), min(s for _, s in among)
    print(
        f"pull of {alone[0][0]:,} events: alone {a:.2f} s, among twenty sites ({total:,} events) {b:.2f} s, "
        f"ratio {b / a:.2f}"
    )
    return {
        "pull_events": alone[0][0],
        "pull_alone_s": round(a, 2),
        "pull_among_twenty_s": round(b, 2),
        "pull_ratio": round(b / a, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--sites", type=int, default=8, help="sites pushing at once")
    parser.add_argument("--per-site", type=int, default=4000, help="registrations each site pushes a round")
    parser.add_argument("--pull", type=int, default=100_000)
    parser.add_argument("--total", type=int, default=2_000_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-city-"))
    schema = None
    url = args.database_url
    if url is None:
        schema = f"city_bench_{uuid.uuid4().hex[:8]}"
        user = next(u for u in ("postgres", "root") if _can_connect(u))
        with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as pg:
            pg.execute(f"CREATE SCHEMA {schema}")
        url = f"postgresql+psycopg://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    url = db.database_url(url, None)
    engine = db.open_engine(url)
    print(f"PostgreSQL {url.split('?')[0]}, {os.cpu_count()} cores")
    try:
        figures = push_throughput(url, engine, tmp, args.sites, args.per_site)
        figures |= pull_among_twenty(url, engine, tmp, args.pull, args.total)
        print(json.dumps(figures))
    finally:
        engine.dispose()
        if schema is not None:
            with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as pg:
                pg.execute(f"DROP SCHEMA {schema} CASCADE")


def _can_connect(user: str) -> bool:
    try:
        with psycopg.connect(host="127.0.0.1", dbname="test", user=user, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


if __name__ == "__main__":
    main()
