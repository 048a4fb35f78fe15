"""The name an ID card gave for a person no roster knows, on the dashboard's registrations, so that
its list of people on no roster names them as the station's does. The projection is folded again
from the event log, which is kept whole, when the server next starts (as 0006 has it done).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The projection's tables at 0007: emptied, to be projected again from the start.
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
    with op.batch_alter_table("proj_registrations") as registrations:
        registrations.add_column(sa.Column("card_name", sa.Text(), nullable=True))
    op.execute(sa.text("DELETE FROM server_settings WHERE key = 'records_built'"))


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
