"""The reporter's own tables: stars, tags, notes, collections, quotes, saved searches, and
the groups of syndicated versions.

What the reporter sets is kept apart from what the import found: the documents table and
the index are never rewritten by it, and removing an article (``ON DELETE CASCADE``)
takes its marks along. A quote keeps a copy of its article's title, outlet, byline, date
and address, so its citation stays whole if the article is edited or removed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class Star(Base):
    """A starred article."""

    __tablename__ = "stars"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    starred_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Tag(Base):
    """A free-text tag; ``key`` folds case and spaces, so "Ammo" and "ammo " are one tag."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)


class DocumentTag(Base):
    """A tag on an article."""

    __tablename__ = "document_tags"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Note(Base):
    """The reporter's one note on an article."""

    __tablename__ = "notes"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Collection(Base):
    """A named collection of articles ("Melitopol train"); an article may be in several."""

    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CollectionItem(Base):
    """An article in a collection."""

    __tablename__ = "collection_items"

    collection_id: Mapped[int] = mapped_column(
        ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Quote(Base):
    """A passage of an article with its source, as it was when saved.

    ``start``/``end`` are character offsets into the article's text; the article's
    metadata is copied (provenance stays whole if the article is edited or removed, when
    ``document_id`` becomes NULL).
    """

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    collection_id: Mapped[int | None] = mapped_column(
        ForeignKey("collections.id", ondelete="SET NULL"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    passage: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SavedSearch(Base):
    """A search kept by name; ``seen_through`` is the last article id there was when it was
    last opened (what arrived since has a higher id)."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    request: Mapped[str] = mapped_column(Text)  # JSON (desktop/request_json.py)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    seen_through: Mapped[int] = mapped_column(Integer, default=0)


class VersionSignature(Base):
    """An article's MinHash signature (``None``: too short to compare), made once after
    import; an article without a row is still waiting to be grouped."""

    __tablename__ = "version_signatures"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)


class VersionLink(Base):
    """An article that is a version of others: its group (the lowest id of the group when it
    was made), the article it was found to match and how much of their text is shared."""

    __tablename__ = "document_versions"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(Integer, index=True)
    matched_id: Mapped[int | None] = mapped_column(Integer)
    similarity: Mapped[float] = mapped_column(Float)
