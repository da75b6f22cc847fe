"""Library: the one facade the command line and the window use.

A library is one folder: ``library.sqlite`` (the truth), ``index/`` (Whoosh, a
cache that can be rebuilt) and ``originals/`` (every imported file's bytes,
content-addressed).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
from sqlalchemy import Select, func, select, text, update
from sqlalchemy.orm import Session

from search import (
    FacetFilters,
    ParsedQuery,
    QueryError,
    SearchIndex,
    open_index,
    remembered_engine,
)
from search.facets import Mask

from . import curation, indexing
from .entities.names import name_key
from .ingest.pipeline import Importer, ImportProgress, ImportReport
from .progress import ExtractProgress
from .querying import FACETS, FacetData, Hit, SearchRequest, SearchResult
from .store import (
    ACTOR_KINDS,
    Alias,
    Document,
    Entity,
    IndexQueue,
    Mention,
    OriginalStore,
    SchemaError,
    Source,
    check_version,
    create_store_engine,
    migrate,
    session_factory,
)
from .views import DocumentView, LibraryStats, MentionView

DB_NAME = "library.sqlite"


class LibraryError(Exception):
    """A library-level problem, worded for the user."""


class LibraryBusy(LibraryError):
    """Another process is writing to this library."""


@dataclass(frozen=True)
class _Lookup:
    kinds: tuple[str, ...]


_FACET_KINDS = {"place": _Lookup(("place",)), "actor": _Lookup(ACTOR_KINDS)}


@dataclass(frozen=True)
class _Selection:
    """A request resolved against the index and the facet arrays."""

    facets: FacetData
    query: ParsedQuery | None
    base: Mask  # documents the query text matches
    masks: dict[str, Mask]  # one per active facet filter
    final: Mask  # base narrowed by every filter
    unknown: dict[str, list[str]]


class Library:
    """Open with :meth:`open`; every method is safe to call from a worker thread."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create the library folder {root}: {exc.strerror}") from exc
        #: True when the folder cannot be written: searching works, changes are refused.
        self.read_only = not os.access(root, os.W_OK)
        if self.read_only and not (root / DB_NAME).exists():
            raise LibraryError(f"{root} is read-only and holds no library")
        self.engine = create_store_engine(root / DB_NAME, read_only=self.read_only)
        try:
            check_version(self.engine) if self.read_only else migrate(self.engine)
        except SchemaError as exc:
            self.engine.dispose()
            raise LibraryError(str(exc)) from exc
        except Exception as exc:
            self.engine.dispose()
            raise LibraryError(f"cannot open the library database in {root}: {exc}") from exc
        self.sessions = session_factory(self.engine)
        self.originals = OriginalStore(root / "originals")
        self._write_lock = threading.RLock()
        self._write_depth = 0
        self._facet_lock = threading.Lock()
        self._facets: FacetData | None = None
        self._facets_generation: tuple[int, ...] = ()
        #: the last problem writing the index, if it failed (shown to the user)
        self.index_error: str | None = None
        self.index = self._open_index()

    @classmethod
    def open(cls, root: str | os.PathLike[str]) -> Library:
        """Open (or create) the library in ``root`` and repair a missing or stale index."""
        lib = cls(Path(root))
        if not lib.read_only:
            lib.repair_index()
        return lib

    def _open_index(self) -> SearchIndex:
        import warnings

        path = self.root / "index"
        engine = remembered_engine(path)  # the library keeps its engine through a repair
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)  # Whoosh leaks damaged files
            try:
                return open_index(path)
            except Exception as exc:
                if self.read_only:
                    raise LibraryError(f"the search index in {path} cannot be read") from exc
                # a damaged index is only a cache: start it again from the store
        import shutil

        shutil.rmtree(path, ignore_errors=True)
        return open_index(path, engine)

    def close(self) -> None:
        """Release the index and the database."""
        self.index.close()
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def writing(self, wait_s: float = 10.0) -> Iterator[None]:
        """One writer per library, across threads and processes (re-entrant in a thread)."""
        if self.read_only:
            raise LibraryError(
                f"the library in {self.root} is read-only (the folder cannot be written): "
                "searching works, changes do not"
            )
        with self._write_lock:
            if self._write_depth:  # this thread already holds the lock
                self._write_depth += 1
                try:
                    yield
                finally:
                    self._write_depth -= 1
                return
            fh = open(self.root / "write.lock", "a+")  # noqa: SIM115 - held for the block
            try:
                self._lock_file(fh, wait_s)
                self._write_depth = 1
                try:
                    yield
                finally:
                    self._write_depth = 0
                    self._facets = None
                    fcntl.flock(fh, fcntl.LOCK_UN)
            finally:
                fh.close()

    @staticmethod
    def _lock_file(fh: IO[str], wait_s: float) -> None:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LibraryBusy(
                        "another Sourcedesk process is writing to this library; "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.1)

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        on_progress: Callable[[ImportProgress], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        entities: bool = True,
    ) -> ImportReport:
        """Import files and folders: stored and searchable first, then (with ``entities``)
        read for places, people and organisations. One transaction per file; failures are
        reported file by file."""
        importer = Importer(self.sessions, self.originals)
        with self.writing():
            report = importer.run(paths, on_progress, should_cancel, on_batch=self._flush_index)
        if self.index_error:
            report.warnings.append(self.index_error)
        if entities and not report.cancelled:
            counts = (len(report.imported), len(report.duplicates), len(report.failed))

            def progress(p: ExtractProgress) -> None:
                if on_progress:
                    on_progress(
                        ImportProgress(p.done, p.total, "", *counts, p.elapsed_s, "entities")
                    )

            self.extract_entities(progress, should_cancel)
        return report

    def extract_entities(
        self,
        on_progress: Callable[[ExtractProgress], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Find entities in every document that still waits for them (phase 2 of an import)."""
        from .extraction import run_entity_phase

        with self.writing():
            return run_entity_phase(self.sessions, on_progress, should_cancel, self._flush_index)

    def pending_entities(self) -> int:
        """Documents whose entities are not found yet."""
        from .extraction import count_pending

        with self.sessions() as session:
            return count_pending(session)

    def reextract(
        self,
        on_progress: Callable[[ExtractProgress], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Find every document's entities again (the user's curation decisions still apply)."""
        with self.writing(), self.sessions.begin() as session:
            session.execute(update(Document).values(entities_version=None))
        return self.extract_entities(on_progress, should_cancel)

    def _flush_index(self) -> None:
        """Index what is queued; a failure (e.g. a full disk) leaves it queued for later."""
        import gc
        import warnings

        error = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                indexing.flush_queue(self.sessions, self.index)
            except OSError as exc:
                error = (
                    f"the search index could not be updated ({exc.strerror or exc}); the "
                    "documents are stored and will be indexed when the library is next opened "
                    "with space free"
                )
            if error:
                # Whoosh leaves a failed segment's files open; only then is a full collection
                # (hundreds of ms with the model loaded, holding the GIL) worth it
                gc.collect()
        self.index_error = error
        self._facets = None

    def repair_index(self) -> int:
        """Bring the index in step with the store; returns how many documents were (re)indexed."""
        with self.writing():
            return indexing.reconcile(self.sessions, self.index)

    def reindex(self, on_progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the whole index from the store."""
        with self.writing():
            return indexing.rebuild(self.sessions, self.index, on_progress)

    # -- curation ------------------------------------------------------------------------

    def _curate(self, op: Callable[[Session], curation.Change]) -> str:
        """Run one curation step and bring the index and facets up to date at once."""
        with self.writing():
            with self.sessions.begin() as session:
                change = op(session)
                queued = set(session.scalars(select(IndexQueue.document_id)))
                session.add_all(IndexQueue(document_id=d) for d in change.documents - queued)
            self._flush_index()
        return change.summary

    def entities(
        self,
        kind: str | None = None,
        contains: str | None = None,
        include_ignored: bool = False,
        limit: int | None = None,
    ) -> list[curation.EntityInfo]:
        """Entities with spellings and document counts (``kind`` may be "actor")."""
        with self.sessions() as session:
            return curation.list_entities(session, kind, contains, include_ignored, limit)

    def merge_entities(self, source: str | int, target: str | int, kind: str | None = None) -> str:
        """Merge ``source`` into ``target`` (the survivor keeps its name and gets the aliases)."""
        return self._curate(
            lambda s: curation.merge(
                s, curation.get_one(s, str(source), kind), curation.get_one(s, str(target), kind)
            )
        )

    def rename_entity(self, ref: str | int, name: str, kind: str | None = None) -> str:
        """Set an entity's canonical name."""
        return self._curate(lambda s: curation.rename(s, curation.get_one(s, str(ref), kind), name))

    def set_entity_kind(self, ref: str | int, new_kind: str, kind: str | None = None) -> str:
        """Change an entity's kind (place, person, organization)."""
        return self._curate(
            lambda s: curation.set_kind(s, curation.get_one(s, str(ref), kind), new_kind)
        )

    def add_entity_alias(self, ref: str | int, spelling: str, kind: str | None = None) -> str:
        """Add a spelling that resolves to an entity."""
        return self._curate(
            lambda s: curation.add_alias(s, curation.get_one(s, str(ref), kind), spelling)
        )

    def ignore_entity(self, ref: str | int, ignored: bool = True, kind: str | None = None) -> str:
        """Hide a false entity everywhere (or show it again with ``ignored=False``)."""
        if ignored:
            return self._curate(
                lambda s: curation.set_ignored(s, curation.get_one(s, str(ref), kind), True)
            )
        # an ignored entity is only found when asked for explicitly
        return self._curate(
            lambda s: curation.set_ignored(s, _ignored_one(s, str(ref), kind), False)
        )

    def undo_curation(self) -> str:
        """Undo the last curation step."""
        return self._curate(curation.undo_last)

    # -- reading ---------------------------------------------------------------------------

    def facet_data(self) -> FacetData:
        """Facet arrays for the current state, rebuilt when this or another process wrote."""
        with self._facet_lock, self.sessions() as session:
            generation = _generation(session)
            if self._facets is None or self._facets_generation != generation:
                self._facets = FacetData(session)
                self._facets_generation = generation
            return self._facets

    def lookup_entity_ids(self, facet: str, text: str, pattern: bool = False) -> list[int]:
        """Entities of a facet that a spelling (or a wildcard pattern) names, via aliases."""
        from .entities.orgs import org_key

        kinds = _FACET_KINDS[facet].kinds
        with self.sessions() as session:
            q = (
                select(Alias.entity_id)
                .join(Entity)
                .where(Alias.kind.in_(kinds), Entity.ignored.is_(False))
            )
            if pattern:
                like = name_key(text.replace("*", "\x00").replace("?", "\x01"))
                like = (
                    like.replace("%", "").replace("_", "").replace("\x00", "%").replace("\x01", "_")
                )
                ids = set(session.scalars(q.where(Alias.key.like(like))))
            else:
                keys = {name_key(text), org_key(text)} if facet == "actor" else {name_key(text)}
                ids = set(session.scalars(q.where(Alias.key.in_(keys))))
                if not ids:
                    ids = self._lookup_by_knowledge(session, facet, text, q)
        return sorted(ids)

    def _lookup_by_knowledge(
        self, session: Session, facet: str, text: str, q: Select[tuple[int]]
    ) -> set[int]:
        """Spellings the library has not seen: gazetteers (Kiev -> Kyiv), transliterations."""
        canonicals: list[str] = []
        if facet == "place":
            from .entities.gazetteer import get_gazetteer

            canonicals = [p.canonical for p in get_gazetteer().candidates(text)]
        else:
            from .entities.orgs import lookup_org
            from .entities.people import lookup_person

            canonicals = [c for c in (lookup_person(text), lookup_org(text)) if c]
        ids: set[int] = set()
        if canonicals:
            ids = set(session.scalars(q.where(Alias.key.in_([name_key(c) for c in canonicals]))))
        if not ids and facet == "actor":
            from .entities.names import translit_key
            from .entities.resolve import person_fold_key

            people = select(Entity.id).where(
                Entity.kind == "person", Entity.ignored.is_(False), Entity.merged_into.is_(None)
            )
            if " " in text.strip():  # "Ivan Federov" -> Ivan Fedorov
                ids = set(session.scalars(people.where(Entity.fold_key == person_fold_key(text))))
            else:  # "Federov" -> every person with that surname
                ids = set(session.scalars(people.where(Entity.surname_key == translit_key(text))))
        return ids

    def lookup_source_ids(self, text: str, pattern: bool = False) -> list[int]:
        """Outlets a spelling names ("the Guardian" -> The Guardian)."""
        from .entities.outlets import normalize_outlet

        with self.sessions() as session:
            if pattern:
                like = name_key(text.replace("*", "\x00")).replace("\x00", "%")
                return sorted(session.scalars(select(Source.id).where(Source.key.like(like))))
            keys = {name_key(text), name_key(normalize_outlet(text) or text)}
            return sorted(session.scalars(select(Source.id).where(Source.key.in_(keys))))

    def _resolve_token(self, field: str, text: str, pattern: bool) -> list[str]:
        if field == "source":
            return [indexing.source_token(i) for i in self.lookup_source_ids(text, pattern)]
        return [indexing.entity_token(i) for i in self.lookup_entity_ids(field, text, pattern)]

    def _select(self, request: SearchRequest) -> _Selection:
        """The parsed query, the text-matched mask, the facet filter masks and the final mask."""
        fd = self.facet_data()
        q = self.index.parse(request.query, self._resolve_token)
        base = fd.index.mask_of(self.index.match_ids(q) if q is not None else None)
        selected: dict[str, frozenset[int]] = {}
        unknown: dict[str, list[str]] = {}
        for facet, values in request.selections().items():
            ids: set[int] = set()
            for value in values:
                found = (
                    self.lookup_source_ids(value)
                    if facet == "source"
                    else self.lookup_entity_ids(facet, value)
                )
                if not found:
                    unknown.setdefault(facet, []).append(value)
                ids.update(found)
            if values:
                # a value that names nothing matches nothing
                selected[facet] = frozenset(ids) or frozenset({-1})
        filters = FacetFilters(selected, request.date_from, request.date_to, request.undated)
        masks = fd.index.filter_masks(filters)
        return _Selection(fd, q, base, masks, fd.index.apply(base, masks), unknown)

    def search(self, request: SearchRequest) -> SearchResult:
        """Ranked hits, total and facet counts; raises ``QueryError`` for a bad query."""
        sel = self._select(request)
        page = self._page(sel, request)
        ranked, dates = sel.facets.index.rank_all(sel.base, sel.masks)
        facets = {name: sel.facets.labelled(name, *ranked[name]) for name in FACETS}
        facets["date"] = dates
        return SearchResult(
            int(sel.final.sum()),
            sel.facets.library_total,
            self._hits(page, sel.query),
            facets,
            sel.unknown,
        )

    def _page(self, sel: _Selection, request: SearchRequest) -> list[tuple[int, float]]:
        """The requested page of (id, score), in the request's sort order."""
        q, final, filtered = sel.query, sel.final, bool(sel.masks)
        want = request.offset + request.limit
        ids = np.flatnonzero(final)
        if not len(ids) or request.limit <= 0:
            return []
        if q is not None and request.sort == "relevance":
            ranked = self.index.ranked(q, ids if filtered else None, want)
            ranked = [(i, s) for i, s in ranked if final[i]] if not filtered else ranked
            return ranked[request.offset : want]
        ordinals = self.facet_data().index.dates.ordinals[ids]
        if request.sort == "oldest":
            order = np.lexsort((ids, np.where(ordinals == 0, np.iinfo(np.int64).max, ordinals)))
        else:
            order = np.lexsort((-ids, -ordinals))
        return [(int(ids[i]), 0.0) for i in order[request.offset : want]]

    def _hits(self, page: list[tuple[int, float]], q: ParsedQuery | None) -> list[Hit]:
        if not page:
            return []
        with self.sessions() as session:
            docs = {
                d.id: d
                for d in session.scalars(
                    select(Document).where(Document.id.in_([i for i, _ in page]))
                )
            }
        hits = []
        for doc_id, score in page:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            snip = self.index.snippet(q, doc.text)
            hits.append(
                Hit(
                    doc.id,
                    doc.filename,
                    doc.title,
                    doc.source.name if doc.source else None,
                    doc.published,
                    snip.text,
                    snip.hits,
                    score,
                )
            )
        return hits

    def refresh(self) -> None:
        """See at once what another process (an import in a child) committed."""
        self.index.refresh()
        with self._facet_lock:
            self._facets = None

    def hits(self, ids: Sequence[int], query: str = "") -> list[Hit]:
        """Result rows (with snippets for ``query``) for these ids, in this order."""
        try:
            q = self.index.parse(query, self._resolve_token)
        except QueryError:
            q = None
        return self._hits([(int(i), 0.0) for i in ids], q)

    def document(self, doc_id: int, query: str = "") -> DocumentView:
        """A document with its entity mentions (and the query's hit spans, if a query is given)."""
        with self.sessions() as session:
            doc = session.get(Document, doc_id)
            if doc is None:
                raise LibraryError(f"no document with id {doc_id}")
            mentions = [
                MentionView(m.start, m.end, m.text, m.entity.kind, m.entity.name, m.entity_id)
                for m in doc.mentions
                if not m.entity.ignored
            ]
            view = DocumentView(
                id=doc.id,
                filename=doc.filename,
                title=doc.title,
                source=doc.source.name if doc.source else None,
                source_raw=doc.source_raw,
                author=doc.author,
                published=doc.published,
                published_from=doc.published_from,
                language=doc.language,
                format=doc.format,
                text=doc.text,
                original_sha256=doc.original_sha256,
                original_path=doc.original_path,
                imported_at=doc.imported_at,
                entities=mentions,
                hits=[],
            )
        if query.strip():
            try:
                q = self.index.parse(query, self._resolve_token)
            except QueryError:
                q = None
            view = view.with_hits(self.index.hit_spans(q, view.text))
        return view

    def original_file(self, doc_id: int) -> Path:
        """The kept original bytes of a document (to open with the system viewer)."""
        with self.sessions() as session:
            doc = session.get(Document, doc_id)
            if doc is None:
                raise LibraryError(f"no document with id {doc_id}")
            return self.originals.path_for(doc.original_sha256)

    def all_ids(self, request: SearchRequest) -> list[int]:
        """Every document id matching a request (no paging), in its sort order."""
        everything = SearchRequest(**{**request.__dict__, "limit": 10**9, "offset": 0})
        return [i for i, _ in self._page(self._select(everything), everything)]

    def stats(self) -> LibraryStats:
        """Counts and sizes for ``sourcedesk stats``."""
        with self.sessions() as session:
            kinds = {
                str(k): int(n)
                for k, n in session.execute(
                    select(Entity.kind, func.count())
                    .where(Entity.ignored.is_(False))
                    .group_by(Entity.kind)
                )
            }
            stats = LibraryStats(
                path=str(self.root),
                engine=self.index.engine,
                documents=session.scalar(select(func.count()).select_from(Document)) or 0,
                undated=session.scalar(
                    select(func.count()).select_from(Document).where(Document.published.is_(None))
                )
                or 0,
                sources=session.scalar(select(func.count()).select_from(Source)) or 0,
                mentions=session.scalar(select(func.count()).select_from(Mention)) or 0,
                entities={
                    k: int(kinds.get(k, 0)) for k in ("place", "person", "organization", "date")
                },
                index_documents=self.index.doc_count(),
                index_pending=session.scalar(select(func.count()).select_from(IndexQueue)) or 0,
                database_bytes=_size(self.root / DB_NAME),
                index_bytes=_size(self.root / "index"),
                originals_bytes=_size(self.root / "originals"),
            )
        return stats


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    if not path.exists():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _ignored_one(session: Session, ref: str, kind: str | None) -> Entity:
    found = [e for e in curation.find_entities(session, ref, kind) if e.ignored]
    if len(found) != 1:
        return curation.get_one(session, ref, kind)
    return found[0]


def _generation(session: Session) -> tuple[int, ...]:
    """Changes whenever any process commits documents, mentions or curation (O(1) lookups)."""
    row = session.execute(
        text(
            "SELECT (SELECT max(id) FROM documents), (SELECT max(id) FROM mentions),"
            " (SELECT max(id) FROM curation_log), (SELECT count(*) FROM index_queue),"
            " (SELECT count(*) FROM curation_log WHERE undone)"
        )
    ).one()
    return tuple(int(v or 0) for v in row)
