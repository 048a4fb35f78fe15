"""The campaign office's administrator endpoints, through sync/admin_client.py against a real server."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from registration.storage.store import Store
from sync import admin_client, bundle, enrolment
from sync.server import db
from sync.transport import ServerRefused
from tests.registration.ids import make_id
from tests.sync.harness import FAST, ServerThread, Station


def office_of(station: Station) -> admin_client.Server:
    with station.store.read() as conn:
        return admin_client.server(conn, station.path)


def test_the_office_makes_a_code_that_enrols_a_laptop_lists_it_and_revokes_it(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    admin = office_of(site["admin"])
    db.remember(
        server.engine, "listen_url", server.url
    )  # as `server` does once it listens: the code's address
    answer = admin_client.make_code(admin, "West")
    assert answer.role == "station" and answer.checkpoint == "West" and answer.site == "Park"
    laptop = tmp_path / "west.db"
    enrolled = enrolment.enroll(laptop, answer.code, backoff=FAST.backoff)
    assert enrolled.answer.checkpoint == "West" and enrolled.server_url == server.url

    site["South"].register(make_id(1))
    site["South"].sync()
    listed = {d.device: d for d in admin_client.laptops(admin).laptops}
    assert enrolled.answer.device in listed
    south = listed[site["South"].device]
    assert south.checkpoint == "South" and south.role == "station" and south.events >= 1
    assert south.last_seen is not None and south.first_seen is not None
    assert listed[site["admin"].device].role == "admin"

    admin_client.revoke(admin, enrolled.answer.device)
    with Store(laptop) as store, store.read() as conn:
        credential = conn.execute("SELECT credential FROM sync_state").fetchone()[0]
    refused = httpx.get(f"{server.url}/v1/feed", headers={"Authorization": f"Bearer {credential}"})
    assert refused.status_code == 403
    assert {d.device: d.revoked for d in admin_client.laptops(admin).laptops}[enrolled.answer.device]
    with pytest.raises(ServerRefused) as again:
        admin_client.revoke(admin, enrolled.answer.device)
    assert again.value.status == 400 and "already revoked" in again.value.detail


def test_a_checkpoint_station_gets_403_from_every_office_endpoint(
    server: ServerThread, site: dict[str, Station]
) -> None:
    with site["South"].store.read() as conn:
        row = conn.execute("SELECT server_url, credential FROM sync_state").fetchone()
    station = admin_client.Server(row[0], row[1], site["South"].path)
    for call in (
        lambda: admin_client.make_code(station, "West"),
        lambda: admin_client.laptops(station),
        lambda: admin_client.revoke(station, site["East"].device),
    ):
        with pytest.raises(ServerRefused) as refused:
            call()
        assert refused.value.status == 403
    anonymous = httpx.get(f"{server.url}{admin_client.ADMIN_PREFIX}/devices")
    assert anonymous.status_code == 401 and "detail" in anonymous.json()
    with pytest.raises(Exception, match="checkpoint station"), site["South"].store.read() as conn:
        admin_client.server(conn, site["South"].path)


def test_a_bundle_goes_through_the_office_or_waits_until_the_server_answers(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    east = site["East"]
    for number in (make_id(2), make_id(3)):
        east.register(number)
    made = tmp_path / "usb" / "east.bundle"
    made.parent.mkdir()
    header = bundle.export(east.store, made)
    admin = office_of(site["admin"])

    away = admin_client.Server("http://127.0.0.1:9", admin.credential, admin.database)
    kept = admin_client.import_bundles(away, [made, made])
    assert kept.answers == [] and [p.name[-12:] for p in kept.waiting] == ["-east.bundle"]
    made.unlink()  # the stick is gone: the copy beside the database is what counts
    assert admin_client.import_bundles(away, []).waiting == kept.waiting

    sent = admin_client.import_bundles(admin, [])
    assert sent.waiting == [] and admin_client.waiting_bundles(admin.database) == []
    (answer,) = sent.answers
    assert answer.device == east.device and answer.events == header.events
    assert answer.stored + answer.duplicate == header.events and answer.rejected == 0

    garbage = tmp_path / "garbage.bundle"
    garbage.write_bytes(b"not a bundle")
    refused = admin_client.import_bundles(admin, [garbage])
    assert refused.answers == [] and refused.waiting == []
    assert [name[-15:] for name, _ in refused.refused] == ["-garbage.bundle"]
    assert not refused.refused[0][1].startswith("/")  # no server-side temporary path in the reason
    assert (
        len(list((admin.database.parent / admin_client.WAITING_FOLDER / "refused").iterdir())) == 1
    )  # kept aside
    assert "not a sync bundle" in refused.refused[0][1] or "unreadable" in refused.refused[0][1]
