"""The server's tables as they were when schema versions began; and, for a database made by the
release before, the tables and columns it lacks.

Revision ID: 0001
Revises: (none)
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if "checkpoints" not in have:
        op.create_table(
            "checkpoints",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("name", sa.String(length=64), nullable=False),
            sa.PrimaryKeyConstraint("site", "name"),
        )
    if "conflicts" not in have:
        op.create_table(
            "conflicts",
            sa.Column("n", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("device", sa.String(length=64), nullable=False),
            sa.Column("seq", sa.BigInteger(), nullable=False),
            sa.Column("hlc", sa.String(length=23), nullable=False),
            sa.Column("kind", sa.String(length=64), nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("received_ms", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("n"),
        )
        op.create_index("conflicts_device_seq", "conflicts", ["site", "device", "seq"], unique=False)
        op.create_index("conflicts_site_id", "conflicts", ["site", "id"], unique=False)
    if "dash_deadlines" not in have:
        op.create_table(
            "dash_deadlines",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("deadline_ms", sa.BigInteger(), nullable=False),
            sa.Column("set_by", sa.String(length=64), nullable=False),
            sa.Column("set_ms", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("site", "round"),
        )
    if "dash_exports" not in have:
        op.create_table(
            "dash_exports",
            sa.Column("n", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("enterprise", sa.String(length=200), nullable=False),
            sa.Column("username", sa.String(length=64), nullable=False),
            sa.Column("at_ms", sa.BigInteger(), nullable=False),
            sa.Column("people", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("n"),
        )
    if "dash_sessions" not in have:
        op.create_table(
            "dash_sessions",
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            sa.Column("username", sa.String(length=64), nullable=False),
            sa.Column("csrf", sa.String(length=64), nullable=False),
            sa.Column("expires_ms", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("token_hash"),
        )
        op.create_index(op.f("ix_dash_sessions_username"), "dash_sessions", ["username"], unique=False)
    if "dash_sign_in_failures" not in have:
        op.create_table(
            "dash_sign_in_failures",
            sa.Column("key", sa.String(length=64), nullable=False),
            sa.Column("failures", sa.Integer(), nullable=False),
            sa.Column("first_ms", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("key"),
        )
    if "dash_users" not in have:
        op.create_table(
            "dash_users",
            sa.Column("username", sa.String(length=64), nullable=False),
            sa.Column("password_hash", sa.Text(), nullable=False),
            sa.Column("role", sa.String(length=16), nullable=False),
            sa.Column("site", sa.String(length=64), nullable=True),
            sa.Column("created_ms", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("username"),
        )
    if "devices" not in have:
        op.create_table(
            "devices",
            sa.Column("device", sa.String(length=64), nullable=False),
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("checkpoint", sa.String(length=64), nullable=False),
            sa.Column("role", sa.String(length=16), nullable=False),
            sa.Column("credential_hash", sa.String(length=64), nullable=True),
            sa.Column("enrolled_ms", sa.BigInteger(), nullable=False),
            sa.Column("revoked_ms", sa.BigInteger(), nullable=True),
            sa.Column("public_key", sa.String(length=64), nullable=True),
            sa.Column("first_used_ms", sa.BigInteger(), nullable=True),
            sa.Column("last_seen_ms", sa.BigInteger(), nullable=True),
            sa.PrimaryKeyConstraint("device"),
            sa.UniqueConstraint("credential_hash"),
        )
        op.create_index(op.f("ix_devices_site"), "devices", ["site"], unique=False)
    if "enrol_codes" not in have:
        op.create_table(
            "enrol_codes",
            sa.Column("code_hash", sa.String(length=64), nullable=False),
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("checkpoint", sa.String(length=64), nullable=False),
            sa.Column("role", sa.String(length=16), nullable=False),
            sa.Column("created_ms", sa.BigInteger(), nullable=False),
            sa.Column("expires_ms", sa.BigInteger(), nullable=False),
            sa.Column("used_ms", sa.BigInteger(), nullable=True),
            sa.Column("used_by", sa.String(length=64), nullable=True),
            sa.PrimaryKeyConstraint("code_hash"),
        )
    if "events" not in have:
        op.create_table(
            "events",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("pos", sa.BigInteger(), nullable=False),
            sa.Column("device", sa.String(length=64), nullable=False),
            sa.Column("seq", sa.BigInteger(), nullable=False),
            sa.Column("hlc", sa.String(length=23), nullable=False),
            sa.Column("kind", sa.String(length=64), nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            sa.Column("received_ms", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("site", "id"),
            sa.UniqueConstraint("site", "pos", name="events_feed"),
        )
        op.create_index("events_device_seq", "events", ["site", "device", "seq"], unique=False)
    if "proj_devices" not in have:
        op.create_table(
            "proj_devices",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("device", sa.String(length=64), nullable=False),
            sa.Column("stored", sa.BigInteger(), nullable=False),
            sa.Column("high_seq", sa.BigInteger(), nullable=False),
            sa.Column("last_ms", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("site", "device"),
        )
    if "proj_enterprises" not in have:
        op.create_table(
            "proj_enterprises",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("reported", sa.Integer(), nullable=True),
            sa.Column("contact", sa.Text(), nullable=True),
            sa.Column("phone", sa.Text(), nullable=True),
            sa.Column("version", sa.String(length=100), nullable=False),
            sa.PrimaryKeyConstraint("site", "name"),
        )
    if "proj_exemptions" not in have:
        op.create_table(
            "proj_exemptions",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("person", sa.String(length=32), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("reason", sa.String(length=32), nullable=True),
            sa.Column("version", sa.String(length=100), nullable=False),
            sa.PrimaryKeyConstraint("site", "person", "round"),
        )
    if "proj_firm_people" not in have:
        op.create_table(
            "proj_firm_people",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("enterprise", sa.Text(), nullable=False),
            sa.Column("roster", sa.Integer(), nullable=False),
            sa.Column("off_roster", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("site", "enterprise"),
        )
    if "proj_firm_round" not in have:
        op.create_table(
            "proj_firm_round",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("enterprise", sa.Text(), nullable=False),
            sa.Column("tested", sa.Integer(), nullable=False),
            sa.Column("walk_ins", sa.Integer(), nullable=False),
            sa.Column("exempt", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("site", "round", "enterprise"),
        )
    if "proj_gates" not in have:
        op.create_table(
            "proj_gates",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("checkpoint", sa.String(length=64), nullable=False),
            sa.Column("registrations", sa.Integer(), nullable=False),
            sa.Column("tubes", sa.Integer(), nullable=False),
            sa.Column("sealed", sa.Integer(), nullable=False),
            sa.Column("handed", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("site", "round", "checkpoint"),
        )
    if "proj_minutes" not in have:
        op.create_table(
            "proj_minutes",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("checkpoint", sa.String(length=64), nullable=False),
            sa.Column("minute", sa.BigInteger(), nullable=False),
            sa.Column("registrations", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("site", "round", "checkpoint", "minute"),
        )
    if "proj_people" not in have:
        op.create_table(
            "proj_people",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("id_number", sa.String(length=32), nullable=False),
            sa.Column("name", sa.Text(), nullable=True),
            sa.Column("enterprise", sa.Text(), nullable=False),
            sa.Column("department", sa.Text(), nullable=True),
            sa.Column("phone", sa.Text(), nullable=True),
            sa.Column("on_roster", sa.Boolean(), nullable=False),
            sa.Column("version", sa.String(length=100), nullable=False),
            sa.PrimaryKeyConstraint("site", "id_number"),
        )
        op.create_index("proj_people_firm", "proj_people", ["site", "enterprise", "on_roster"], unique=False)
    if "proj_positions" not in have:
        op.create_table(
            "proj_positions",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("pos", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("site"),
        )
    if "proj_registrations" not in have:
        op.create_table(
            "proj_registrations",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("event", sa.String(length=36), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("person", sa.String(length=32), nullable=False),
            sa.Column("checkpoint", sa.String(length=64), nullable=False),
            sa.Column("tube", sa.String(length=64), nullable=True),
            sa.Column("at_ms", sa.BigInteger(), nullable=False),
            sa.Column("voided", sa.Boolean(), nullable=False),
            sa.Column("corrects", sa.String(length=36), nullable=True),
            sa.PrimaryKeyConstraint("site", "event"),
        )
        op.create_index(
            "proj_registrations_corrects", "proj_registrations", ["site", "corrects"], unique=False
        )
        op.create_index("proj_registrations_person", "proj_registrations", ["site", "person"], unique=False)
        op.create_index("proj_registrations_tube", "proj_registrations", ["site", "tube"], unique=False)
    if "proj_results" not in have:
        op.create_table(
            "proj_results",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("tube", sa.String(length=64), nullable=False),
            sa.Column("result", sa.String(length=16), nullable=False),
            sa.Column("at_ms", sa.BigInteger(), nullable=False),
            sa.Column("version", sa.String(length=100), nullable=False),
            sa.PrimaryKeyConstraint("site", "tube"),
        )
    if "proj_rounds" not in have:
        op.create_table(
            "proj_rounds",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("name", sa.String(length=64), nullable=False),
            sa.Column("status", sa.String(length=8), nullable=False),
            sa.Column("opened_ms", sa.BigInteger(), nullable=False),
            sa.Column("version", sa.String(length=100), nullable=False),
            sa.PrimaryKeyConstraint("site", "name"),
        )
    if "proj_strangers" not in have:
        op.create_table(
            "proj_strangers",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("tested", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("site", "round"),
        )
    if "proj_tested" not in have:
        op.create_table(
            "proj_tested",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("person", sa.String(length=32), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("live", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("site", "person", "round"),
        )
    if "proj_tubes" not in have:
        op.create_table(
            "proj_tubes",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("code", sa.String(length=64), nullable=False),
            sa.Column("round", sa.String(length=64), nullable=False),
            sa.Column("checkpoint", sa.String(length=64), nullable=False),
            sa.Column("sealed", sa.Boolean(), nullable=False),
            sa.Column("handed", sa.Boolean(), nullable=False),
            sa.PrimaryKeyConstraint("site", "code"),
        )
    if "records" not in have:
        op.create_table(
            "records",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("what", sa.String(length=16), nullable=False),
            sa.Column("key", sa.Text(), nullable=False),
            sa.Column("device", sa.String(length=64), nullable=False),
            sa.Column("flag", sa.Integer(), nullable=False),
            sa.Column("version", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("site", "what", "key"),
        )
    if "server_settings" not in have:
        op.create_table(
            "server_settings",
            sa.Column("key", sa.String(length=64), nullable=False),
            sa.Column("value", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("key"),
        )
    if "sites" not in have:
        op.create_table(
            "sites",
            sa.Column("site", sa.String(length=64), nullable=False),
            sa.Column("tube_pattern", sa.Text(), nullable=False),
            sa.Column("head", sa.BigInteger(), nullable=False),
            sa.Column("author", sa.String(length=64), nullable=False),
            sa.Column("author_seq", sa.BigInteger(), nullable=False),
            sa.Column("author_hlc", sa.String(length=23), nullable=False),
            sa.Column("created_ms", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("site"),
        )
    _previous_release(have)


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")


# What the release before schema versions lacked in the tables it had.
_DEVICE_COLUMNS: dict[str, sa.types.TypeEngine[Any]] = {
    "public_key": sa.String(length=64),
    "first_used_ms": sa.BigInteger(),
    "last_seen_ms": sa.BigInteger(),
}
_HLC_COLUMNS = {"events": "hlc", "conflicts": "hlc", "sites": "author_hlc"}


def _previous_release(had: set[str]) -> None:
    found = sa.inspect(op.get_bind())
    if "devices" in had:
        present = {c["name"] for c in found.get_columns("devices")}
        with op.batch_alter_table("devices") as devices:
            for name, kind in _DEVICE_COLUMNS.items():
                if name not in present:
                    devices.add_column(sa.Column(name, kind, nullable=True))
    for table, column in _HLC_COLUMNS.items():
        if table not in had:
            continue
        length = {c["name"]: getattr(c["type"], "length", None) for c in found.get_columns(table)}[column]
        if length is not None and length < 23:
            # On SQLite (which does not enforce the length) this copies the table, once.
            with op.batch_alter_table(table) as changed:
                changed.alter_column(column, type_=sa.String(length=23), existing_nullable=False)
