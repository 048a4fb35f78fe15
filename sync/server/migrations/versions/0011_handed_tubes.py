"""Whether a handover named each tube, kept with the events in the site's tube records, so that a
push's checks refuse to move a tube handed over (the projection's ``handed_pos`` may lag the events
stored). The records and the projection are folded again from the event log, which is kept whole,
when the server next starts (as 0006 has it done), so every handover stored before counts.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# The projection's tables at 0010: emptied, to be projected again from the start (folding the
# records again empties the tube rows that hold the projection's stages).
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
    with op.batch_alter_table("tubes") as tubes:
        tubes.add_column(sa.Column("handed_over", sa.Boolean(), nullable=True))
    # records.build folds the records (handovers among them) from the event log once this flag is gone.
    op.execute(sa.text("DELETE FROM server_settings WHERE key = 'records_built'"))


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
