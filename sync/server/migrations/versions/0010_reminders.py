"""Reminders to enterprises' liaisons (sync/server/reminders.py): each enterprise's channel, the
sends with their record, and the reminders scheduled for later.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "remind_channels",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("enterprise", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("site", "enterprise"),
    )
    op.create_table(
        "remind_sends",
        sa.Column("n", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("round", sa.String(length=64), nullable=False),
        sa.Column("enterprise", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("tried_ms", sa.BigInteger(), nullable=True),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_try_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("n"),
    )
    op.create_index("remind_sends_round", "remind_sends", ["site", "round"], unique=False)
    op.create_index("remind_sends_due", "remind_sends", ["status", "next_try_ms"], unique=False)
    op.create_table(
        "remind_schedules",
        sa.Column("n", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("round", sa.String(length=64), nullable=False),
        sa.Column("enterprise", sa.String(length=200), nullable=True),
        sa.Column("at_ms", sa.BigInteger(), nullable=True),
        sa.Column("before_ms", sa.BigInteger(), nullable=True),
        sa.Column("made_by", sa.String(length=64), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("fired_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("n"),
    )
    op.create_index("remind_schedules_round", "remind_schedules", ["site", "round"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
