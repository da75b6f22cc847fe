"""Provenance: the address a saved web page (or printed PDF) names as its own.

Schema 4 (``PRAGMA user_version = 4`` before Alembic). SQLite only: a server
library is created at a later revision.

Revision ID: 0004
Revises: 0003
"""

from alembic import op
from sqlalchemy import text

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(text("ALTER TABLE documents ADD COLUMN url TEXT"))


def downgrade() -> None:
    raise NotImplementedError("libraries are not downgraded")
