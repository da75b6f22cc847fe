"""The reporter's marks as facets: ``tag:``, ``in:`` (collections) and ``is:`` (starred,
noted, quoted), counted and filtered like places and outlets.

Their values are ids of the reporter's own tables; the read side (pairs, labels, what a
typed value names) is in desktop/mark_reads.py; here are the counts the window's lists and
completion show.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .facets import Facet
from .store.workbench_models import (
    Collection,
    CollectionItem,
    DocumentTag,
    Tag,
)


def counts(session: Session, facet: Facet) -> list[tuple[str, int]]:
    """Every tag or collection with its number of articles, most used first (for lists and
    completion; unused ones too, with 0)."""
    if facet.store == "tags":
        n = func.count(DocumentTag.document_id)
        q = select(Tag.name, n).outerjoin(DocumentTag, DocumentTag.tag_id == Tag.id)
        q = q.group_by(Tag.id, Tag.name).order_by(n.desc(), Tag.name)
    else:
        n = func.count(CollectionItem.document_id)
        q = select(Collection.name, n).outerjoin(
            CollectionItem, CollectionItem.collection_id == Collection.id
        )
        q = q.group_by(Collection.id, Collection.name).order_by(n.desc(), Collection.name)
    return [(str(name), int(c)) for name, c in session.execute(q)]
