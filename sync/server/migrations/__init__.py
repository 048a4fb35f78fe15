"""The server database's schema versions (Alembic): upgrading, and refusing a schema not this code's.

A new, empty database is brought to the newest version when first opened. A database at an older
version, or made before migrations existed, is refused until ``server migrate`` upgrades it; one
at a version this code does not know (upgraded by a newer release) is refused outright.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from registration.errors import Reason, Refused
from sync.server import db

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# This code's schema versions, oldest first. Alembic's scripts say the same (a test holds them
# equal) but load only to upgrade: every command that opens the database starts without them.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011")

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
        return self.current is None or self.current in REVISIONS


def _config() -> Config:
    # Alembic logs its plugins as it loads and each step at INFO; `server migrate` says what it did.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    return config


def scripts() -> ScriptDirectory:
    """Alembic's view of the version scripts (for the test that holds ``REVISIONS`` to them)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head() -> str:
    return REVISIONS[-1]


def state(conn: Connection) -> State:
    tables = set(conn.dialect.get_table_names(conn))
    current = None
    if "alembic_version" in tables:
        versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        if len(versions) > 1:
            raise SchemaMismatch("schema.several_versions", versions=", ".join(versions))
        current = versions[0] if versions else None
    return State(current, head(), bool(set(db.metadata.tables) & tables))


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
        from alembic import command

        command.upgrade(config, "head")
    return found


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
