"""Entity curation: merged entities point at their survivor; a log makes undo possible.

Schema 2 (``PRAGMA user_version = 2`` before Alembic). SQLite only: a server
library is created at a later revision.

Revision ID: 0002
Revises: 0001
"""

from alembic import op
from sqlalchemy import text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(text("ALTER TABLE entities ADD COLUMN merged_into INTEGER REFERENCES entities(id)"))
    op.execute(text("CREATE INDEX ix_entities_merged_into ON entities (merged_into)"))
    # frozen DDL: a migration must not follow later changes of the models
    op.execute(
        text(
            "CREATE TABLE curation_log (id INTEGER NOT NULL PRIMARY KEY, op VARCHAR(20) NOT NULL,"
            " summary TEXT NOT NULL, undo TEXT NOT NULL, created_at DATETIME NOT NULL,"
            " undone BOOLEAN NOT NULL)"
        )
    )


def downgrade() -> None:
    raise NotImplementedError("libraries are not downgraded")
