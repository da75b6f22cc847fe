"""Quotes with their source (``library.workbench.quotes``): a passage of an article, kept
with the article's title, outlet, byline, publication date, address and the passage's
character span, optionally in a collection, with the reporter's comment.

The article's metadata is copied when the quote is saved: the citation stays what the
reporter saw, and survives the article's removal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from search.frozen import frozen

from .changes import Change
from .mark_reads import mark_key
from .store.models import Document
from .store.workbench_models import Collection, Quote
from .workbench_base import LibraryLike, WorkbenchError, clean_name, now, write
from .workbench_undo import UndoLog

MAX_PASSAGE = 20_000
#: ``collection=UNFILED`` lists the quotes saved in no collection.
UNFILED = ""


@frozen
class QuoteInfo:
    """A saved quote as the Quotes view, the command line and the exports show it."""

    id: int
    document_id: int | None
    collection: str | None
    start: int
    end: int
    passage: str
    title: str
    outlet: str | None
    byline: str | None
    published: dt.date | None
    url: str | None
    filename: str
    comment: str | None
    created_at: dt.datetime

    def to_json(self) -> dict[str, object]:
        """``quote list --json`` rows."""
        return {
            "id": self.id,
            "document_id": self.document_id,
            "collection": self.collection,
            "start": self.start,
            "end": self.end,
            "passage": self.passage,
            "title": self.title,
            "outlet": self.outlet,
            "byline": self.byline,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "filename": self.filename,
            "comment": self.comment,
            "created_at": self.created_at.isoformat(timespec="seconds"),
        }


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the blanks at its ends; refuses a span outside the text or empty."""
    if not 0 <= start < end <= len(text):
        raise WorkbenchError(f"the span {start}–{end} is not inside the article ({len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise WorkbenchError("the passage is empty")
    if end - start > MAX_PASSAGE:
        raise WorkbenchError(f"a quote is at most {MAX_PASSAGE:,} characters")
    return start, end


def _haystack(q: QuoteInfo) -> str:
    parts = (q.passage, q.title, q.outlet, q.byline, q.comment, q.collection)
    return "\n".join(p for p in parts if p).casefold()


def _info(q: Quote, collection: str | None) -> QuoteInfo:
    return QuoteInfo(
        q.id, q.document_id, collection, q.start, q.end, q.passage, q.title, q.outlet,
        q.byline, q.published, q.url, q.filename, q.comment, q.created_at,
    )  # fmt: skip


class Quotes:
    """The quotes of one library."""

    def __init__(self, library: LibraryLike) -> None:
        self.library = library
        self.sessions = library.sessions

    def save(
        self,
        doc_id: int,
        start: int,
        end: int,
        collection: str | None = None,
        comment: str | None = None,
    ) -> Change:
        """Keep the passage ``text[start:end]`` of an article with its source (in
        ``collection``, made if new)."""
        wanted = clean_name(collection, "collection") if collection else None

        def step(session: Session, log: UndoLog) -> str:
            doc = session.get(Document, doc_id)
            if doc is None:
                raise WorkbenchError(f"no article with id {doc_id}")
            s, e = trimmed_span(doc.text, start, end)
            cid = None
            if wanted:
                found = session.scalars(
                    select(Collection).where(Collection.key == mark_key(wanted))
                ).first()
                if found is None:
                    found = Collection(name=wanted, key=mark_key(wanted), created_at=now())
                    session.add(found)
                    session.flush()
                    log.added(found)
                cid = found.id
            quote = Quote(
                document_id=doc.id,
                collection_id=cid,
                start=s,
                end=e,
                passage=doc.text[s:e],
                title=doc.title,
                outlet=doc.source.name if doc.source else None,
                byline=doc.author,
                published=doc.published,
                url=doc.url,
                filename=doc.filename,
                comment=(comment or "").strip() or None,
                created_at=now(),
            )
            session.add(quote)
            session.flush()
            log.added(quote)
            log.documents.add(doc.id)
            words = quote.passage.split()
            shown = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
            return f"saved the quote “{shown}” (quote {quote.id})"

        return write(self.library, "quote", step)

    def remove(self, quote_ids: int | Iterable[int]) -> Change:
        """Forget one quote or several (one step to undo)."""
        ids = [quote_ids] if isinstance(quote_ids, int) else list(quote_ids)

        def step(session: Session, log: UndoLog) -> str:
            for quote_id in ids:
                quote = session.get(Quote, quote_id)
                if quote is None:
                    raise WorkbenchError(f"no quote with id {quote_id}")
                log.removed(quote)
                if quote.document_id is not None:
                    log.documents.add(quote.document_id)
                session.delete(quote)
            if len(ids) == 1:
                return f"removed quote {ids[0]}"
            return f"removed {len(ids)} quotes"

        return write(self.library, "quote", step)

    def list(self, collection: str | None = None, search: str = "") -> list[QuoteInfo]:
        """Quotes, newest first: all, those of one collection (``UNFILED``: of none), those
        whose passage, title, outlet, byline or comment contains ``search``."""
        with self.sessions() as session:
            q = (
                select(Quote, Collection.name)
                .outerjoin(Collection, Collection.id == Quote.collection_id)
                .order_by(Quote.id.desc())
            )
            if collection == UNFILED:
                q = q.where(Quote.collection_id.is_(None))
            elif collection is not None:
                q = q.where(Collection.key == mark_key(collection))
            found = [_info(quote, name) for quote, name in session.execute(q)]
        # in Python: quotes are few, and casefold() folds every script (SQL lower() only ASCII)
        words = [w.casefold() for w in search.split()]
        return [qi for qi in found if all(w in _haystack(qi) for w in words)]

    def get(self, quote_id: int) -> QuoteInfo:
        """One quote."""
        with self.sessions() as session:
            row = session.execute(
                select(Quote, Collection.name)
                .outerjoin(Collection, Collection.id == Quote.collection_id)
                .where(Quote.id == quote_id)
            ).first()
            if row is None:
                raise WorkbenchError(f"no quote with id {quote_id}")
            return _info(row[0], row[1])
