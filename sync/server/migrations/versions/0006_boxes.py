"""Transport boxes: which checkpoint opened each box (what a push's authority checks read), and per
round and checkpoint the tubes boxed, received by the lab and given a result (the dashboard's). The
records and the projection are folded again from the event log, which is kept whole, when the server
next starts, so the new columns count every event stored before.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The projection's tables at 0005: emptied, to be projected again from the start.
_PROJECTION = (
    "proj_registrations",
    "proj_enterprises",
    "proj_claims",
    "proj_aside",
    "proj_tested",
    "proj_exemptions",
    "proj_results",
    "proj_firm_people",
    "proj_firm_round",
    "proj_strangers",
    "proj_gates",
    "proj_minutes",
    "proj_devices",
    "proj_positions",
)


def upgrade() -> None:
    for table in _PROJECTION:
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.create_table(
        "boxes",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("checkpoint", sa.String(length=64), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("pos", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("site", "code"),
    )
    with op.batch_alter_table("tubes") as tubes:
        for name in ("boxed_pos", "received_pos", "resulted_pos"):
            tubes.add_column(sa.Column(name, sa.BigInteger(), nullable=True))
    with op.batch_alter_table("proj_gates") as gates:
        for name in ("boxed", "received", "resulted"):
            # The table is empty: the default only lets SQLite add a column that may not be NULL.
            gates.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    # records.build folds the records (boxes among them) from the event log once this flag is gone.
    op.execute(sa.text("DELETE FROM server_settings WHERE key = 'records_built'"))


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
