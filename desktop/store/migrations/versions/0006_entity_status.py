"""Time limits: a document the entity model gave up on says why (it took too long...).

Schema 6 (``PRAGMA user_version = 6`` before Alembic). SQLite only: a server
library is created at a later revision.

Revision ID: 0006
Revises: 0005
"""

from alembic import op
from sqlalchemy import text

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(text("ALTER TABLE documents ADD COLUMN entities_status VARCHAR(20)"))


def downgrade() -> None:
    raise NotImplementedError("libraries are not downgraded")
