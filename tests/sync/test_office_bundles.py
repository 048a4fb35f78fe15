"""A bundle sealed to the server goes from a station's USB stick through the campaign office to the
server, which opens and stores it; one tampered with, sealed elsewhere or of another site is refused
with its reason."""

from __future__ import annotations

import gzip
from pathlib import Path

from registration.setup import campaign
from registration.storage.store import Store
from sync import admin_client, bundle, sealing
from sync.server import bundle_key
from tests.e2e.cli import run_main
from tests.registration.ids import make_id
from tests.sync.harness import ServerThread, Station, server_events


def test_the_office_sends_a_sealed_bundle_on_and_refuses_a_tampered_or_foreign_one(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    south = site["South"]
    person = make_id(971)
    south.register(person)
    usb = tmp_path / "usb"
    usb.mkdir()
    sealed = usb / "south.bundle"
    exported = run_main(
        "sync", "export", "--out", sealed, "--encrypt-to-server", "--db", south.path, "--json"
    )
    assert exported.code == 0, exported.stderr
    assert exported.json()["encrypted"] is True and sealing.is_sealed(sealed.read_bytes())
    with site["admin"].store.read() as conn:
        admin = admin_client.server(conn, site["admin"].path)

    before = len(server_events(server.engine))
    sent = admin_client.import_bundles(admin, [sealed])
    assert sent.refused == [] and sent.waiting == []
    (answer,) = sent.answers
    assert (answer.device, answer.site, answer.events, answer.stored) == (south.device, "Park", 2, 2)
    assert len(server_events(server.engine)) == before + 2

    held = sealed.read_bytes()
    (usb / "altered.bundle").write_bytes(held[:-1] + bytes([held[-1] ^ 1]))
    plain = usb / "plain.bundle"
    bundle.export(south.store, plain)
    server_key = bytes.fromhex(bundle_key.public_hex(server.engine))
    (usb / "elsewhere.bundle").write_bytes(
        sealing.seal(plain.read_bytes(), sealing.public_of(sealing.new_private()))
    )
    # Anyone who knows the server's public key can seal: what is inside is still checked against its signer.
    forged = gzip.decompress(plain.read_bytes()).replace(person.encode(), make_id(972).encode())
    (usb / "forged.bundle").write_bytes(sealing.seal(gzip.compress(forged), server_key))
    lake = tmp_path / "lake.db"
    with Store(lake) as store:
        campaign.init(store, "Lake", ["Shore"])
        bundle.export(store, usb / "lake.bundle", seal_to=server_key)

    names = ["altered", "elsewhere", "forged", "lake"]
    refused = admin_client.import_bundles(admin, [usb / f"{name}.bundle" for name in names])
    assert refused.answers == [] and refused.waiting == []
    reasons = {name.split("-", 1)[1]: reason for name, reason in refused.refused}
    assert "does not open with this server's key" in reasons["altered.bundle"]
    assert "for another server" in reasons["elsewhere.bundle"]
    assert "signature does not match" in reasons["forged.bundle"]
    assert "of site 'Lake'" in reasons["lake.bundle"]
    assert not any("/" in reason for reason in reasons.values())  # no server-side temporary path
    assert len(server_events(server.engine)) == before + 2
