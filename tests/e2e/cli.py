"""Running ``main.py`` as a person or a script would, with real arguments: in this process through
``main.main(argv)`` (quick: most tests), or in a real process of its own (``run_process``: startup,
exit on a signal, resource limits, a server that runs until it is stopped)."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import main
from registration.storage import cipher

ROOT = Path(__file__).resolve().parents[2]
ENV = {"QT_QPA_PLATFORM": "offscreen"}


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_main(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT, stdin: str | None = None
) -> Result:
    """``main.py args`` answered by ``main.main`` in this process, as a new process would answer it:
    its own environment, directory, standard input (empty unless given), output and log set-up."""
    out, err = io.StringIO(), io.StringIO()
    with (
        _environment(ENV | (env or {})),
        contextlib.chdir(cwd),
        _swapped(sys, "stdin", io.StringIO(stdin or "")),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _fresh_process_state(),
    ):
        try:
            code = main.main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse: --help, bad usage
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return Result(code, out.getvalue(), err.getvalue())


def run_process(
    *args: str | Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    cwd: Path = ROOT,
    stdin: str | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> Result:
    """``main.py args`` in a real process of its own."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ | ENV | (env or {}),
        cwd=cwd,
        preexec_fn=preexec_fn,  # runs in the child first: to set a resource limit, say
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@contextlib.contextmanager
def _environment(changes: dict[str, str]) -> Iterator[None]:
    before = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _swapped(owner: object, name: str, value: object) -> Iterator[None]:
    before = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, before)


@contextlib.contextmanager
def _fresh_process_state() -> Iterator[None]:
    """What a new process starts without: passphrases remembered for databases, and a root logger
    already set up. Its log goes to the standard error of the moment, as main sets it up, without
    the records of threads that were running before (a test's own server, say)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    passphrases = dict(cipher._passphrases)
    root.handlers.clear()
    cipher._passphrases.clear()
    others = {thread.ident for thread in threading.enumerate()} - {threading.get_ident()}
    main.setup_logging()
    for handler in root.handlers:
        handler.addFilter(lambda record: record.thread not in others)
    try:
        yield
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)
        cipher._passphrases.clear()
        cipher._passphrases.update(passphrases)
