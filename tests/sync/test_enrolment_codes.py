"""Enrolment codes name the server's configured address, whatever Host header the request carried,
and the addresses an operator configures are checked before anything is stored. A code can be typed
(twelve characters and the server's address) and still reaches only the server that made it, pinned;
the office lists the codes not used yet and cancels one, which then enrols nobody; codes made by the
previous release still work."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert

from registration.refusals import REASONS
from registration.storage import clock
from registration.storage.store import Store
from sync import admin_client, enrolment, typed_code
from sync.schema import BadEnrolmentCode, make_enrolment_code, parse_enrolment_code
from sync.server import db, devices
from sync.transport import ServerRefused
from tests.e2e.cli import run_main
from tests.sync.harness import FAST, SITE, ServerProcess, ServerThread, Station, credential, enrol_station

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


def code_id(code: str) -> str:
    """The public id of a whole code, as the office's list shows it."""
    return typed_code.code_id(typed_code.key(parse_enrolment_code(code)[1]))


def office_of(station: Station) -> admin_client.Server:
    with station.store.read() as conn:
        return admin_client.server(conn, station.path)


def server_url(path: Path) -> str:
    with Store(path) as store:
        return str(store.conn.execute("SELECT server_url FROM sync_state").fetchone()[0])


def test_a_typed_code_reaches_only_the_server_that_made_it_and_pins_its_certificate(
    https_server: tuple[ServerProcess, Path, str], tmp_path: Path
) -> None:
    server, server_db, pin = https_server
    made = run_main(
        "server", "enroll", "--db", server_db, "--site", "Park", "--checkpoint", "North", "--json",
        "--out", tmp_path / "code.png",
    )  # fmt: skip
    assert made.code == 0, made.stderr
    answer = made.json()
    typed, address = answer["typed"], answer["server"]
    assert len(typed) == 14 and typed.count("-") == 2  # the whole code: 52 characters and up
    assert address == server.url and answer["id"] == code_id(answer["code"])
    assert typed_code.parse(typed) == parse_enrolment_code(answer["code"])[1]

    # Given to a machine in the middle that answers for the code's id with an address of its own:
    # without the code it cannot tag that address, and the laptop sends the code nowhere.
    other = ServerThread(f"sqlite:///{tmp_path / 'other.db'}")
    forged = f"{other.url}#trusted"
    with db.writing(other.engine) as conn:
        conn.execute(
            insert(db.enrol_codes).values(
                code_hash=devices.digest("guessed"),
                site=SITE,
                checkpoint="North",
                role="station",
                created_ms=clock.now_ms(),
                expires_ms=clock.now_ms() + 3_600_000,
                code_id=answer["id"],
                address=forged,
                address_tag=typed_code.tag(typed_code.key(typed_code.new_secret()), forged),
            )
        )
    try:
        with pytest.raises(BadEnrolmentCode, match="made no such code"):
            enrolment.enroll(tmp_path / "lost.db", typed, server_url=other.url, backoff=FAST.backoff)
    finally:
        other.stop()
    assert not (tmp_path / "lost.db").exists()
    with pytest.raises(BadEnrolmentCode, match="needs the server's address"):
        enrolment.enroll(tmp_path / "lost.db", typed)

    # Typed as a person would (small letters, spaces, no scheme) to a self-signed server: the laptop
    # takes the address the code proves, its certificate pinned, before the code leaves it.
    laptop = tmp_path / "north.db"
    spoken = typed.lower().replace("-", " ")
    enrolled = enrolment.enroll(
        laptop, spoken, server_url=address.removeprefix("https://"), backoff=FAST.backoff
    )
    assert enrolled.answer.checkpoint == "North"
    assert server_url(laptop) == f"{server.url}#sha256={pin}"


def test_a_typed_code_is_read_as_a_person_types_it() -> None:
    secret = typed_code.new_secret()
    assert len(secret) == typed_code.LENGTH and set(secret) <= set(typed_code.ALPHABET)
    assert typed_code.grouped("K7QHM2XP9D4T") == "K7QH-M2XP-9D4T"
    for typed in (
        "K7QH-M2XP-9D4T",
        "k7qh m2xp 9d4t",
        " k7qhm2xp9d4t\n",
        "K7QH-M2XP-9D4T".replace("-", " - "),
    ):
        assert typed_code.parse(typed) == "K7QHM2XP9D4T", typed
    assert typed_code.parse("oIl0-0000-0000") == "011000000000"  # O read as 0, I and L as 1
    for not_typed in ("K7QH-M2XP-9D4", "K7QH-M2XP-9D4TT", "K7QU-M2XP-9D4T", "ABCDEFGHIJKLMNOP", ""):
        assert typed_code.parse(not_typed) is None, not_typed
    key = typed_code.key("K7QHM2XP9D4T")
    assert typed_code.ID.fullmatch(typed_code.code_id(key))
    tag = typed_code.tag(key, "https://10.0.0.2:8765#sha256=" + "ab" * 32)
    assert typed_code.proves(key, "https://10.0.0.2:8765#sha256=" + "ab" * 32, tag)
    assert not typed_code.proves(key, "https://10.0.0.2:8765#sha256=" + "cd" * 32, tag)
    assert not typed_code.proves(
        typed_code.key("K7QHM2XP9D4V"), "https://10.0.0.2:8765#sha256=" + "ab" * 32, tag
    )


def test_the_office_lists_the_unused_codes_and_a_cancelled_one_enrols_nobody(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    admin = office_of(site["admin"])
    west, office_code, used, brief = (
        admin_client.make_code(admin, "West"),
        admin_client.make_code(admin, None, admin=True),
        admin_client.make_code(admin, "Gate"),
        admin_client.make_code(admin, "Brief"),
    )
    enrolment.enroll(tmp_path / "gate.db", used.code, backoff=FAST.backoff)
    with db.writing(server.engine) as conn:  # another site's code, and one that expires at once
        elsewhere = devices.create_code(conn, "Harbour", "Quay", "station", clock.now_ms())
        conn.execute(
            db.enrol_codes.update()
            .where(db.enrol_codes.c.code_hash == devices.digest(parse_enrolment_code(brief.code)[1]))
            .values(expires_ms=clock.now_ms() - 1)
        )

    listed = admin_client.unused_codes(admin)
    assert listed.site == SITE
    assert {c.id: (c.checkpoint, c.role) for c in listed.codes} == {
        code_id(west.code): ("West", "station"),
        code_id(office_code.code): (None, "admin"),
    }
    assert all(c.expires_ms > c.created_ms for c in listed.codes)

    gone = admin_client.cancel_code(admin, code_id(west.code))
    assert (gone.cancelled, gone.checkpoint, gone.role) == (code_id(west.code), "West", "station")
    assert [c.id for c in admin_client.unused_codes(admin).codes] == [code_id(office_code.code)]
    with pytest.raises(ServerRefused) as refused:
        enrolment.enroll(tmp_path / "west.db", west.code, backoff=FAST.backoff)
    assert refused.value.status == 403 and refused.value.detail == REASONS["enrol.code_cancelled"]
    typed = admin_client.typed(west.code)
    with pytest.raises(ServerRefused) as refused_typed:  # its typed form is cancelled with it
        enrolment.enroll(tmp_path / "west.db", typed.code, server_url=typed.server, backoff=FAST.backoff)
    assert refused_typed.value.detail == REASONS["enrol.code_cancelled"]

    for gone_id, status, said in (
        (code_id(west.code), 400, "is already cancelled"),
        (code_id(used.code), 400, "was already used"),
        (code_id(brief.code), 400, "has expired"),
        (elsewhere.id, 404, "no enrolment code"),  # another site's: unknown to this office
        ("0123abcd", 404, "no enrolment code"),
    ):
        with pytest.raises(ServerRefused) as again:
            admin_client.cancel_code(admin, gone_id)
        assert again.value.status == status and said in again.value.detail, gone_id

    # The office's own code, typed on the laptop beside the office's.
    typed = admin_client.typed(office_code.code)
    assert typed.server == server.url
    joined = enrolment.enroll(
        tmp_path / "office2.db", typed.code, server_url=typed.server, backoff=FAST.backoff
    )
    assert joined.answer.role == "admin" and admin_client.unused_codes(admin).codes == []


def test_a_checkpoint_station_may_neither_list_nor_cancel_codes(
    server: ServerThread, site: dict[str, Station]
) -> None:
    code = admin_client.make_code(office_of(site["admin"]), "West")
    with site["South"].store.read() as conn:
        row = conn.execute("SELECT server_url, credential FROM sync_state").fetchone()
    station = admin_client.Server(row[0], row[1], site["South"].path)
    for call in (
        lambda: admin_client.unused_codes(station),
        lambda: admin_client.cancel_code(station, code_id(code.code)),
    ):
        with pytest.raises(ServerRefused) as refused:
            call()
        assert refused.value.status == 403
    anonymous = httpx.post(
        f"{server.url}{admin_client.ADMIN_PREFIX}/enrolment-codes/{code_id(code.code)}/cancel"
    )
    assert anonymous.status_code == 401
    assert [c.checkpoint for c in admin_client.unused_codes(office_of(site["admin"])).codes] == ["West"]


def test_a_code_made_by_the_previous_release_still_enrols_and_is_listed_by_its_hash(
    server: ServerThread, tmp_path: Path
) -> None:
    admin = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
    # 80 bits in RFC 4648 base 32, no id, no address: as the release before typed codes made them.
    old, other = "ABCDEFGHIJKLMNOP", "QRSTUVWXYZ234567"
    with db.writing(server.engine) as conn:
        for secret in (old, other):
            conn.execute(
                insert(db.enrol_codes).values(
                    code_hash=devices.digest(secret),
                    site=SITE,
                    checkpoint="South",
                    role="station",
                    created_ms=clock.now_ms(),
                    expires_ms=clock.now_ms() + 3_600_000,
                )
            )
    listed = {c.id for c in admin_client.unused_codes(office_of(admin)).codes}
    assert listed == {devices.digest(old)[:8], devices.digest(other)[:8]}
    admin_client.cancel_code(office_of(admin), devices.digest(other)[:8])
    enrolled = enrolment.enroll(
        tmp_path / "south.db", make_enrolment_code(server.url, old), backoff=FAST.backoff
    )
    assert enrolled.answer.checkpoint == "South"
    with pytest.raises(ServerRefused, match="cancelled"):
        enrolment.enroll(tmp_path / "south2.db", make_enrolment_code(server.url, other), backoff=FAST.backoff)
    admin.close()


def test_server_enroll_lists_and_cancels_codes_from_the_command_line(tmp_path: Path) -> None:
    server_db = tmp_path / "server.db"
    running = ServerThread(f"sqlite:///{server_db}")  # where the codes send laptops
    try:
        made = [
            run_main(
                "server", "enroll", "--site", "Park", "--checkpoint", name, "--db", server_db, "--json",
                "--out", tmp_path / f"{name}.png",
            ).json()
            for name in ("North", "South", "East")
        ]  # fmt: skip
        shown = run_main("server", "enroll", "--list", "--db", server_db)
        assert shown.code == 0, shown.stderr
        lines = shown.stdout.splitlines()
        assert lines[0].split() == ["id", "site", "checkpoint", "role", "made", "expires"]
        assert sorted(line.split()[0] for line in lines[1:]) == sorted(m["id"] for m in made)
        listed = run_main("server", "enroll", "--list", "--site", "Park", "--db", server_db, "--json").json()
        assert {c["id"]: c["checkpoint"] for c in listed} == {m["id"]: m["checkpoint"] for m in made}
        assert set(listed[0]) == {"id", "site", "checkpoint", "role", "created_at", "expires_at"}

        by_id = run_main("server", "enroll", "--cancel", made[0]["id"], "--db", server_db)
        assert by_id.code == 0, by_id.stderr
        assert (
            by_id.stdout == f"enrolment code {made[0]['id']} (Park / North) cancelled: it enrols nobody now\n"
        )
        by_code = run_main("server", "enroll", "--cancel", made[1]["typed"], "--db", server_db, "--json")
        assert by_code.code == 0 and by_code.json() == {
            "cancelled": made[1]["id"], "site": "Park", "checkpoint": "South", "role": "station"
        }  # fmt: skip
        for given, said in (
            (
                made[0]["id"],
                f"error: enrolment code {made[0]['id']} is already cancelled: there is nothing to cancel",
            ),
            (
                "ffffffff",
                "error: no enrolment code ffffffff on this server (server enroll --list shows the unused",
            ),
            ("not-a-code", "error: no enrolment code on this server"),
        ):
            refused = run_main("server", "enroll", "--cancel", given, "--db", server_db)
            assert refused.code == 2 and refused.stderr.startswith(said), refused.stderr
            assert refused.stderr.count("\n") == 1 and refused.stdout == ""
        mixed = run_main("server", "enroll", "--list", "--checkpoint", "North", "--db", server_db)
        assert mixed.code == 2 and mixed.stderr.count("\n") == 1
        listed = run_main("server", "enroll", "--list", "--db", server_db, "--json").json()
        assert [c["id"] for c in listed] == [made[2]["id"]]

        station = tmp_path / "north.db"
        cancelled = run_main("enroll", made[0]["code"], "--db", station, "--no-sync")
        assert cancelled.code == 2
        assert cancelled.stderr == f"error: {REASONS['enrol.code_cancelled']}\n" and not station.exists()
        east = run_main(
            "enroll", made[2]["typed"], "--server", made[2]["server"], "--db", tmp_path / "east.db", "--json"
        )
        assert east.code == 0, east.stderr
        assert east.json()["checkpoint"] == "East" and east.json()["server"] == running.url
        assert (
            run_main("server", "enroll", "--list", "--db", server_db).stdout == "no unused enrolment codes\n"
        )
    finally:
        running.stop()
