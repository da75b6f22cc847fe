"""The reporter's marks as facets: ``tag:``, ``in:`` (collections) and ``is:`` (starred,
noted, quoted), counted and filtered like places and outlets.

Their values are ids of the reporter's own tables; ``FacetData`` asks here for the
(document, value) pairs and the labels, and the searcher for what a typed value names. The
tables are small (what one person marked), so plain SQLAlchemy selects serve.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from .facets import FACET_BY_NAME, FLAGS, Facet
from .lookup import NOTHING, Found
from .store.workbench_models import (
    Collection,
    CollectionItem,
    DocumentTag,
    Note,
    Quote,
    Star,
    Tag,
)


def mark_key(name: str) -> str:
    """A tag's or collection's name folded for matching: case and runs of spaces."""
    return " ".join(name.split()).casefold()


def flag_id(flag: str) -> int:
    """The value id of an ``is:`` flag (1: starred, 2: noted, 3: quoted)."""
    return FLAGS.index(flag) + 1


def pairs(session: Session, facet: Facet) -> np.ndarray:
    """Distinct (document id, value id) pairs of a mark facet, as an (n, 2) array."""
    rows: list[tuple[int, int]]
    if facet.store == "tags":
        rows = [
            (d, v) for d, v in session.execute(select(DocumentTag.document_id, DocumentTag.tag_id))
        ]
    elif facet.store == "collections":
        rows = [
            (d, v)
            for d, v in session.execute(
                select(CollectionItem.document_id, CollectionItem.collection_id)
            )
        ]
    else:
        starred = session.scalars(select(Star.document_id)).all()
        noted = session.scalars(select(Note.document_id).where(Note.text != "")).all()
        quoted = session.scalars(
            select(Quote.document_id).where(Quote.document_id.is_not(None)).distinct()
        ).all()
        rows = [(d, flag_id("starred")) for d in starred]
        rows += [(d, flag_id("noted")) for d in noted]
        rows += [(d, flag_id("quoted")) for d in quoted if d is not None]
    if not rows:
        return np.zeros((0, 2), dtype=np.int64)
    return np.array([(int(d), int(v)) for d, v in rows], dtype=np.int64)


def labels(session: Session, facet: Facet) -> dict[int, str]:
    """Value id -> label of a mark facet."""
    if facet.store == "tags":
        return {int(i): str(n) for i, n in session.execute(select(Tag.id, Tag.name))}
    if facet.store == "collections":
        return {
            int(i): str(n) for i, n in session.execute(select(Collection.id, Collection.name))
        }
    return {flag_id(f): f for f in FLAGS}


def resolve(sessions: sessionmaker[Session], facet: str, value: str, pattern: bool) -> Found:
    """The tags, collections or flags a typed value names (``tag:ammo``, ``in:"Melitopol
    train"``, ``is:starred``); case and spaces do not matter, ``*`` and ``?`` are wildcards."""
    spec = FACET_BY_NAME[facet]
    if spec.store == "flags":
        key = mark_key(value)
        found = [f for f in FLAGS if f == key or (pattern and _like(f, value))]
        if pattern and value == "*":
            found = list(FLAGS)
        return Found(tuple(flag_id(f) for f in found), tuple(found)) if found else NOTHING
    table = Tag if spec.store == "tags" else Collection
    with sessions() as session:
        q = select(table.id, table.name).order_by(table.id)
        if pattern and value.strip() != "*":
            q = q.where(table.key.like(_like_key(value), "\\"))
        elif not pattern:
            q = q.where(table.key == mark_key(value))
        rows = session.execute(q).all()
    return Found(tuple(int(i) for i, _ in rows), tuple(str(n) for _, n in rows))


def _like(name: str, pattern: str) -> bool:
    import fnmatch

    return fnmatch.fnmatchcase(name, mark_key(pattern))


def _like_key(pattern: str) -> str:
    """A wildcard pattern as a LIKE pattern over keys (``%`` and ``_`` stand for themselves)."""
    key = mark_key(pattern).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return key.replace("*", "%").replace("?", "_")


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
