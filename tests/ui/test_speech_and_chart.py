"""Spoken feedback through Qt's text-to-speech and the progress chart through Qt Charts."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QBarSeries, QLineSeries
from pytestqt.qtbot import QtBot

from registration.reports.progress import Progress
from registration.sampling.registrations import Status
from registration.setup.sample_park import DemoCampaign
from tests.ui.test_scan_screen import wedge_scan
from ui.app import StationApp
from ui.main_window import MainWindow
from ui.progress_chart import ProgressChart
from ui.speech import Speech, announcement, chinese_number


@pytest.mark.parametrize(
    ("n", "spoken"),
    [(1, "一"), (5, "五"), (10, "十"), (12, "十二"), (20, "二十"), (47, "四十七"), (100, "100")],
)
def test_tube_positions_are_read_out_in_chinese_numerals(n: int, spoken: str) -> None:
    assert chinese_number(n) == spoken


def test_the_announcement_is_the_name_then_the_position() -> None:
    assert announcement("吴磊", 5) == "吴磊，五号"
    assert announcement("", 3) == "三号"
    assert announcement("吴磊", None) == "吴磊"


@pytest.fixture
def mock_voice(station_app: StationApp) -> Speech:
    """Qt's test engine in place of a real voice: it takes the text as a voice would, silently."""
    speech = Speech(engine="mock", parent=station_app)
    assert speech.voice is not None and speech.can_speak
    station_app.services.sounds.speech = speech
    station_app.services.sounds.speak_names = True
    return speech


def test_a_registration_says_the_name_and_tube_position(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, mock_voice: Speech
) -> None:
    synthesised: list[int] = []
    mock_voice.voice.aboutToSynthesize.connect(synthesised.append)
    assert wedge_scan(qtbot, window, campaign.tubes[0]).outcome.status is Status.TUBE_OPENED
    assert mock_voice.said == []  # a tube says nothing: only people are announced

    first = wedge_scan(qtbot, window, campaign.codes[0])
    second = wedge_scan(qtbot, window, campaign.codes[1])
    assert first.outcome.status is second.outcome.status is Status.REGISTERED
    names = [scan.outcome.person["name"] for scan in (first, second) if scan.outcome.person]
    assert mock_voice.said == [f"{names[0]}，一号", f"{names[1]}，二号"]
    qtbot.waitUntil(lambda: len(synthesised) >= 1, timeout=5000)

    again = wedge_scan(qtbot, window, campaign.codes[0])
    assert again.outcome.status is Status.ALREADY_REGISTERED
    assert len(mock_voice.said) == 2  # a repeat is not announced as a registration


def test_the_setting_turns_speech_off(
    qtbot: QtBot, window: MainWindow, station_app: StationApp, campaign: DemoCampaign, mock_voice: Speech
) -> None:
    station_app.services.sounds.speak_names = False
    wedge_scan(qtbot, window, campaign.tubes[0])
    assert wedge_scan(qtbot, window, campaign.codes[0]).outcome.status is Status.REGISTERED
    assert mock_voice.said == []


def test_the_mock_engine_hears_the_words_of_a_latin_name(qtbot: QtBot) -> None:
    # Qt's test engine splits text at word boundaries, which Latin text has: proof that the
    # text reaches the engine whole, not just our own record of it.
    speech = Speech(engine="mock")
    words: list[str] = []
    speech.voice.sayingWord.connect(lambda word, *_: words.append(word))
    speech.say(announcement("Wu Lei", None))
    qtbot.waitUntil(lambda: words == ["Wu", "Lei"], timeout=5000)


def test_the_progress_chart_shows_the_hours_and_the_expected_line(qtbot: QtBot) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    progress = Progress(["2026-11-29 08:00", "2026-11-29 09:00", "2026-11-29 10:00"], [12, 40, 55])
    chart.show_progress(progress, 80)
    series = chart.chart().series()
    bars = next(s for s in series if isinstance(s, QBarSeries))
    assert [bars.barSets()[0].at(i) for i in range(3)] == [12.0, 40.0, 55.0]
    line = next(s for s in series if isinstance(s, QLineSeries))
    assert {point.y() for point in line.points()} == {80.0}

    chart.show_progress(Progress([], []), 0)
    assert not any(isinstance(s, QLineSeries) for s in chart.chart().series())
    assert chart.tr("Nobody tested yet") in chart.chart().title()
