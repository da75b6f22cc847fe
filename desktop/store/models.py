"""The library's tables: documents, their sources, entities with aliases, and mentions.

The store (SQLite in a library folder, PostgreSQL on a server) is the truth; the full-text
index is derived from it. Every mention keeps its character span in ``Document.text``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..facets import ENTITY_KINDS


class Base(DeclarativeBase):
    """Declarative base for all Sourcedesk tables."""


class Source(Base):
    """An outlet (the ``source`` facet), normalised: "CBS News’ 60 Minutes" -> CBS News."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)


class Document(Base):
    """One imported article: its text, its own metadata and where its original bytes are."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(1000))
    original_path: Mapped[str] = mapped_column(Text)  # where it was imported from
    original_sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_size: Mapped[int] = mapped_column(Integer)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)  # exact-duplicate check
    format: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    source_raw: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_from: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(8))
    url: Mapped[str | None] = mapped_column(Text)  # the article's own address (provenance)
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # version of the entity extractor that produced the mentions; None = not extracted yet
    entities_version: Mapped[int | None] = mapped_column(Integer, index=True)
    # why a document has no entities although it is done: "too_long", "failed" (None: it has them)
    entities_status: Mapped[str | None] = mapped_column(String(20))
    #: the metadata fields the user edited ("title,published"): their values are the user's
    edited: Mapped[str | None] = mapped_column(String(100))
    #: when the user removed it; a document in the trash is found by nothing until restored
    trashed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    #: who imported it (a server library: the PostgreSQL role; None in a folder library)
    imported_by: Mapped[str | None] = mapped_column(String(200))

    source: Mapped[Source | None] = relationship(lazy="joined")
    mentions: Mapped[list[Mention]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Mention.start"
    )


class Entity(Base):
    """A canonical place, person, organisation or date; spellings live in ``Alias``.

    ``ignored`` hides a false entity everywhere; ``user_set`` marks a name or
    kind that the user chose, which re-extraction must not overwrite.
    """

    __tablename__ = "entities"
    __table_args__ = (
        CheckConstraint("kind IN (" + ",".join(f"'{k}'" for k in ENTITY_KINDS) + ")"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(500))
    ignored: Mapped[bool] = mapped_column(Boolean, default=False)
    user_set: Mapped[bool] = mapped_column(Boolean, default=False)
    # transliteration-folded keys that let "Ivan Federov" find "Ivan Fedorov"
    fold_key: Mapped[str | None] = mapped_column(String(500), index=True)
    surname_key: Mapped[str | None] = mapped_column(String(200), index=True)
    # set when the user merged this entity into another; its aliases and mentions moved there
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)

    aliases: Mapped[list[Alias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan"
    )


class Alias(Base):
    """A spelling that resolves to an entity: one key, one entity, per kind."""

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(500))
    name: Mapped[str] = mapped_column(String(500))
    user_set: Mapped[bool] = mapped_column(Boolean, default=False)

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Mention(Base):
    """One occurrence of an entity in a document's text, by character span."""

    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_entity_document", "entity_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    # why the text names this entity: a code of desktop.entities.links (None: stored before
    # reasons were recorded), and a detail such as the full name a surname stands for
    link: Mapped[str | None] = mapped_column(String(12))
    link_detail: Mapped[str | None] = mapped_column(String(300))

    document: Mapped[Document] = relationship(back_populates="mentions")
    entity: Mapped[Entity] = relationship(lazy="joined")


class Suggestion(Base):
    """A merge the pipeline is unsure of, for the user to accept or reject.

    ``entity_id`` would be merged into ``target_id``; ``status`` is "open", "accepted" or
    "rejected" (a rejected pair is never suggested again).
    """

    __tablename__ = "suggestions"
    __table_args__ = (UniqueConstraint("entity_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class MentionPin(Base):
    """The user's word on one spelling in one document: there it names ``entity_id``.

    Made by "not this entity" (split a mention out, or move it to another entity); it holds
    through re-extraction of that document.
    """

    __tablename__ = "mention_pins"
    __table_args__ = (UniqueConstraint("document_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(500))  # name_key of the mention's text
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))


class BlockedSpelling(Base):
    """A spelling the user removed from an entity: it never links there again."""

    __tablename__ = "blocked_spellings"
    __table_args__ = (UniqueConstraint("entity_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(500))
    name: Mapped[str] = mapped_column(String(500))


class IndexQueue(Base):
    """Documents whose full-text index entry is stale (the index is a cache of the store).

    A row is written in the same transaction as the change to the document and
    removed once the index has committed it, so a crash in between is repaired
    when the library is next opened.
    """

    __tablename__ = "index_queue"

    document_id: Mapped[int] = mapped_column(primary_key=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class CurationStep(Base):
    """One change the user made to the entities, with what is needed to undo it."""

    __tablename__ = "curation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    # merge, rename, kind, alias, ignore, unignore, split, move, unspell, accept, reject
    op: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    undo: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    #: who made the change (a server library: the PostgreSQL role; None in a folder library)
    provenance: Mapped[str | None] = mapped_column(String(200))


class Original(Base):
    """The bytes of an imported file, by SHA-256, in a server library (so one ``pg_dump``
    holds everything); a folder library keeps them as files in ``originals/`` instead."""

    __tablename__ = "originals"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
