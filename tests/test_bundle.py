"""The packaged station: scripts/build.sh builds the one-folder bundle and smoke-tests it where no
Python is installed (the demo offscreen, and `register` answering as the source tree does)."""

from __future__ import annotations

import subprocess
import tarfile

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_the_linux_bundle_builds_and_runs_without_python() -> None:
    done = subprocess.run(
        ["scripts/build.sh"], cwd=ROOT, capture_output=True, text=True, timeout=1700, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "smoke: demo: " in done.stdout
    assert "smoke: register answers as the source tree does" in done.stdout

    bundle = ROOT / "dist" / "testpoint"
    internal = bundle / "_internal"
    assert (bundle / "testpoint").stat().st_mode & 0o111
    assert sorted(p.name for p in (internal / "assets" / "sounds").glob("*.wav"))
    assert (internal / "ui" / "i18n" / "zh_CN.qm").is_file()
    assert (internal / "ui" / "i18n" / "zh_CN.ts").is_file()  # the command line's Chinese

    assert list((internal / "assets" / "fonts").glob("*.tt[cf]")), "no Chinese font for badges"
    assert "Exec=@BUNDLE@/testpoint" in (bundle / "testpoint.desktop").read_text(encoding="utf-8")
    archives = list((ROOT / "dist").glob("testpoint-linux-*.tar.gz"))
    with tarfile.open(archives[0]) as archive:
        assert "testpoint/testpoint" in archive.getnames()
