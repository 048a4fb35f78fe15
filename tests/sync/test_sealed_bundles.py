"""Exports and bundles holding people are the owner's only; a bundle sealed to the server is
unreadable on a lost USB stick and imports like any other."""

from __future__ import annotations

import gzip
import stat
from pathlib import Path

import pytest

from registration.storage import cipher, clock
from sync import bundle, sealing
from sync.bundle import BadBundle
from sync.server import imports
from tests.e2e.cli import run_main
from tests.sync.harness import ServerThread, Station, ids, new_code, server_events


def test_a_bundle_sealed_to_the_server_holds_nothing_readable_and_imports(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    south = site["South"]
    person = ids(1, start=950)[0]
    south.register(person)
    assert south.store.setting(sealing.SETTING) is not None  # learnt at its first sync
    out = tmp_path / "south.bundle"
    result = run_main("sync", "export", "--out", out, "--encrypt-to-server", "--db", south.path, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["encrypted"] is True
    held = out.read_bytes()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert held.startswith(sealing.MAGIC) and person.encode() not in held
    with pytest.raises(OSError):
        gzip.decompress(held)  # not even a gzip file: nothing to read without the server's key

    before = len(server_events(server.engine))
    done = imports.import_bundle(server.engine, out, clock.now_ms())
    assert done.counts["stored"] == 2  # its tube and the registration
    assert len(server_events(server.engine)) == before + 2

    altered = tmp_path / "altered.bundle"
    altered.write_bytes(held[:-1] + bytes([held[-1] ^ 1]))
    with pytest.raises(BadBundle, match="does not open"):
        imports.import_bundle(server.engine, altered, clock.now_ms())
    elsewhere = tmp_path / "elsewhere.bundle"
    plain = tmp_path / "plain.bundle"
    bundle.export(south.store, plain)
    other_server = sealing.public_of(sealing.new_private())
    elsewhere.write_bytes(sealing.seal(plain.read_bytes(), other_server))
    with pytest.raises(BadBundle, match="another server"):
        imports.import_bundle(server.engine, elsewhere, clock.now_ms())


def test_a_laptop_that_never_synced_cannot_seal_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    assert run_main("init", "--site", "Park", "--checkpoint", "North", "--db", db).code == 0
    refused = run_main("sync", "export", "--out", tmp_path / "b", "--encrypt-to-server", "--db", db)
    assert refused.code == 2
    assert refused.stderr.startswith("error: this laptop does not know the server's key yet")


def test_enroll_says_whether_the_new_database_is_encrypted(server: ServerThread, tmp_path: Path) -> None:
    plain, secret = tmp_path / "plain.db", tmp_path / "secret.db"
    answer = run_main("enroll", new_code(server.engine, server.url, "South"), "--db", plain, "--no-sync")
    assert answer.code == 0, answer.stderr
    assert "the database is not encrypted" in answer.stdout
    code = new_code(server.engine, server.url, "East")
    encrypted = run_main("enroll", code, "--db", secret, "--no-sync", "--json", env={cipher.ENV_KEY: "k"})
    assert encrypted.code == 0, encrypted.stderr
    assert encrypted.json()["encrypted"] is True and cipher.is_encrypted(secret)
