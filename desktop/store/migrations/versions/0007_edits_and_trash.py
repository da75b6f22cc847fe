"""Keeping the library in order: fields the user edited, and a trash.

Schema 7 (``PRAGMA user_version = 7`` before Alembic). SQLite only: a server
library is created at a later revision.

Revision ID: 0007
Revises: 0006
"""

from alembic import op
from sqlalchemy import text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(text("ALTER TABLE documents ADD COLUMN edited VARCHAR(100)"))
    op.execute(text("ALTER TABLE documents ADD COLUMN trashed_at DATETIME"))
    op.execute(text("CREATE INDEX ix_documents_trashed_at ON documents (trashed_at)"))


def downgrade() -> None:
    raise NotImplementedError("libraries are not downgraded")
