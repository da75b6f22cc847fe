"""The reporter's marks and the versions of a page of articles, read in a few queries (for
result rows, the reader and exports)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .store.models import Document
from .store.workbench_models import (
    Collection,
    CollectionItem,
    DocumentTag,
    Note,
    Star,
    Tag,
    VersionLink,
)


@dataclass(frozen=True)
class RowMarks:
    """What a result row shows beside the title: a star, tags, "5 versions"."""

    starred: bool = False
    tags: tuple[str, ...] = ()
    versions: int = 1


NO_ROW_MARKS = RowMarks()


@dataclass(frozen=True)
class ArticleMarks:
    """What the reporter set on one article."""

    starred: bool
    tags: tuple[str, ...]
    note: str
    collections: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The ``starred``/``tags``/``note``/``collections`` keys of exports."""
        return {
            "starred": self.starred,
            "tags": list(self.tags),
            "note": self.note,
            "collections": list(self.collections),
        }


NO_MARKS = ArticleMarks(False, (), "", ())


def _chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _tags(session: Session, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(DocumentTag.document_id, Tag.name)
            .join(Tag, Tag.id == DocumentTag.tag_id)
            .where(DocumentTag.document_id.in_(chunk))
            .order_by(Tag.name)
        )
        for doc_id, name in rows:
            out.setdefault(int(doc_id), []).append(str(name))
    return out


def _starred(session: Session, ids: list[int]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(ids):
        out.update(session.scalars(select(Star.document_id).where(Star.document_id.in_(chunk))))
    return out


def version_counts(session: Session, ids: list[int]) -> dict[int, int]:
    """How many versions each article's group holds (articles in no group are left out)."""
    groups: dict[int, int] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(VersionLink.document_id, VersionLink.group_id).where(
                VersionLink.document_id.in_(chunk)
            )
        )
        groups.update((int(d), int(g)) for d, g in rows)
    if not groups:
        return {}
    sizes: dict[int, int] = {}
    for chunk in _chunks(sorted(set(groups.values()))):
        rows = session.execute(
            select(VersionLink.group_id, func.count())
            .join(Document, Document.id == VersionLink.document_id)
            .where(VersionLink.group_id.in_(chunk), Document.trashed_at.is_(None))
            .group_by(VersionLink.group_id)
        )
        sizes.update((int(g), int(n)) for g, n in rows)
    return {d: sizes[g] for d, g in groups.items() if sizes.get(g, 0) > 1}


def row_marks(session: Session, ids: list[int]) -> dict[int, RowMarks]:
    """Star, tags and version count of each article that has any."""
    tags, starred, versions = _tags(session, ids), _starred(session, ids), {}
    versions = version_counts(session, ids)
    out = {}
    for doc_id in set(tags) | starred | set(versions):
        out[doc_id] = RowMarks(
            doc_id in starred, tuple(tags.get(doc_id, ())), versions.get(doc_id, 1)
        )
    return out


def marks_of(session: Session, ids: list[int]) -> dict[int, ArticleMarks]:
    """:class:`ArticleMarks` of each article that has any."""
    tags, starred = _tags(session, ids), _starred(session, ids)
    notes: dict[int, str] = {}
    collections: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        notes.update(
            (int(d), str(t))
            for d, t in session.execute(
                select(Note.document_id, Note.text).where(Note.document_id.in_(chunk))
            )
        )
        rows = session.execute(
            select(CollectionItem.document_id, Collection.name)
            .join(Collection, Collection.id == CollectionItem.collection_id)
            .where(CollectionItem.document_id.in_(chunk))
            .order_by(Collection.name)
        )
        for doc_id, name in rows:
            collections.setdefault(int(doc_id), []).append(str(name))
    out = {}
    for doc_id in set(tags) | starred | set(notes) | set(collections):
        out[doc_id] = ArticleMarks(
            doc_id in starred,
            tuple(tags.get(doc_id, ())),
            notes.get(doc_id, ""),
            tuple(collections.get(doc_id, ())),
        )
    return out
