"""Roster benchmark: import rows/s of a 100,000-row roster, and the time of a full reconciliation
of 100,000 roster people over 7 rounds and 600,000 registrations.

Run: .venv/bin/python bench/rosters_bench.py [--people N] [--registrations N] [--dir DIR]
References measured in the same run: for the import, parsing the same file with the csv module
and a bare batched INSERT of the parsed rows (the floor any import pays); for reconciliation,
one plain full scan of the registrations table, and the 1 s budget.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registration.people.identity import check_char
from registration.reports import reconcile
from registration.setup import campaign, rosters
from registration.storage import events
from registration.storage.store import Store, connect

ROUNDS = 7
CHECKPOINTS = [f"Gate {n:02d}" for n in range(1, 13)]
ENTERPRISES = 60
BUDGET_S = 1.0


def person(serial: int) -> str:
    """A distinct valid ID number per serial below 36 million."""
    day = serial // 1000
    first17 = (
        f"4401111{960 + day // 336 % 40:03d}{day // 28 % 12 + 1:02d}{day % 28 + 1:02d}{serial % 1000:03d}"
    )
    return first17 + check_char(first17)


def write_roster(path: Path, people: int) -> None:
    with path.open("w", encoding="gbk", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["序号", "企业名称", "姓名", "身份证号码", "手机号码", "部门"])
        for i in range(people):
            writer.writerow(
                [i + 1, f"企业{i % ENTERPRISES:02d}有限公司", f"员工{i}", person(i), f"138-{i:08d}", "生产部"]
            )


def bench_import(folder: Path, people: int) -> tuple[float, float, float, Store]:
    roster = folder / "roster.csv"
    write_roster(roster, people)
    start = time.perf_counter()
    with roster.open(encoding="gbk", newline="") as f:
        parsed = list(csv.reader(f))[1:]
    parse = len(parsed) / (time.perf_counter() - start)
    bare = connect(folder / "bare.db")
    bare.execute("CREATE TABLE people (id TEXT PRIMARY KEY, name, enterprise, phone, department)")
    start = time.perf_counter()
    bare.execute("BEGIN IMMEDIATE")
    bare.executemany(
        "INSERT INTO people VALUES (?, ?, ?, ?, ?)", [(r[3], r[2], r[1], r[4], r[5]) for r in parsed]
    )
    bare.execute("COMMIT")
    insert = len(parsed) / (time.perf_counter() - start)
    bare.close()

    store = Store(folder / "station.db")
    campaign.init(store, "Bench Park", CHECKPOINTS)
    start = time.perf_counter()
    report = rosters.import_roster(store, roster)
    ours = people / (time.perf_counter() - start)
    assert report.to_json()["accepted"] == people and report.added == people, report.to_json()
    start = time.perf_counter()
    again = rosters.import_roster(store, roster)
    assert again.added == again.updated == 0
    print(f"re-import of the unchanged roster: {time.perf_counter() - start:.2f} s, no events written")
    return ours, parse, insert, store


def fill_rounds(store: Store, people: int, registrations: int) -> None:
    """Registrations spread over the rounds and checkpoints, as events in one transaction."""
    rng = random.Random(7)
    per_round = registrations // ROUNDS
    with store.write() as conn:
        for r in range(ROUNDS):
            events.record(conn, "round.opened", {"name": f"R{r + 1}", "pool_size": 10})
        for r in range(ROUNDS):
            # A few walk-ins who are on no roster, the rest roster people.
            serials = rng.sample(range(people + per_round // 50), per_round)
            for n, serial in enumerate(serials):
                tube, checkpoint = f"T{r}{n // 10:08d}", CHECKPOINTS[n // 10 % len(CHECKPOINTS)]
                if n % 10 == 0:
                    opened = {"code": tube, "round": f"R{r + 1}", "checkpoint": checkpoint, "pool_size": 10}
                    events.record(conn, "tube.opened", opened)
                events.record(
                    conn,
                    "registration",
                    {
                        "person": person(serial),
                        "raw_code": None,
                        "round": f"R{r + 1}",
                        "checkpoint": checkpoint,
                        "operator": None,
                        "tube": tube,
                        "position": n % 10 + 1,
                        "colour": "green",
                        "source": "scanner",
                    },
                )


def bench_reconcile(store: Store) -> tuple[float, float, float]:
    conn = store.conn
    start = time.perf_counter()
    conn.execute("SELECT count(*), count(DISTINCT person) FROM registrations").fetchone()
    scan = time.perf_counter() - start
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        for r in range(ROUNDS):
            reconcile.reconcile(conn, f"R{r + 1}")
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    gaps = reconcile.missing(conn, "R1")
    listing = time.perf_counter() - start
    print(f"missing people in R1: {len(gaps):,} listed in {listing * 1000:.0f} ms")
    return min(timings), max(timings), scan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--registrations", type=int, default=600_000)
    parser.add_argument("--dir", type=Path, default=None, help="where the files go (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        ours, parse, insert, store = bench_import(folder, args.people)
        print(f"roster import, {args.people:,} rows (GBK CSV), one transaction:")
        print(f"  import_roster      {ours:>10,.0f} rows/s")
        print(f"  csv parse only     {parse:>10,.0f} rows/s  ({parse / ours:.1f}x faster than the import)")
        print(f"  bare INSERT only   {insert:>10,.0f} rows/s  ({insert / ours:.1f}x faster than the import)")
        start = time.perf_counter()
        fill_rounds(store, args.people, args.registrations)
        print(f"({args.registrations:,} registration events written in {time.perf_counter() - start:.0f} s)")
        best, worst, scan = bench_reconcile(store)
        store.close()
    print(
        f"full reconciliation, {args.people:,} people, {ROUNDS} rounds, {args.registrations:,} registrations:"
    )
    print(f"  all {ROUNDS} rounds       {best * 1000:8.0f} ms (worst of 3: {worst * 1000:.0f} ms)")
    print(f"  one round (mean)   {best / ROUNDS * 1000:8.0f} ms")
    print(f"  plain full scan    {scan * 1000:8.0f} ms of registrations (ratio {best / scan:.1f}x)")
    print(
        f"  budget {BUDGET_S:.0f} s: {'met' if best < BUDGET_S else 'MISSED'} ({best / BUDGET_S:.0%} of it)"
    )


if __name__ == "__main__":
    main()
