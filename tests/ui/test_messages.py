"""Every refusal of the catalogue reaches the Chinese station in Chinese, found by its key.

The catalogue (``registration/refusals.py``) is the one list of refusals: each key has its English
there and its Chinese in ``ui/i18n/zh_CN.ts``, naming the same values; every key the code raises
is in it and every key in it is raised somewhere. The window renders a refusal by its key, so
rewording the English changes nothing the Chinese station shows.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from registration.errors import Reason, fields, message, several
from registration.refusals import REASONS
from registration.sampling import results
from registration.sampling.registrations import Status
from registration.setup import enterprises, rosters
from registration.setup.sample_park import DemoCampaign
from registration.storage import tables
from registration.storage.tables import SheetError
from tests.ui.test_scan_screen import wedge_scan
from ui import reasons
from ui.app import TRANSLATION
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
CODE = ("registration", "sync", "cli", "ui")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
KEY = re.compile(r"[a-z_]+\.[a-z_]+|several")
FIELD = re.compile(r"\{[^}]*\}")


@pytest.fixture
def chinese(qtbot: QtBot) -> Iterator[None]:
    TRANSLATION.apply("zh_CN")
    yield
    TRANSLATION.apply("en")


def _trees() -> Iterator[ast.Module]:
    for package in CODE:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path != ROOT / "registration" / "refusals.py":
                yield ast.parse(path.read_text(encoding="utf-8"))


def _refusal_classes(trees: list[ast.Module]) -> set[str]:
    """``Refused`` and every class built on it, however many steps away."""
    classes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    found = {"Refused"}
    while True:
        more = {
            c.name for c in classes if any(ast.unparse(base).rpartition(".")[2] in found for base in c.bases)
        }
        if more <= found:
            return found
        found |= more


def _texts(arg: ast.expr) -> list[str]:
    """The texts an argument can be: a literal, or either literal of ``"a" if ... else "b"``."""
    found = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
    return [n.value for n in found if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_every_refusal_has_english_and_chinese_naming_the_same_values(chinese: None) -> None:

    for key, english in REASONS.items():
        words = reasons._words(key)
        assert words is not None, f"translate {key!r} in ui/i18n/zh_CN.ts"
        # A template of values and punctuation alone ("{first}; {rest}") has no words to translate.
        if re.search("[A-Za-z]", FIELD.sub("", english)):
            assert CHINESE.search(words), f"{key!r} is not in Chinese in ui/i18n/zh_CN.ts"
        assert fields(words) == fields(english), key
        sample = dict.fromkeys(fields(english), 1)
        assert english.format(**sample) and words.format(**sample)


def test_every_key_the_code_raises_is_in_the_catalogue_and_every_key_in_it_is_raised() -> None:
    trees = list(_trees())
    refusals = _refusal_classes(trees) | {"Reason", "_opened"}
    named = set()
    unknown = []
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named.add(node.value)
            if isinstance(node, ast.Call) and ast.unparse(node.func).rpartition(".")[2] in refusals:
                keys = [text for arg in node.args for text in _texts(arg) if KEY.fullmatch(text)]
                unknown += [key for key in keys if key not in REASONS]
    assert unknown == [], "add these to registration/refusals.py"
    assert sorted(set(REASONS) - named) == [], "refusals no code raises: remove them"


def test_a_refusal_is_shown_with_its_values_and_a_reason_among_them_in_chinese(chinese: None) -> None:
    unknown = Reason("round.unknown", round="第2轮")
    assert reasons.translate(unknown) == "未知轮次 第2轮"
    wrapped = Reason("campaign.tube_pattern", problem=Reason("tube_pattern.too_long", most=256))
    assert reasons.translate(wrapped) == "本次活动的试管编号规则最多 256 个字符"
    row = several([Reason("id.check_digit"), unknown])
    assert reasons.translate(row) == "身份证号校验位错误；未知轮次 第2轮"


def test_the_english_window_shows_the_catalogues_english_and_other_text_as_it_is(qtbot: QtBot) -> None:
    TRANSLATION.apply("en")
    assert reasons.translate(Reason("round.unknown", round="R2")) == "unknown round 'R2'"
    assert reasons.translate("camera 0: some words from elsewhere") == "camera 0: some words from elsewhere"


def test_a_refusal_keeps_its_chinese_in_the_window_when_its_english_is_reworded(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    reworded = "reworded: scan a tube first, then the people who go in it"
    monkeypatch.setitem(REASONS, "register.no_tube", reworded)
    TRANSLATION.apply("zh_CN")  # the station's language, set again: an earlier test may have left English
    scan = wedge_scan(qtbot, window, campaign.codes[0])  # nobody's tube is open yet
    assert scan.outcome.status is Status.REJECTED
    assert scan.outcome.reason == reworded  # what the domain says now, in English
    assert window.scan_screen.banner.detail.text() == "没有开启的试管：请先扫描试管条码"


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
        shown = reasons.translate(message(refused.value))
    finally:
        TRANSLATION.apply("en")
    assert words in shown and not re.search("[A-Za-z]{3,}", shown.replace(str(headless), "")), shown
