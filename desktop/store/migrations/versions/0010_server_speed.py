"""A server library at 100,000 articles: facet arrays that grow, titles with their own index,
and phrases checked by words where PostgreSQL kept only some positions of a word.

What it adds is in :data:`desktop.server.schema.SPEED_STATEMENTS` (a new server library
gets the same); a folder library has nothing to change.

Revision ID: 0010
Revises: 0009
"""

from alembic import op
from sqlalchemy import text

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from desktop.server.schema import SPEED_BACKFILL, SPEED_STATEMENTS

    for statement in (*SPEED_STATEMENTS, *SPEED_BACKFILL):
        op.execute(text(statement))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from desktop.server.schema import SPEED_UNDONE

    for statement in SPEED_UNDONE:
        op.execute(text(statement))
