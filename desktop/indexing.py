"""Keeping the full-text index in step with the store (the store is the truth)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from search import SearchIndex
from search.schema import IndexDoc

from .ingest.writefailure import is_disk_full
from .store import dialect
from .store.models import Document, IndexQueue

BATCH = 500
Progress = Callable[[int, int], None]


def index_docs(session: Session, doc_ids: Sequence[int]) -> list[IndexDoc]:
    """Plain index documents (id, title, text) for these ids."""
    rows = session.execute(
        select(Document.id, Document.title, Document.text).where(Document.id.in_(doc_ids))
    ).all()
    return [IndexDoc(id=doc_id, title=title, text=text) for doc_id, title, text in rows]


def _chunks(ids: Sequence[int], size: int = BATCH) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def queued(sessions: sessionmaker[Session]) -> list[int]:
    """The ids waiting for the index (added, changed or deleted since its last commit)."""
    with sessions() as session:
        return list(session.scalars(select(IndexQueue.document_id)))


def write_ids(
    sessions: sessionmaker[Session],
    index: SearchIndex,
    ids: Sequence[int],
    batches: bool = False,
    merge: bool = True,
) -> None:
    """Index these documents as the store has them now (one write transaction): each one
    stored is added or replaced, each one gone is deleted. ``batches``: one of an import's
    run of commits, ``merge=False`` its last (:meth:`search.SearchIndex.writer`)."""
    with sessions() as session, index.writer(batches=batches, merge=merge) as w:
        for chunk in _chunks(ids):
            present = set()
            for doc in index_docs(session, chunk):
                w.add(doc)
                present.add(doc.id)
            for doc_id in chunk:
                if doc_id not in present:
                    w.delete(doc_id)


def flush_queue(sessions: sessionmaker[Session], index: SearchIndex) -> int:
    """Index every queued document, then clear the queue rows it committed."""
    ids = queued(sessions)
    if not ids:
        return 0
    if not index.follows_store:  # else indexed with the change already
        write_ids(sessions, index, ids)
    try:
        dequeue(sessions, ids)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        # the index has them; their rows stay queued (no room to delete them), and the next
        # flush writes them again, as replacements: nothing lost, nothing wrong
    return len(ids)


def dequeue(sessions: sessionmaker[Session], ids: Sequence[int]) -> None:
    """Clear the queue rows of these ids (their documents are in the committed index)."""
    with sessions.begin() as session:
        for chunk in _chunks(ids, 10_000):
            session.execute(delete(IndexQueue).where(IndexQueue.document_id.in_(chunk)))


def rebuild(
    sessions: sessionmaker[Session], index: SearchIndex, progress: Progress | None = None
) -> int:
    """Throw the index away and write it again from the store."""
    if index.follows_store:
        done = int(index.rebuild_from_store(progress))  # type: ignore[attr-defined]
        with sessions.begin() as session:
            session.execute(delete(IndexQueue))
        return done
    index.clear()
    with sessions() as session:
        ids = list(session.scalars(select(Document.id).order_by(Document.id)))
    done = 0
    with sessions() as session, index.writer() as w:
        for chunk in _chunks(ids):
            for doc in index_docs(session, chunk):
                w.add(doc)
            done += len(chunk)
            if progress:
                progress(done, len(ids))
    with sessions.begin() as session:
        session.execute(delete(IndexQueue))
    return len(ids)


def reconcile(sessions: sessionmaker[Session], index: SearchIndex) -> int:
    """Repair a stale index on open: queue what differs from the store, then index it
    (and remove what an import killed while it wrote its last articles apart left, and
    write the word positions again if a writer died between the engine's commit and
    theirs: ~0.1 ms an article, once)."""
    index.drop_tails()
    if index.phrases_interrupted():
        build_pairs(sessions, index)
    with sessions() as session:
        # every launch does this: read the ids straight into an array (100k rows through
        # the ORM took a third of a second of the window's start)
        store_ids = dialect.document_ids(session)
        queued = session.scalar(select(func.count()).select_from(IndexQueue)) or 0
    indexed = np.asarray(index.indexed_ids(), dtype=np.int64)
    missing = set(np.setdiff1d(store_ids, indexed, assume_unique=True).tolist())
    extra = set(np.setdiff1d(indexed, store_ids, assume_unique=True).tolist())
    if (missing or extra) and index.follows_store:  # written outside Sourcedesk: again
        return rebuild(sessions, index)
    if missing or extra:
        with sessions.begin() as session:
            already = set(session.scalars(select(IndexQueue.document_id)))
            for doc_id in (missing | extra) - already:
                session.add(IndexQueue(document_id=doc_id, deleted=doc_id in extra))
    if missing or extra or queued:
        return flush_queue(sessions, index)
    return 0


def build_pairs(sessions: sessionmaker[Session], index: SearchIndex) -> bool:
    """Write the word pairs of every article from the store (search/pairs.py): for an index
    from before them, or one that lost them. True when they are complete."""
    with sessions() as session:
        ids = list(session.scalars(select(Document.id).order_by(Document.id)))
        docs = (doc for chunk in _chunks(ids) for doc in index_docs(session, chunk))
        return index.build_pairs(docs)
