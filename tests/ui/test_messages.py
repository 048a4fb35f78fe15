"""Every refusal the domain can give and every camera problem reaches the Chinese station in Chinese.

The catalogue is read from the code itself: each message of an exception the domain defines
(``raise CampaignError(f"unknown round {name!r}")``), each ``reason=`` of an answer, each
``*_problem`` verdict, and what a checkpoint station may not do. A value in a message becomes a
sample word, and the message goes through ``ui.reasons`` as the station shows it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from registration.sampling import results
from registration.setup import enterprises, rosters
from registration.storage import bodies, tables
from registration.storage.tables import SheetError
from ui import reasons
from ui.app import TRANSLATION

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "registration"
SAMPLE = "X1"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Where the value is one of a few words, one of them: whose name, which colour, what is missing.
PARTICULAR = {
    f"{SAMPLE} name must be": "site name must be",
    f"{SAMPLE} health code:": "red health code:",
    f"missing {SAMPLE}": "missing name",
}
# Messages that wrap another one: the whole of what they can say.
WRAPPED = (
    "this campaign's tube pattern 'X1' is not a regular expression RE2 runs: X1",
    "this campaign's a tube pattern has at most X1 characters",
)


def _sample(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(v.value)
            if isinstance(v, ast.Constant)
            else (f"'{SAMPLE}'" if isinstance(v, ast.FormattedValue) and v.conversion == ord("r") else SAMPLE)
            for v in node.values
        )
    return None


def _domain_files() -> list[Path]:
    # The command line's own wording (cli*.py) is never shown by the station.
    return [p for p in sorted(DOMAIN.rglob("*.py")) if "cli" not in p.name]


def _refusal_classes(trees: list[ast.Module]) -> set[str]:
    """The exception classes the domain defines (and LookupError, which it uses for a missing campaign)."""
    classes = {"LookupError"}
    for tree in trees:
        classes |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    return classes


def catalogue() -> Iterator[tuple[str, str]]:
    """(where, message) for every user-visible message of the domain and the camera."""
    files = _domain_files()
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in files]
    classes = _refusal_classes(trees)
    for path, tree in zip(files, trees, strict=True):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                name = node.exc.func.id if isinstance(node.exc.func, ast.Name) else ""
                if name not in classes or not node.exc.args:
                    continue
                texts = [_sample(arg) or SAMPLE for arg in node.exc.args]
                if all(text == SAMPLE for text in texts):
                    continue  # re-raised as it came
                if texts[0] == "this campaign's X1":
                    yield from ((where, text) for text in WRAPPED)
                    continue
                # A camera's problem says where first ("camera 0: ..."), as SourceError writes it.
                yield where, ": ".join(texts) if name == "SourceError" else texts[0]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "_opened"
                and len(node.args) == 2
                and (text := _sample(node.args[1]))
            ):
                yield where, f"{SAMPLE}: {text}"  # a capture that did not open: SourceError(name, problem)
            elif isinstance(node, ast.keyword) and node.arg == "reason":
                text = _sample(node.value)
                if text:
                    yield where, text
            elif isinstance(node, ast.FunctionDef) and node.name.endswith("_problem"):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Return) and inner.value is not None:
                        text = _sample(inner.value)
                        if text:
                            yield where, text
    for kind in bodies.ADMIN_ONLY_KINDS:
        yield "registration/storage/bodies.py", bodies.station_refusal(kind)
    refusal = bodies.may_emit("station", "person.upserted", {})
    assert refusal is not None
    yield "registration/storage/bodies.py", refusal
    yield "ui/first_start.py", "choose a round"


def test_the_catalogue_holds_the_messages_the_issue_names() -> None:
    found = {text for _, text in catalogue()}
    assert "X1: no camera at this index (not connected, or in use by another program)" in found
    assert "site name must be 1 to 64 printable characters" in {t.replace("X1", "site") for t in found}
    assert "bad check digit in the ID number" in found
    assert len(found) > 60


def test_every_domain_refusal_and_camera_problem_is_shown_in_chinese(qtbot: QtBot) -> None:
    TRANSLATION.apply("zh_CN")
    try:
        untranslated = []
        for where, text in catalogue():
            message = text
            for general, particular in PARTICULAR.items():
                message = message.replace(general, particular)
            shown = reasons.translate(message)
            if not CHINESE.search(shown):
                untranslated.append(f"{where}: {message}")
        assert untranslated == [], "add these to ui/reasons.py and translate them:\n" + "\n".join(
            untranslated
        )
    finally:
        TRANSLATION.apply("en")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("camera 0: no camera at this index (not connected, or in use by another program)", "摄像头 0"),
        ("site name must be 1 to 64 printable characters", "64"),
        ("unknown round '第2轮'", "第2轮"),
    ],
)
def test_a_translated_message_keeps_its_values(qtbot: QtBot, message: str, expected: str) -> None:
    TRANSLATION.apply("zh_CN")
    try:
        shown = reasons.translate(message)
    finally:
        TRANSLATION.apply("en")
    assert shown != message and expected in shown and CHINESE.search(shown.replace(expected, ""))


def test_a_roster_rows_several_problems_are_each_shown_in_chinese(qtbot: QtBot) -> None:
    compound = "bad check digit in the ID number; unknown round '第2轮'"
    TRANSLATION.apply("zh_CN")
    try:
        shown = reasons.translate(compound)
        parts = [reasons.translate(part) for part in compound.split("; ")]
    finally:
        TRANSLATION.apply("en")
    assert shown == "；".join(parts)
    assert "bad check digit" not in shown and "第2轮" in shown and CHINESE.search(shown.replace("第2轮", ""))


@pytest.mark.parametrize(
    ("aliases", "required", "words"),
    [
        (rosters.ALIASES, rosters.REQUIRED, "身份证号、姓名"),
        (results.ALIASES, results.REQUIRED, "试管、结果"),
        (enterprises.HEADCOUNT_ALIASES, enterprises.HEADCOUNT_REQUIRED, "企业、人数"),
    ],
    ids=["roster", "lab results", "headcounts"],
)
def test_a_file_without_the_columns_it_needs_names_them_in_the_persons_words(
    qtbot: QtBot, tmp_path: Path, aliases: dict[str, str], required: dict[str, str], words: str
) -> None:
    headless = tmp_path / "headless.csv"
    headless.write_text("序号,备注\n1,x\n", encoding="utf-8")
    with pytest.raises(SheetError) as refused:
        tables.read(headless, aliases, required)  # as each reader of these files calls it
    assert "_" not in str(refused.value).replace(str(tmp_path), "")  # no internal field name
    TRANSLATION.apply("zh_CN")
    try:
        shown = reasons.translate(str(refused.value))
    finally:
        TRANSLATION.apply("en")
    assert words in shown and not re.search("[A-Za-z]{3,}", shown.replace(str(headless), "")), shown
