"""Every registration reported as committed survives SIGKILL at any moment."""

from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from registration.setup import campaign
from registration.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _run_and_kill(db: Path, first_serial: int, rng: random.Random) -> list[str]:
    """Start the worker, let it commit for a random while, SIGKILL it; return the ids it printed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.registration.durability_worker", str(db), str(first_serial)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    buffered = b""
    deadline = None
    while True:
        if deadline is None and buffered.count(b"\n") >= 1:
            # First commit seen: now kill at a random moment in the middle of the stream.
            deadline = time.monotonic() + rng.uniform(0.0, 0.25)
        if deadline is not None and time.monotonic() >= deadline:
            break
        if selector.select(timeout=0.01):
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buffered += chunk
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the worker died on its own"
    buffered += rest
    # A line cut by the kill was never fully reported, so it claims nothing.
    return [line.decode() for line in buffered.split(b"\n")[:-1]]


def _kill_many(tmp_path: Path, kills: int) -> None:
    db = tmp_path / "station.db"
    with Store(db) as store:
        campaign.init(store, "Park", ["A"])
        campaign.open_round(store, "R1")
    rng = random.Random(20221105)
    reported: list[str] = []
    for k in range(kills):
        reported += _run_and_kill(db, 100_000 * (k + 1), rng)
        with Store(db) as store:
            held = {r[0] for r in store.conn.execute("SELECT event FROM registrations")}
            missing = [event for event in reported if event not in held]
            assert not missing, f"kill {k}: {len(missing)} reported registrations lost"
            seqs = [r[0] for r in store.conn.execute("SELECT seq FROM events")]
            assert len(seqs) == len(set(seqs)), f"kill {k}: a sequence number was reused"
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            unqueued = store.conn.execute(
                "SELECT count(*) FROM events e LEFT JOIN outbox o ON o.event_id = e.id WHERE o.seq IS NULL"
            ).fetchone()[0]
            assert unqueued == 0, f"kill {k}: events without their outbox row"
    assert len(reported) > kills, "the workers committed too little for the test to mean anything"


def test_registrations_survive_20_kills(tmp_path: Path) -> None:
    _kill_many(tmp_path, 20)


@pytest.mark.slow
def test_registrations_survive_100_kills(tmp_path: Path) -> None:
    _kill_many(tmp_path, 100)
