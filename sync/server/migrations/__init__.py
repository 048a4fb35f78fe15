"""The server database's schema versions (Alembic): upgrading, and refusing a schema not this code's.

A new, empty database is brought to the newest version when first opened. A database at an older
version, or made before migrations existed, is refused until ``server migrate`` upgrades it; one
at a version this code does not know (upgraded by a newer release) is refused outright.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine

from registration.errors import Reason, Refused
from sync.server import db

# Alembic logs its plugins as it loads and each step at INFO; `server migrate` says what it did.
logging.getLogger("alembic").setLevel(logging.WARNING)

from alembic import command  # noqa: E402 - after quietening its logger
from alembic.config import Config  # noqa: E402
from alembic.migration import MigrationContext  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402

# Taken while migrating on PostgreSQL: processes starting together migrate one after another.
_LOCK = 0x7465_7374_706F  # "testpo"


class SchemaMismatch(Refused):
    """The database's schema is not the one this code was written for."""


@dataclass(frozen=True)
class State:
    current: str | None  # None: no version recorded
    head: str
    tables: bool  # any of the server's tables present

    @property
    def fresh(self) -> bool:
        return self.current is None and not self.tables

    @property
    def known(self) -> bool:
        return self.current is None or self.current in _revisions()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


@functools.cache
def _revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def head() -> str:
    found = _scripts().get_current_head()
    assert found is not None
    return found


def state(conn: Connection) -> State:
    current = MigrationContext.configure(conn).get_current_revision()
    ours = set(db.metadata.tables) & set(conn.dialect.get_table_names(conn))
    return State(current, head(), bool(ours))


def problem(found: State, where: str = "") -> Reason | None:
    """Why a database in ``found`` state cannot be served by this code, or None."""
    if found.current == found.head or found.fresh:
        return None
    database = Reason("schema.database_at", where=where) if where else Reason("schema.database")
    if not found.known:
        return Reason("schema.newer", database=database, current=found.current, head=found.head)
    if found.current is None:
        return Reason("schema.unversioned", database=database, head=found.head)
    return Reason("schema.older", database=database, current=found.current, head=found.head)


def prepare(engine: Engine) -> None:
    """Make a fresh database's tables; refuse a database whose schema is not this code's."""
    with db.reading(engine) as conn:
        found = state(conn)
    if found.fresh:
        upgrade(engine)
        return
    why = problem(found, _where(engine))
    if why:
        raise SchemaMismatch(why)


def upgrade(engine: Engine) -> State:
    """Bring the database to this code's schema (idempotent); returns its state before."""
    with db.writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK})")
        found = state(conn)
        if not found.known:
            raise SchemaMismatch(problem(found, _where(engine)) or Reason("schema.unknown"))

        config = _config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return found


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
