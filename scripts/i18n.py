"""Update the station's translation sources from the code, then compile them for Qt.

    .venv/bin/python scripts/i18n.py

``pyside6-lupdate`` collects every ``tr()`` and ``QT_TRANSLATE_NOOP`` text of ``ui/`` into
``ui/i18n/zh_CN.ts`` (keeping the translations already made; translate new texts there, with
Qt Linguist or an editor), and ``pyside6-lrelease`` compiles it to ``ui/i18n/zh_CN.qm``, which
is committed so that the station needs no Qt tools at run time. English is the source language.

Each refusal of the catalogue (``registration/refusals.py``) is one message of context
``reasons`` whose source is its key: translate it from the catalogue's English, keeping every
``{value}`` it names.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
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


def refusal_keys(folder: Path) -> Path:
    """A source file for lupdate marking each refusal's key for translation, in context ``reasons``."""
    sys.path.insert(0, str(ROOT))  # this checkout's catalogue, whatever else is installed
    from registration.refusals import REASONS

    found = folder / "refusals.py"
    found.write_text(
        "".join(f'QT_TRANSLATE_NOOP("reasons", {json.dumps(key)})\n' for key in REASONS), encoding="utf-8"
    )
    return found


def update(ts: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        keys = refusal_keys(Path(folder))
        subprocess.run(
            [tool("lupdate"), *sources(), str(keys), "-ts", str(ts), "-no-obsolete", "-locations", "none",
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
