"""The sync commands of main.py, driven as a person would: server, codes, enrol, sync, bundles, revoke."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import zxingcpp
from PIL import Image

from tests.e2e.cli import Result, run_main
from tests.sync.harness import ServerProcess, ServerThread, enrol_station, ids, setup_round


def main_py(*args: str, cwd: Path, check: bool = True) -> Result:
    done = run_main(*args, cwd=cwd)
    if check:
        assert done.code == 0, done.stderr
    return done


def as_json(done: Result) -> Any:
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_campaign_from_the_command_line(tmp_path: Path) -> None:
    server_db = tmp_path / "server.db"
    url = f"sqlite:///{server_db}"
    made = as_json(
        main_py(
            "server",
            "init",
            "--site",
            "Park",
            "--checkpoint",
            "North",
            "--db",
            str(server_db),
            "--json",
            cwd=tmp_path,
        )
    )
    assert made == {
        "site": "Park",
        "tube_pattern": made["tube_pattern"],
        "checkpoints": ["North"],
        "created": True,
    }
    server = ServerProcess(url)
    try:
        main_py("server", "init", "--site", "Park", "--url", server.url, "--db", str(server_db), cwd=tmp_path)
        code = as_json(
            main_py(
                "server",
                "enroll",
                "--admin",
                "--db",
                str(server_db),
                "--json",
                cwd=tmp_path,
            )
        )
        assert code["role"] == "admin" and code["code"].startswith("TPE1.") and code["checkpoint"] is None
        # The QR code PNG reads back as the very code printed.
        [decoded] = zxingcpp.read_barcodes(Image.open(tmp_path / code["png"]))
        assert decoded.text == code["code"]
        text = main_py(
            "server", "enroll", "--checkpoint", "South", "--db", str(server_db), cwd=tmp_path
        ).stdout
        station_code = text.splitlines()[1]
        assert "checkpoint South added" in text

        admin_db, south_db = tmp_path / "admin.db", tmp_path / "south.db"
        enrolled = as_json(main_py("enroll", code["code"], "--db", str(admin_db), "--json", cwd=tmp_path))
        assert enrolled["created"] and enrolled["role"] == "admin" and "sync" in enrolled
        main_py("round", "open", "R1", "--db", str(admin_db), cwd=tmp_path)
        main_py("sync", "--once", "--db", str(admin_db), cwd=tmp_path)
        # A station set up with init keeps its device id when it enrols.
        init = as_json(
            main_py(
                "init",
                "--site",
                "Park",
                "--checkpoint",
                "South",
                "--db",
                str(south_db),
                "--json",
                cwd=tmp_path,
            )
        )
        joined = as_json(main_py("enroll", station_code, "--db", str(south_db), "--json", cwd=tmp_path))
        assert joined["device"] == init["device"] and not joined["created"]
        main_py(
            "tube",
            "open",
            "TUBE00000001",
            "--checkpoint",
            "South",
            "--round",
            "R1",
            "--db",
            str(south_db),
            cwd=tmp_path,
        )
        for person in ids(3, start=800):
            main_py(
                "register",
                person,
                "--checkpoint",
                "South",
                "--round",
                "R1",
                "--db",
                str(south_db),
                cwd=tmp_path,
            )
        progress = main_py("sync", "--once", "--db", str(south_db), cwd=tmp_path).stdout
        assert "push 4/4" in progress and "synced: 4 events sent" in progress  # tube, 3 people
        status = as_json(main_py("sync", "status", "--db", str(south_db), "--json", cwd=tmp_path))
        assert status["waiting"] == 0 and status["last_sync"] and status["refusals"] == []
        report = as_json(main_py("sync", "--once", "--db", str(admin_db), "--json", cwd=tmp_path))
        assert report["pulled"] == 5 and report["waiting"] == 0

        # Revoked: the station's next sync is refused with a one-line reason, exit 2.
        main_py("server", "revoke", joined["device"], "--db", str(server_db), cwd=tmp_path)
        refused = main_py("sync", "--once", "--db", str(south_db), cwd=tmp_path, check=False)
        assert refused.code == 2 and "revoked" in refused.stderr
        devices = as_json(main_py("server", "devices", "--db", str(server_db), "--json", cwd=tmp_path))
        listed = {d["device"]: d for d in devices}
        assert listed[joined["device"]]["revoked"] is True
        assert listed[joined["device"]] | {"first_seen": None, "last_seen": None} == {
            "device": joined["device"],
            "site": "Park",
            "checkpoint": "South",
            "role": "station",
            "first_seen": None,
            "last_seen": None,
            "events": 5,  # its checkpoint, the tube, 3 people
            "revoked": True,
        }
        assert listed[joined["device"]]["first_seen"] and listed[joined["device"]]["last_seen"]
        assert listed[enrolled["device"]]["checkpoint"] is None  # the office belongs to the site
        assert listed[enrolled["device"]]["role"] == "admin" and listed[enrolled["device"]]["events"] == 1
        table = main_py("server", "devices", "--db", str(server_db), cwd=tmp_path).stdout
        assert "first seen" in table and "(site)" in table and "revoked" in table
    finally:
        server.stop()


def test_a_bundle_carries_a_laptops_events_without_network(tmp_path: Path) -> None:
    server_db = tmp_path / "server.db"
    main_py("server", "init", "--site", "Park", "--checkpoint", "East", "--db", str(server_db), cwd=tmp_path)
    _office_opens_round(server_db, tmp_path, "R1")
    laptop = tmp_path / "laptop.db"
    main_py("init", "--site", "Park", "--checkpoint", "East", "--db", str(laptop), cwd=tmp_path)
    main_py("round", "open", "R1", "--db", str(laptop), cwd=tmp_path)
    main_py(
        "tube",
        "open",
        "TUBE00000002",
        "--checkpoint",
        "East",
        "--round",
        "R1",
        "--db",
        str(laptop),
        cwd=tmp_path,
    )
    for person in ids(4, start=850):
        main_py(
            "register", person, "--checkpoint", "East", "--round", "R1", "--db", str(laptop), cwd=tmp_path
        )
    bundle = tmp_path / "east.bundle"
    exported = as_json(
        main_py("sync", "export", "--out", str(bundle), "--db", str(laptop), "--json", cwd=tmp_path)
    )
    assert exported["events"] == 7  # checkpoint, round, tube, four people
    status = as_json(main_py("sync", "status", "--db", str(laptop), "--json", cwd=tmp_path))
    assert (status["waiting"], status["exported"], status["not_exported"]) == (7, 7, 0)
    main_py(
        "register",
        ids(1, start=860)[0],
        "--checkpoint",
        "East",
        "--round",
        "R1",
        "--db",
        str(laptop),
        cwd=tmp_path,
    )
    text = main_py("sync", "status", "--db", str(laptop), cwd=tmp_path).stdout
    assert (
        "8 events waiting (7 exported to a bundle, awaiting import by the server; 1 not yet exported)" in text
    )

    # An altered bundle (one event's tube position changed, the file gzipped again) is refused whole.
    lines = gzip.decompress(bundle.read_bytes()).decode().splitlines(keepends=True)
    altered = tmp_path / "altered.bundle"
    altered.write_bytes(
        gzip.compress(
            "".join([*lines[:-2], lines[-2].replace('"position":4', '"position":5'), lines[-1]]).encode()
        )
    )
    refused = main_py("server", "import", str(altered), "--db", str(server_db), cwd=tmp_path, check=False)
    assert refused.code == 2 and "signature does not match" in refused.stderr

    first = as_json(main_py("server", "import", str(bundle), "--db", str(server_db), "--json", cwd=tmp_path))
    # A laptop that never enrolled is a station: its round and checkpoint are reference data, refused.
    assert first["new_device"] and first["stored"] == 5 and first["duplicate"] == 0
    assert first["rejected"] == 2 and all("checkpoint station" in r["reason"] for r in first["refusals"])
    again = as_json(main_py("server", "import", str(bundle), "--db", str(server_db), "--json", cwd=tmp_path))
    assert again["stored"] == 0 and again["duplicate"] == 5
    cut = tmp_path / "cut.bundle"
    cut.write_bytes(bundle.read_bytes()[:-40])
    broken = main_py("server", "import", str(cut), "--db", str(server_db), cwd=tmp_path, check=False)
    assert broken.code == 2 and "unreadable bundle" in broken.stderr


def _office_opens_round(server_db: Path, tmp_path: Path, round_name: str) -> None:
    """The campaign office's laptop opens a round on the server (over the network, as in the field)."""
    running = ServerThread(f"sqlite:///{server_db}")
    try:
        office = enrol_station(tmp_path, running.engine, running.url, "", admin=True)
        setup_round(office, round_name)
        office.sync()
        office.close()
    finally:
        running.stop()
