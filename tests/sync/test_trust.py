"""The server's trust boundary, tried as a hostile laptop would: who may send which event kind,
on whose records, with what body; enrolment codes and device ids; sequence numbers."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select, update

from registration.reports import reconcile
from registration.sampling import registrations
from registration.setup import campaign, rosters
from registration.setup.campaign import CampaignError
from registration.storage import bodies, clock
from sync import bundle, client, signing
from sync.bundle import BadBundle
from sync.schema import PROTOCOL_VERSION, WireEvent
from sync.server import campaigns, db, devices, eventlog, imports
from tests.sync.harness import (
    ROUND,
    SITE,
    ServerThread,
    Station,
    credential,
    enrol_station,
    ids,
    new_code,
    next_seq,
    push,
    server_events,
    sync_all,
    wire_event,
)

TUBE = "TBTRUST000001"


def _results(answer: httpx.Response) -> list[dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def _one(server: ServerThread, station: Station, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """Push one hand-made event; the server holds it exactly when it answers ``stored``."""
    event = wire_event(station.device, next_seq(station), kind, body)
    [result] = _results(push(server.url, station, [event]))
    held = {row[0] for row in server_events(server.engine)}
    assert (event["id"] in held) == (result["status"] == "stored")
    return result


REFERENCE_BODIES: dict[str, dict[str, Any]] = {
    "round.opened": {"name": "R9", "pool_size": 10},
    "round.closed": {"name": ROUND},
    "exemption.set": {"round": ROUND, "person": ids(1)[0], "reason": "away", "note": None},
    "exemption.cleared": {"round": ROUND, "person": ids(1)[0]},
    "tube.result": {"tube": TUBE, "result": "positive"},
    "enterprise.upserted": {"name": "Acme", "reported": 10, "contact": None, "phone": None},
    "checkpoint.added": {"name": "West"},
}


def test_reference_data_only_from_the_office(server: ServerThread, site: dict[str, Station]) -> None:
    south, admin = site["South"], site["admin"]
    for kind, body in REFERENCE_BODIES.items():
        result = _one(server, south, kind, body)
        assert result["status"] == "rejected", kind
        assert result["reason"] == bodies.station_refusal(kind)
    assert (
        _one(server, admin, "enterprise.upserted", REFERENCE_BODIES["enterprise.upserted"])["status"]
        == "stored"
    )


def test_station_adds_walk_ins_but_never_changes_a_roster_person(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south, east = site["admin"], site["South"], site["East"]
    on_roster, walk_in = ids(2, start=300)
    rosters.add_person(admin.store, rosters.Person(on_roster, "Li Lei", "Acme", phone="13800001111"))
    admin.sync()
    rewrite = {
        "id_number": on_roster,
        "name": "Li Lei",
        "enterprise": "Acme",
        "department": None,
        "phone": "13999999999",
    }
    for flag in (False, True):  # changing the phone of, or taking off, a person on a roster
        result = _one(server, south, "person.upserted", rewrite | {"on_roster": flag})
        assert result["status"] == "rejected" and "roster" in result["reason"]
    stranger = {"id_number": walk_in, "name": "Han Meimei", "enterprise": "Acme", "on_roster": False}
    assert _one(server, south, "person.upserted", stranger)["status"] == "stored"
    east.sync()
    kept = rosters.get(east.store.conn, on_roster)
    assert kept is not None and (kept.name, kept.phone, kept.on_roster) == ("Li Lei", "13800001111", True)
    assert rosters.get(east.store.conn, walk_in) is not None


def test_station_acts_only_on_its_own_tubes_and_registrations(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south, east = site["admin"], site["South"], site["East"]
    person = ids(1, start=400)[0]
    assert south.register(person).status is registrations.Status.REGISTERED
    sync_all([south, east, admin])
    target = str(south.store.conn.execute("SELECT event, tube FROM registrations").fetchone()[0])
    tube = str(south.store.conn.execute("SELECT tube FROM registrations").fetchone()[0])
    other = ids(1, start=401)[0]
    registration = {
        "person": other,
        "round": ROUND,
        "checkpoint": "East",
        "tube": tube,
        "position": 2,
        "colour": "green",
        "source": "manual",
    }
    attempts = {
        "tube.sealed": {"code": tube, "reason": "early"},
        "void": {"event": target, "reason": "wrong person"},
        "registration": registration | {"person": other, "corrects": target, "reason": "typo"},
        "tube.opened": {"code": tube, "round": ROUND, "checkpoint": "East", "pool_size": 10},
    }
    for kind, body in attempts.items():
        result = _one(server, east, kind, body)
        assert result["status"] == "rejected", kind
    # Registering into another laptop's tube is refused too.
    assert _one(server, east, "registration", registration)["status"] == "rejected"
    # The office may void any registration, with a reason; not without one.
    assert _one(server, admin, "void", {"event": target, "reason": " "})["status"] == "rejected"
    assert _one(server, admin, "void", {"event": target, "reason": "entered twice"})["status"] == "stored"
    south.sync()
    voided = south.store.conn.execute("SELECT voided_by FROM registrations WHERE event = ?", (target,))
    assert voided.fetchone()[0] is not None


class Pusher:
    """Batches stored as the push endpoint stores them, straight into the server's database: each
    device numbers its events one after another."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seqs: dict[str, int] = {}

    def __call__(self, author: eventlog.Author, kind: str, body: dict[str, Any]) -> eventlog.Answer:
        self.seqs[author.device] = self.seqs.get(author.device, 0) + 1
        event = WireEvent.model_validate(wire_event(author.device, self.seqs[author.device], kind, body))
        [answer], _ = eventlog.store_batch(self.engine, author, [event], clock.now_ms())
        held = {row[0] for row in server_events(self.engine)}
        assert (event.id in held) == (answer.status == "stored")
        return answer


@pytest.mark.parametrize(
    ("kind", "body", "why"),
    [
        ("registration", {"person": "440111196000000001"}, "birth date"),
        ("registration", {"person": ids(1)[0][:17] + "0"}, "check digit"),
        ("registration", {"tube": "lower-case-tube"}, "tube pattern"),
        ("registration", {"round": "R77"}, "unknown round"),
        ("registration", {"checkpoint": "Nowhere"}, "unknown checkpoint"),
        ("registration", {"position": 51}, "position"),
        ("registration", {"colour": "purple"}, "colour"),
        ("registration", {"operator": "x" * 1001}, "operator"),
        ("registration", {"extra": 1}, "extra"),
        ("tube.opened", {"pool_size": "10"}, "pool_size"),
        ("void", {"reason": 5}, "reason"),
        ("nothing.known", {}, "unknown event kind"),
    ],
)
def test_every_body_is_checked_by_its_kinds_model(
    server_engine: Engine, kind: str, body: dict[str, Any], why: str
) -> None:
    send = Pusher(server_engine)
    office = eventlog.Author("office-laptop", SITE, "", "admin")
    south = eventlog.Author("south-laptop", SITE, "South", "station")
    assert send(office, "round.opened", {"name": ROUND, "pool_size": 10}).status == "stored"
    opened = {"code": TUBE, "round": ROUND, "checkpoint": "South", "pool_size": 10}
    assert send(south, "tube.opened", opened).status == "stored"
    registration = {
        "person": ids(1, start=501)[0],
        "round": ROUND,
        "checkpoint": "South",
        "tube": TUBE,
        "position": 1,
        "colour": "green",
        "source": "camera",
    }
    assert send(south, "registration", registration).status == "stored"
    event_id = server_events(server_engine)[-1][0]
    base = {
        "registration": registration | {"person": ids(1, start=502)[0], "position": 2},
        "tube.opened": opened | {"code": "TBTRUST000009"},
        "void": {"event": event_id, "reason": "typo"},
        "nothing.known": {},
    }[kind]
    assert send(south, kind, base).status == "stored" or kind == "nothing.known"
    result = send(south, kind, base | body)
    assert result.status == "rejected" and result.reason is not None and why in result.reason
    assert ids(1, start=502)[0] not in result.reason  # the reason names the field, not the value


def test_a_pulled_event_a_station_cannot_apply_is_set_aside_and_the_pull_goes_on(
    server: ServerThread, site: dict[str, Station]
) -> None:
    """As if stored by an older server: the station keeps it aside; the server's figures skip it."""
    south, east = site["South"], site["East"]
    bad = {
        "person": "not an id",
        "round": ROUND,
        "checkpoint": "South",
        "colour": "green",
        "source": "camera",
    }
    with db.writing(server.engine) as conn:
        head = eventlog.lock_site(conn, SITE)
        row = wire_event("older-laptop", 1, "registration", bad)
        eventlog.append(conn, SITE, head, [row | {"site": SITE, "body": json.dumps(bad)}], clock.now_ms())
    good = ids(1, start=600)[0]
    south.register(good)
    south.sync()
    report = east.sync()
    assert report.unapplied == 1 and report.pulled >= 2
    kept = east.store.conn.execute("SELECT id, kind, reason FROM pulled_aside").fetchall()
    assert [(r[0], r[1]) for r in kept] == [(row["id"], "registration")] and "person" in kept[0][2]
    state = client.status(east.store.conn)
    assert [(r.event, r.status) for r in state.refusals] == [(row["id"], "unapplied")]
    assert east.store.conn.execute("SELECT count(*) FROM registrations WHERE person = ?", (good,)).fetchone()[
        0
    ]
    assert east.sync().unapplied == 0  # not pulled again: the cursor went past it
    answer = httpx.get(
        f"{server.url}/v1/rounds/{ROUND}/reconciliation",
        headers={"Authorization": f"Bearer {credential(east)}"},
    )
    assert answer.status_code == 200
    figures = answer.json()
    assert [s["event"] for s in figures.pop("set_aside")] == [row["id"]]
    assert figures == reconcile.reconcile(east.store.conn, ROUND)


def _enrol(url: str, code: str, **fields: Any) -> httpx.Response:
    return httpx.post(f"{url}/v1/enroll", json={"protocol": PROTOCOL_VERSION, "code": code, **fields})


def test_an_enrolment_code_is_spent_once_its_credential_is_used(server: ServerThread) -> None:
    code = new_code(server.engine, server.url, "South")
    device = clock.uuid7()
    first = _enrol(server.url, code, device=device)
    assert first.status_code == 200
    # Another device with the used code: refused.
    assert _enrol(server.url, code, device=clock.uuid7()).status_code == 403
    # The same device, the first answer lost: a fresh credential while the first was never used.
    retry = _enrol(server.url, code, device=device)
    assert retry.status_code == 200
    old, new = first.json()["credential"], retry.json()["credential"]
    feed = f"{server.url}/v1/feed"
    assert httpx.get(feed, headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert httpx.get(feed, headers={"Authorization": f"Bearer {new}"}).status_code == 200
    # Once the credential has been used, nobody gets another with that code, not even its device.
    again = _enrol(server.url, code, device=device)
    assert again.status_code == 403 and "already used" in again.json()["detail"]
    assert httpx.get(feed, headers={"Authorization": f"Bearer {new}"}).status_code == 200


def test_a_device_cannot_take_another_devices_id_or_the_servers(
    server: ServerThread, site: dict[str, Station]
) -> None:
    with db.reading(server.engine) as conn:
        author = conn.execute(select(db.sites.c.author).where(db.sites.c.site == SITE)).scalar_one()
    for taken in (site["South"].device, author, f"{campaigns.AUTHOR_PREFIX}mine"):
        answer = _enrol(server.url, new_code(server.engine, server.url, "South"), device=taken)
        assert answer.status_code == 409, taken


def test_sequence_numbers_continue_the_devices_own(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    high = next_seq(south)
    body = {"name": "Op"}
    for seq in (high + 200_000, 2**62):
        [result] = _results(push(server.url, south, [wire_event(south.device, seq, "operator.added", body)]))
        assert result["status"] == "rejected" and "too far" in result["reason"]
    [result] = _results(push(server.url, south, [wire_event(south.device, high + 5, "operator.added", body)]))
    assert result["status"] == "stored"
    south.register(ids(1, start=700)[0])
    south.sync()
    assert south.outbox() == 0  # the device goes on numbering after the server's highest


def test_an_administrator_device_belongs_to_the_site(server: ServerThread, tmp_path: Path) -> None:
    with db.writing(server.engine) as conn, pytest.raises(CampaignError, match="belongs to the site"):
        devices.create_code(conn, SITE, "Office", "admin", clock.now_ms())
    office = enrol_station(tmp_path, server.engine, server.url, "", admin=True)
    south = enrol_station(tmp_path, server.engine, server.url, "South")
    campaign.open_round(office.store, ROUND)
    office.sync()
    south.sync()
    south.register(ids(1, start=800)[0])
    sync_all([south, office])
    figures = reconcile.reconcile(office.store.conn, ROUND)
    assert {c["checkpoint"] for c in figures["checkpoints"]} == {"North", "South", "East"}
    assert client.status(office.store.conn).checkpoint == ""
    with db.reading(server.engine) as conn:
        listed = {d.device: d for d in devices.list_devices(conn, SITE)}
    assert listed[office.device].checkpoint is None and listed[office.device].role == "admin"
    assert listed[south.device].events == 2  # its tube and its registration
    office.close()
    south.close()


def _bundle_of(station: Station, out: Path) -> Path:
    bundle.export(station.store, out)
    return out


def _rewrite(path: Path, out: Path, change: Callable[[list[str]], list[str]]) -> Path:
    lines = gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)
    out.write_bytes(gzip.compress("".join(change(lines)).encode()))
    return out


def test_a_forged_or_altered_bundle_is_refused_whole(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    admin, south = site["admin"], site["South"]
    south.register(ids(1, start=900)[0])
    real = _bundle_of(south, tmp_path / "south.bundle")
    before = server_events(server.engine)

    # A bundle made on the South laptop but claiming to be the office's: its header and events
    # name the office's device, signed with South's key (the only key a thief holds).
    def as_office(lines: list[str]) -> list[str]:
        return [line.replace(south.device, admin.device) for line in lines]

    forged = _rewrite(real, tmp_path / "forged.bundle", as_office)
    with pytest.raises(BadBundle, match="signature"):
        imports.import_bundle(server.engine, forged, clock.now_ms())
    # The same bundle with its own signature line recomputed by another key: still refused.
    other = signing.new_key()

    def resigned(lines: list[str]) -> list[str]:
        body = as_office(lines)[:-1]
        digest = hashlib.sha256("".join(body).encode()).digest()
        return [*body, json.dumps({"signature": signing.sign(other, digest)}) + "\n"]

    with pytest.raises(BadBundle, match="signature"):
        imports.import_bundle(
            server.engine, _rewrite(real, tmp_path / "resigned.bundle", resigned), clock.now_ms()
        )
    dropped = _rewrite(real, tmp_path / "dropped.bundle", lambda lines: [*lines[:1], *lines[2:]])
    with pytest.raises(BadBundle):
        imports.import_bundle(server.engine, dropped, clock.now_ms())
    assert server_events(server.engine) == before  # nothing of any of them was stored
    done = imports.import_bundle(server.engine, real, clock.now_ms())
    assert done.counts["stored"] == 2 and not done.refusals  # the real one: its tube and registration


def test_a_station_enrolled_before_keys_registers_its_key_at_its_next_sync(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    south = site["South"]
    with db.writing(server.engine) as conn:
        conn.execute(update(db.devices).where(db.devices.c.device == south.device).values(public_key=None))
    south.register(ids(1, start=950)[0])
    real = _bundle_of(south, tmp_path / "south.bundle")
    with pytest.raises(BadBundle, match="sync it once over the network"):
        imports.import_bundle(server.engine, real, clock.now_ms())
    client.Client(south.store).handshake()
    done = imports.import_bundle(server.engine, real, clock.now_ms())
    assert done.counts["stored"] == 2


def test_an_event_sent_again_is_a_duplicate_though_its_record_changed_since(
    server: ServerThread, site: dict[str, Station]
) -> None:
    """A walk-in stored, then put on a roster by the office: the walk-in's event sent again after a
    lost answer is still a success, and the same id with other content (or NaN) is no 5xx."""
    admin, south = site["admin"], site["South"]
    person = ids(1, start=990)[0]
    walk_in = {"id_number": person, "name": "Walk In", "enterprise": "Acme", "on_roster": False}
    event = wire_event(south.device, next_seq(south), "person.upserted", walk_in)
    assert [r["status"] for r in _results(push(server.url, south, [event]))] == ["stored"]
    rosters.add_person(admin.store, rosters.Person(person, "Walk In", "Acme"))
    admin.sync()
    assert [r["status"] for r in _results(push(server.url, south, [event]))] == ["duplicate"]
    changed = event | {"body": walk_in | {"name": "Someone Else"}}
    assert [r["status"] for r in _results(push(server.url, south, [changed]))] == ["rejected"]
    text = json.dumps({"protocol": PROTOCOL_VERSION, "device": south.device, "events": [event]})
    nan = text.replace('"on_roster": false', '"on_roster": false, "n": NaN')
    answer = httpx.post(
        f"{server.url}/v1/push",
        content=nan.encode(),
        headers={"Authorization": f"Bearer {credential(south)}", "Content-Type": "application/json"},
    )
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "rejected"
