"""Decompression bombs: a bundle of about a megabyte that inflates to a gigabyte is refused by
``server import`` with one line naming the file and the cap, while the importing process stays
small; the caps on all lines together, on their number and on the file hold too."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from registration.storage import clock
from sync import bundle, sealing, signing
from sync.bundle import BadBundle
from sync.schema import BUNDLE_FORMAT, PROTOCOL_VERSION, BundleHeader
from sync.server import campaigns, db, imports
from tests.e2e.cli import ROOT

MiB = 1024 * 1024
GiB = 1024 * MiB
SITE = "Park"
# What the importing process may grow to: the interpreter and its libraries take about 100 MB.
PEAK_LIMIT_KB = 300 * 1024


def header(site: str = SITE) -> bytes:
    """A header line as a laptop of ``site`` writes it."""
    key = signing.new_key()
    made = BundleHeader(
        format=BUNDLE_FORMAT,
        protocol=PROTOCOL_VERSION,
        site=site,
        device=clock.uuid7(),
        checkpoint="North",
        exported_at="2024-05-01T08:00:00+08:00",
        events=1,
        public_key=signing.public_hex(key),
    )
    return made.model_dump_json().encode() + b"\n"


def bomb(path: Path, head: bytes, size: int) -> Path:
    """``head`` then ``size`` bytes of one repeated byte on one line, gzip-compressed: built from one
    compressed piece written again and again (gzip members in a row read as one stream)."""
    piece = gzip.compress(b"a" * (16 * MiB), compresslevel=9)
    with path.open("wb") as f:
        if head:
            f.write(gzip.compress(head))
        for _ in range(size // (16 * MiB)):
            f.write(piece)
    return path


def server_db(tmp_path: Path) -> Path:
    path = tmp_path / "server.db"
    engine = db.open_engine(f"sqlite:///{path}")
    with db.writing(engine) as conn:
        campaigns.init_site(conn, SITE, ["North"], None, clock.now_ms())
    engine.dispose()
    return path


def import_measured(file: Path, database: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """``main.py server import`` run by a process of its own that then reads its child's peak
    memory (kB): nothing else this test run started counts."""
    runner = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(done.returncode, peak)\n"
        "sys.stdout.write(done.stdout)\n"
        "sys.stderr.write(done.stderr)\n"
    )
    command = [sys.executable, str(ROOT / "main.py"), "server", "import", str(file), "--db", str(database)]
    ran = subprocess.run(
        [sys.executable, "-c", runner, *command], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    first, _, rest = ran.stdout.partition("\n")
    code, peak = map(int, first.split())
    return subprocess.CompletedProcess(command, code, rest, ran.stderr), peak


def test_a_header_line_inflating_to_a_gigabyte_is_refused_small(tmp_path: Path) -> None:
    made = bomb(tmp_path / "bomb.bundle", b"", GiB)
    assert made.stat().st_size < 2 * MiB
    done, peak = import_measured(made, server_db(tmp_path))
    assert done.returncode == 2, done.stderr
    assert f"{made}: its header line is over the cap of {bundle.MAX_HEADER} bytes" in done.stderr
    assert "Traceback" not in done.stderr
    assert peak < PEAK_LIMIT_KB, f"the import grew to {peak // 1024} MB"


def test_an_event_line_inflating_to_a_gigabyte_is_refused_small(tmp_path: Path) -> None:
    made = bomb(tmp_path / "bomb.bundle", header(), GiB)
    assert made.stat().st_size < 2 * MiB
    done, peak = import_measured(made, server_db(tmp_path))
    assert done.returncode == 2, done.stderr
    assert f"{made}: line 2 is over the cap of {bundle.MAX_LINE} bytes" in done.stderr
    assert "Traceback" not in done.stderr
    assert peak < PEAK_LIMIT_KB, f"the import grew to {peak // 1024} MB"


def lines_file(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(gzip.compress(b"".join(lines)))
    return path


def test_lines_within_their_cap_are_still_capped_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "MAX_TOTAL", 10_000)
    event = json.dumps({"pad": "x" * 900}).encode() + b"\n"
    made = lines_file(tmp_path / "long.bundle", [header(), *[event] * 20])
    with pytest.raises(BadBundle, match=f"over the cap of {bundle.MAX_TOTAL} bytes decompressed"):
        bundle.verify(made, "00" * 32)


def test_a_flood_of_tiny_lines_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "MAX_LINES", 100)
    made = lines_file(tmp_path / "tiny.bundle", [header(), *[b"\n"] * 200])
    with pytest.raises(BadBundle, match="over the cap of 100 lines"):
        bundle.verify(made, "00" * 32)


def test_a_sealed_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    made = tmp_path / "huge.bundle"
    with made.open("wb") as f:  # sparse: nothing of its size is written
        f.write(sealing.MAGIC)
        f.truncate(bundle.MAX_FILE + 1)
    engine = db.open_engine(f"sqlite:///{server_db(tmp_path)}")
    try:
        with pytest.raises(BadBundle, match=f"over the cap of {bundle.MAX_FILE} bytes for a bundle file"):
            imports.import_bundle(engine, made, clock.now_ms())
    finally:
        engine.dispose()


def test_a_bundle_within_the_caps_reads_as_before(tmp_path: Path) -> None:
    lines = [header(), b"\n", b'{"event": 1}\n', b'{"signature": "x"}\n']
    made = lines_file(tmp_path / "plain.bundle", lines)
    assert bundle.read_header(made).site == SITE
    assert list(bundle.event_lines(made)) == [(2, '{"event": 1}\n')]
