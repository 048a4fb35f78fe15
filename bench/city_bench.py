"""City benchmark on PostgreSQL: push throughput with 1 and with 2 API processes in the same run,
with the CPU each party spent; then one site's laptop pull (100,000 events) and its dashboard data
with the site alone in the table vs one among twenty sites holding 2 million events.

Run: .venv/bin/python bench/city_bench.py [--database-url postgresql://...] [--sites 8] [--per-site 4000]
[--turns 3]
Without --database-url: a schema of its own per part in the database "test" on 127.0.0.1:5432,
dropped after. Pushes go to several sites at once (a city's sites push independently; one site's
pushes are serialised by its row lock, which hands out feed positions), each through one HTTP
client (its connection kept alive, but closed by a server of several processes after each push),
to one server of 1 process, one of 2 (``--workers 2``), and two of 1 process with half the sites
each, in turns. The bodies and the HTTP clients are made before timing, so the clock measures the
server.
The nineteen other sites are copied straight into the events table (a roster and a shift each)
and then projected by the server's own ``projection.catch_up``, as for a database upgraded to it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import html
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import psycopg
from dashboard_bench import PASSWORD, sign_in
from serving import proc_stat, start_server, ticks_to_seconds
from sqlalchemy import Engine, insert, update
from sync_bench import person, record_shift  # the station's own way of making a shift's events

from registration.setup import campaign, rosters
from registration.storage import clock, events
from registration.storage.store import Store
from sync import client, enrolment
from sync.schema import PROTOCOL_VERSION, make_enrolment_code
from sync.server import campaigns, db, devices, projection, records, users

BATCH = 500
ROSTER = 900  # of the thousand people a shift registers (sync_bench.person): the rest are walk-ins
FIRMS = 20
DASHBOARD_REQUESTS = 30
COLUMNS = ("id", "device", "seq", "hlc", "kind", "body")


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


def own_rows(store: Store) -> list[dict[str, Any]]:
    """The events this laptop made, as the server's events columns."""
    return [
        dict(zip(COLUMNS, r, strict=True))
        for r in store.conn.execute(
            "SELECT id, device, seq, hlc, kind, body FROM events WHERE device = "
            "(SELECT device_id FROM device) ORDER BY seq"
        )
    ]


def prepared_pushes(engine: Engine, url: str, tmp: Path, site: str, n: int) -> tuple[str, list[bytes]]:
    """A station's credential and its shift of ``n`` registrations as gzip push bodies."""
    store = enrol_at(engine, url, tmp / f"south-{site}.db", site, "South")
    record_shift(store, n, "South", 0)
    device = store.conn.execute("SELECT device_id FROM device").fetchone()[0]
    credential = store.conn.execute("SELECT credential FROM sync_state").fetchone()[0]
    wire = [r | {"body": json.loads(r["body"])} for r in own_rows(store)]
    store.close()
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


def push_all(
    urls: list[str], work: list[tuple[str, list[bytes]]], cpu: Callable[[], dict[str, float]]
) -> tuple[int, float, dict[str, float]]:
    """Every site's bodies pushed at once (a thread per site, the sites dealt over ``urls``):
    (events stored, seconds, CPU seconds each party of ``cpu`` used meanwhile)."""
    stored: list[int] = []
    # Made before the clock starts: an httpx client costs ~30 ms of CPU (its TLS context).
    clients = [
        httpx.Client(
            base_url=urls[n % len(urls)],
            timeout=120,
            headers={
                "Authorization": f"Bearer {credential}",
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
            },
        )
        for n, (credential, _) in enumerate(work)
    ]

    def one(http: httpx.Client, bodies: list[bytes]) -> None:
        for body in bodies:
            answer = http.post("/v1/push", content=body)
            if answer.status_code != 200:
                raise SystemExit(f"push answered {answer.status_code}: {answer.text[:300]}")
            stored.append(sum(r["status"] == "stored" for r in answer.json()["results"]))

    threads = [
        threading.Thread(target=one, args=(http, bodies))
        for http, (_, bodies) in zip(clients, work, strict=True)
    ]
    before = cpu()
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    after = cpu()
    for http in clients:
        http.close()
    return sum(stored), seconds, {party: after[party] - before.get(party, 0.0) for party in after}


def cpu_by_process(root: int) -> dict[int, float]:
    """CPU seconds of process ``root`` and of each of its descendants, each including the children
    it has reaped (its cutime and cstime), so that ended ones still count. Linux /proc."""
    stats: dict[int, list[str]] = {}
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = proc_stat(int(entry.name))
            except OSError:
                continue  # ended meanwhile
            stats[int(entry.name)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:  # utime stime cutime cstime
            found[pid] = ticks_to_seconds(sum(int(f) for f in stats[pid][11:15]))
        todo += children.get(pid, [])
    return found


def machine_cpu() -> float:
    """CPU seconds all cores have spent on anything but idling and waiting for I/O since boot."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return ticks_to_seconds(sum(ticks) - ticks[3] - ticks[4])


def postmaster(engine: Engine) -> int | None:
    """PostgreSQL's postmaster when it runs on this machine: the parent of a backend of ours."""
    with db.reading(engine) as conn:
        backend = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    try:
        return int(proc_stat(backend)[1])
    except OSError:
        return None


def cpu_use(servers: list[int], postgres: int | None) -> dict[str, float]:
    """CPU seconds so far of each party: the API processes (in all and each), PostgreSQL (postmaster,
    backends and background workers, other users' too), this script, and the whole machine."""
    api = {pid: seconds for server in servers for pid, seconds in cpu_by_process(server).items()}
    use = {"API": sum(api.values())}
    if postgres is not None:
        use["PostgreSQL"] = sum(cpu_by_process(postgres).values())
    use |= {"bench": time.process_time(), "machine": machine_cpu()}
    return use | {f"API process {pid}": seconds for pid, seconds in api.items()}


# (servers, worker processes each): "--workers 2" shares one listening socket between its two
# processes; two servers of one process each, half the sites on each, show what two processes do
# when the connections are spread evenly.
SETUPS = {"1 process": (1, 1), "2 processes": (1, 2), "2 servers": (2, 1)}


def push_throughput(
    database_url: str, engine: Engine, tmp: Path, sites: int, per_site: int, turns: int
) -> dict[str, Any]:
    """events/s of each of SETUPS, in ``turns`` turns, on fresh sites each round, and where the CPU
    went."""
    rates: dict[str, list[float]] = {setup: [] for setup in SETUPS}
    spent: dict[str, Counter[str]] = {setup: Counter() for setup in SETUPS}
    seconds_of = dict.fromkeys(SETUPS, 0.0)
    events_of = dict.fromkeys(SETUPS, 0)
    pg = postmaster(engine)
    for n, setup in enumerate([*SETUPS] * turns):
        names = [f"Push {n}-{i}" for i in range(sites)]
        proc, url = start_server(database_url, tmp / "server.log", 1)
        try:
            open_sites(engine, url, tmp, names)
            work = [prepared_pushes(engine, url, tmp, site, per_site) for site in names]
        finally:
            proc.terminate()
            proc.wait()
        servers, workers = SETUPS[setup]
        started = [start_server(database_url, tmp / "server.log", workers) for _ in range(servers)]
        cpu = functools.partial(cpu_use, [proc.pid for proc, _ in started], pg)
        try:
            stored, seconds, used = push_all([url for _, url in started], work, cpu)
        finally:
            for proc, _ in started:
                proc.terminate()
                proc.wait()
        each = [round(used.pop(k), 1) for k in sorted(used) if k.startswith("API process")]
        spent[setup].update(used)
        seconds_of[setup] += seconds
        events_of[setup] += stored
        rates[setup].append(stored / seconds)
        print(
            f"  round {n + 1}: {setup}, {stored} events in {seconds:.2f} s, {stored / seconds:,.0f}/s; "
            + "CPU s: "
            + ", ".join(f"{k} {v:.1f}" for k, v in used.items())
            + f" (API by process: {each})"
        )
    rate = {setup: statistics.mean(rates[setup]) for setup in SETUPS}
    print(
        f"push, {sites} sites at once: "
        + ", ".join(f"{setup} {rate[setup]:,.0f} events/s" for setup in SETUPS)
        + f"; ratio 2 processes / 1 {rate['2 processes'] / rate['1 process']:.2f}, "
        f"2 servers / 1 {rate['2 servers'] / rate['1 process']:.2f}"
    )
    busy: dict[str, dict[str, float]] = {}
    for setup in SETUPS:
        busy[setup] = {k: round(v / seconds_of[setup], 2) for k, v in spent[setup].items()}
        per_event = ", ".join(f"{k} {v * 1e6 / events_of[setup]:.0f}" for k, v in spent[setup].items())
        print(
            f"  {setup}: cores busy "
            + ", ".join(f"{k} {v:.2f}" for k, v in busy[setup].items())
            + f" (of {os.cpu_count()}); CPU µs per event: {per_event}"
        )
    return {
        "push_1_process_events_per_s": round(rate["1 process"]),
        "push_2_processes_events_per_s": round(rate["2 processes"]),
        "push_ratio": round(rate["2 processes"] / rate["1 process"], 2),
        "push_2_servers_events_per_s": round(rate["2 servers"]),
        "push_ratio_2_servers": round(rate["2 servers"] / rate["1 process"], 2),
        "push_cores_busy": busy,
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


def add_roster(store: Store) -> None:
    """The office's roster: ROSTER of the thousand people a shift registers, in FIRMS enterprises."""
    with store.write() as conn:
        for i in range(ROSTER):
            who = rosters.Person(person(i), f"员工{i:04d}", f"企业{i % FIRMS:02d}", phone=f"138{i:08d}")
            events.record(conn, "person.upserted", who.keyed().body())


def open_dashboard(url: str, site: str) -> tuple[httpx.Client, str, str]:
    """A browser signed in to the command centre: (browser, the data URL its page polls, CSRF token)."""
    browser = sign_in(url)
    page = browser.get("/", params={"site": site}).text
    data_url = re.search(r'data-url="([^"]+)"', page)
    csrf = re.search(r'data-csrf="([^"]+)"', page)
    assert data_url is not None and csrf is not None, page[:300]
    return browser, html.unescape(data_url.group(1)), csrf.group(1)


def timed_dashboard(browser: httpx.Client, site: str, data_url: str, csrf: str) -> tuple[list[float], Any]:
    """ms of each of DASHBOARD_REQUESTS fetches of the data, each computed afresh; the last figures."""
    timings = []
    answer = None
    for _ in range(DASHBOARD_REQUESTS):
        # Clearing the deadline changes the snapshot's stamp as a new event would, so the data is
        # computed from the projection rather than answered from the server's cache.
        cleared = browser.post("/deadline", data={"site": site, "round": "R1", "csrf": csrf})
        assert cleared.status_code == 303, cleared.text[:300]
        start = time.perf_counter()
        answer = browser.get(data_url)
        timings.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, answer.text[:300]
    assert answer is not None
    figures = answer.json()
    return timings, {k: figures[k] for k in ("totals", "enterprises")}


def fill_site(engine: Engine, url: str, tmp: Path, site: str, pull: int) -> tuple[list[dict[str, Any]], int]:
    """``site`` opened, its office's roster pushed and a station's shift of ``pull`` events copied
    straight into the table, then projected: (the office's and the station's events, the site's head)."""
    open_sites(engine, url, tmp, [site])
    office = Store(tmp / f"admin-{site}.db")
    add_roster(office)
    client.sync_once(office)  # through the real store path, projection included
    made = own_rows(office)
    office.close()
    maker = enrol_at(engine, url, tmp / "maker.db", site, "South")
    record_shift(maker, pull * 10 // 11, "South", 0)  # a tube opened for every ten: ``pull`` events
    rows = own_rows(maker)
    maker.close()
    start = time.perf_counter()
    with db.writing(engine) as conn:  # after the site's own events (round, roster, checkpoints)
        head = conn.execute(db.sites.select().where(db.sites.c.site == site)).one().head
        conn.execute(
            insert(db.events),
            [r | {"site": site, "pos": head + i, "received_ms": 0} for i, r in enumerate(rows, 1)],
        )
        conn.execute(update(db.sites).where(db.sites.c.site == site).values(head=head + len(rows)))
    projection.catch_up(engine)  # before anything else is stored, which would move its position
    analyze(engine)
    head += len(rows)
    print(f"  the site's {head:,} events, stored and projected in {time.perf_counter() - start:.0f} s")
    return made + rows, head


def among_twenty(database_url: str, engine: Engine, tmp: Path, pull: int, total: int) -> dict[str, Any]:
    """One site's pull and dashboard alone in the table, then with nineteen more sites making
    ``total`` events, their projection populated."""
    site = "Site 0"
    proc, url = start_server(database_url, tmp / "server.log", 1)
    try:
        made, stored = fill_site(engine, url, tmp, site, pull)
        with db.writing(engine) as conn:
            users.add(conn, "bench", "admin", site, PASSWORD, clock.now_ms())
        browser, data_url, csrf = open_dashboard(url, site)
        dash_alone, figures_alone = timed_dashboard(browser, site, data_url, csrf)
        alone = [timed_pull(engine, url, tmp, site) for _ in range(2)]

        filler = made[: (total - stored) // 19]
        start = time.perf_counter()
        for n in range(1, 20):
            copy_site(engine, filler, f"Other {n}")
        copied = time.perf_counter() - start
        start = time.perf_counter()
        projected = projection.catch_up(engine)
        catch_up_s = time.perf_counter() - start
        analyze(engine)
        print(
            f"  nineteen other sites ({19 * len(filler):,} events) copied in {copied:.0f} s, projected by "
            f"projection.catch_up in {catch_up_s:.0f} s ({projected / catch_up_s:,.0f} events/s)"
        )
        dash_among, figures_among = timed_dashboard(browser, site, data_url, csrf)
        assert figures_among == figures_alone, "the other sites changed this site's figures"
        among = [timed_pull(engine, url, tmp, site) for _ in range(2)]
        browser.close()
    finally:
        proc.terminate()
        proc.wait()
    a, b = min(s for _, s in alone), min(s for _, s in among)
    print(
        f"pull of {alone[0][0]:,} events: alone {a:.2f} s, among twenty sites ({total:,} events) {b:.2f} s, "
        f"ratio {b / a:.2f}"
    )
    p50 = statistics.median(dash_alone), statistics.median(dash_among)
    p95 = quantile95(dash_alone), quantile95(dash_among)
    tested = figures_alone["totals"]["tested"]
    print(
        f"dashboard data ({tested:,} tested, {len(figures_alone['enterprises'])} enterprises; "
        f"{DASHBOARD_REQUESTS} requests each): alone p50 {p50[0]:.1f} ms p95 {p95[0]:.1f} ms, "
        f"among twenty p50 {p50[1]:.1f} ms p95 {p95[1]:.1f} ms, ratio p50 {p50[1] / p50[0]:.2f} "
        f"p95 {p95[1] / p95[0]:.2f}"
    )
    return {
        "pull_events": alone[0][0],
        "pull_alone_s": round(a, 2),
        "pull_among_twenty_s": round(b, 2),
        "pull_ratio": round(b / a, 2),
        "projection_catch_up_s": round(catch_up_s),
        "dashboard_alone_p50_ms": round(p50[0], 1),
        "dashboard_alone_p95_ms": round(p95[0], 1),
        "dashboard_among_twenty_p50_ms": round(p50[1], 1),
        "dashboard_among_twenty_p95_ms": round(p95[1], 1),
        "dashboard_ratio_p50": round(p50[1] / p50[0], 2),
        "dashboard_ratio_p95": round(p95[1] / p95[0], 2),
    }


def analyze(engine: Engine) -> None:
    """Fresh planner statistics, as autovacuum gathers them after such growth (it is off on the test
    instance): without them the dashboard's data for a freshly filled site of 10,000 events took
    0.7 s instead of 25 ms."""
    with db.writing(engine) as conn:
        for table in [db.events, *records.TABLES, *projection.TABLES]:
            conn.exec_driver_sql(f"ANALYZE {table.name}")


def quantile95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[18]


@contextlib.contextmanager
def scratch_database(given: str | None) -> Iterator[str]:
    """``given``, else a schema of its own in the database "test" on 127.0.0.1, dropped after."""
    if given is not None:
        yield db.database_url(given, None)
        return
    user = next(u for u in ("postgres", "root") if _can_connect(u))
    schema = f"city_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as pg:
        pg.execute(f"CREATE SCHEMA {schema}")
    try:
        yield db.database_url(
            f"postgresql+psycopg://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}", None
        )
    finally:
        with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as pg:
            pg.execute(f"DROP SCHEMA {schema} CASCADE")


def _can_connect(user: str) -> bool:
    try:
        with psycopg.connect(host="127.0.0.1", dbname="test", user=user, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--sites", type=int, default=8, help="sites pushing at once")
    parser.add_argument("--per-site", type=int, default=4000, help="registrations each site pushes a round")
    parser.add_argument("--turns", type=int, default=3, help="rounds of each push set-up, taken in turns")
    parser.add_argument("--pull", type=int, default=100_000)
    parser.add_argument("--total", type=int, default=2_000_000)
    parser.add_argument("--parts", default="push,twenty", help="which parts to run: push, twenty or both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-city-") as scratch:  # the laptops' stores
        tmp = Path(scratch)
        parts: dict[str, Callable[[str, Engine], dict[str, Any]]] = {
            "push": lambda url, engine: push_throughput(
                url, engine, tmp, args.sites, args.per_site, args.turns
            ),
            "twenty": lambda url, engine: among_twenty(url, engine, tmp, args.pull, args.total),
        }
        print(f"PostgreSQL, {os.cpu_count()} cores")
        figures: dict[str, Any] = {}
        for name in args.parts.split(","):
            # A schema per part: the pull's site is alone in its table, not among the push rounds' sites.
            with scratch_database(args.database_url) as url:
                engine = db.open_engine(url)
                start = time.perf_counter()
                try:
                    figures |= parts[name](url, engine)
                finally:
                    engine.dispose()
                print(f"  ({name} part: {time.perf_counter() - start:.0f} s)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
