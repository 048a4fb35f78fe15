"""The dashboard's projection settles corrections and voids as the station does: the claim on a
registration stamped first holds it (registration/reports/figures.py), kept per registration, and the
claims set aside; the projection is rebuilt from the event log.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_PROJECTION = (
    "proj_registrations",
    "proj_people",
    "proj_enterprises",
    "proj_rounds",
    "proj_tested",
    "proj_exemptions",
    "proj_tubes",
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
    op.create_table(
        "proj_claims",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=36), nullable=False),
        sa.Column("event", sa.String(length=36), nullable=False),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.Column("correction", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("site", "target"),
    )
    op.create_table(
        "proj_aside",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("site", "event"),
    )
    # Projected from position zero again, by the same handlers, when the server next starts.
    for table in _PROJECTION:
        op.execute(sa.text(f"DELETE FROM {table}"))


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
