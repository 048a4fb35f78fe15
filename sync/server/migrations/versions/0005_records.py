"""One set of rows per tube, round and person (sync/server/records.py), which a push's authority
checks and the dashboard's projection both read, in place of the ``records`` table beside the
projection's own ``proj_tubes``, ``proj_rounds`` and ``proj_people``. Both were folded from the event
log, which is kept whole: the new rows are folded from it when the server next starts, and the
projection is built again from position zero.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The projection's tables at 0003 that stay: emptied, to be projected again from the start.
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
    op.drop_index("proj_people_firm", table_name="proj_people")
    for table in ("records", "proj_tubes", "proj_rounds", "proj_people"):
        op.drop_table(table)
    op.create_table(
        "tubes",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("round", sa.String(length=64), nullable=False),
        sa.Column("checkpoint", sa.String(length=64), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("pos", sa.BigInteger(), nullable=False),
        sa.Column("sealed_pos", sa.BigInteger(), nullable=True),
        sa.Column("handed_pos", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("site", "code"),
    )
    op.create_table(
        "rounds",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_ms", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("site", "name"),
    )
    op.create_table(
        "people",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("enterprise", sa.Text(), nullable=False),
        sa.Column("department", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("on_roster", sa.Boolean(), nullable=False),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.Column("counted_enterprise", sa.Text(), nullable=True),
        sa.Column("counted_on_roster", sa.Boolean(), nullable=True),
        sa.Column("counted_pos", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("site", "id_number"),
    )
    op.create_index("people_firm", "people", ["site", "enterprise", "on_roster"], unique=False)
    for table in _PROJECTION:
        op.execute(sa.text(f"DELETE FROM {table}"))
    # records.build folds the new rows from the event log once this flag is gone.
    op.execute(sa.text("DELETE FROM server_settings WHERE key = 'records_built'"))


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
