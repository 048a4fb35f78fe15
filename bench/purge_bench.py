"""Purge benchmark: taking every person off a laptop at the campaign's end, against one VACUUM of
the same file (the purge ends with one, to leave no old page behind).

Run: .venv/bin/python bench/purge_bench.py [--people 5000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registration_bench import person

from registration.privacy import retention
from registration.setup import campaign
from registration.storage import events
from registration.storage.store import Store


def ended_campaign(path: Path, people: int, rounds: int) -> None:
    """Every person registered once in each round, ten to a tube; every round closed."""
    with Store(path) as store:
        campaign.init(store, "Bench Park", ["A"])
        for r in range(1, rounds + 1):
            round_name = f"R{r}"
            campaign.open_round(store, round_name)
            with store.write() as conn:
                for i in range(people):
                    tube = f"T{r:02d}{i // 10:08d}"
                    if i % 10 == 0:
                        body = {"code": tube, "round": round_name, "checkpoint": "A", "pool_size": 10}
                        events.record(conn, "tube.opened", body)
                    events.record(
                        conn,
                        "registration",
                        {
                            "person": person(i),
                            "round": round_name,
                            "checkpoint": "A",
                            "tube": tube,
                            "position": i % 10 + 1,
                            "colour": "green",
                            "source": "camera",
                        },
                    )
            campaign.close_round(store, round_name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-purge-"))
    try:
        made = folder / "campaign.db"
        ended_campaign(made, args.people, args.rounds)
        for name in ("purged.db", "vacuumed.db"):
            shutil.copy(made, folder / name)
        with Store(folder / "purged.db") as store:
            start = time.perf_counter()
            done = retention.purge_campaign(store, 0, "bench")
            purge_s = time.perf_counter() - start
        conn = sqlite3.connect(folder / "vacuumed.db")
        start = time.perf_counter()
        conn.execute("VACUUM")
        vacuum_s = time.perf_counter() - start
        conn.close()
        registrations = args.people * args.rounds
        print(
            f"purge of an ended campaign ({done.people} people, {args.rounds} rounds, "
            f"{registrations:,} registrations): {purge_s:.2f} s; VACUUM of the same file {vacuum_s:.2f} s; "
            f"ratio purge/VACUUM {purge_s / vacuum_s:.1f}"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
