"""The benchmarks' server: ``main.py server`` in a process of its own on a free port, as in the
field, and the CPU a process has used."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def start_server(
    database_url: str, log: Path, workers: int = 1, *options: str
) -> tuple[subprocess.Popen[str], str]:
    """(the server process, its URL) once every worker answers; its JSON logs go to ``log``;
    ``options`` go on its command line."""
    command = [sys.executable, str(ROOT / "main.py"), "server", "--database-url", database_url]
    with log.open("a") as sink:
        proc = subprocess.Popen(
            [*command, "--port", "0", "--workers", str(workers), *options],
            stdout=subprocess.PIPE,
            stderr=sink,
            text=True,
        )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("serving on "):
        proc.kill()
        raise SystemExit(f"server did not start: {line!r} (its log: {log})")
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    url = line.split()[-1]
    deadline = time.monotonic() + 30
    while httpx.get(f"{url}/v1/ready").status_code != 200:
        if time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"server not ready in 30 s (its log: {log})")
        time.sleep(0.2)
    if workers > 1:
        time.sleep(1.0)  # the first ready answer came from one worker: let the others finish starting
    return proc, url


def proc_stat(pid: int) -> list[str]:
    """The fields of Linux's /proc/PID/stat after the command name (state, ppid, ...; utime is
    [11]); OSError when there is no such process or no /proc."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def ticks_to_seconds(ticks: int) -> float:
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user and system) the process ``pid`` has used: Linux's /proc, else 0."""
    try:
        fields = proc_stat(pid)
    except OSError:
        return 0.0
    return ticks_to_seconds(int(fields[11]) + int(fields[12]))
