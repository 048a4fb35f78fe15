"""Running ``main.py`` as a person or a script would: a real process, real arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_main(
    *args: str | Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    cwd: Path = ROOT,
    stdin: str | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> Result:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"} | (env or {}),
        cwd=cwd,
        preexec_fn=preexec_fn,  # runs in the child first: to set a resource limit, say
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
