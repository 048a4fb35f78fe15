"""A purged laptop still syncs: its purge reaches the server as an event, and new rounds go on. A
server's purge keeps the site's figures and leaves no person, and no liaison's address, behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from registration.privacy import audit, retention
from registration.reports import reconcile
from registration.setup import campaign, enterprises, rosters
from registration.setup.campaign import CampaignError
from registration.storage import clock
from sync.server import db, folds, projection, reminders, users
from sync.server import purge as server_purge
from tests.e2e.cli import run_main
from tests.sync.harness import ROUND, ServerThread, Station, ids, server_events, sync_all


def test_a_purged_station_pushes_its_purge_and_keeps_syncing(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south = site["admin"], site["South"]
    for person in ids(3, start=500):
        assert south.register(person).status.value == "registered"
    with pytest.raises(CampaignError, match="sync first"):
        retention.purge_round(south.store, ROUND, "Li")  # its registrations have not reached the server
    campaign.close_round(admin.store, ROUND)
    sync_all([south, admin])
    before = reconcile.reconcile(south.store.conn, ROUND)
    retention.purge_round(south.store, ROUND, "Li")
    assert reconcile.reconcile(south.store.conn, ROUND) == before | {"not_on_any_roster_people": []}

    report = south.sync()
    assert (report.pushed, report.refused) == (1, 0)  # the purge, as an event the server keeps
    assert [row[4] for row in server_events(server.engine)][-1] == audit.PURGED
    campaign.open_round(admin.store, "R2")
    sync_all([admin, south])
    assert south.register(ids(1, start=600)[0], "R2").status.value == "registered"
    report = south.sync()
    assert (report.pushed, report.refused) == (2, 0)  # the new tube and its registration
    admin.sync()
    assert reconcile.reconcile(admin.store.conn, "R2")["totals"]["tested"] == 0  # walk-in: on no roster
    assert reconcile.reconcile(admin.store.conn, "R2")["not_on_any_roster"] == 1
    assert [e.what for e in audit.entries(admin.store.conn)] == ["round"]


def test_server_purge_keeps_the_sites_figures_and_holds_no_id_number(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south = site["admin"], site["South"]
    people = ids(4, start=700)
    for n, person in enumerate(people[:3]):
        rosters.add_person(admin.store, rosters.Person(person, f"员工{n}", "Acme", phone=f"1380013870{n}"))
    enterprises.set_enterprise(admin.store, "Acme", reported=3, contact="联系人", phone="13700137000")
    sync_all([admin, south])
    for person in (people[0], people[1], people[3]):
        assert south.register(person).status.value == "registered"
    campaign.close_round(admin.store, ROUND)
    sync_all([south, admin])
    projection.catch_up(server.engine, site="Park")
    with db.reading(server.engine) as conn:
        before = projection.reconciliation(conn, "Park", ROUND)
    before_files = _database_files(server.engine)
    assert people[0].encode() in before_files and "员工0".encode() in before_files  # the check sees them
    # Through main.py, with the server running.
    purge = ("server", "purge", "--campaign-ended", "--database-url", server.settings.database_url)
    refused = run_main(*purge, "--older-than", "30")
    assert refused.code == 2 and "less than 30 days" in refused.stderr, refused
    done = run_main(*purge, "--older-than", "0", "--json")
    assert done.code == 0 and json.loads(done.stdout) == {"site": "Park", "people": 4}, done
    with db.reading(server.engine) as conn:
        after = projection.reconciliation(conn, "Park", ROUND)
    assert _aggregates(after) == _aggregates(before)
    held = "\n".join(str(row) for row in server_events(server.engine))
    files = _database_files(server.engine)
    for text in (*people, "员工0", "联系人", "13800138700", "13700137000"):
        assert text not in held, text
        assert text.encode() not in files, text  # no old copy left in free pages or the log
    south.sync()  # the laptops learn of the purge, and keep syncing
    assert [e.what for e in audit.entries(south.store.conn)] == ["campaign"]


def test_server_purge_takes_the_reminders_and_the_liaisons_accounts_with_it(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south = site["admin"], site["South"]
    people = ids(2, start=760)
    for person in people:
        rosters.add_person(admin.store, rosters.Person(person, "员工", "Acme"))
    sync_all([admin, south])
    south.register(people[0])
    sync_all([south, admin])
    mail, robot = (
        "liaison.wang@acme.example",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robotkey4417",
    )
    with db.writing(server.engine) as conn:
        reminders.set_channel(conn, "Park", "Acme", "email", mail, "root", clock.now_ms())
        reminders.set_channel(conn, "Park", "Beta", None, robot, "root", clock.now_ms())
        users.add(conn, "lian.acme", "liaison", "Park", "a liaison's password", clock.now_ms(), "Acme")
        users.add(conn, "boss", "admin", "Park", "an admin's password", clock.now_ms())
    folded = folds.Folds(server.engine)
    try:
        [sent] = reminders.remind(
            server.engine, folded, "Park", ROUND, "Acme", "root", clock.now_ms, reminders.Pace(quick_tries=1)
        )
    finally:
        folded.close()
    assert sent.error  # no mail server: the send is recorded with why
    campaign.close_round(admin.store, ROUND)
    admin.sync()
    with db.reading(server.engine) as conn:
        assert len(reminders.round_sends(conn, "Park", ROUND)) == 1
    assert mail.encode() in _database_files(server.engine)  # the check sees them

    server_purge.purge_site(server.engine, "Park", 0, "root", clock.now_ms())
    with db.reading(server.engine) as conn:
        assert reminders.site_channels(conn, "Park") == {}
        assert reminders.round_sends(conn, "Park", ROUND) == []
        # The liaison's account went with its enterprise's people; the office's stays.
        assert [u.username for u in users.listing(conn)] == ["boss"]
    files = _database_files(server.engine)
    for text in (mail, "robotkey4417", "lian.acme"):
        assert text.encode() not in files, text


def _database_files(engine: Engine) -> bytes:
    """The bytes of the server's database files: SQLite's file, write-ahead log and shared memory;
    on PostgreSQL, the files of the schema's tables, their TOAST tables and all their indexes,
    flushed by a checkpoint (the test runs on the database's machine, as a superuser)."""
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        assert path
        return b"".join(
            Path(f"{path}{suffix}").read_bytes()
            for suffix in ("", "-wal", "-shm")
            if Path(f"{path}{suffix}").exists()
        )
    with engine.connect() as conn:
        conn.exec_driver_sql("CHECKPOINT")
        data = Path(conn.exec_driver_sql("SHOW data_directory").scalar_one())
        relations = conn.exec_driver_sql(
            "WITH ours AS (SELECT oid, reltoastrelid FROM pg_class"
            "  WHERE relnamespace = current_schema()::regnamespace),"
            " owners AS (SELECT oid FROM ours UNION SELECT reltoastrelid FROM ours WHERE reltoastrelid <> 0)"
            " SELECT pg_relation_filepath(oid) FROM owners UNION SELECT pg_relation_filepath(indexrelid)"
            " FROM pg_index WHERE indrelid IN (SELECT oid FROM owners)"
        ).scalars()
        return b"".join(
            (data / found).read_bytes() for found in relations if found and (data / found).exists()
        )


def _aggregates(figures: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in figures.items() if k != "not_on_any_roster_people"}
