"""Library: the one facade the command line and the window use.

A library is one folder: ``library.sqlite`` (the truth), ``index/`` (the words of each
article, a cache that can be rebuilt) and ``originals/`` (every imported file's bytes,
content-addressed). ``Library`` opens and locks it, imports, keeps the index in step, and
carries out the user's changes, each returning a :class:`~desktop.changes.Change`; every
read goes through its :class:`~desktop.searcher.Searcher`, ``library.searcher``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from search import SearchIndex

from . import curation, indexing, recovery
from . import curation_mentions as cm
from .changes import Change
from .document_edits import Documents, count_trashed
from .errors import LibraryBusy, LibraryError, NoSuchDocument
from .facet_cache import FacetCache
from .homes import DB_NAME, is_server_location, open_home
from .index_process import FILES_FOR_A_CHILD, ChildIndexing, Indexing
from .ingest.pipeline import Importer, ImportProgress, ImportReport
from .ingest.writefailure import entities_postponed
from .progress import ExtractProgress
from .reads_choice import store_reads
from .searcher import Searcher
from .sqlite_reads import SqliteReads
from .store import (
    Document,
    Entity,
    IndexQueue,
    Mention,
    Source,
)
from .views import LibraryStats
from .workbench import Workbench
from .writelock import WriteLock, WriterBusy

__all__ = ["DB_NAME", "Library", "LibraryBusy", "LibraryError", "NoSuchDocument"]


class Library:
    """Open with :meth:`open`; every method is safe to call from a worker thread."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        #: where it lives: a folder, or a database on a PostgreSQL server (:mod:`.homes`)
        self.home = open_home(root)
        #: a folder on this computer: the library, or a server library's local cache
        self.root = self.home.root
        #: the library as the user names it: its folder, or its address without a password
        self.location = self.home.location
        #: what to open the same library with in another process (may hold a password:
        #: never shown or stored)
        self.address = str(root)
        #: the SQLAlchemy engine of the store (``index.engine`` names the search engine)
        self.db = self.home.open_store()
        #: Why the library cannot be written (a read-only folder, a full disk, a read-only
        #: role), or None: searching works, changes are refused.
        self.read_only_reason = self.home.read_only_reason
        #: True when the library cannot be written (see ``read_only_reason``).
        self.read_only = self.read_only_reason is not None
        self.sessions = self.home.session_factory(self.db)
        self.originals = self.home.originals()
        self._write_lock = threading.RLock()
        self._write_depth = 0
        #: the last problem writing the index, if it failed (shown to the user)
        self.index_error: str | None = None
        #: how long a write waits for another process's (None: as long as it takes), and
        #: what to call while it waits (returns False to give up): see WriteLock.acquire
        self.write_wait_s: float | None = 10.0
        self.on_wait: Callable[[], bool] | None = None
        self._tidied = False
        self.index = self._open_index()
        #: the read side's queries: straight through sqlite3 for an SQLite store (no ORM)
        self.reads = store_reads(self.root / DB_NAME, self.db, self.sessions, self.read_only)
        self.searcher = Searcher(self.reads, self.index)
        self.searcher.orm_sessions = self.sessions
        if isinstance(self.reads, SqliteReads):
            # the facet arrays a search process or the last window left for this state of
            # the store: a 100,000-article library's first answer in 0.1 s, not 2.4
            self.searcher.facet_cache = FacetCache(self.reads.db_path, not self.read_only)
        #: the articles as the user keeps them in order: edits and the trash
        self.documents = Documents(self)
        #: stars, tags, notes, collections, quotes, saved searches, versions (issue 15)
        self.workbench = Workbench(self)

    @staticmethod
    def is_library(folder: str | os.PathLike[str]) -> bool:
        """Whether ``folder`` holds a library (its database); a server address is taken to."""
        return is_server_location(folder) or (Path(folder) / DB_NAME).is_file()

    @classmethod
    def open(cls, root: str | os.PathLike[str], tidy: bool = False) -> Library:
        """Open (or create) the library in ``root``. Opening only reads: what an interrupted
        writer left (a stale index...) is repaired by the next write, or at once with
        ``tidy`` (the window) when no other writer is at work (:mod:`desktop.recovery`)."""
        lib = cls(root if is_server_location(root) else Path(root))
        if tidy:
            recovery.tidy_when_free(lib)
        return lib

    def _open_index(self) -> SearchIndex:
        return self.home.open_index(self.read_only)

    def close(self) -> None:
        """Release the index and the database, leaving the facet arrays counted here for
        the next window or command (:meth:`_keep_facets`)."""
        with self._keep_facets():
            self.index.close()
            self.reads.close()
            self.db.dispose()
            self.home.close()

    @contextmanager
    def _keep_facets(self) -> Iterator[None]:
        """Around closing the store: save the facet arrays again for the store's files as
        closing leaves them. The last connection's checkpoint rewrites the database, so the
        file saved while the window was open (keyed by the files' sizes and times) would
        miss for the next window, which would count a 100,000-article library again (about
        a second) before its first answer. Only while no writer can commit (the write lock
        held without a writer's note) and when nothing was committed since the arrays were
        counted: the content is the one they were counted from."""
        cache = self.searcher.facet_cache
        lock = self.home.write_lock() if cache is not None and cache.writable else None
        if cache is None or not isinstance(lock, WriteLock):  # no file, or not ours to write
            yield
            return
        with lock.quiet() as held:
            kept = self.searcher.kept_facets() if held else None
            if kept is not None and cache.stamp() != kept[0]:
                kept = None  # committed since they were counted: the next process counts
            yield
            if kept is not None:
                stamp = cache.stamp()
                if stamp != kept[0]:
                    cache.save(stamp, kept[1], kept[2])

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def writing(self, wait_s: float | None = None) -> Iterator[None]:
        """One writer per library, across threads and processes (re-entrant in a thread).

        Waits ``wait_s`` seconds for another writer (default :attr:`write_wait_s`; ``None``
        queues behind it for as long as it takes); the first writer tidies what an
        interrupted one left."""
        if self.read_only:
            raise LibraryError(
                f"the library {self.location} is read-only ({self.read_only_reason}): "
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
            lock = self.home.write_lock()
            try:
                unfinished = lock.acquire(
                    self.write_wait_s if wait_s is None else wait_s, self.on_wait
                )
            except WriterBusy:
                raise LibraryBusy(
                    "another Sourcedesk process is writing to this library; "
                    "try again when it has finished"
                ) from None
            self._write_depth = 1
            try:
                if not self._tidied or unfinished:
                    self._tidied = True
                    recovery.tidy(self, unfinished)
                yield
            finally:
                self._write_depth = 0
                self.searcher.invalidate()
                lock.release()

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
            report = importer.run(paths, on_progress, should_cancel, self.import_indexing)
        if self.index_error:
            report.warnings.append(self.index_error)
        if entities and not report.cancelled and not report.stopped:
            counts = (len(report.imported), len(report.duplicates), len(report.failed))

            def progress(p: ExtractProgress) -> None:
                if on_progress:
                    on_progress(
                        ImportProgress(p.done, p.total, "", *counts, p.elapsed_s, "entities")
                    )

            try:
                self.extract_entities(progress, should_cancel)
            except Exception as exc:  # the articles are stored and searchable already
                report.warnings.append(entities_postponed(exc))
            from .extraction import note_given_up

            note_given_up(self.sessions, report)  # "entities not found: took too long"
            if should_cancel and should_cancel():
                report.cancelled = True
        if entities:
            report.entities_pending = self.pending_entities()
        if not (report.cancelled or report.stopped):  # syndicated versions (issue 15)
            self.workbench.versions.group_pending(should_cancel)
        return report

    def extract_entities(
        self,
        on_progress: Callable[[ExtractProgress], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Find entities in every document that still waits for them (phase 2 of an import)."""
        from .extraction import run_entity_phase

        with self.writing():
            n = run_entity_phase(self.sessions, on_progress, should_cancel, self.flush_index)
            self.workbench.versions.group_pending(should_cancel)  # then syndicated versions
            return n

    def pending_entities(self) -> int:
        """Documents whose entities are not found yet."""
        from .pending import count_pending

        with self.sessions() as session:
            return count_pending(session)

    def reextract(
        self,
        on_progress: Callable[[ExtractProgress], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> Change:
        """Find every document's entities again (the user's curation decisions still apply)."""
        with self.writing(), self.sessions.begin() as session:
            session.execute(update(Document).values(entities_version=None))
            ids = frozenset(session.scalars(select(Document.id)))
        n = self.extract_entities(on_progress, should_cancel)
        return Change(f"found entities again in {n} documents", ids, entities=True)

    def import_indexing(self, files: int, base_s: float = 2.0) -> Indexing:
        """How an import of ``files`` files becomes searchable as it goes: batches indexed
        by a child process while the importer stores the next files (many files into a
        library folder), else indexed here between files."""
        if (
            files >= FILES_FOR_A_CHILD
            and self.home.kind == "folder"
            and not self.index.follows_store
        ):
            return ChildIndexing(
                self.root, self.sessions, self.flush_index, self.searcher.refresh, base_s,
                index=self.index, files=files,
            )  # fmt: skip
        return Indexing(self.flush_index, base_s)

    def flush_index(self) -> None:
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
                    "documents are stored and the next import indexes them once there is "
                    "space again"
                )
            if error:
                # Whoosh leaves a failed segment's files open; only then is a full collection
                # (hundreds of ms with the model loaded, holding the GIL) worth it
                gc.collect()
        self.index_error = error
        self.searcher.invalidate()

    def repair_index(self) -> int:
        """Bring the index in step with the store; returns how many documents were (re)indexed."""
        with self.writing():
            return indexing.reconcile(self.sessions, self.index)

    def write_phrase_pairs(self) -> Change:
        """Give an index from before the word pairs or positions (or one that lost them)
        what it lacks, from the store (search/phrase_files.py): ~0.5 ms an article for the
        pairs, ~0.1 for the positions, once; phrases are read in the texts (or found by the
        engine's words) until then. The window runs it in the background after opening."""
        with self.writing():
            done = self.index.pairs_complete() is not False or indexing.build_pairs(
                self.sessions, self.index
            )
        self.searcher.invalidate()
        if not done:
            return Change("The phrase index could not be written (is the disk full?)")
        return Change("Phrase index written: quoted phrases are found by their word positions")

    def reindex(self, on_progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the whole index from the store."""
        with self.writing():
            return indexing.rebuild(self.sessions, self.index, on_progress)

    def move_index(self, engine: str, on_progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the full-text index with ``engine`` beside the current one and swap it in
        (desktop/engine_move.py); the store and the originals do not change. Returns the
        documents indexed."""
        from . import engine_move

        if self.index.follows_store:
            raise LibraryError("a server library searches inside PostgreSQL: no engine to choose")
        engine_move.check_engine(engine)
        with self.writing():
            self.flush_index()  # what was queued for the old index is in the store already
            path = self.index.path
            building, done = engine_move.build_beside(self.sessions, path, engine, on_progress)
            with self.searcher.swapping:  # a search that fails meanwhile runs again after
                self.index.close()
                engine_move.swap_in(path, building)
                self.index = self._open_index()
                self.searcher.index = self.index
            self.searcher.invalidate()
            return done

    # -- curation ------------------------------------------------------------------------

    def _curate(self, op: Callable[[Session], curation.Change]) -> Change:
        """Run one curation step in a transaction of its own; facets follow at once, and the
        index too when a title changed (undoing an edit)."""
        with self.writing():
            with self.sessions.begin() as session:
                done = op(session)
            self.flush_index()
        return Change(done.summary, frozenset(done.documents), entities=True)

    def merge_entities(
        self, source: str | int, target: str | int, kind: str | None = None
    ) -> Change:
        """Merge ``source`` into ``target`` (the survivor keeps its name and gets the aliases)."""
        return self._curate(
            lambda s: curation.merge(
                s, curation.get_one(s, str(source), kind), curation.get_one(s, str(target), kind)
            )
        )

    def rename_entity(self, ref: str | int, name: str, kind: str | None = None) -> Change:
        """Set an entity's canonical name."""
        return self._curate(lambda s: curation.rename(s, curation.get_one(s, str(ref), kind), name))

    def set_entity_kind(self, ref: str | int, new_kind: str, kind: str | None = None) -> Change:
        """Change an entity's kind (place, person, organization)."""
        return self._curate(
            lambda s: curation.set_kind(s, curation.get_one(s, str(ref), kind), new_kind)
        )

    def add_entity_alias(self, ref: str | int, spelling: str, kind: str | None = None) -> Change:
        """Add a spelling that resolves to an entity."""
        return self._curate(
            lambda s: curation.add_alias(s, curation.get_one(s, str(ref), kind), spelling)
        )

    def ignore_entity(
        self, ref: str | int, ignored: bool = True, kind: str | None = None
    ) -> Change:
        """Hide a false entity everywhere (or show it again with ``ignored=False``)."""
        if ignored:
            return self._curate(
                lambda s: curation.set_ignored(s, curation.get_one(s, str(ref), kind), True)
            )
        # an ignored entity is only found when asked for explicitly
        return self._curate(
            lambda s: curation.set_ignored(s, _ignored_one(s, str(ref), kind), False)
        )

    def undo_curation(self) -> Change:
        """Undo the last curation step."""
        return self._curate(curation.undo_last)

    # per mention, per spelling, suggestions (desktop/curation_mentions.py)

    def split_mention(self, mention_id: int) -> Change:
        """ "Not this entity": the mention (and its article's other mentions of that spelling)
        becomes an entity of its own."""
        return self._curate(lambda s: cm.split_mention(s, mention_id))

    def move_mention(self, mention_id: int, target: str | int, kind: str | None = None) -> Change:
        """ "Not this entity, that one": the mention (and its article's other mentions of that
        spelling) is filed under ``target``."""
        return self._curate(
            lambda s: cm.move_mention(s, mention_id, curation.get_one(s, str(target), kind))
        )

    def remove_spelling(self, ref: str | int, spelling: str, kind: str | None = None) -> Change:
        """Take a spelling away from an entity (its mentions become an entity of their own)."""
        return self._curate(
            lambda s: cm.remove_spelling(s, curation.get_one(s, str(ref), kind), spelling)
        )

    def entity_spellings(self, ref: str | int, kind: str | None = None) -> list[cm.SpellingInfo]:
        """Every spelling of an entity with the documents each comes from."""
        with self.sessions() as session:
            return cm.spellings(session, curation.get_one(session, str(ref), kind))

    def suggestions(self, status: str | None = "open") -> list[cm.SuggestionInfo]:
        """Merges the pipeline is unsure of ("open"; "accepted", "rejected" or None for all)."""
        with self.sessions() as session:
            return cm.list_suggestions(session, status)

    def accept_suggestion(self, suggestion_id: int) -> Change:
        """Merge a suggestion's entity into its target."""
        return self._curate(lambda s: cm.accept_suggestion(s, suggestion_id))

    def reject_suggestion(self, suggestion_id: int) -> Change:
        """Keep a suggestion's two entities apart (it is not suggested again)."""
        return self._curate(lambda s: cm.reject_suggestion(s, suggestion_id))

    def entities(
        self,
        kind: str | None = None,
        contains: str | None = None,
        ignored: bool | None = False,
        limit: int | None = None,
    ) -> list[curation.EntityInfo]:
        """Entities with spellings and document counts (``kind`` may be "actor"; ``ignored``:
        True for only the ignored ones, None for all)."""
        with self.sessions() as session:
            return curation.list_entities(session, kind, contains, ignored, limit)

    # -- originals -------------------------------------------------------------------------

    def original_file(self, doc_id: int) -> Path:
        """The kept original bytes of a document (to open with the system viewer)."""
        with self.sessions() as session:
            doc = session.get(Document, doc_id)
            if doc is None:
                raise LibraryError(f"no document with id {doc_id}")
            return self.originals.file_for(doc.original_sha256)

    def stats(self) -> LibraryStats:
        """Counts and sizes for ``sourcedesk stats`` (articles in the trash apart)."""
        live = Document.trashed_at.is_(None)
        with self.sessions() as session:
            kinds = {
                str(k): int(n)
                for k, n in session.execute(
                    select(Entity.kind, func.count())
                    .where(Entity.ignored.is_(False))
                    .group_by(Entity.kind)
                )
            }
            database_bytes, index_bytes, originals_bytes = self.home.sizes()
            stats = LibraryStats(
                path=self.location,
                search_engine=self.index.engine,
                documents=session.scalar(select(func.count()).select_from(Document).where(live))
                or 0,
                undated=session.scalar(
                    select(func.count())
                    .select_from(Document)
                    .where(live, Document.published.is_(None))
                )
                or 0,
                trashed=count_trashed(session),
                sources=session.scalar(select(func.count()).select_from(Source)) or 0,
                mentions=session.scalar(select(func.count()).select_from(Mention)) or 0,
                entities={
                    k: int(kinds.get(k, 0)) for k in ("place", "person", "organization", "date")
                },
                index_documents=self.index.doc_count(),
                index_pending=session.scalar(select(func.count()).select_from(IndexQueue)) or 0,
                database_bytes=database_bytes,
                index_bytes=index_bytes,
                originals_bytes=originals_bytes,
            )
        return stats


def _ignored_one(session: Session, ref: str, kind: str | None) -> Entity:
    found = [e for e in curation.find_entities(session, ref, kind) if e.ignored]
    if len(found) != 1:
        return curation.get_one(session, ref, kind)
    return found[0]
