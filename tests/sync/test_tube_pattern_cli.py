"""``server init --tube-pattern``: any pattern RE2 runs is taken, even one that would hang a
backtracking engine; one RE2 cannot run is refused in one line (exit 2) and changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from sync.server import db
from tests.e2e.cli import run_main


def test_a_pattern_re2_cannot_run_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    server_db = tmp_path / "server.db"
    for pattern in (r"(a)\1", "(?=a)", "T\udcff"):  # the last: bytes no UTF-8 holds, as a shell may pass
        refused = run_main("server", "init", "--site", "Park", "--tube-pattern", pattern, "--db", server_db)
        assert refused.code == 2, refused.stderr
        assert refused.stderr.startswith("error: tube pattern") and refused.stderr.count("\n") == 1
        assert not server_db.exists()
    made = run_main(
        "server", "init", "--site", "Park", "--tube-pattern", "(a+)+$", "--db", server_db, "--json"
    )
    assert made.code == 0, made.stderr
    assert made.json()["tube_pattern"] == "(a+)+$"
    other = run_main("server", "init", "--site", "Lake", "--tube-pattern", "(?<=a)b", "--db", server_db)
    assert other.code == 2 and other.stderr.startswith("error: tube pattern")
    engine = db.open_engine(f"sqlite:///{server_db}")
    try:
        with db.reading(engine) as conn:
            sites = conn.execute(select(db.sites.c.site, db.sites.c.tube_pattern)).all()
    finally:
        engine.dispose()
    assert [tuple(s) for s in sites] == [("Park", "(a+)+$")]
