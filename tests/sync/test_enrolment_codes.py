"""Enrolment codes name the server's configured address, whatever Host header the request carried,
and the addresses an operator configures are checked before anything is stored."""

from __future__ import annotations

from pathlib import Path

import httpx

from sync import admin_client, enrolment
from sync.schema import parse_enrolment_code
from sync.server import db
from tests.e2e.cli import run_main
from tests.sync.harness import FAST, ServerThread, credential, enrol_station

ELSEWHERE = "attacker.example:8765"


def test_a_forged_host_header_changes_nothing_in_the_offices_codes(
    server: ServerThread, tmp_path: Path
) -> None:
    admin = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
    db.remember(server.engine, "listen_url", server.url)  # as `server` does once it listens

    def code_made_for(host: str) -> str:
        answer = httpx.post(
            f"{server.url}{admin_client.ADMIN_PREFIX}/enrolment-codes",
            json={"checkpoint": "South"},
            headers={
                "Authorization": f"Bearer {credential(admin)}",
                "Host": host,
                "X-Forwarded-Host": host,
                "X-Forwarded-Proto": "https",
            },
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["code"])

    forged = code_made_for(ELSEWHERE)
    assert parse_enrolment_code(forged)[0] == server.url
    enrolled = enrolment.enroll(tmp_path / "south.db", forged, backoff=FAST.backoff)
    assert enrolled.server_url == server.url and enrolled.answer.checkpoint == "South"

    # The address set with `server init --url` wins over where it listens and over any request.
    db.remember(server.engine, "public_url", "http://10.0.0.2:8765#trusted")
    assert parse_enrolment_code(code_made_for(ELSEWHERE))[0] == "http://10.0.0.2:8765#trusted"
    with admin.store.read() as conn:
        made = admin_client.make_code(admin_client.server(conn, admin.path), "East")
    assert parse_enrolment_code(made.code)[0] == "http://10.0.0.2:8765#trusted"
    admin.close()


def test_an_address_no_station_could_use_is_refused_in_one_line_before_anything_is_stored(
    tmp_path: Path,
) -> None:
    server_db = tmp_path / "server.db"
    for url in (
        "ftp://10.0.0.2/",
        "10.0.0.2:8765",
        "https://10.0.0.2:99999",
        "https://10.0.0.2#sha256=short",
    ):
        refused = run_main("server", "init", "--site", "Park", "--url", url, "--db", server_db)
        assert refused.code == 2, (url, refused.stderr)
        assert refused.stderr.startswith("error: the server address (--url) is not usable")
        assert refused.stderr.count("\n") == 1 and not server_db.exists()
    made = run_main(
        "server", "init", "--site", "Park", "--url", "https://sync.example.org/", "--db", server_db
    )
    assert made.code == 0, made.stderr
    png = tmp_path / "code.png"
    code = run_main("server", "enroll", "--checkpoint", "North", "--db", server_db, "--out", png, "--json")
    assert code.code == 0, code.stderr
    assert parse_enrolment_code(code.json()["code"])[0] == "https://sync.example.org"
    wrong = run_main(
        "server", "enroll", "--checkpoint", "North", "--url", "sync.example.org", "--db", server_db
    )
    assert wrong.code == 2 and "(--url) is not usable" in wrong.stderr
