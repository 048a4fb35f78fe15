"""Registration benchmark: one registration's commit latency against a bare INSERT, the same on an
encrypted (SQLCipher) store against the plain one, and bulk throughput.

Run: .venv/bin/python bench/registration_bench.py [--count N]
Both sides use the store's durability pragmas (WAL, synchronous=FULL, BEGIN IMMEDIATE), on the
same disk, in the same run, so the ratio says what the domain logic costs on top of the fsync;
the plain and encrypted stores take turns registering the same people, so the ratio between them
says what encryption costs even on a machine busy with other work.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registration.people.identity import check_char
from registration.sampling import registrations, tubes
from registration.setup import campaign
from registration.storage import events
from registration.storage.store import Store, connect


def person(serial: int) -> str:
    first17 = f"4401111990{serial // 100000 % 100:02d}{serial // 1000 % 100 % 28 + 1:02d}{serial % 1000:03d}"
    first17 = first17[:10] + f"{serial // 28000 % 12 + 1:02d}" + first17[12:]
    return first17 + check_char(first17)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def campaign_store(path: Path, key: str | None = None) -> Store:
    store = Store(path, key=key)
    campaign.init(store, "Bench Park", ["A"])
    campaign.open_round(store, "R1", pool_size=10)
    return store


def bench_register(folder: Path, count: int, key: str) -> tuple[list[float], list[float]]:
    """Commit latencies of the same registrations on a plain and on an encrypted store, taken in
    turns (the order swapped each time) so that other work on the machine weighs on both alike."""
    stores = (campaign_store(folder / "station.db"), campaign_store(folder / "encrypted.db", key))
    latencies: tuple[list[float], list[float]] = ([], [])
    for serial in range(count):
        if serial % 10 == 0:
            for store in stores:
                tubes.open_tube(store, f"BENCH{serial // 10 + 1:08d}", checkpoint="A", round_name="R1")
        for side in (0, 1) if serial % 2 else (1, 0):
            start = time.perf_counter()
            outcome = registrations.register(stores[side], person(serial), checkpoint="A", round_name="R1")
            latencies[side].append(time.perf_counter() - start)
            assert outcome.status is registrations.Status.REGISTERED, outcome
    for store in stores:
        store.close()
    return latencies


def bench_bare_insert(folder: Path, count: int) -> list[float]:
    conn = connect(folder / "bare.db")
    conn.execute(
        "CREATE TABLE registrations (event TEXT PRIMARY KEY, person TEXT, round TEXT,"
        " tube TEXT, position INT)"
    )
    latencies = []
    for i in range(count):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO registrations VALUES (?, ?, 'R1', 'T', ?)", (f"e{i}", person(i), i % 10 + 1)
        )
        conn.execute("COMMIT")
        latencies.append(time.perf_counter() - start)
    conn.close()
    return latencies


def bench_bulk_ingest(folder: Path, source: Path, count: int) -> tuple[float, float]:
    """Events per second folded into a new laptop in one transaction, and a bare batched insert."""
    with Store(source) as src:
        rows = [
            events.from_row(r)
            for r in src.conn.execute("SELECT * FROM events ORDER BY seq LIMIT ?", (count,))
        ]
    with Store(folder / "fresh.db") as fresh:
        campaign.init(fresh, "Bench Park", ["B"])
        start = time.perf_counter()
        with fresh.write() as conn:
            for event in rows:
                events.ingest(conn, event)
        ours = len(rows) / (time.perf_counter() - start)
    conn = connect(folder / "bare-bulk.db")
    conn.execute(
        "CREATE TABLE events (id TEXT PRIMARY KEY, device TEXT, seq INT, hlc TEXT, kind TEXT, body TEXT)"
    )
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
        [(e.id, e.device, e.seq, e.hlc, e.kind, e.body_json()) for e in rows],
    )
    conn.execute("COMMIT")
    bare = len(rows) / (time.perf_counter() - start)
    conn.close()
    return ours, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=None, help="where the databases go (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        bare = bench_bare_insert(folder, args.count)
        ours, encrypted = bench_register(folder, args.count, key="bench passphrase")
        ingest, bare_bulk = bench_bulk_ingest(folder, folder / "station.db", 10_000)
    ms = 1000.0
    print(f"single registration commit, {args.count} samples (ms):")
    print(f"  {'':18}{'p50':>8}{'p99':>8}{'mean':>8}")
    for name, samples in (("register()", ours), ("encrypted", encrypted), ("bare INSERT", bare)):
        p50, p99, mean = percentile(samples, 0.5), percentile(samples, 0.99), statistics.fmean(samples)
        print(f"  {name:18}{p50 * ms:8.3f}{p99 * ms:8.3f}{mean * ms:8.3f}")
    print(
        f"  ratio ours/bare:  p50 {percentile(ours, 0.5) / percentile(bare, 0.5):.2f}x"
        f"  p99 {percentile(ours, 0.99) / percentile(bare, 0.99):.2f}x   (target: p99 < 5 ms, ratio < 3)"
    )
    print(
        f"  ratio encrypted/plain: p50 {percentile(encrypted, 0.5) / percentile(ours, 0.5):.2f}x"
        f"  mean {statistics.fmean(encrypted) / statistics.fmean(ours):.2f}x   (target < 1.5x)"
    )
    print(f"sustained registrations/s, one durable commit each: {len(ours) / sum(ours):,.0f}")
    print(
        f"bulk ingest of other laptops' events, one transaction: {ingest:,.0f} events/s "
        f"(bare batched insert {bare_bulk:,.0f}/s, ratio {bare_bulk / ingest:.2f}x slower)"
    )


if __name__ == "__main__":
    main()
