"""Moving a site from the SQLite server to another database (PostgreSQL too) through main.py:
devices, roles and every event come along, and reconciliation is the same on the new server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from registration import campaign, exemptions, registrations, rosters
from sync import client
from sync.server import db, devices
from tests.e2e.cli import run_main
from tests.sync.harness import (
    SITE,
    ServerThread,
    Station,
    assert_converged,
    credential,
    enrol_station,
    ids,
    open_site,
    server_events,
    sync_all,
)

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
