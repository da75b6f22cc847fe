"""The reporter's workbench: stars, tags, notes, collections, quotes, saved searches, and the
groups of syndicated versions (every article waits to be grouped: it has no signature yet).

A library from before Alembic at ``user_version`` 8 already has these tables (the
workbench's step was numbered the old way) and is stamped here.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _document(
    ondelete: str = "CASCADE",
    primary_key: bool = False,
    nullable: bool = False,
    index: bool | None = None,
) -> sa.Column:
    return sa.Column(
        "document_id",
        sa.Integer(),
        sa.ForeignKey("documents.id", ondelete=ondelete),
        primary_key=primary_key,
        nullable=nullable,
        index=index,
    )


def upgrade() -> None:
    # frozen DDL: a revision must not follow later changes of the models
    op.create_table(
        "stars",
        _document(primary_key=True),
        sa.Column("starred_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "document_tags",
        _document(primary_key=True),
        sa.Column(
            "tag_id",
            sa.Integer(),
            sa.ForeignKey("tags.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )
    op.create_table(
        "notes",
        _document(primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "collections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "collection_items",
        sa.Column(
            "collection_id",
            sa.Integer(),
            sa.ForeignKey("collections.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _document(primary_key=True, index=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), primary_key=True),
        _document("SET NULL", nullable=True, index=True),
        sa.Column(
            "collection_id",
            sa.Integer(),
            sa.ForeignKey("collections.id", ondelete="SET NULL"),
            nullable=True,
            index=True,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("passage", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("outlet", sa.Text()),
        sa.Column("byline", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("url", sa.Text()),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("opened_at", sa.DateTime()),
        sa.Column("seen_through", sa.Integer(), nullable=False),
    )
    op.create_table(
        "version_signatures",
        _document(primary_key=True),
        sa.Column("signature", sa.LargeBinary()),
    )
    op.create_table(
        "document_versions",
        _document(primary_key=True),
        sa.Column("group_id", sa.Integer(), nullable=False, index=True),
        sa.Column("matched_id", sa.Integer()),
        sa.Column("similarity", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "document_versions",
        "version_signatures",
        "saved_searches",
        "quotes",
        "collection_items",
        "collections",
        "notes",
        "document_tags",
        "tags",
        "stars",
    ):
        op.drop_table(table)
