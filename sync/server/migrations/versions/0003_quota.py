"""Each checkpoint station's daily quota (sync/server/quota.py); and the records keep the
checkpoint each tube was opened at (a new column), so they are rebuilt from the event log when
the server next starts.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_usage",
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("device", "day"),
    )
    with op.batch_alter_table("records") as records:
        records.add_column(sa.Column("checkpoint", sa.String(length=64), nullable=False, server_default=""))
    # records.build fills them again, tubes with their checkpoints, once this flag is gone.
    op.execute(sa.text("DELETE FROM server_settings WHERE key = 'records_built'"))


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
