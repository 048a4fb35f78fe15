"""Station databases encrypted at rest: no ID number in the file's bytes, a wrong or missing key
refused in one line, plain databases encrypted in place, durability kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from registration.reports import reconcile
from registration.sampling import registrations, tubes
from registration.setup import campaign, rosters
from registration.storage import cipher
from registration.storage.store import Store, StoreError
from tests.e2e.cli import run_main
from tests.registration.ids import make_id
from tests.registration.test_durability import _kill_many

KEY = "马上 open sesame 2026"
PEOPLE = [make_id(n) for n in range(5)]


def _on_disk(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _campaign(store: Store) -> None:
    campaign.init(store, "Park", ["North gate"])
    campaign.open_round(store, "R1", pool_size=10)
    for n, person in enumerate(PEOPLE):
        rosters.add_person(store, rosters.Person(person, f"测试{n}", "Acme", phone=f"1380013800{n}"))
    tubes.open_tube(store, "TUBE00000001", checkpoint="North gate", round_name="R1")
    registrations.register(store, PEOPLE[0], checkpoint="North gate", round_name="R1")


def test_the_encrypted_database_holds_no_id_number_and_keeps_its_durability(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    with Store(db, key=KEY) as store:
        _campaign(store)
        assert store.encrypted
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        held = _on_disk(db)  # the write-ahead log too, before any checkpoint
    assert cipher.is_encrypted(db)
    for person in PEOPLE:
        assert person.encode() not in held
    assert "测试0".encode() not in held and b"13800138000" not in held
    with Store(db, key=KEY) as store:
        assert reconcile.reconcile(store.conn, "R1")["totals"]["tested"] == 1


def test_a_wrong_or_missing_key_is_refused_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    with Store(db, key=KEY) as store:
        _campaign(store)
    with pytest.raises(StoreError, match="wrong key"):
        Store(db, key="not the key")
    with pytest.raises(StoreError, match="encrypted: give its key"):
        Store(db)
    plain = tmp_path / "plain.db"
    Store(plain).close()
    with pytest.raises(StoreError, match="not encrypted"):
        Store(plain, key=KEY)


def test_the_command_line_takes_the_key_from_the_environment_or_a_file(tmp_path: Path) -> None:
    db, key_file = tmp_path / "station.db", tmp_path / "key"
    key_file.write_text(KEY + "\n", "utf-8")
    with_env = {"TESTPOINT_DB_KEY": KEY}
    made = run_main(
        "init", "--site", "Park", "--checkpoint", "North gate", "--db", db, "--json", env=with_env
    )
    assert made.code == 0, made.stderr
    assert made.json()["encrypted"] is True
    assert run_main("round", "open", "R1", "--db", db, "--key-file", key_file).code == 0
    wrong = run_main("round", "list", "--db", db, env={"TESTPOINT_DB_KEY": "wrong"})
    assert (wrong.code, wrong.stdout) == (2, "")
    assert wrong.stderr.count("\n") == 1 and "wrong key" in wrong.stderr, wrong.stderr
    missing = run_main("round", "list", "--db", db)
    assert missing.code == 2 and missing.stderr.count("\n") == 1 and "encrypted" in missing.stderr
    listed = run_main("round", "list", "--db", db, "--json", env=with_env)
    assert [r["name"] for r in listed.json()] == ["R1"]

    plain = run_main("init", "--site", "Park", "--checkpoint", "North gate", "--db", tmp_path / "plain.db")
    assert plain.code == 0 and "the database is not encrypted" in plain.stdout


def test_encrypt_migrates_a_plain_database_in_place(tmp_path: Path) -> None:
    db, key_file = tmp_path / "station.db", tmp_path / "key"
    key_file.write_text(KEY, "utf-8")
    with Store(db) as store:
        _campaign(store)
    assert PEOPLE[1].encode() in _on_disk(db)
    refused = run_main("encrypt", "--db", db)
    assert refused.code == 2 and "needs a key" in refused.stderr
    done = run_main("encrypt", "--db", db, "--key-file", key_file)
    assert done.code == 0, done.stderr
    assert cipher.is_encrypted(db) and os.stat(db).st_mode & 0o077 == 0
    for person in PEOPLE:
        assert person.encode() not in _on_disk(db)
    with Store(db, key=KEY) as store:
        assert reconcile.reconcile(store.conn, "R1")["totals"]["tested"] == 1
        assert len(rosters.on_roster(store.conn)) == len(PEOPLE)
    again = run_main("encrypt", "--db", db, "--key-file", key_file)
    assert again.code == 2 and "already encrypted" in again.stderr


def test_registrations_on_the_encrypted_store_survive_kills(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cipher.ENV_KEY, KEY)  # the worker processes inherit it
    _kill_many(tmp_path, 5)
    assert cipher.is_encrypted(tmp_path / "station.db")
