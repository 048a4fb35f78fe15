"""The command line says a refusal in Chinese where the locale asks for it, in English otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from .cli import run_main

ENGLISH = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
CHINESE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    assert run_main("init", "--site", "Torch Park", "--checkpoint", "North gate", "--db", path).code == 0
    return path


def test_a_refusal_is_in_chinese_under_a_chinese_locale(db: Path) -> None:
    result = run_main("round", "close", "第2轮", "--db", db, env=CHINESE)
    assert (result.code, result.stderr) == (2, "error: 未知轮次 第2轮\n")


def test_a_refusal_is_in_english_under_any_other_locale(db: Path) -> None:
    result = run_main("round", "close", "第2轮", "--db", db, env=ENGLISH)
    assert (result.code, result.stderr) == (2, "error: unknown round '第2轮'\n")


def test_lc_all_comes_before_lang_and_lc_messages_before_lang(db: Path) -> None:
    # As gettext reads the locale: LC_ALL first, then LC_MESSAGES, then LANG.
    chinese_first = run_main("round", "close", "R9", "--db", db, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "C"})
    assert chinese_first.stderr == "error: 未知轮次 R9\n"
    english_first = run_main(
        "round", "close", "R9", "--db", db, env={"LC_ALL": "", "LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN"}
    )
    assert english_first.stderr == "error: unknown round 'R9'\n"


def test_json_answers_stay_in_english_under_a_chinese_locale(db: Path) -> None:
    run_main("round", "open", "R1", "--db", db)
    result = run_main(
        "register",
        "not a code",
        "--checkpoint",
        "North gate",
        "--round",
        "R1",
        "--db",
        db,
        "--json",
        env=CHINESE,
    )
    assert result.code == 2
    assert result.json()["reason"] == "not an ID number, person code, tube barcode or health code"
    assert result.stderr == "error: 已拒绝：不是身份证号、人员码、试管条码或健康码\n"
