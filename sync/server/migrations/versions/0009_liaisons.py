"""Enterprise liaisons: a dashboard account may belong to one enterprise of its site, and the reasons
liaisons give for their missing people are kept with the site's records (sync/server/records.py).
Both are new: nothing is folded again.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dash_users") as accounts:
        accounts.add_column(sa.Column("enterprise", sa.Text(), nullable=True))
    op.create_table(
        "exemption_requests",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("round", sa.String(length=64), nullable=False),
        sa.Column("person", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("tested_at", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_ms", sa.BigInteger(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_ms", sa.BigInteger(), nullable=True),
        sa.Column("decision_version", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("site", "id"),
    )
    op.create_index(
        "exemption_requests_round", "exemption_requests", ["site", "round", "person"], unique=False
    )


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
