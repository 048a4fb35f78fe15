"""Start-up benchmark: median wall time of one ``main.py register`` process (a command per person
in a shell loop), against bare interpreters measured in the same run, and the 0.25 s budget.

Run: .venv/bin/python bench/startup_bench.py [--runs 20] [--before DIR]
``--before`` also measures another checkout's main.py (e.g. ``git worktree add /tmp/before HEAD``)
with the same interpreter, its runs interleaved with this tree's, so the two compare figure for figure.
References: ``python -c pass`` (the interpreter's own start-up), ``python -c 'import sqlite3'``
and a bare durable INSERT (WAL, ``synchronous=FULL``, as the store commits): the floor of any
process that writes one registration.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 0.25
# The largest tube: every timed registration takes a new position in the same tube.
POOL = 50
# Valid ID numbers (GB 11643-1999 check digits), one per timed registration.
FIRST17 = "11010519491231"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
DURABLE_INSERT = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA synchronous=FULL")
conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO t VALUES (1)")
conn.execute("COMMIT")
"""


def id_number(serial: int) -> str:
    first17 = f"{FIRST17}{serial:03d}"
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


@dataclass
class Timed:
    """One command line measured ``runs`` times, its runs interleaved with the others' so that a
    change of load on the machine weighs on every figure alike."""

    label: str
    argv: list[str]
    cwd: Path
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    def run(self, serial: int, env: dict[str, str]) -> None:
        cmd = [a.replace("{ID}", id_number(serial)) for a in self.argv]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=self.cwd, env=env, check=True, stdout=subprocess.DEVNULL)
        self.walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time (user + system) says what the process costs even when other work shares the
        # machine and stretches the wall time.
        self.cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

    def line(self, bare: Timed) -> str:
        wall, cpu = statistics.median(self.walls), statistics.median(self.cpus)
        bare_wall, bare_cpu = statistics.median(bare.walls), statistics.median(bare.cpus)
        return (
            f"{self.label:<36} wall {wall * 1000:7.1f} ms ({wall / bare_wall:4.1f}x bare)   "
            f"CPU {cpu * 1000:7.1f} ms ({cpu / bare_cpu:4.1f}x bare)"
        )


def campaign(py: str, tree: Path, db: Path, env: dict[str, str]) -> list[str]:
    """A campaign with one open tube in ``db``, made by ``tree``'s main.py; its register command."""
    for step in (
        ["init", "--site", "Bench Park", "--checkpoint", "Gate 1"],
        ["round", "open", "R1", "--pool-size", "10"],
        [
            "tube",
            "open",
            "BENCHTUBE0001",
            "--checkpoint",
            "Gate 1",
            "--round",
            "R1",
            "--pool-size",
            str(POOL),
        ],
    ):
        subprocess.run(
            [py, "main.py", *step, "--db", str(db)], cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL
        )
    # One untimed run warms the bytecode caches and the page cache.
    subprocess.run([py, "main.py", "--help"], cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL)
    return [py, "main.py", "register", "{ID}", "--checkpoint", "Gate 1", "--round", "R1", "--db", str(db)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--before", type=Path, help="another checkout (e.g. a git worktree of an older commit) to measure too"
    )
    args = parser.parse_args()
    if not 1 <= args.runs <= POOL:
        parser.error(f"--runs must be between 1 and {POOL}")
    py = sys.executable
    # Bytecode caches are written (by the warm-up run) as an installed station has them; without
    # them every process would compile each changed module again.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = Timed("python -c pass", [py, "-c", "pass"], ROOT)
        timed = [
            bare,
            Timed("python -c 'import sqlite3'", [py, "-c", "import sqlite3"], ROOT),
            Timed("python: one durable INSERT", [py, "-c", DURABLE_INSERT, str(folder / "bare.db")], ROOT),
        ]
        if args.before is not None:
            before = args.before.resolve()
            timed.append(
                Timed(
                    f"main.py register ({before.name})",
                    campaign(py, before, folder / "before.db", env),
                    before,
                )
            )
        ours = Timed("main.py register", campaign(py, ROOT, folder / "station.db", env), ROOT)
        timed.append(ours)
        for serial in range(1, args.runs + 1):
            for command in timed:
                command.run(serial, env)
    print(f"medians of {args.runs} runs, interleaved; load average {os.getloadavg()[0]:.1f}")
    for command in timed:
        print(command.line(bare))
    median = statistics.median(ours.walls)
    print(f"budget {BUDGET_S * 1000:.0f} ms (wall): {'met' if median < BUDGET_S else 'MISSED'}")
    return 0 if median < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
