"""``python main.py --demo`` as a newcomer runs it: the station opens on a demo campaign and registers
the people of the generated video, then quits by itself."""

from __future__ import annotations

import re
from pathlib import Path

from registration.setup.sample_park import video_script
from tests.e2e.cli import run_process

# The sixth person shows a yellow code: registered into a single tube of their own, sealed at once.
PEOPLE = 6
SECONDS = 120  # a bound on a station that never gets there, not a wait


def test_the_demo_station_registers_the_people_in_its_video(tmp_path: Path) -> None:
    assert video_script([str(n) for n in range(PEOPLE)])[PEOPLE - 1][1] == "yellow"
    # A home of its own: the demo must not need (or touch) the user's settings or data.
    home = {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = run_process(
        "--demo",
        "--quit-after-registrations",
        PEOPLE,
        "--quit-after",
        SECONDS,
        env=home,
        timeout=SECONDS + 60,
    )
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    found = re.search(r"demo: (\d+) people registered, (\d+) tubes sealed", result.stdout)
    assert found, result.stdout + result.stderr
    registered, sealed = int(found[1]), int(found[2])
    assert registered >= PEOPLE
    assert sealed >= 1  # the single tube of the yellow code, at least
    assert not (tmp_path / "config" / "testpoint").exists()
