"""Phase 2 of an import: entities for stored documents, in batches, off the reading path.

Documents whose ``entities_version`` is missing or older than the extractor's
are (re)extracted: the model runs in worker processes for large batches (so the
two cores share the work and a window stays responsive), and the results are
written here, one transaction per batch, by the single writer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from sqlalchemy import ColumnElement, delete, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from .entities.extract import EXTRACTOR_VERSION, Found, extract_many
from .entities.links import USER
from .entities.names import name_key
from .entities.own_meta import drop_own_metadata
from .entities.personal import PersonalGazetteer, pinned, with_personal
from .entities.resolve import EntityResolver, Resolved
from .lifeline import bind_to_parent
from .progress import ExtractProgress, FlushPacer
from .store.models import Document, Mention, Source

#: Below this many documents the model runs in this process (worker start-up costs ~2 s).
POOL_MIN_DOCS = 200
BATCH = 64
#: At most this much text in one batch (one document may be longer: it goes alone).
BATCH_CHARS = 300_000


Item = tuple[int, str, dt.date | None]  # id, text, published


def _background() -> None:
    """Model workers yield the CPU to the window and to reading, and die with their owner."""
    bind_to_parent()
    with contextlib.suppress(OSError):
        os.nice(10)


def _extract_batch(items: Sequence[Item]) -> list[tuple[int, list[Found]]]:
    """Run in a worker process: the model and lists on a batch of texts."""
    found = extract_many([(text, published) for _, text, published in items])
    return [(doc_id, f) for (doc_id, _, _), f in zip(items, found, strict=True)]


def _bounded_map(
    pool: ProcessPoolExecutor, batches: Iterator[list[Item]], inflight: int
) -> Iterator[list[tuple[int, list[Found]]]]:
    """Like ``pool.map`` but reads ahead only ``inflight`` batches (memory stays flat)."""
    queue: deque[Future[list[tuple[int, list[Found]]]]] = deque()
    for batch in batches:
        queue.append(pool.submit(_extract_batch, batch))
        if len(queue) >= inflight:
            yield queue.popleft().result()
    while queue:
        yield queue.popleft().result()


def pending_filter() -> ColumnElement[bool]:
    """Documents whose entities are missing or from an older extractor."""
    return or_(Document.entities_version.is_(None), Document.entities_version < EXTRACTOR_VERSION)


def count_pending(session: Session) -> int:
    """How many documents still wait for entities."""
    from sqlalchemy import func

    return session.scalar(select(func.count()).select_from(Document).where(pending_filter())) or 0


def _batches(sessions: sessionmaker[Session], ids: list[int]) -> Iterator[list[Item]]:
    for i in range(0, len(ids), BATCH):
        with sessions() as session:
            rows = session.execute(
                select(Document.id, Document.text, Document.published).where(
                    Document.id.in_(ids[i : i + BATCH])
                )
            ).all()
        batch: list[Item] = []
        chars = 0
        for r in rows:
            # long documents (manuals, reports) go in smaller batches: a worker's memory
            # follows the text it holds, and 64 long PDFs took 800 MB in each of two workers
            if batch and chars + len(r[1]) > BATCH_CHARS:
                yield batch
                batch, chars = [], 0
            batch.append((r[0], r[1], r[2]))
            chars += len(r[1])
        if batch:
            yield batch


def _workers(n_docs: int) -> int:
    if n_docs < POOL_MIN_DOCS or os.environ.get("SOURCEDESK_NO_WORKERS"):
        return 0
    return max(1, min(2, os.cpu_count() or 1))


def write_batch(
    session: Session,
    batch: Sequence[tuple[int, list[Found]]],
    personal: PersonalGazetteer,
    texts: dict[int, str],
) -> int:
    """Replace the mentions of a batch of documents, inside the caller's transaction.

    A batch is one transaction (all of it or none is written, and its documents are marked
    done in the same one); it returns how many documents were written (a document deleted
    meanwhile is skipped).
    """
    batch = [(doc_id, found) for doc_id, found in batch if doc_id in texts]
    if not batch:
        return 0
    ids = [doc_id for doc_id, _ in batch]
    meta = {
        int(r[0]): (r[1], r[2], r[3])
        for r in session.execute(
            select(Document.id, Source.name, Document.source_raw, Document.author)
            .outerjoin(Source, Source.id == Document.source_id)
            .where(Document.id.in_(ids))
        )
    }
    merged = [
        (d, drop_own_metadata(texts[d], with_personal(found, personal.scan(texts[d])), *meta[d]))
        for d, found in batch
    ]
    pins = pinned(session, ids)
    session.execute(delete(Mention).where(Mention.document_id.in_(ids)))
    resolver = EntityResolver(session, (f for _, found in merged for f in found))
    rows = []
    for doc_id, found in merged:
        for f in found:
            pin = pins.get((doc_id, name_key(f.text))) if f.kind != "date" else None
            r = Resolved(pin, USER) if pin is not None else resolver.resolve(f)
            rows.append(
                {
                    "document_id": doc_id,
                    "entity_id": r.entity_id,
                    "start": f.start,
                    "end": f.end,
                    "text": f.text[:500],
                    "link": r.link,
                    "link_detail": r.detail[:300] or None,
                }
            )
    resolver.flush()
    if rows:
        session.connection().execute(insert(Mention), rows)
    session.execute(
        update(Document).where(Document.id.in_(ids)).values(entities_version=EXTRACTOR_VERSION)
    )
    return len(ids)


def run_entity_phase(
    sessions: sessionmaker[Session],
    on_progress: Callable[[ExtractProgress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    on_batch: Callable[[], None] | None = None,
    batch_seconds: float = 2.0,
) -> int:
    """Extract entities for every pending document; returns how many were done."""
    with sessions() as session:
        ids = list(
            session.scalars(select(Document.id).where(pending_filter()).order_by(Document.id))
        )
        personal = PersonalGazetteer(session)
    if not ids:
        return 0
    start = time.monotonic()
    pacer = FlushPacer(batch_seconds)
    done = 0
    workers = _workers(len(ids))
    pool = (
        ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_background
        )
        if workers
        else None
    )
    try:
        batches = _batches(sessions, ids)
        results = (
            _bounded_map(pool, batches, 2 * workers)
            if pool is not None
            else map(_extract_batch, batches)
        )
        for batch in results:
            with sessions() as session:
                texts = {
                    int(i): str(t)
                    for i, t in session.execute(
                        select(Document.id, Document.text).where(
                            Document.id.in_([d for d, _ in batch])
                        )
                    )
                }
            with sessions.begin() as session:
                done += write_batch(session, batch, personal, texts)
            now = time.monotonic()
            if on_progress:
                on_progress(ExtractProgress(done, len(ids), now - start))
            if on_batch and pacer.due():
                # the index shares this process with the writer: a long commit (a Whoosh
                # merge) spaces out the next ones
                pacer.run(on_batch)
            if should_cancel and should_cancel():
                break
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if on_batch:
        on_batch()
    return done
