"""A tube's people moved to a new barcode (tube.moved): the site's tube rows name the barcode a broken
tube's people went to. No event of that kind was stored before, so nothing is folded again.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tubes") as tubes:
        tubes.add_column(sa.Column("moved_to", sa.String(length=64), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("schema versions go forward only: restore the backup taken before upgrading")
