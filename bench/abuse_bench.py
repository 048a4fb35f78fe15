"""Abuse benchmark: a station's push latency while strangers attack the server, beside the same
push on an idle server in the same run, and the server's memory under each attack.

- sign-in flood: 50 unauthenticated clients post wrong passwords to /login as fast as answered,
  each claiming its own address through a proxy the server trusts (the worst case: the limit per
  address never stops them, so every attempt reaches the password check or its queue);
- slow bodies: 200 connections that declare a body and send it a byte a second (half to /login,
  half a 15 MiB push without a credential), reopened whenever the server cuts them.

Targets: p95 under attack at most 3x idle; the server's memory growth under 200 MB.
Run: .venv/bin/python bench/abuse_bench.py [--database-url postgresql://...] [--seconds 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from serving import proc_stat, start_server
from sync_bench import SITE, enrol, record_shift

from registration.setup import campaign
from registration.storage import clock
from registration.storage.store import Store
from sync import client
from sync.server import campaigns, db, users

BATCH = 10  # registrations per push: a station syncing every few people


def rss_mb(pid: int) -> float:
    """The resident memory of the server process ``pid`` and of every process under it (the
    workers of ``--workers N``), MB."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(proc_stat(int(stat.parent.name))[1])
        except (OSError, ValueError):
            continue  # ended meanwhile
    family, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    total = 0
    for member in family:
        try:
            lines = Path(f"/proc/{member}/status").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in lines if line.startswith("VmRSS:"))
    return total / 1024


class Pushes:
    """A station pushing ``BATCH`` registrations (and their tube) at a time; the wall time of each push."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.made = 0

    def measure(self, seconds: float) -> list[float]:
        timings = []
        with client.Client(self.store) as c:
            c.handshake()
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                record_shift(self.store, BATCH, "South", 20_000_000 + self.made)
                self.made += BATCH
                start = time.perf_counter()
                pushed, refused = c.push()
                timings.append(time.perf_counter() - start)
                if refused:
                    raise SystemExit(f"push refused {refused} / pushed {pushed} events")
                time.sleep(0.02)
        return timings


def p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=100)[94]


def peak_rss(pid: int, work: Callable[[], list[float]]) -> tuple[list[float], float]:
    """``work``'s result and the server's highest resident memory while it ran (MB)."""
    peak = [rss_mb(pid)]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak.append(rss_mb(pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = work()
    finally:
        done.set()
        sampler.join()
    return result, max(peak)


def _flood(url: str, clients: int, stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    """Runs in a process of its own: ``clients`` sign-in loops, each its own address."""
    host, port = url.removeprefix("http://").split(":")
    page = httpx.get(f"{url}/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    cookie = page.headers["set-cookie"].split(";", 1)[0]

    async def one(n: int) -> None:
        body = f"username=guess{n}&password=wrong-{n}&csrf={token}".encode()
        while not stop.is_set():
            address = f"10.{n}.{random.randrange(256)}.{random.randrange(1, 255)}"
            try:
                reader, writer = await asyncio.open_connection(host, int(port))
                writer.write(
                    b"POST /login HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n"
                    + f"Cookie: {cookie}\r\nX-Forwarded-For: {address}\r\n".encode()
                    + b"Content-Type: application/x-www-form-urlencoded\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
                await reader.read()
                writer.close()
            except OSError:
                await asyncio.sleep(0.1)

    async def all_of_them() -> None:
        await asyncio.gather(*(one(n) for n in range(clients)))

    asyncio.run(all_of_them())


def _slow(url: str, connections: int, stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    """Runs in a process of its own: ``connections`` bodies sent a byte a second, reopened when cut."""
    host, port = url.removeprefix("http://").split(":")

    async def one(n: int) -> None:
        head = (
            b"POST /login HTTP/1.1\r\nHost: bench\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 60000\r\n\r\n"
            if n % 2
            else b"POST /v1/push HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {15 * 1024 * 1024}\r\n\r\n".encode()
        )
        while not stop.is_set():
            try:
                reader, writer = await asyncio.open_connection(host, int(port))
                writer.write(head)
                while not stop.is_set() and not reader.at_eof():
                    writer.write(b"a")
                    await writer.drain()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(reader.read(65536), 1.0)
                writer.close()
            except OSError:
                await asyncio.sleep(0.2)

    async def all_of_them() -> None:
        await asyncio.gather(*(one(n) for n in range(connections)))

    asyncio.run(all_of_them())


def under_attack(
    attack: Callable[..., None], url: str, size: int, pid: int, pushes: Pushes, seconds: float
) -> tuple[list[float], float]:
    stop = multiprocessing.Event()
    attacker = multiprocessing.Process(target=attack, args=(url, size, stop), daemon=True)
    attacker.start()
    time.sleep(2)  # let the attack build up
    try:
        return peak_rss(pid, lambda: pushes.measure(seconds))
    finally:
        stop.set()
        attacker.join(10)
        if attacker.is_alive():
            attacker.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: an SQLite file in a temporary folder")
    parser.add_argument("--seconds", type=float, default=20.0, help="pushing time per phase")
    parser.add_argument("--workers", type=int, default=1, help="server processes (memory is their sum)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-abuse-"))
    url = args.database_url or f"sqlite:///{tmp / 'server.db'}"
    engine = db.open_engine(db.database_url(url, None))
    with db.writing(engine) as conn:
        campaigns.init_site(conn, SITE, ["North", "South"], None, clock.now_ms())
        users.add(conn, "boss", "admin", None, "correct horse battery", clock.now_ms())
    proc, server = start_server(url, tmp / "server.log", args.workers, "--forwarded-allow-ips", "127.0.0.1")
    print(f"server: {url.split('?')[0]} on {server}, {args.workers} process(es), {os.cpu_count()} cores")
    try:
        admin = enrol(engine, server, tmp / "admin.db", "North", admin=True)
        campaign.open_round(admin, "R1")
        client.sync_once(admin)
        pushes = Pushes(enrol(engine, server, tmp / "station.db", "South"))
        client.sync_once(pushes.store)
        pushes.measure(2)  # warm up
        base = rss_mb(proc.pid)
        idle, idle_peak = peak_rss(proc.pid, lambda: pushes.measure(args.seconds))
        print(
            f"idle: {len(idle)} pushes of {BATCH}, p95 {p95(idle) * 1000:.1f} ms, "
            f"median {statistics.median(idle) * 1000:.1f} ms; server memory {base:.0f} MB, "
            f"peak {idle_peak:.0f} MB"
        )
        for name, attack, size in (("sign-in flood", _flood, 50), ("slow bodies", _slow, 200)):
            before = rss_mb(proc.pid)
            timings, peak = under_attack(attack, server, size, proc.pid, pushes, args.seconds)
            ratio = p95(timings) / p95(idle)
            print(
                f"{name} ({size} clients): {len(timings)} pushes, p95 {p95(timings) * 1000:.1f} ms = "
                f"{ratio:.2f}x idle (target <= 3x); server memory peak {peak:.0f} MB, "
                f"growth {peak - before:+.0f} MB (target < 200 MB)"
            )
        with httpx.Client(base_url=server) as check:
            alive = check.get("/v1/health").status_code
        print(f"after the attacks /v1/health answers {alive}")
    finally:
        proc.terminate()
        proc.wait(30)
        engine.dispose()


if __name__ == "__main__":
    main()
