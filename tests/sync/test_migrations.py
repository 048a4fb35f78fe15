"""Schema versions: a database made by the release before them is refused until `server migrate`
upgrades it, keeps its data and its stations; a fresh one gets this code's tables; a newer one is
refused; the newest version equals the tables the code declares."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, insert, select, text

from sync.server import db, migrations, quota
from sync.server.app import create_app  # noqa: F401 - every module's tables on db.metadata
from tests.e2e.cli import run_main, run_process
from tests.sync import previous_release
from tests.sync.harness import (
    ServerThread,
    Station,
    assert_converged,
    credential,
    enrol_station,
    ids,
    open_site,
    setup_round,
    sync_all,
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


def test_upgrading_from_0002_gives_every_tube_its_checkpoint(database_url: str, tmp_path: Path) -> None:
    server = ServerThread(database_url)
    open_site(server.engine, ["North", "South"])
    admin = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
    setup_round(admin)
    admin.sync()
    south = enrol_station(tmp_path, server.engine, server.url, "South")
    south.sync()
    south.register(ids(1)[0])
    south.sync()
    server.stop()
    for station in (admin, south):
        station.close()
    # As version 0002 left it: no quotas, records without a checkpoint column, codes without ids.
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE device_usage"))
        conn.execute(text("ALTER TABLE records DROP COLUMN checkpoint"))
        conn.execute(text("DROP INDEX ix_enrol_codes_code_id"))
        for column in ("cancelled_ms", "code_id", "address", "address_tag"):
            conn.execute(text(f"ALTER TABLE enrol_codes DROP COLUMN {column}"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    engine.dispose()

    assert run_main("server", "migrate", "--database-url", database_url).code == 0
    server = ServerThread(database_url)
    try:
        r = db.records.c
        with db.reading(server.engine) as conn:
            assert conn.execute(select(r.checkpoint).where(r.what == "tube")).scalars().all() == ["South"]
            assert conn.execute(select(quota.usage)).all() == []
    finally:
        server.stop()


def test_the_revisions_the_server_knows_are_alembics_scripts_in_order() -> None:
    walked = [script.revision for script in migrations.scripts().walk_revisions()]
    assert tuple(reversed(walked)) == migrations.REVISIONS
    assert migrations.scripts().get_current_head() == migrations.head()
