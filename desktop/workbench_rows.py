"""The reporter's marks and the versions of a page of articles, read in a few queries (for
result rows, the reader and exports)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from search.frozen import frozen

from .store.workbench_models import (
    Collection,
    CollectionItem,
    DocumentTag,
    Note,
    Star,
    Tag,
)


@frozen
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
