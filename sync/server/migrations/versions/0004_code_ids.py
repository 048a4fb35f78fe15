"""Enrolment codes the office can list and cancel, and type: a public id, the cancellation time,
and the address a typed code proves (sync/typed_code.py). Codes made before keep working; they
are named by their hash's first characters and cannot be typed.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrol_codes") as codes:
        codes.add_column(sa.Column("cancelled_ms", sa.BigInteger(), nullable=True))
        codes.add_column(sa.Column("code_id", sa.String(length=8), nullable=True))
        codes.add_column(sa.Column("address", sa.Text(), nullable=True))
        codes.add_column(sa.Column("address_tag", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_enrol_codes_code_id"), "enrol_codes", ["code_id"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
