"""Schema versions: a database made by the release before them is refused until `server migrate`
upgrades it, keeps its data and its stations; a fresh one gets this code's tables; a newer one is
refused; the newest version equals the tables the code declares."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, insert, inspect, select, text

from registration.sampling import handover, registrations, tubes
from registration.setup import rosters
from sync.server import db, migrations, projection, quota, records
from sync.server.app import create_app  # noqa: F401 - every module's tables on db.metadata
from tests.e2e.cli import run_main, run_process
from tests.sync import previous_release
from tests.sync.harness import (
    SITE,
    ServerThread,
    Station,
    assert_converged,
    credential,
    enrol_station,
    ids,
    next_seq,
    open_site,
    push,
    server_events,
    setup_round,
    sync_all,
    wire_event,
)

# What the previous release kept in its settings table (later keys are flags of later code).
_OLD_SETTINGS = ("epoch", "listen_url", "public_url")


def previous_release_with_data(database_url: str, tmp_path: Path) -> list[Station]:
    """A campaign run on a server, its rows then written into the previous release's tables at
    ``database_url``: what an operator upgrading holds. Returns the stations, enrolled and synced."""
    scratch = ServerThread(f"sqlite:///{tmp_path / 'scratch.db'}")
    open_site(scratch.engine, ["North", "South"])
    admin = enrol_station(tmp_path, scratch.engine, scratch.url, "North", admin=True)
    setup_round(admin)
    admin.sync()
    south = enrol_station(tmp_path, scratch.engine, scratch.url, "South")
    south.sync()  # the campaign's checkpoints and round
    for person in ids(5):
        south.register(person)
    sync_all([admin, south])
    old = create_engine(database_url)
    previous_release.metadata.create_all(old)
    with scratch.engine.connect() as source, old.begin() as target:
        for table in previous_release.metadata.sorted_tables:
            now = db.metadata.tables[table.name]
            query = select(*(now.c[c.name] for c in table.columns))
            if table.name == "server_settings":
                query = query.where(now.c.key.in_(_OLD_SETTINGS))
            rows = [dict(r._mapping) for r in source.execute(query)]
            if rows:
                target.execute(insert(table), rows)
    old.dispose()
    scratch.stop()
    return [admin, south]


def test_the_previous_release_is_refused_then_upgraded_with_its_data(
    database_url: str, tmp_path: Path
) -> None:
    stations = previous_release_with_data(database_url, tmp_path)
    with pytest.raises(migrations.SchemaMismatch, match="server migrate"):
        ServerThread(database_url)
    refused = run_process("server", "--database-url", database_url, "--port", "0")
    assert refused.code == 2 and "server migrate" in refused.stderr and "Traceback" not in refused.stderr

    first = run_main("server", "migrate", "--database-url", database_url, "--json")
    assert first.code == 0, first.stderr
    assert first.json() == {"from": None, "to": migrations.head(), "created": False}
    again = run_main("server", "migrate", "--database-url", database_url, "--json")
    assert again.json() == {"from": migrations.head(), "to": migrations.head(), "created": False}
    engine = create_engine(database_url)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
    engine.dispose()

    server = ServerThread(database_url)
    try:
        for station in stations:
            with station.store.write() as conn:
                conn.execute("UPDATE sync_state SET server_url = ?", (server.url,))
        admin, south = stations
        for person in ids(3, start=100):
            south.register(person)
        sync_all(stations)
        assert_converged(server.engine, stations)
        assert len(admin.registrations()) == 8
        answer = httpx.get(
            f"{server.url}/v1/rounds/R1/reconciliation",
            headers={"Authorization": f"Bearer {credential(admin)}"},
        )
        assert answer.status_code == 200
    finally:
        server.stop()
        for station in stations:
            station.close()


def test_a_fresh_database_gets_the_newest_version_equal_to_the_declared_tables(database_url: str) -> None:
    engine = db.open_engine(database_url)
    with engine.connect() as conn:
        assert migrations.state(conn).current == migrations.head()
        assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
    engine.dispose()


def test_a_schema_newer_than_the_code_is_refused(database_url: str) -> None:
    db.open_engine(database_url).dispose()
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(migrations.SchemaMismatch, match="newer"):
        db.open_engine(database_url)
    refused = run_main("server", "migrate", "--database-url", database_url)
    assert refused.code == 2 and "newer" in refused.stderr


def _campaign(tmp_path: Path) -> tuple[ServerThread, list[Station]]:
    """A site's day on a server of this release: a roster, a round, tubes opened, filled, sealed and
    handed over, a void, a walk-in. Returns the server and its office, South and East stations."""
    server = ServerThread(f"sqlite:///{tmp_path / 'scratch.db'}")
    open_site(server.engine, ["North", "South", "East"])
    admin = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
    setup_round(admin)
    roster = ids(6)
    for n, person in enumerate(roster):
        rosters.add_person(admin.store, rosters.Person(person, f"员工{n}", ["甲厂", "乙厂"][n % 2]))
    admin.sync()
    south = enrol_station(tmp_path, server.engine, server.url, "South")
    east = enrol_station(tmp_path, server.engine, server.url, "East")
    for station in (south, east):
        station.sync()
    for person in roster[:4]:
        south.register(person)
    rosters.add_person(south.store, rosters.Person(ids(1, start=50)[0], "路人", "丙厂", on_roster=False))
    last = south.register(ids(1, start=50)[0])
    registrations.void(south.store, str(last.event), "wrong person")
    tubes.seal(south.store)
    handover.hand_over(south.store, "South", 1)
    east.register(roster[4])
    stations = [admin, south, east]
    sync_all(stations)
    return server, stations


# Where the projection's run had reached when it last counted a person: it marks what a rebuild left
# stale, and depends on how the pushes fell into projection runs (one run after an upgrade, several
# while a campaign was pushed), not on what the records and figures are.
BATCH_STAMPS = {"counted_pos"}


def _folded_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """The site's records and its dashboard figures, caught up, as a reader sees them."""
    projection.catch_up(engine)
    with db.reading(engine) as conn:
        held: dict[str, list[tuple[Any, ...]]] = {
            table.name: sorted(
                tuple(r)
                for r in conn.execute(select(*(c for c in table.columns if c.name not in BATCH_STAMPS)))
            )
            for table in (*records.TABLES, *projection.TABLES)
        }
        held["figures"] = [(projection.reconciliation(conn, SITE, "R1"),)]
    return held


def _at_revision(revision: str, database_url: str, source: Engine) -> None:
    """``database_url`` made by Alembic's own steps up to ``revision``, holding what a server of that
    version held for the same campaign as ``source`` (a database of this release): the rows of the
    tables it shares, and the records and projection of that version, as its code kept them."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        config = migrations._config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    shared = set(inspect(engine).get_table_names()) & set(db.metadata.tables)
    old = MetaData()
    old.reflect(engine)
    with source.connect() as reading, engine.begin() as target:
        for name in sorted(shared):
            rows = [dict(r._mapping) for r in reading.execute(select(db.metadata.tables[name]))]
            if rows:
                target.execute(insert(old.tables[name]), [_only(old.tables[name], r) for r in rows])
        earlier = _earlier_records(reading)
        for name, rows in earlier.items():
            if rows and name in old.tables:
                target.execute(insert(old.tables[name]), [_only(old.tables[name], r) for r in rows])
    engine.dispose()


def _only(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k in table.c}


def _earlier_records(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """The ``records`` table and the projection's tubes, rounds and people up to version 0003."""
    found: dict[str, list[dict[str, Any]]] = {"records": [], "proj_tubes": [], "proj_rounds": []}
    found["proj_people"] = []

    def record(site: str, what: str, key: str, **values: Any) -> None:
        found["records"].append(
            {"site": site, "what": what, "key": key, "device": "", "flag": 0, "version": "", "checkpoint": ""}
            | values
        )

    for row in conn.execute(select(records.tubes)):
        record(row.site, "tube", row.code, device=row.device, checkpoint=row.checkpoint)
        found["proj_tubes"].append(
            {"site": row.site, "code": row.code, "round": row.round, "checkpoint": row.checkpoint}
            | {"sealed": row.sealed_pos is not None, "handed": row.handed_pos is not None}
        )
    for row in conn.execute(select(records.rounds)):
        record(row.site, "round", row.name)
        found["proj_rounds"].append(dict(row._mapping))
    for row in conn.execute(select(records.people)):
        record(row.site, "person", row.id_number, flag=int(row.on_roster), version=row.version)
        found["proj_people"].append(dict(row._mapping))
    return found


def test_upgrading_from_0003_keeps_every_event_record_and_figure(database_url: str, tmp_path: Path) -> None:
    """Version 0005 folds tubes, rounds and people into one set of rows: an upgraded server holds
    the same events, the same records and the same figures, and still knows whose tube is whose
    and who is on a roster."""
    scratch, stations = _campaign(tmp_path)
    events_before = server_events(scratch.engine)
    before = _folded_rows(scratch.engine)
    assert before["tubes"] and before["rounds"] and before["people"]
    _at_revision("0003", database_url, scratch.engine)
    scratch.stop()
    with pytest.raises(migrations.SchemaMismatch, match="0003"):
        ServerThread(database_url)

    assert run_main("server", "migrate", "--database-url", database_url).code == 0
    server = ServerThread(database_url)
    try:
        assert server_events(server.engine) == events_before
        assert _folded_rows(server.engine) == before
        for station in stations:
            with station.store.write() as conn:
                conn.execute("UPDATE sync_state SET server_url = ?", (server.url,))
        admin, south, east = stations
        # Still South's tube, still on a roster: what the checks of a push read was kept.
        [sealed] = [row[1] for row in before["tubes"] if row[3] == "South"][:1]
        person = before["people"][0][1]
        answer = push(
            server.url,
            east,
            [
                wire_event(east.device, next_seq(east), "tube.sealed", {"code": sealed, "reason": "early"}),
                wire_event(
                    east.device,
                    next_seq(east),
                    "person.upserted",
                    {"id_number": person, "name": "改名", "enterprise": "丁厂", "on_roster": False},
                ),
            ],
        )
        assert [r["reason"] for r in answer.json()["results"]] == [
            "tube.sealed: a checkpoint station acts only on its own tubes",
            "person.upserted: a checkpoint station may not change a person who is on a roster",
        ]
        for person in ids(2, start=100):
            south.register(person)
        sync_all(stations)
        assert_converged(server.engine, stations)
        assert len(admin.registrations()) == 8
    finally:
        server.stop()
        for station in stations:
            station.close()


@contextmanager
def _upgraded_from(revision: str, database_url: str, tmp_path: Path) -> Iterator[ServerThread]:
    """A server on ``database_url`` as a server at ``revision`` left it for a campaign, migrated by
    ``server migrate`` and started: it holds the records and figures of the same campaign run on
    this release."""
    scratch, stations = _campaign(tmp_path)
    want = _folded_rows(scratch.engine)
    _at_revision(revision, database_url, scratch.engine)
    scratch.stop()
    for station in stations:
        station.close()
    assert run_main("server", "migrate", "--database-url", database_url).code == 0
    server = ServerThread(database_url)
    try:
        assert _folded_rows(server.engine) == want
        yield server
    finally:
        server.stop()


def test_upgrading_from_0002_gives_every_tube_its_checkpoint(database_url: str, tmp_path: Path) -> None:
    with _upgraded_from("0002", database_url, tmp_path) as server, db.reading(server.engine) as conn:
        t = records.tubes.c
        assert set(conn.execute(select(t.checkpoint)).scalars()) == {"South", "East"}
        assert conn.execute(select(quota.usage)).all() == []


def test_upgrading_from_0010_knows_every_tube_handed_over_before(database_url: str, tmp_path: Path) -> None:
    """Version 0011 keeps in the tube records whether a handover named each tube: the handovers
    stored before it are folded when the upgraded server starts, so their tubes are never moved."""
    with _upgraded_from("0010", database_url, tmp_path) as server, db.reading(server.engine) as conn:
        t = records.tubes.c
        handed = dict(conn.execute(select(t.checkpoint, t.handed_over)).all())
    assert handed == {"South": True, "East": None}


def test_the_revisions_the_server_knows_are_alembics_scripts_in_order() -> None:
    walked = [script.revision for script in migrations.scripts().walk_revisions()]
    assert tuple(reversed(walked)) == migrations.REVISIONS
    assert migrations.scripts().get_current_head() == migrations.head()
