"""The station in Simplified Chinese (the default) and English, through Qt's translation system."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from pytestqt.qtbot import QtBot

from registration.refusals import REASONS
from scripts import i18n
from ui.app import StationApp
from ui.main_window import MainWindow

TS = i18n.I18N / "zh_CN.ts"
QM = i18n.I18N / "zh_CN.qm"
_PLACEHOLDER = re.compile(r"\{\w+\}")


def messages(ts: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, translation type) of every message."""
    found = []
    for context in ET.parse(ts).getroot():
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source", ""), translation.text, translation.get("type")))
    return found


def test_every_text_of_the_ui_is_in_the_translation_source_and_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "zh_CN.ts"
    shutil.copy(TS, fresh)
    i18n.update(fresh)  # what lupdate finds in the code today
    assert messages(fresh) == messages(TS), "run scripts/i18n.py and translate the new texts"
    unfinished = [source for _, source, text, kind in messages(TS) if kind is not None or not text]
    assert unfinished == []


def test_translations_keep_every_placeholder() -> None:
    for context, source, text, _ in messages(TS):
        if context == "reasons" and source in REASONS:
            continue  # a refusal's key: its values are checked against its English (test_messages.py)
        assert sorted(_PLACEHOLDER.findall(text or "")) == sorted(_PLACEHOLDER.findall(source)), (
            context,
            source,
        )


def test_the_compiled_translation_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "zh_CN.qm"
    i18n.compile_qm(TS, compiled)
    assert compiled.read_bytes() == QM.read_bytes(), "run scripts/i18n.py"


def test_the_station_is_in_chinese_by_default_and_switches_to_english(
    qtbot: QtBot, station_app: StationApp, window: MainWindow
) -> None:
    assert station_app.prefs.language == "zh_CN"
    assert window.tabs.tabText(0) == "扫码登记"
    assert window.scan_screen.banner.title.text() == "请扫描试管标签"  # no tube is open yet
    station_app.set_language("en")
    english = station_app.window
    assert isinstance(english, MainWindow) and english is not window
    assert english.tabs.tabText(0) == "Scan"
    assert english.scan_screen.banner.title.text() == "Scan a tube label"
    station_app.set_language("zh_CN")
    assert isinstance(station_app.window, MainWindow)
    assert station_app.window.tabs.tabText(1) == "企业统计"
