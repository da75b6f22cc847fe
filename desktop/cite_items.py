"""Articles and quotes of a library as :class:`~desktop.citations.CiteItem` (for exports and
"Copy citation")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select

from .citations import CiteItem
from .quotes import QuoteInfo
from .store.models import Document
from .workbench_base import LibraryLike
from .workbench_rows import NO_MARKS, marks_of


def article_items(library: LibraryLike, doc_ids: Iterable[int]) -> Iterator[CiteItem]:
    """Each article (in the order given) with the reporter's marks, read in pages."""
    ids = [int(i) for i in doc_ids]
    for start in range(0, len(ids), 500):
        page = ids[start : start + 500]
        with library.sessions() as session:
            docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(page)))}
            marks = marks_of(session, page)
            for doc_id in page:
                doc = docs.get(doc_id)
                if doc is None:
                    continue
                m = marks.get(doc_id, NO_MARKS)
                yield CiteItem(
                    key=f"sourcedesk-{doc.id}",
                    title=doc.title,
                    outlet=doc.source.name if doc.source else None,
                    byline=doc.author,
                    published=doc.published,
                    url=doc.url,
                    accessed=doc.imported_at.date(),
                    filename=doc.filename,
                    document_id=doc.id,
                    note=m.note,
                    tags=m.tags,
                    collections=m.collections,
                    starred=m.starred,
                )


def quote_item(q: QuoteInfo) -> CiteItem:
    """A quote as a citation of its article, with the passage and its span."""
    return CiteItem(
        key=f"sourcedesk-quote-{q.id}",
        title=q.title,
        outlet=q.outlet,
        byline=q.byline,
        published=q.published,
        url=q.url,
        accessed=q.created_at.date(),
        filename=q.filename,
        document_id=q.document_id,
        passage=q.passage,
        span=(q.start, q.end),
        note=q.comment or "",
        collections=(q.collection,) if q.collection else (),
        quote_id=q.id,
    )
