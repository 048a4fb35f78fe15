"""Dashboard benchmark: a site of 100,000 people, 7 rounds and 600,000 registrations, built
through the server's own store path (so the projection is kept as in the field), then served by
``main.py server`` in a process of its own.

Measures: the dashboard's data p95 while a laptop pushes; how long a push takes to show in the
data; the server's CPU with 50 dashboards polling every 3 s; and, as the reference in the same
run, one fold of the whole site (sync/server/folds.py, what a dashboard without the projection
would have to do).

Run: .venv/bin/python bench/dashboard_bench.py [--people 100000 --rounds 7 --registrations 600000]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from serving import cpu_seconds, start_server
from sqlalchemy import Engine

from registration.storage import clock
from sync.schema import PROTOCOL_VERSION, WireEvent
from sync.server import campaigns, db, devices, eventlog, folds, users
from sync.server.eventlog import Author
from tests.registration.ids import make_id

SITE = "Bench Park"
PASSWORD = "bench password"
POOL = 10
BATCH = 2000


@dataclass
class Laptop:
    """An enrolled device writing events in order, as a station would."""

    author: Author
    credential: str
    seq: int = 0
    last_ms: int = 0
    logical: int = 0
    pending: list[WireEvent] = field(default_factory=list)

    def event(self, kind: str, body: dict[str, Any], at_ms: int) -> WireEvent:
        # A monotonic hybrid clock, as the station keeps one.
        if at_ms > self.last_ms:
            self.last_ms, self.logical = at_ms, 0
        else:
            self.logical += 1
        self.seq += 1
        made = WireEvent(
            id=clock.uuid7(self.last_ms),
            device=self.author.device,
            seq=self.seq,
            hlc=clock.Hlc(self.last_ms, self.logical).encode(),
            kind=kind,
            body=body,
        )
        self.pending.append(made)
        return made

    def flush(self, engine: Engine, *, every: int = BATCH) -> None:
        """Store the pending events in batches once ``every`` are waiting (0: all of them now)."""
        while self.pending and len(self.pending) >= every:
            batch, self.pending = self.pending[:BATCH], self.pending[BATCH:]
            answers, _ = eventlog.store_batch(engine, self.author, batch, clock.now_ms())
            refused = [a for a in answers if a.status != "stored"]
            if refused:
                raise RuntimeError(f"{len(refused)} events refused: {refused[0]}")


def enrol(engine: Engine, checkpoint: str | None, role: str) -> Laptop:
    with db.writing(engine) as conn:
        code = devices.create_code(conn, SITE, checkpoint, role, clock.now_ms())  # type: ignore[arg-type]
    answer = devices.enrol(engine, code.secret, None, SITE, clock.now_ms())
    with db.reading(engine) as conn:
        author = devices.author(conn, answer.device)
    assert author is not None
    return Laptop(author, answer.credential)


def firm_name(n: int) -> str:
    return f"{['明泰', '永泰', '瑞源', '德泰', '华兴', '恒信', '金达', '宏远'][n % 8]}{n:03d}号企业"


def build_site(
    engine: Engine,
    *,
    people: int,
    rounds: int,
    registrations: int,
    firms: int = 200,
    gates: int = 6,
    now_ms: int | None = None,
    seed: int = 1,
    progress: bool = False,
) -> dict[str, Any]:
    """A site with its roster, rounds (the last one open, filling over the last three hours),
    tubes and registrations, a few voids and a positive tube; every event through store_batch."""
    rng = random.Random(seed)
    now = now_ms or clock.now_ms()
    names = [f"{n + 1}号检测点" for n in range(gates)]
    with db.writing(engine) as conn:
        campaigns.init_site(conn, SITE, names, None, now)
    office = enrol(engine, None, "admin")
    laptops = [enrol(engine, name, "station") for name in names]
    start = now - rounds * 86_400_000
    for n in range(firms):
        office.event(
            "enterprise.upserted",
            {"name": firm_name(n), "reported": None, "contact": None, "phone": None},
            start,
        )
    ids = [make_id(n) for n in range(people)]
    firm_of = [int(rng.paretovariate(1.2) * 7) % firms for _ in ids]
    for n, person in enumerate(ids):
        office.event(
            "person.upserted",
            {
                "id_number": person,
                "name": f"员工{n:06d}",
                "enterprise": firm_name(firm_of[n]),
                "department": ["生产部", "行政部", "仓储部", None][n % 4],
                "phone": f"138{n:08d}",
                "on_roster": True,
            },
            start,
        )
        office.flush(engine)
    per_round = registrations // rounds
    positive = ""
    for r in range(1, rounds + 1):
        name = f"第{r}轮"
        opened = now - 3 * 3_600_000 if r == rounds else start + (r - 1) * 86_400_000
        office.event("round.opened", {"name": name, "pool_size": POOL}, opened)
        if r > 1:
            office.event("round.closed", {"name": f"第{r - 1}轮"}, opened - 1)
        office.flush(engine, every=0)
        for person_n in rng.sample(range(people), people // 100):
            office.event(
                "exemption.set",
                {
                    "round": name,
                    "person": ids[person_n],
                    "reason": rng.choice(["away", "isolation"]),
                    "note": None,
                },
                opened,
            )
        office.flush(engine, every=0)
        # The open round is still filling: its share is lower.
        share = per_round if r < rounds else int(per_round * 0.7)
        chosen = rng.sample(range(people), min(share, people))
        span = (now - 60_000 - opened) if r == rounds else 8 * 3_600_000
        times = sorted(opened + rng.randrange(span) for _ in chosen)
        filled = [0] * gates
        tube = [""] * gates
        for k, (person_n, at) in enumerate(zip(chosen, times, strict=True)):
            g = person_n % gates
            lap = laptops[g]
            if filled[g] % POOL == 0:
                tube[g] = f"T{r:02d}{g:02d}{filled[g] // POOL:08d}"
                lap.event(
                    "tube.opened",
                    {"code": tube[g], "round": name, "checkpoint": names[g], "pool_size": POOL},
                    at,
                )
            made = lap.event(
                "registration",
                {
                    "person": ids[person_n],
                    "raw_code": None,
                    "round": name,
                    "checkpoint": names[g],
                    "operator": None,
                    "tube": tube[g],
                    "position": filled[g] % POOL + 1,
                    "colour": "green",
                    "source": "scanner",
                },
                at,
            )
            filled[g] += 1
            if filled[g] % POOL == 0:
                lap.event("tube.sealed", {"code": tube[g], "reason": "full"}, at)
            if k % 997 == 0:
                lap.event("void", {"event": made.id, "reason": "wrong person"}, at)
            lap.flush(engine)
        if r == rounds - 1:
            positive = f"T{r:02d}{0:02d}{3:08d}"
        if progress:
            print(f"  round {name}: {len(chosen):,} registrations", flush=True)
    for lap in laptops:
        lap.flush(engine, every=0)
    if positive:
        office.event("tube.result", {"tube": positive, "result": "positive"}, now - 3_600_000)
    office.flush(engine, every=0)
    return {"laptops": laptops, "office": office, "round": f"第{rounds}轮", "names": names, "ids": ids}


def sign_in(url: str) -> httpx.Client:
    browser = httpx.Client(base_url=url, timeout=30)
    token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text)
    assert token is not None
    answer = browser.post("/login", data={"username": "bench", "password": PASSWORD, "csrf": token.group(1)})
    assert answer.status_code == 303, answer.text
    return browser


def push(url: str, laptop: Laptop, events: list[WireEvent]) -> None:
    body = {
        "protocol": PROTOCOL_VERSION,
        "device": laptop.author.device,
        "events": [e.model_dump() for e in events],
    }
    answer = httpx.post(
        f"{url}/v1/push", json=body, headers={"Authorization": f"Bearer {laptop.credential}"}, timeout=30
    )
    answer.raise_for_status()


def more_registrations(built: dict[str, Any], count: int, start: int) -> tuple[Laptop, list[WireEvent]]:
    """A checkpoint laptop's next registrations of the open round, in a fresh tube of its own."""
    lap: Laptop = built["laptops"][0]
    lap.pending = []
    code = f"B{start:013d}"
    now = clock.now_ms()
    lap.event(
        "tube.opened",
        {"code": code, "round": built["round"], "checkpoint": built["names"][0], "pool_size": count},
        now,
    )
    for k in range(count):
        lap.event(
            "registration",
            {
                "person": built["ids"][(start + k * 7919) % len(built["ids"])],
                "raw_code": None,
                "round": built["round"],
                "checkpoint": built["names"][0],
                "operator": None,
                "tube": code,
                "position": k + 1,
                "colour": "green",
                "source": "scanner",
            },
            now,
        )
    events, lap.pending = lap.pending, []
    return lap, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--registrations", type=int, default=600_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--watch-s", type=float, default=30.0, help="how long the 50 dashboards poll")
    parser.add_argument("--database-url", default=None, help="PostgreSQL instead of an SQLite file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        url_db = db.database_url(args.database_url, Path(tmp) / "server.db")
        engine = db.open_engine(url_db)
        began = time.perf_counter()
        built = build_site(
            engine, people=args.people, rounds=args.rounds, registrations=args.registrations, progress=True
        )
        build_s = time.perf_counter() - began
        with db.reading(engine) as conn:
            stored = int(conn.execute(db.sites.select().where(db.sites.c.site == SITE)).one().head)
        print(
            f"built {stored:,} events through the store path in {build_s:.0f} s ({stored / build_s:,.0f}/s)"
        )
        with db.writing(engine) as conn:
            users.add(conn, "bench", "viewer", SITE, PASSWORD, clock.now_ms())

        # Reference: one fold of the whole site, then reconciliation on it.
        folded = folds.Folds(engine)
        began = time.perf_counter()
        reference = folded.reconcile(SITE, built["round"])
        fold_s = time.perf_counter() - began
        folded.close()
        engine.dispose()

        proc, url = start_server(url_db, Path(tmp) / "server.log")
        try:
            browser = sign_in(url)
            path = "/dashboard.json?" + httpx.QueryParams({"round": built["round"]}).__str__()
            first = browser.get(path).json()
            assert first["totals"]["tested"] == reference["totals"]["tested"], "projection != fold"
            assert first["enterprises"] == sorted(
                first["enterprises"],
                key=lambda f: (
                    2.0 if f["completion"] is None else f["completion"],
                    -f["missing"],
                    f["enterprise"],
                ),
            )

            # p95 of the dashboard's data while a laptop pushes 50 registrations every 0.5 s.
            stop = threading.Event()
            pushed = [0]

            def pusher() -> None:
                n = 10_000
                while not stop.is_set():
                    lap, events = more_registrations(built, 50, n)
                    push(url, lap, events)
                    pushed[0] += 1
                    n += 50
                    stop.wait(0.5)

            thread = threading.Thread(target=pusher, daemon=True)
            thread.start()
            timings = []
            for _ in range(args.requests):
                began = time.perf_counter()
                answer = browser.get(path)
                timings.append((time.perf_counter() - began) * 1000)
                assert answer.status_code == 200
                time.sleep(0.02)
            stop.set()
            thread.join()
            p95 = statistics.quantiles(timings, n=100)[94]

            # A push, then the data until it shows the new registrations.
            before = browser.get(path).json()["checkpoints"][0]["registrations"]
            lap, events = more_registrations(built, 20, 900_000)
            began = time.perf_counter()
            push(url, lap, events)
            while browser.get(path).json()["checkpoints"][0]["registrations"] != before + 20:
                time.sleep(0.01)
            visible_s = time.perf_counter() - began

            # 50 open dashboards, each revalidating every 3 s as the page does.
            idle_began, idle_cpu = time.perf_counter(), cpu_seconds(proc.pid)
            time.sleep(5)
            idle = (cpu_seconds(proc.pid) - idle_cpu) / (time.perf_counter() - idle_began)
            clients = [sign_in(url) for _ in range(50)]
            stop.clear()

            def dashboard(client: httpx.Client, offset: float) -> None:
                etag = None
                stop.wait(offset)
                while not stop.is_set():
                    answer = client.get(path, headers={"If-None-Match": etag} if etag else {})
                    etag = answer.headers.get("etag", etag)
                    stop.wait(3.0)

            watchers = [
                threading.Thread(target=dashboard, args=(c, i * 3.0 / 50), daemon=True)
                for i, c in enumerate(clients)
            ]
            began, cpu = time.perf_counter(), cpu_seconds(proc.pid)
            for w in watchers:
                w.start()
            time.sleep(args.watch_s)
            busy = (cpu_seconds(proc.pid) - cpu) / (time.perf_counter() - began)
            stop.set()
            for w in watchers:
                w.join()
        finally:
            proc.terminate()
            proc.wait(10)

    print(f"site: {args.people:,} people, {args.rounds} rounds, {args.registrations:,} registrations")
    print(
        f"dashboard data p95 while pushing: {p95:.1f} ms (median {statistics.median(timings):.1f} ms, "
        f"{pushed[0]} pushes of 50 meanwhile)"
    )
    print(
        f"one fold of the whole site + reconcile (reference): {fold_s * 1000:,.0f} ms "
        f"-> the projection answers {fold_s * 1000 / p95:,.0f}x faster at p95"
    )
    print(
        f"a push visible in the dashboard's data after {visible_s * 1000:.0f} ms "
        f"(the page polls every 3 s: on screen within {visible_s + 3:.1f} s)"
    )
    print(
        f"50 dashboards polling every 3 s: {(busy - idle) * 100:.1f}% of one core "
        f"(server idle {idle * 100:.1f}%, total {busy * 100:.1f}%)"
    )


if __name__ == "__main__":
    main()
