"""Quotes and saved searches carried from one library to another (``push``/``pull``).

A **quote** is the same on both sides when its passage and its article's title and file
name are: a quote the target lacks is copied with its comment, its collection
(by name, as :mod:`.sync_marks` carries collections) and its article there, found by text
or original bytes, as long as that article's text holds the passage at those offsets (or
elsewhere: the first place it does). A quote whose article the target does not have is
still copied: it keeps its passage and its source (title, outlet, byline, date, address).
A quote both have keeps the target's comment.

A **saved search** is the same when its name folds to the same key ("Dam " and "dam"). One
the target lacks is copied; what the target holds when it arrives counts as seen (the
"new since" count starts there, article ids being the target's own). One both have with a
different search keeps the target's, and the conflict is reported.

Every row written is logged in the caller's :class:`UndoLog`; a re-run writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from search.frozen import frozen

from .. import request_json
from ..store.models import Document
from ..store.workbench_models import Collection, Quote, SavedSearch
from ..workbench_undo import UndoLog
from .sync_log import Article, Articles

#: what makes two quotes the same one
QuoteKey = tuple[str, str, str]  # passage, title, filename


@frozen
class SourceQuote:
    """A quote as another library needs it."""

    key: QuoteKey
    start: int
    end: int
    article: tuple[str, str] | None  # (text hash, original hash) of its article, if kept
    collection: str | None  # the collection's key
    outlet: str | None
    byline: str | None
    published: dt.date | None
    url: str | None
    comment: str | None
    created_at: dt.datetime


@dataclass
class SourceSaved:
    """A library's quotes and saved searches."""

    quotes: list[SourceQuote] = field(default_factory=list)
    searches: dict[str, tuple[str, str, dt.datetime]] = field(default_factory=dict)


@dataclass
class SavedCarried:
    """What carrying quotes and saved searches did in the target."""

    quotes: int = 0
    searches: int = 0
    conflicts: list[str] = field(default_factory=list)
    documents: set[int] = field(default_factory=set)


def _key(q: Quote) -> QuoteKey:
    return (q.passage, q.title, q.filename)


def read_source(session: Session, articles: dict[int, Article]) -> SourceSaved:
    """Every quote and saved search of a library (``articles``: its
    :func:`~.sync_log.identities`)."""
    out = SourceSaved()
    collections = {i: k for i, k in session.execute(select(Collection.id, Collection.key))}
    for q in session.scalars(select(Quote).order_by(Quote.id)):
        out.quotes.append(
            SourceQuote(
                key=_key(q),
                start=int(q.start),
                end=int(q.end),
                article=articles.get(int(q.document_id)) if q.document_id is not None else None,
                collection=collections.get(q.collection_id) if q.collection_id else None,
                outlet=q.outlet,
                byline=q.byline,
                published=q.published,
                url=q.url,
                comment=q.comment,
                created_at=q.created_at,
            )
        )
    for key, name, request, made in session.execute(
        select(SavedSearch.key, SavedSearch.name, SavedSearch.request, SavedSearch.created_at)
    ):
        out.searches[key] = (name, request, made)
    return out


def _place(session: Session, quote: SourceQuote, articles: Articles) -> tuple[int | None, int, int]:
    """The target's article for a quote and the passage's offsets in it (None: not there)."""
    passage, start, end = quote.key[0], quote.start, quote.end
    doc_id = articles.find(quote.article) if quote.article is not None else None
    doc = session.get(Document, doc_id) if doc_id is not None else None
    if doc is None:
        return None, start, end
    if doc.text[start:end] == passage:
        return doc.id, start, end
    at = doc.text.find(passage)
    if at < 0:
        return None, start, end  # its text there differs: the quote stands alone
    return doc.id, at, at + len(passage)


def carry(session: Session, source: SourceSaved, log: UndoLog, articles: Articles) -> SavedCarried:
    """Add the source's quotes and saved searches the target lacks (see the module)."""
    done = SavedCarried()
    have = {_key(q) for q in session.scalars(select(Quote))}
    collections = {k: i for k, i in session.execute(select(Collection.key, Collection.id))}
    for sq in source.quotes:
        if sq.key in have:
            continue
        doc_id, start, end = _place(session, sq, articles)
        passage, title, filename = sq.key
        quote = Quote(
            document_id=doc_id,
            collection_id=collections.get(sq.collection) if sq.collection else None,
            start=start,
            end=end,
            passage=passage,
            title=title,
            outlet=sq.outlet,
            byline=sq.byline,
            published=sq.published,
            url=sq.url,
            filename=filename,
            comment=sq.comment,
            created_at=sq.created_at,
        )
        session.add(quote)
        session.flush()
        log.added(quote)
        have.add(_key(quote))
        done.quotes += 1
        if doc_id is not None:
            done.documents.add(int(doc_id))
            log.documents.add(int(doc_id))
    searches = {s.key: s for s in session.scalars(select(SavedSearch).order_by(SavedSearch.id))}
    newest = session.scalar(select(func.max(Document.id))) or 0
    for key, (name, request, made) in sorted(source.searches.items()):
        mine = searches.get(key)
        if mine is not None:
            if request_json.loads(mine.request) != request_json.loads(request):
                done.conflicts.append(f"saved search {mine.name}: kept the search saved here")
            continue
        saved = SavedSearch(
            name=name,
            key=key,
            request=request,
            created_at=made,
            opened_at=None,
            seen_through=newest,
        )
        session.add(saved)
        session.flush()
        log.added(saved)
        done.searches += 1
    return done


__all__ = ["SavedCarried", "SourceSaved", "carry", "read_source"]
