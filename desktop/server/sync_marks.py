"""The reporter's marks carried from one library to another (``push``/``pull``): stars, tags,
notes and collections.

An article is the same in both libraries when its text (``text_sha256``) or its original
bytes (``original_sha256``) are; tags and collections are the same when their names fold to
one key (``mark_key``: "Ammo" and "ammo "). Here marks are added: a star, a tag or a place
in a collection that the source has ends up in the target too (the copy keeps its time
stamp); what the source's user removed is taken away after this, from the source's log
(:mod:`.sync_removals`). A note the target lacks is copied; a note
both have and that differs keeps the later edit (``updated_at``), the other text staying in
the undo step. Every row written is logged in the caller's :class:`UndoLog`; a second run
finds each mark there and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..store.workbench_models import Collection, CollectionItem, DocumentTag, Note, Star, Tag
from ..workbench_undo import UndoLog, table
from .sync_log import Article, Articles


@dataclass
class SourceMarks:
    """A library's marks, by article identity (text hash) and mark name."""

    stars: dict[str, dt.datetime] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)  # key -> name
    tagged: set[tuple[str, str]] = field(default_factory=set)  # (text hash, tag key)
    notes: dict[str, tuple[str, dt.datetime]] = field(default_factory=dict)
    collections: dict[str, tuple[str, dt.datetime]] = field(default_factory=dict)
    collected: dict[tuple[str, str], dt.datetime] = field(default_factory=dict)
    originals: dict[str, str] = field(default_factory=dict)  # text hash -> original hash


@dataclass
class MarksCarried:
    """What carrying the marks did in the target."""

    stars: int = 0
    tags: int = 0
    notes: int = 0
    notes_kept: int = 0  # the target's note was the later edit
    collected: int = 0
    unmatched: int = 0  # marked articles the target does not have
    documents: set[int] = field(default_factory=set)


def read_source(session: Session, hashes: dict[int, Article]) -> SourceMarks:
    """Every mark of a library, keyed so that another library can find its own articles
    (``hashes``: its :func:`~.sync_log.identities`)."""
    out = SourceMarks()

    def h(doc_id: int) -> str:
        text_hash, original = hashes[int(doc_id)]
        out.originals[text_hash] = original
        return text_hash

    for doc_id, when in session.execute(select(Star.document_id, Star.starred_at)):
        out.stars[h(doc_id)] = when
    rows = session.execute(
        select(DocumentTag.document_id, Tag.key, Tag.name).join(Tag, Tag.id == DocumentTag.tag_id)
    )
    for doc_id, key, name in rows:
        out.tags[key] = name
        out.tagged.add((h(doc_id), key))
    for doc_id, text, when in session.execute(select(Note.document_id, Note.text, Note.updated_at)):
        out.notes[h(doc_id)] = (text, when)
    for key, name, made in session.execute(
        select(Collection.key, Collection.name, Collection.created_at)
    ):
        out.collections[key] = (name, made)
    rows = session.execute(
        select(CollectionItem.document_id, Collection.key, CollectionItem.added_at).join(
            Collection, Collection.id == CollectionItem.collection_id
        )
    )
    for doc_id, key, when in rows:
        out.collected[(h(doc_id), key)] = when
    return out


def _articles(source: SourceMarks, articles: Articles) -> dict[str, int]:
    """The target's article for each marked source article (by text, else by original)."""
    found = {h: articles.find((h, original)) for h, original in source.originals.items()}
    return {h: doc for h, doc in found.items() if doc is not None}


def _named(session: Session, model: type[Tag] | type[Collection], key: str) -> int | None:
    return session.scalars(select(model.id).where(model.key == key)).first()


def carry(session: Session, source: SourceMarks, log: UndoLog, articles: Articles) -> MarksCarried:
    """Add the source's marks in the target's ``session`` (``articles``: its articles by
    the source's identities; see the module)."""
    done = MarksCarried()
    docs = _articles(source, articles)
    done.unmatched = len(set(source.originals) - set(docs))

    starred = set(session.scalars(select(Star.document_id)))
    rows = [
        {"document_id": docs[h], "starred_at": when}
        for h, when in source.stars.items()
        if h in docs and docs[h] not in starred
    ]
    _insert(session, log, "stars", rows, done)
    done.stars = len(rows)

    tag_ids: dict[str, int] = {}
    for key, name in source.tags.items():
        found = _named(session, Tag, key)
        if found is None:
            tag = Tag(name=name, key=key)
            session.add(tag)
            session.flush()
            log.added(tag)
            found = tag.id
        tag_ids[key] = found
    have = set(session.execute(select(DocumentTag.document_id, DocumentTag.tag_id)).tuples())
    rows = [
        {"document_id": docs[h], "tag_id": tag_ids[key]}
        for h, key in sorted(source.tagged)
        if h in docs and (docs[h], tag_ids[key]) not in have
    ]
    _insert(session, log, "document_tags", rows, done)
    done.tags = len(rows)

    collection_ids: dict[str, int] = {}
    for key, (name, made) in source.collections.items():
        found = _named(session, Collection, key)
        if found is None:
            made_here = Collection(name=name, key=key, created_at=made)
            session.add(made_here)
            session.flush()
            log.added(made_here)
            found = made_here.id
        collection_ids[key] = found
    have = set(
        session.execute(select(CollectionItem.collection_id, CollectionItem.document_id)).tuples()
    )
    rows = [
        {"collection_id": collection_ids[key], "document_id": docs[h], "added_at": when}
        for (h, key), when in sorted(source.collected.items())
        if h in docs and (collection_ids[key], docs[h]) not in have
    ]
    _insert(session, log, "collection_items", rows, done)
    done.collected = len(rows)

    for h, (text, when) in sorted(source.notes.items()):
        if h not in docs:
            continue
        note = session.get(Note, docs[h])
        if note is None:
            note = Note(document_id=docs[h], text=text, updated_at=when)
            session.add(note)
            session.flush()
            log.added(note)
        elif note.text == text:
            continue
        elif note.updated_at >= when:
            done.notes_kept += 1  # the target's own edit is the later one
            continue
        else:
            log.changed(note)
            note.text, note.updated_at = text, when
        done.notes += 1
        done.documents.add(docs[h])
        log.documents.add(docs[h])
    return done


def _insert(
    session: Session, log: UndoLog, name: str, rows: list[dict[str, object]], done: MarksCarried
) -> None:
    if not rows:
        return
    t = table(name)
    session.execute(insert(t), rows)
    keys = [c.name for c in t.primary_key.columns]
    log.added_keys(name, [{k: r[k] for k in keys} for r in rows])
    touched = {int(str(r["document_id"])) for r in rows}
    log.documents.update(touched)
    done.documents |= touched


__all__ = ["MarksCarried", "SourceMarks", "carry", "read_source"]
