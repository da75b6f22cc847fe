"""Phase 2 of an import: entities for stored documents, in batches, off the reading path.

Documents whose ``entities_version`` is missing or older than the extractor's
are (re)extracted: the model runs in worker processes that can be stopped, under a time
limit per article (:mod:`desktop.entity_workers`; two workers for large batches, so the
two cores share the work and a window stays responsive), and the results are written
here, one transaction per batch, by the single writer. An article given up on (it took
too long, or took the model down) keeps its text and stays searchable; its
``entities_status`` says why it has no entities.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterator, Sequence

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from .entities.extract import Found
from .entities.links import USER
from .entities.names import name_key
from .entities.own_meta import drop_own_metadata
from .entities.personal import PersonalGazetteer, pinned, with_personal
from .entities.resolve import EntityResolver, Resolved
from .entity_workers import Item, ModelWorkers, TimeLimit, plan_batches
from .heap import give_back_free_memory
from .ingest.pipeline import ImportReport
from .pending import EXTRACTOR_VERSION, pending_filter
from .progress import ExtractProgress, FlushPacer
from .store.models import Document, Mention, Source

#: From this many documents on, two model workers share the work (each loads the model).
POOL_MIN_DOCS = 200
BATCH = 64
#: At most this much text in one batch (one document may be longer: it goes alone).
BATCH_CHARS = 300_000


def _batches(sessions: sessionmaker[Session], ids: list[int]) -> Iterator[list[Item]]:
    for i in range(0, len(ids), BATCH):
        with sessions() as session:
            rows = session.execute(
                select(Document.id, Document.text, Document.published).where(
                    Document.id.in_(ids[i : i + BATCH])
                )
            ).all()
        # a long article goes in a batch of its own; long documents (manuals, reports) go
        # in smaller batches: a worker's memory follows the text it holds
        yield from plan_batches([(r[0], r[1], r[2]) for r in rows], BATCH, BATCH_CHARS)


def _workers(n_docs: int) -> int:
    if n_docs < POOL_MIN_DOCS or os.environ.get("SOURCEDESK_NO_WORKERS"):
        return 1
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
    rivals = resolver.rival_surnames()
    if rivals:  # a second Reagan: "Reagan" is no longer the only one's
        resolver.unlink_surnames(rows, rivals)
    resolver.flush()
    if rows:
        session.connection().execute(insert(Mention), rows)
    session.execute(
        update(Document).where(Document.id.in_(ids)).values(entities_version=EXTRACTOR_VERSION)
    )
    return len(ids)


def mark_given_up(session: Session, given_up: Sequence[tuple[int, str]]) -> int:
    """Articles the model gave up on: no mentions, done for this extractor, and why."""
    if not given_up:
        return 0
    ids = [doc_id for doc_id, _ in given_up]
    session.execute(delete(Mention).where(Mention.document_id.in_(ids)))
    for doc_id, status in given_up:
        session.execute(
            update(Document)
            .where(Document.id == doc_id)
            .values(entities_version=EXTRACTOR_VERSION, entities_status=status)
        )
    return len(ids)


def _texts(sessions: sessionmaker[Session], ids: list[int]) -> dict[int, str]:
    with sessions() as session:
        rows = session.execute(select(Document.id, Document.text).where(Document.id.in_(ids)))
        return {int(i): str(t) for i, t in rows}


def run_entity_phase(
    sessions: sessionmaker[Session],
    on_progress: Callable[[ExtractProgress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    on_batch: Callable[[], None] | None = None,
    batch_seconds: float = 2.0,
    limit: TimeLimit | None = None,
) -> int:
    """Extract entities for every pending document; returns how many were done (those given
    up on included: they are done, with a status)."""
    with sessions() as session:
        ids = list(
            session.scalars(select(Document.id).where(pending_filter()).order_by(Document.id))
        )
        personal = PersonalGazetteer(session)
    if not ids:
        return 0
    give_back_free_memory()  # the reading phase's heap: not held through the entity phase
    start = time.monotonic()
    pacer = FlushPacer(batch_seconds)
    done = 0
    with ModelWorkers(_workers(len(ids)), limit) as model:
        for outcome in model.run(_batches(sessions, ids), should_cancel):
            found_ids = [d for d, _ in outcome.found]
            texts = _texts(sessions, found_ids) if found_ids else {}
            with sessions.begin() as session:
                done += write_batch(session, outcome.found, personal, texts)
                if found_ids:  # a second try that worked: no status left from the first
                    session.execute(
                        update(Document)
                        .where(Document.id.in_(found_ids), Document.entities_status.is_not(None))
                        .values(entities_status=None)
                    )
                done += mark_given_up(session, outcome.given_up)
            now = time.monotonic()
            if on_progress:
                on_progress(
                    ExtractProgress(done, len(ids), now - start, outcome.seconds, outcome.ids)
                )
            if on_batch and pacer.due():
                # the index shares this process with the writer: a long commit (a Whoosh
                # merge) spaces out the next ones
                pacer.run(on_batch)
            if should_cancel and should_cancel():
                break
    if on_batch:
        on_batch()
    return done


def note_given_up(sessions: sessionmaker[Session], report: ImportReport) -> None:
    """Mark the imported files whose entities the model gave up on, for the import report."""
    ids = [f.id for f in report.imported]
    with sessions() as session:
        rows = session.execute(
            select(Document.id, Document.entities_status).where(
                Document.id.in_(ids), Document.entities_status.is_not(None)
            )
        )
        status = {int(doc_id): str(code) for doc_id, code in rows}
    if status:
        report.imported[:] = [
            dataclasses.replace(f, entities_status=status[f.id]) if f.id in status else f
            for f in report.imported
        ]
