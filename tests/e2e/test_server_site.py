"""``server --site S``: starting the server is the park's only shell command. It makes the site when
new, and until the campaign office's laptop is enrolled prints at each start a one-time code for it
(typed form, file, QR code PNG), the code of the start before cancelled; the laptop enrols with it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from registration.refusals import REASONS
from sync import admin_client, enrolment
from sync.transport import ServerRefused
from tests.sync.harness import FAST, ServerProcess

from .cli import run_main

TYPED = re.compile(r"^type on the office laptop: (\w{4}-\w{4}-\w{4}) with the server (\S+)$")


def office_code(server: ServerProcess) -> tuple[str, str]:
    """The typed code and the server's address, read from the lines the start printed."""
    found = TYPED.match(server.line_starting("type on the office laptop: "))
    assert found is not None
    return found[1], found[2]


def start(folder: Path, *args: str) -> ServerProcess:
    return ServerProcess(f"sqlite:///{folder / 'server.db'}", *args, log=folder.parent / "server.log")


def test_the_code_printed_at_start_enrols_the_office_laptop_and_then_none_is_made(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    server = start(folder, "--site", "Park")
    try:
        typed, address = office_code(server)
        assert address == server.url
        assert "site Park created; checkpoints: none yet (the campaign office adds them)" in server.said
        # The whole code beside the database, as a file and as a QR code, each for its owner only.
        saved, png = folder / "enrol-Park-admin.txt", folder / "enrol-Park-admin.png"
        opened = server.line_starting("or open the code's file on it: ")  # read by now, or waited for
        assert opened == f"or open the code's file on it: {saved}; or show its webcam the QR code: {png}"
        assert saved.stat().st_mode & 0o777 == 0o600 and png.stat().st_mode & 0o777 == 0o600
        whole = enrolment.read_code_file(saved)
        assert admin_client.typed(whole) == admin_client.Typed(typed, address)
        [decoded] = zxingcpp.read_barcodes(Image.open(png))
        assert decoded.text == whole

        office = tmp_path / "office" / "station.db"
        enrolled = enrolment.enroll(office, typed.lower(), server_url=address, backoff=FAST.backoff)
        assert (enrolled.answer.site, enrolled.answer.role) == ("Park", "admin")
        assert not enrolled.answer.checkpoint  # the office's laptop belongs to the site
        assert enrolled.server_url == server.url
        # A site with no checkpoint yet: the office's laptop syncs with it all the same.
        synced = run_main("sync", "--once", "--db", office, "--json")
        assert synced.code == 0, synced.stderr
    finally:
        server.stop()

    # The office's laptop is enrolled: the next start says nothing more and makes no code.
    server.start()
    server.stop()
    assert server.said == []
    listed = run_main("server", "enroll", "--list", "--db", folder / "server.db", "--json")
    assert listed.code == 0 and listed.json() == []


def test_with_json_the_start_is_one_object_naming_the_site_and_the_office_code(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    server = start(folder, "--site", "Park", "--json")
    try:
        started = server.started
        assert started is not None and started["serving"] == server.url
        assert (started["site"], started["site_created"]) == ("Park", True)
        code = started["office_code"]
        assert code["server"] == server.url
        assert (code["file"], code["qr"]) == (
            str(folder / "enrol-Park-admin.txt"),
            str(folder / "enrol-Park-admin.png"),
        )
        assert admin_client.typed(enrolment.read_code_file(Path(code["file"]))).code == code["typed"]
        office = tmp_path / "office" / "station.db"
        enrolled = enrolment.enroll(office, code["typed"], server_url=code["server"], backoff=FAST.backoff)
        assert enrolled.answer.role == "admin"
    finally:
        server.stop()
    # Enrolled: the next start names the site, made before, and no code.
    server.start()
    server.stop()
    assert server.started == {
        "serving": server.url,
        "site": "Park",
        "site_created": False,
        "office_code": None,
    }


def test_a_restart_before_the_office_enrols_cancels_the_code_it_printed_before(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    server = start(folder, "--site", "Park")
    try:
        first, _ = office_code(server)
        saved = folder / "enrol-Park-admin.txt"
        first_whole = enrolment.read_code_file(saved)
        server.stop()
        server.start()
        second, address = office_code(server)
        assert second != first
        assert not [line for line in server.said if line.startswith("site Park created")]
        # One unused code for the office, not one per start.
        listed = run_main("server", "enroll", "--list", "--db", folder / "server.db", "--json")
        assert [(c["role"], c["checkpoint"]) for c in listed.json()] == [("admin", None)]
        # Sent to the server at its new port (port 0 here; a park's server keeps its port).
        with pytest.raises(ServerRefused) as refused:
            enrolment.enroll(tmp_path / "old.db", first_whole, server_url=address, backoff=FAST.backoff)
        assert refused.value.detail == REASONS["enrol.code_cancelled"]
        # The file holds the code printed last.
        whole = enrolment.read_code_file(saved)
        assert admin_client.typed(whole).code == second
        enrolled = enrolment.enroll(tmp_path / "office.db", whole, backoff=FAST.backoff)
        assert enrolled.answer.role == "admin"
    finally:
        server.stop()


def test_a_revoked_office_laptop_gets_a_new_code_at_the_next_start(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    server = start(folder, "--site", "Park")
    try:
        typed, address = office_code(server)
        lost = enrolment.enroll(tmp_path / "lost.db", typed, server_url=address, backoff=FAST.backoff)
    finally:
        server.stop()
    revoked = run_main("server", "revoke", lost.answer.device, "--db", folder / "server.db")
    assert revoked.code == 0, revoked.stderr
    server.start()
    try:
        again, address = office_code(server)
        enrolled = enrolment.enroll(tmp_path / "office.db", again, server_url=address, backoff=FAST.backoff)
        assert enrolled.answer.role == "admin"
    finally:
        server.stop()


def test_without_a_site_the_server_starts_as_it_always_did(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    server = start(folder)
    server.stop()
    assert server.said == []
    with sqlite3.connect(folder / "server.db") as conn:
        assert conn.execute("SELECT count(*) FROM sites").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM enrol_codes").fetchone() == (0,)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("enrol-")) == []


def test_the_address_given_at_start_is_the_one_later_codes_name(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    server = start(folder, "--url", "http://park.example:8765#trusted")
    server.stop()
    assert server.said == []
    made = run_main(
        "server", "enroll", "--site", "Park", "--checkpoint", "North", "--db", folder / "server.db", "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert made.code == 0, made.stderr
    assert made.json()["server"] == "http://park.example:8765"


def test_a_site_the_server_cannot_use_is_refused_before_it_listens(tmp_path: Path) -> None:
    refused = run_main("server", "--site", " ", "--db", tmp_path / "server.db", "--port", "0")
    assert refused.code == 2 and refused.stderr == "error: site name must be 1 to 64 printable characters\n"
    assert refused.stdout == "" and not (tmp_path / "server.db").exists()
    refused = run_main(
        "server", "--site", "Park", "--url", "ftp://x", "--db", tmp_path / "server.db", "--port", "0"
    )
    assert refused.code == 2 and "the server address (--url) is not usable" in refused.stderr
    assert not (tmp_path / "server.db").exists()
