"""Moving a site from the SQLite server to another database (PostgreSQL too) through main.py:
devices, roles and every event come along, and reconciliation is the same on the new server."""

from __future__ import annotations

import argparse
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cli import sync as cli
from registration.sampling import registrations
from registration.setup import campaign, exemptions, rosters
from registration.storage import clock
from sync import client, enrolment
from sync.server import db, devices, moves
from tests.e2e.cli import run_main
from tests.sync.harness import (
    SITE,
    ServerProcess,
    ServerThread,
    Station,
    assert_converged,
    credential,
    enrol_station,
    ids,
    open_site,
    server_events,
    setup_round,
    sync_all,
)
from tests.sync.test_tls import ONCE

ROUNDS = ("R1", "R2", "R3")


def _figures(server: ServerThread, station: Station) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {credential(station)}"}
    out = {}
    for name in ROUNDS:
        answer = httpx.get(f"{server.url}/v1/rounds/{name}/reconciliation", headers=headers)
        assert answer.status_code == 200, answer.text
        out[name] = answer.json()
    return out


def _campaign(stations: dict[str, Station]) -> None:
    """Three rounds: a roster, exemptions, registrations at two checkpoints, a void."""
    admin, south, east = stations["admin"], stations["South"], stations["East"]
    people = ids(24, start=2000)
    for n, person in enumerate(people[:20]):
        rosters.add_person(admin.store, rosters.Person(person, f"Worker {n}", ["Acme", "Bolt"][n % 2]))
    for number, name in enumerate(ROUNDS):
        if number:
            campaign.close_round(admin.store, ROUNDS[number - 1])
        campaign.open_round(admin.store, name)
        exemptions.set_exemption(admin.store, people[number], name, "away")
        sync_all(list(stations.values()))
        for person in people[3 + number : 10 + number]:
            south.register(person, name)
        for person in [*people[12 + number : 16], people[20 + number]]:
            east.register(person, name)
        sync_all(list(stations.values()))
    live = south.store.conn.execute(
        "SELECT event FROM registrations WHERE device = ? AND round = 'R3' LIMIT 1", (south.device,)
    ).fetchone()[0]
    registrations.void(south.store, live, "wrong person")
    sync_all(list(stations.values()))


def _main(*args: str, cwd: Path) -> Any:
    done = run_main(*args, "--json", cwd=cwd)
    assert done.code == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "database_url",
    [pytest.param("sqlite", marks=pytest.mark.slow), pytest.param("postgres", marks=pytest.mark.postgres)],
    indirect=True,
)
def test_a_three_round_campaign_moves_to_another_server(database_url: str, tmp_path: Path) -> None:
    old_url = f"sqlite:///{tmp_path / 'old.db'}"
    old = ServerThread(old_url)
    open_site(old.engine, ["South", "East"])
    stations = {"admin": enrol_station(tmp_path, old.engine, old.url, "", admin=True)}
    for name in ("South", "East"):
        stations[name] = enrol_station(tmp_path, old.engine, old.url, name)
    try:
        _campaign(stations)
        before = _figures(old, stations["South"])
        held = server_events(old.engine)
        with db.reading(old.engine) as conn:
            listed = [(d.device, d.checkpoint, d.role, d.revoked) for d in devices.list_devices(conn, SITE)]
    finally:
        old.stop()

    moved_file = tmp_path / "park.site"
    exported = _main(
        "server", "site-export", "--out", str(moved_file), "--database-url", old_url, cwd=tmp_path
    )
    assert exported["events"] == len(held) and exported["devices"] == 3
    imported = _main("server", "site-import", str(moved_file), "--database-url", database_url, cwd=tmp_path)
    assert imported == {"site": SITE, "devices": 3, "events": len(held)}
    again = run_main("server", "site-import", str(moved_file), "--database-url", database_url, cwd=tmp_path)
    assert again.code == 2 and "already on this server" in again.stderr

    new = ServerThread(database_url)
    try:
        assert server_events(new.engine) == held
        with db.reading(new.engine) as conn:
            assert [
                (d.device, d.checkpoint, d.role, d.revoked) for d in devices.list_devices(conn, SITE)
            ] == listed
        assert _figures(new, stations["East"]) == before
        # The stations keep their credentials: only the address changes. The office's reference
        # data is accepted on the new server (its role came along), and everyone converges.
        for station in (stations["admin"], stations["East"]):
            with station.store.write() as conn:
                conn.execute("UPDATE sync_state SET server_url = ?", (new.url,))
        south = stations["South"]
        moved = _main("sync", "--once", "--server", new.url, "--db", str(south.path), cwd=tmp_path)
        assert moved["pushed"] == 0 and moved["waiting"] == 0
        campaign.open_round(stations["admin"].store, "R4")
        assert stations["admin"].sync().refused == 0
        sync_all(list(stations.values()))
        stations["South"].register(ids(1, start=2100)[0], "R4")
        sync_all(list(stations.values()))
        assert all(client.status(s.store.conn).refusals == [] for s in stations.values())
        assert_converged(new.engine, list(stations.values()))
    finally:
        for station in stations.values():
            station.close()
        new.stop()


def _south_registrations(engine: Any, south: Station) -> int:
    return sum(1 for row in server_events(engine) if row[1] == south.device and row[4] == "registration")


@pytest.fixture
def old_site(tmp_path: Path) -> Iterator[tuple[ServerThread, str, Station]]:
    """An SQLite server whose station South has pushed one registration."""
    old_url = f"sqlite:///{tmp_path / 'old.db'}"
    old = ServerThread(old_url)
    open_site(old.engine, ["South"])
    admin = enrol_station(tmp_path, old.engine, old.url, "", admin=True)
    setup_round(admin)
    admin.sync()
    south = enrol_station(tmp_path, old.engine, old.url, "South")
    south.sync()
    south.register(ids(1, start=3000)[0])
    south.sync()
    admin.close()
    yield old, old_url, south
    south.close()
    old.stop()


def test_after_a_site_export_the_old_server_refuses_and_the_new_one_gets_every_registration(
    old_site: tuple[ServerThread, str, Station], database_url: str, tmp_path: Path
) -> None:
    old, old_url, south = old_site
    moved_file = tmp_path / "park.site"
    _main("server", "site-export", "--out", str(moved_file), "--database-url", old_url, cwd=tmp_path)
    for person in ids(2, start=3001):
        south.register(person)
    waiting = south.outbox()
    refused = run_main("sync", "--once", "--db", str(south.path), cwd=tmp_path)
    assert refused.code == 2 and "site Park has moved to another server" in refused.stderr
    assert "sync --server" in refused.stderr and refused.stderr.count("\n") == 1
    status = _main("sync", "status", "--db", str(south.path), cwd=tmp_path)
    assert status["waiting"] == waiting > 0 and "has moved" in status["last_error"]
    assert _south_registrations(old.engine, south) == 1

    _main("server", "site-import", str(moved_file), "--database-url", database_url, cwd=tmp_path)
    new = ServerThread(database_url)
    try:
        done = _main("sync", "--once", "--server", new.url, "--db", str(south.path), cwd=tmp_path)
        assert (done["pushed"], done["waiting"]) == (waiting, 0)
        assert _south_registrations(new.engine, south) == 3
    finally:
        new.stop()


def test_events_the_old_server_took_after_the_export_are_sent_again_to_the_new_server(
    old_site: tuple[ServerThread, str, Station], tmp_path: Path
) -> None:
    old, old_url, south = old_site
    moved_file = tmp_path / "park.site"
    _main("server", "site-export", "--out", str(moved_file), "--database-url", old_url, cwd=tmp_path)
    # Pushes that passed the moved check just before the export marked the site: stored on the old
    # server only, and gone from the station's outbox.
    with db.writing(old.engine) as conn:
        conn.execute(db.settings.delete().where(db.settings.c.key.like("moved:%")))
    for person in ids(2, start=3001):
        south.register(person)
    south.sync()
    assert (south.outbox(), _south_registrations(old.engine, south)) == (0, 3)

    new_url = f"sqlite:///{tmp_path / 'new.db'}"
    _main("server", "site-import", str(moved_file), "--database-url", new_url, cwd=tmp_path)
    new = ServerThread(new_url)
    try:
        assert _south_registrations(new.engine, south) == 1
        done = _main("sync", "--once", "--server", new.url, "--db", str(south.path), cwd=tmp_path)
        assert done["pushed"] > 0 and done["waiting"] == 0
        assert _south_registrations(new.engine, south) == 3
        assert {row for row in server_events(new.engine) if row[1] == south.device} == south.own_events()
    finally:
        new.stop()


def test_the_mark_names_the_new_address_and_a_failed_export_leaves_the_site_syncing(
    old_site: tuple[ServerThread, str, Station], tmp_path: Path
) -> None:
    old, _, _ = old_site
    with pytest.raises(IsADirectoryError):
        moves.export_site(old.engine, SITE, tmp_path, clock.now_ms(), "https://new.example:8765")
    moves.check_not_moved(old.engine, SITE)  # still served here
    out = tmp_path / "exports" / "park.site"
    moves.export_site(old.engine, SITE, out, clock.now_ms(), "https://new.example:8765")
    with pytest.raises(moves.SiteMoved, match=r"moved to https://new\.example:8765 .*sync --server https"):
        moves.check_not_moved(old.engine, SITE)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and stat.S_IMODE(out.parent.stat().st_mode) == 0o700


def test_sync_server_keeps_the_pinned_certificate_unless_the_new_address_pins_its_own(
    https_server: tuple[ServerProcess, Path, str], tmp_path: Path
) -> None:
    server, server_db, pin = https_server
    made = run_main(
        "server", "enroll", "--db", server_db, "--site", "Park", "--checkpoint", "North", "--json",
        "--out", tmp_path / "code.png",
    )  # fmt: skip
    path = tmp_path / "station.db"
    enrolment.enroll(path, made.json()["code"], backoff=ONCE)
    # The same server under another name: the pin, not the name, is what the station checks.
    moved_to = server.url.replace("127.0.0.1", "localhost")
    done = run_main("sync", "--once", "--server", moved_to, "--db", path, "--json")
    assert done.code == 0, done.stderr
    assert (
        _main("sync", "status", "--db", str(path), cwd=tmp_path)["server_url"] == f"{moved_to}#sha256={pin}"
    )
    other = "ab" * 32
    cli._move_to(argparse.Namespace(db=path, key_file=None), f"{moved_to}/#sha256={other}")
    assert (
        _main("sync", "status", "--db", str(path), cwd=tmp_path)["server_url"] == f"{moved_to}#sha256={other}"
    )
