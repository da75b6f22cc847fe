"""Schema 1: the first release's tables (what ``PRAGMA user_version = 1`` meant).

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# frozen DDL: a migration must not follow later changes of the models
_TABLES = (
    """CREATE TABLE sources (id INTEGER NOT NULL, name VARCHAR(300) NOT NULL,
    "key" VARCHAR(300) NOT NULL, PRIMARY KEY (id), UNIQUE ("key"))""",
    """CREATE TABLE entities (id INTEGER NOT NULL, kind VARCHAR(20) NOT NULL,
    name VARCHAR(500) NOT NULL, ignored BOOLEAN NOT NULL, user_set BOOLEAN NOT NULL,
    fold_key VARCHAR(500), surname_key VARCHAR(200), PRIMARY KEY (id),
    CHECK (kind IN ('place','person','organization','date')))""",
    """CREATE TABLE aliases (id INTEGER NOT NULL, entity_id INTEGER NOT NULL,
    kind VARCHAR(20) NOT NULL, "key" VARCHAR(500) NOT NULL, name VARCHAR(500) NOT NULL,
    user_set BOOLEAN NOT NULL, PRIMARY KEY (id), UNIQUE (kind, "key"),
    FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE)""",
    """CREATE TABLE documents (id INTEGER NOT NULL, filename VARCHAR(1000) NOT NULL,
    original_path TEXT NOT NULL, original_sha256 VARCHAR(64) NOT NULL,
    original_size INTEGER NOT NULL, text_sha256 VARCHAR(64) NOT NULL,
    format VARCHAR(20) NOT NULL, title TEXT NOT NULL, source_id INTEGER, source_raw TEXT,
    author TEXT, published DATE, published_from VARCHAR(100), language VARCHAR(8),
    text TEXT NOT NULL, imported_at DATETIME NOT NULL, PRIMARY KEY (id),
    UNIQUE (text_sha256), FOREIGN KEY(source_id) REFERENCES sources (id))""",
    """CREATE TABLE index_queue (document_id INTEGER NOT NULL, deleted BOOLEAN NOT NULL,
    PRIMARY KEY (document_id))""",
    """CREATE TABLE mentions (id INTEGER NOT NULL, document_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR(500) NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE,
    FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_entities_fold_key ON entities (fold_key)",
    "CREATE INDEX ix_entities_kind ON entities (kind)",
    "CREATE INDEX ix_entities_surname_key ON entities (surname_key)",
    "CREATE INDEX ix_documents_published ON documents (published)",
    "CREATE INDEX ix_documents_original_sha256 ON documents (original_sha256)",
    "CREATE INDEX ix_documents_source_id ON documents (source_id)",
    "CREATE INDEX ix_aliases_entity_id ON aliases (entity_id)",
    "CREATE INDEX ix_mentions_entity_document ON mentions (entity_id, document_id)",
    "CREATE INDEX ix_mentions_document_id ON mentions (document_id)",
)


def upgrade() -> None:
    """Only run on an empty SQLite database (a library is created from the models instead)."""
    for statement in _TABLES:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("schema 1 is the first")
