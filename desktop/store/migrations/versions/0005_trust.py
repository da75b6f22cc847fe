"""Trust: every link records its reason; suggestions, pinned mentions, blocked spellings.

Spellings the pipeline (not the user) filed under a person are dropped, except the
person's own name: earlier versions filed bare surnames and other people's names there
("Cherie Blair" under Tony Blair). Every document is extracted again (the extractor's
version is newer), which files the right spellings anew.

Schema 5 (``PRAGMA user_version = 5`` before Alembic). SQLite only: a server
library is created at a later revision.

Revision ID: 0005
Revises: 0004
"""

from alembic import op
from sqlalchemy import text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(text("ALTER TABLE mentions ADD COLUMN link VARCHAR(12)"))
    op.execute(text("ALTER TABLE mentions ADD COLUMN link_detail VARCHAR(300)"))
    # frozen DDL: a migration must not follow later changes of the models
    op.execute(
        text(
            "CREATE TABLE suggestions (id INTEGER NOT NULL PRIMARY KEY,"
            " entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
            " target_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
            " reason TEXT NOT NULL, status VARCHAR(10) NOT NULL, created_at DATETIME NOT NULL,"
            " UNIQUE (entity_id, target_id))"
        )
    )
    op.execute(text("CREATE INDEX ix_suggestions_entity_id ON suggestions (entity_id)"))
    op.execute(text("CREATE INDEX ix_suggestions_target_id ON suggestions (target_id)"))
    op.execute(text("CREATE INDEX ix_suggestions_status ON suggestions (status)"))
    op.execute(
        text(
            "CREATE TABLE mention_pins (id INTEGER NOT NULL PRIMARY KEY,"
            " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
            " key VARCHAR(500) NOT NULL,"
            " entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
            " UNIQUE (document_id, key))"
        )
    )
    op.execute(text("CREATE INDEX ix_mention_pins_document_id ON mention_pins (document_id)"))
    op.execute(
        text(
            "CREATE TABLE blocked_spellings (id INTEGER NOT NULL PRIMARY KEY,"
            " entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
            " key VARCHAR(500) NOT NULL, name VARCHAR(500) NOT NULL, UNIQUE (entity_id, key))"
        )
    )
    op.execute(text("CREATE INDEX ix_blocked_spellings_entity_id ON blocked_spellings (entity_id)"))
    op.execute(
        text(
            "DELETE FROM aliases WHERE user_set = 0 AND aliases.name != (SELECT e.name FROM "
            "entities e WHERE e.id = aliases.entity_id) AND entity_id IN (SELECT id FROM "
            "entities WHERE kind = 'person')"
        )
    )


def downgrade() -> None:
    raise NotImplementedError("libraries are not downgraded")
