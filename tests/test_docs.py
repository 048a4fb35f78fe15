"""Documentation is part of the interface: every command of main.py is in the README."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli import commands

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = commands.build_parser()
    found: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found += list(action.choices)
    return found


def test_every_command_is_documented() -> None:
    commands = _commands()
    assert "register" in commands
    undocumented = [c for c in commands if f"`{c}" not in README]
    assert undocumented == []


def test_readme_and_ci_run_the_same_test_command() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "./test.sh" in ci and "./test.sh" in README
