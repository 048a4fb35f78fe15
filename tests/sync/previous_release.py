"""The server's tables as the release before schema versions made them (commit f9164f0), frozen:
the fixture a migration test upgrades."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

sites = Table(
    "sites",
    metadata,
    Column("site", String(64), primary_key=True),
    Column("tube_pattern", Text, nullable=False),
    Column("head", BigInteger, nullable=False),
    Column("author", String(64), nullable=False),
    Column("author_seq", BigInteger, nullable=False),
    Column("author_hlc", String(19), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
)

settings = Table(
    "server_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("device", String(64), primary_key=True),
    Column("site", String(64), nullable=False, index=True),
    Column("checkpoint", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("credential_hash", String(64), unique=True),
    Column("enrolled_ms", BigInteger, nullable=False),
    Column("revoked_ms", BigInteger),
)

enrol_codes = Table(
    "enrol_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("site", String(64), nullable=False),
    Column("checkpoint", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
    Column("used_ms", BigInteger),
    Column("used_by", String(64)),
)

events = Table(
    "events",
    metadata,
    Column("site", String(64), nullable=False),
    Column("id", String(36), nullable=False),
    Column("pos", BigInteger, nullable=False),
    Column("device", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("hlc", String(19), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("received_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("site", "id"),
    UniqueConstraint("site", "pos", name="events_feed"),
    Index("events_device_seq", "site", "device", "seq"),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("id", String(36), nullable=False),
    Column("device", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("hlc", String(19), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("received_ms", BigInteger, nullable=False),
    Index("conflicts_site_id", "site", "id"),
    Index("conflicts_device_seq", "site", "device", "seq"),
)

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("site", String(64), nullable=False),
    Column("name", String(64), nullable=False),
    PrimaryKeyConstraint("site", "name"),
)
