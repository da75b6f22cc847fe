"""Two-phase import: entities are found after the text is stored and searchable.

Schema 3 (``PRAGMA user_version = 3`` before Alembic). SQLite only: a server
library is created at a later revision.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(text("ALTER TABLE documents ADD COLUMN entities_version INTEGER"))
    op.execute(text("CREATE INDEX ix_documents_entities_version ON documents (entities_version)"))
    op.execute(text("UPDATE documents SET entities_version = 1"))  # extracted at import


def downgrade() -> None:
    raise NotImplementedError("libraries are not downgraded")
