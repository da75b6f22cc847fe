"""Marks the source's user took away, taken away in the target too (``push``/``pull``).

A removal leaves no row, but it leaves its undo: every workbench step logs the rows it
deleted (``insert`` in its undo data, :mod:`desktop.workbench_undo`) with the time it was
made. From the source's log (its own steps and those a ``sync`` carried in, none undone):
a star, a tag on an article, an article's place in a collection, a note, a quote or a saved
search removed at a time T, and not there again in the source now. The target removes its
own copy of that mark (the article found by text or original, tags and collections by
folded name, quotes by passage, title and file name) unless the target's copy is younger
than T: a mark made, or a note written, after the removal stays (the later decision wins).
A tag on an article carries no time of its own: the target's log says when it was put there.

Every row removed is logged in the caller's :class:`UndoLog` (Undo of the ``sync`` step puts
it back); a re-run finds nothing left to remove.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store import CurationStep
from ..store.workbench_models import (
    Collection,
    CollectionItem,
    DocumentTag,
    Note,
    Quote,
    SavedSearch,
    Star,
    Tag,
)
from ..workbench_undo import OPS, UndoLog
from .sync_log import Article, Articles


@dataclass
class SourceRemovals:
    """What the source's user removed, and when (the latest time for each)."""

    stars: dict[Article, dt.datetime] = field(default_factory=dict)
    tags: dict[tuple[Article, str], dt.datetime] = field(default_factory=dict)  # tag key
    collected: dict[tuple[Article, str], dt.datetime] = field(default_factory=dict)
    notes: dict[Article, dt.datetime] = field(default_factory=dict)
    quotes: dict[tuple[str, str, str], dt.datetime] = field(default_factory=dict)
    searches: dict[str, dt.datetime] = field(default_factory=dict)  # saved search key


@dataclass
class RemovalsCarried:
    """What carrying the removals did in the target."""

    removed: int = 0
    kept: int = 0  # the target's copy was younger than the removal
    documents: set[int] = field(default_factory=set)


def live_steps(session: Session) -> Iterator[tuple[str, dict[str, Any], dt.datetime]]:
    """(op, undo data, when) of every live workbench step, a sync's included."""
    rows = session.execute(
        select(CurationStep.op, CurationStep.undo, CurationStep.created_at)
        .where(CurationStep.op.in_(OPS), CurationStep.undone.is_(False))
        .order_by(CurationStep.id)
    )
    for op, undo, when in rows:
        yield op, json.loads(undo), when


def _when(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None


def read_source(session: Session, articles: dict[int, Article]) -> SourceRemovals:
    """The marks a library's user removed that are still gone there (``articles``: its
    :func:`~.sync_log.identities`)."""
    out = SourceRemovals()
    tag_keys = {int(i): str(k) for i, k in session.execute(select(Tag.id, Tag.key))}
    collection_keys = {
        int(i): str(k) for i, k in session.execute(select(Collection.id, Collection.key))
    }
    for _op, data, when in live_steps(session):
        removed = data.get("insert", {})
        tag_keys.update({int(r["id"]): str(r["key"]) for r in removed.get("tags", [])})
        collection_keys.update(
            {int(r["id"]): str(r["key"]) for r in removed.get("collections", [])}
        )
        for r in removed.get("stars", []):
            if int(r["document_id"]) in articles:
                out.stars[articles[int(r["document_id"])]] = when
        for r in removed.get("document_tags", []):
            doc, tag = int(r["document_id"]), int(r["tag_id"])
            if doc in articles and tag in tag_keys:
                out.tags[(articles[doc], tag_keys[tag])] = when
        for r in removed.get("collection_items", []):
            doc, coll = int(r["document_id"]), int(r["collection_id"])
            if doc in articles and coll in collection_keys:
                out.collected[(articles[doc], collection_keys[coll])] = when
        for r in removed.get("notes", []):
            if int(r["document_id"]) in articles:
                out.notes[articles[int(r["document_id"])]] = when
        for r in removed.get("quotes", []):
            out.quotes[(str(r["passage"]), str(r["title"]), str(r["filename"]))] = when
        for r in removed.get("saved_searches", []):
            out.searches[str(r["key"])] = when
    _drop_present(session, out, articles, tag_keys, collection_keys)
    return out


def _drop_present(
    session: Session,
    out: SourceRemovals,
    articles: dict[int, Article],
    tag_keys: dict[int, str],
    collection_keys: dict[int, str],
) -> None:
    """Forget removals the source's user undid by making the mark again."""
    for doc in session.scalars(select(Star.document_id)):
        out.stars.pop(articles.get(int(doc), ("", "")), None)
    for doc, tag in session.execute(select(DocumentTag.document_id, DocumentTag.tag_id)):
        out.tags.pop((articles.get(int(doc), ("", "")), tag_keys.get(int(tag), "")), None)
    for doc, coll in session.execute(
        select(CollectionItem.document_id, CollectionItem.collection_id)
    ):
        key = (articles.get(int(doc), ("", "")), collection_keys.get(int(coll), ""))
        out.collected.pop(key, None)
    for doc in session.scalars(select(Note.document_id)):
        out.notes.pop(articles.get(int(doc), ("", "")), None)
    for passage, title, filename in session.execute(
        select(Quote.passage, Quote.title, Quote.filename)
    ):
        out.quotes.pop((passage, title, filename), None)
    for saved_key in session.scalars(select(SavedSearch.key)):
        out.searches.pop(str(saved_key), None)


def _tagged_at(session: Session) -> dict[tuple[int, int], dt.datetime]:
    """(article, tag) -> when the target's log last put that tag on that article."""
    out: dict[tuple[int, int], dt.datetime] = {}
    for _op, data, when in live_steps(session):
        for r in data.get("delete", {}).get("document_tags", []):
            out[(int(r["document_id"]), int(r["tag_id"]))] = when
    return out


def carry(
    session: Session, source: SourceRemovals, log: UndoLog, articles: Articles
) -> RemovalsCarried:
    """Remove the target's copies of the marks the source's user removed (see the module)."""
    done = RemovalsCarried()
    if not any(vars(source).values()):
        return done
    article = articles.find

    def remove(obj: Any, younger: dt.datetime | None, when: dt.datetime) -> None:
        if younger is not None and younger > when:
            done.kept += 1
            return
        log.removed(obj)
        doc = getattr(obj, "document_id", None)
        if doc is not None:
            log.documents.add(int(doc))
            done.documents.add(int(doc))
        session.delete(obj)
        done.removed += 1

    for ident, when in source.stars.items():
        doc = article(ident)
        star = session.get(Star, doc) if doc is not None else None
        if star is not None:
            remove(star, star.starred_at, when)
    tags = {str(k): int(i) for i, k in session.execute(select(Tag.id, Tag.key))}
    tagged_at = _tagged_at(session) if source.tags else {}
    for (ident, key), when in source.tags.items():
        doc, tag = article(ident), tags.get(key)
        row = session.get(DocumentTag, (doc, tag)) if doc is not None and tag else None
        if row is not None:
            remove(row, tagged_at.get((int(doc or 0), int(tag or 0))), when)
    collections = {
        str(k): int(i) for i, k in session.execute(select(Collection.id, Collection.key))
    }
    for (ident, key), when in source.collected.items():
        doc, coll = article(ident), collections.get(key)
        item = session.get(CollectionItem, (coll, doc)) if doc is not None and coll else None
        if item is not None:
            remove(item, item.added_at, when)
    for ident, when in source.notes.items():
        doc = article(ident)
        note = session.get(Note, doc) if doc is not None else None
        if note is not None:
            remove(note, note.updated_at, when)
    for (passage, title, filename), when in source.quotes.items():
        for quote in session.scalars(
            select(Quote).where(
                Quote.passage == passage, Quote.title == title, Quote.filename == filename
            )
        ):
            remove(quote, quote.created_at, when)
    for key, when in source.searches.items():
        for saved in session.scalars(select(SavedSearch).where(SavedSearch.key == key)):
            remove(saved, saved.created_at, when)
    session.flush()
    return done


__all__ = ["RemovalsCarried", "SourceRemovals", "carry", "live_steps", "read_source"]
