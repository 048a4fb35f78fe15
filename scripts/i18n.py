"""Update the station's translation sources from the code, then compile them for Qt.

    .venv/bin/python scripts/i18n.py

``pyside6-lupdate`` collects every ``tr()`` and ``QT_TRANSLATE_NOOP`` text of ``ui/`` into
``ui/i18n/zh_CN.ts`` (keeping the translations already made; translate new texts there, with
Qt Linguist or an editor), and ``pyside6-lrelease`` compiles it to ``ui/i18n/zh_CN.qm``, which
is committed so that the station needs no Qt tools at run time. English is the source language.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "ui" / "i18n"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """A Qt tool shipped inside the PySide6 package (what the ``pyside6-*`` launchers run)."""
    import PySide6

    folder = Path(next(iter(PySide6.__path__)))
    return str(folder / (f"{name}.exe" if sys.platform == "win32" else name))


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def update(ts: Path) -> None:
    subprocess.run(
        [tool("lupdate"), *sources(), "-ts", str(ts), "-no-obsolete", "-locations", "none",
         "-target-language", ts.stem],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm)], cwd=ROOT, check=True, capture_output=True)


def main() -> None:
    for language in LANGUAGES:
        ts = I18N / f"{language}.ts"
        update(ts)
        compile_qm(ts, I18N / f"{language}.qm")
        print(ts, "->", ts.with_suffix(".qm"))


if __name__ == "__main__":
    main()
