"""The walls of the layout: the domain knows no Qt and no network; sync knows no Qt; only ui/ imports
Qt; argument parsing lives in cli/ alone, which neither the library nor the window imports; the
drivers that reach a device over the network live in devices/, which the domain does not import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT = {"PySide6", "shiboken6", "ui"}
NETWORK = {
    "httpx",
    "fastapi",
    "uvicorn",
    "starlette",
    "requests",
    "urllib3",
    "socket",
    "http",
    "websockets",
    "sync",
}
COMMAND_LINE = {"argparse", "cli"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("registration", QT | NETWORK | COMMAND_LINE | {"devices"}),
        ("sync", QT | COMMAND_LINE | {"devices"}),
        ("devices", QT | COMMAND_LINE | {"sync"}),
        ("ui", COMMAND_LINE),
        ("cli", QT),
    ],
)
def test_package_stays_behind_its_walls(package: str, forbidden: set[str]) -> None:
    crossings = {
        str(path.relative_to(ROOT)): sorted(crossed)
        for path in _modules(package)
        if (crossed := _imports(path) & forbidden)
    }
    assert crossings == {}


def test_only_ui_imports_qt() -> None:
    outside = [
        str(path.relative_to(ROOT))
        for path in [
            ROOT / "main.py",
            *_modules("registration"),
            *_modules("sync"),
            *_modules("cli"),
            *_modules("devices"),
        ]
        if _imports(path) & {"PySide6", "shiboken6"}
    ]
    assert outside == []


def test_main_imports_qt_only_lazily() -> None:
    tree = ast.parse((ROOT / "main.py").read_text(encoding="utf-8"))
    top_level = {
        alias.name.split(".")[0]
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {node.module.split(".")[0] for node in tree.body if isinstance(node, ast.ImportFrom) and node.module}
    assert not top_level & (QT | {"sync"})


GROUPS = {"storage", "people", "setup", "sampling", "reports", "privacy"}


def test_the_domain_is_grouped_by_what_it_owns() -> None:
    loose = sorted(p.name for p in (ROOT / "registration").glob("*.py")) + sorted(
        p.name
        for p in (ROOT / "registration").iterdir()
        if p.is_dir() and p.name not in GROUPS | {"__pycache__"}
    )
    assert loose == ["__init__.py", "errors.py", "refusals.py"]
    for group in GROUPS:
        assert (ROOT / "registration" / group / "__init__.py").read_text(encoding="utf-8").startswith('"""')


# The window's screens and the command line's areas take the name of the domain module they present.
FACES = {"campaign", "rosters", "badges", "enrolment", "users", "labels", "liaisons"}
# Generic names a package uses for itself.
OWN = {"app", "common"}


def test_one_name_one_thing() -> None:
    """No two modules share a name unless one is the window's or command line's face of the other."""
    seen: dict[str, list[str]] = {}
    for package in ("cli", "devices", "registration", "sync", "ui"):
        for path in _modules(package):
            if path.name != "__init__.py":
                seen.setdefault(path.stem, []).append(str(path.relative_to(ROOT)))
    shared = {name: paths for name, paths in seen.items() if len(paths) > 1}
    library = {
        name: paths
        for name, paths in shared.items()
        if sum(not p.startswith(("ui/", "cli/")) for p in paths) > 1
    }
    assert library == {}
    assert set(shared) <= FACES | OWN, "a module name that means two things"
