"""A newsroom library: who did what, and originals that can live in the database.

``curation_log.provenance`` and ``documents.imported_by`` say who made a change or imported
an article (a server library records the PostgreSQL role; a folder library leaves them
empty). ``originals`` holds a server library's original bytes by SHA-256 (a folder library
keeps them as files and leaves the table empty).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "originals",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    with op.batch_alter_table("curation_log") as batch:
        batch.add_column(sa.Column("provenance", sa.String(200)))
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("imported_by", sa.String(200)))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("imported_by")
    with op.batch_alter_table("curation_log") as batch:
        batch.drop_column("provenance")
    op.drop_table("originals")
