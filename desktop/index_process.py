"""An import's indexing in a process of its own, beside the storing (issue 16).

Storing a file (its row, its original) and indexing it (Whoosh's pure-Python analysis
and commits) each take about half of an import's time in one process, one after the
other. The store is the truth and its queue says what the index still lacks
(:mod:`desktop.indexing`), so the work splits along it: the importing process stores and
queues; a child reads the queued articles from the store, read-only, and commits them to
the index, while the importer stores the next ones; their queue rows are cleared once
that commit is made. A child that fails or dies leaves its rows queued: the importer
indexes them itself, as before, and a library closed in between repairs itself on the
next write (:func:`desktop.indexing.reconcile`).

When the storing ends, the importer would only wait for the child: it takes a share of
what is still queued (the newest articles) and, with an engine that can (Whoosh), writes
it as a segment of its own beside the index while the child indexes the rest; once the
child's last batch is committed, a commit of the importer's own adds that segment (its
word pairs first). Batches handed near the end are kept to what the child indexes by the
time the storing ends, so that what is left then is split in two: a 23k import searchable
at 26.1-28.1 s against 32.0-35.0 s alternated (20.5-23.4 against 23.0-23.6 at a quicker
hour); at 100k, where the child's merges decide, 120.5-133.1 against 110.7 and 146.1
(docs/performance.md, issue 16, twenty-third session). A tail that fails leaves its
articles queued, indexed here as any others; a killed import's tail folder is removed by
the next writer (:func:`desktop.indexing.reconcile`).

Only an import of many files in a library folder starts one (starting it costs the child
half a second of imports): a few files are indexed in the importing process, as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
import urllib.parse
import warnings
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .lifeline import bind_to_parent
from .progress import FlushPacer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from search import SearchIndex
    from search.index import Tail
    from search.schema import IndexDoc

#: An import of at least this many files indexes in a child process.
FILES_FOR_A_CHILD = 400
#: Articles stored and not yet handed to the child that make the next batch at once, as
#: soon as the child is free; fewer wait until ``gap_s`` after its last commit. A quick
#: import's child never sits idle long (waiting 2 s after each commit, it was idle a fifth
#: of a 23k import), and a slow one's (saved web pages, ~40 a second) is not spent on a
#: commit every few pages (docs/performance.md, issue 16, sixteenth session). The first
#: batch goes at FIRST_BATCH, so that the first articles are searchable within seconds;
#: after it, at 2,000: with 500, the quicker child kept up in batches of ~1,000, sixteen
#: commits for 23k articles, and merged their segments (~1 ms an article merged): 31.2 /
#: 30.8 s to searchable against 26.9 / 27.0 (eighteenth session).
FIRST_BATCH = 500
BATCH_AT_ONCE = 2000
#: The articles still to index when the storing ends are split between the child and the
#: importer (idle by then), which writes its share as a segment apart (an engine that can:
#: :meth:`search.SearchIndex.build_tail`) when its share is at least this many.
TAIL_AT_LEAST = 200
#: The child's rate (articles a second) until one of its batches has been timed.
RATE_GUESS = 800.0

log = logging.getLogger(__name__)

#: The child's library: the store read-only and the index, opened once for every batch.
_opened: dict[str, tuple[sessionmaker[Session], SearchIndex]] = {}


def _start_indexer() -> None:
    bind_to_parent()  # never outlives the import
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore", ResourceWarning)  # Whoosh leaks a failed segment's files


def _parts(root: str) -> tuple[sessionmaker[Session], SearchIndex]:
    if root not in _opened:
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        from search import open_index

        from .store.layout import DB_NAME, INDEX_DIR

        # read-only, with SQLite's locks (never ``immutable``: the importer writes on)
        quoted = urllib.parse.quote(str((Path(root) / DB_NAME).absolute()))
        engine = create_engine(f"sqlite:///file:{quoted}?mode=ro&uri=true")
        _opened[root] = (sessionmaker(engine), open_index(Path(root) / INDEX_DIR))
    return _opened[root]


def index_in_child(root: str, ids: list[int], last: bool = False) -> None:
    """Runs in the child: index these queued documents, as the store has them, in one
    commit (``last``: the import's last, which merges no segments: the next commit does).
    An error (a full disk) reaches the importer, with the rows still queued."""
    from .indexing import write_ids

    sessions, index = _parts(root)
    write_ids(sessions, index, ids, batches=True, merge=not last)


class Indexing:
    """When and where an import's stored files become searchable: called after each
    stored file (:meth:`step`, which says how many of the files stored so far are
    searchable when that grew) and once at the end (:meth:`finish`: all of them)."""

    def __init__(self, flush: Callable[[], None], base_s: float = 2.0) -> None:
        self.flush = flush
        self.pacer = FlushPacer(base_s, cap_s=20.0)  # newly read files wait at most ~20 s

    def step(self, stored: int) -> int | None:
        """Index what is queued, when due (None: nothing new is searchable)."""
        if not self.pacer.due():
            return None
        self.pacer.run(self.flush)
        return stored

    def finish(self, stored: int) -> None:
        """Index what is still queued (``stored``: the files stored in all)."""
        self.flush()

    def close(self) -> None:
        """Stop what runs (an import ended by an error); what is queued stays queued."""


class ChildIndexing(Indexing):
    """:class:`Indexing` whose batches are written by a child process while the importer
    stores on; the importer waits for it only at the end."""

    def __init__(
        self,
        root: Path,
        sessions: sessionmaker[Session],
        flush: Callable[[], None],
        committed: Callable[[], None],
        base_s: float = 2.0,
        index: SearchIndex | None = None,
        files: int = 0,
    ) -> None:
        """``flush`` indexes what is queued in this process; ``committed`` is called once a
        batch of the child's is in the index (to read the index anew); ``index``, this
        process's, writes a share of the last articles (:meth:`finish`) of the import's
        ``files``."""
        super().__init__(flush, base_s)
        self.root, self.sessions, self.committed = root, sessions, committed
        self.index = index if index is not None and index.tails else None
        self.files = files
        self._start = time.monotonic()
        self._pool: ProcessPoolExecutor | None = None
        self._running: tuple[Future[None], list[int], int] | None = None
        self._since = 0.0  # when the running batch was handed over
        self._rate: float | None = None  # articles a second of the child's last batch
        self._last = time.monotonic()
        self.gap_s = base_s  # from one commit to the next batch, unless BATCH_AT_ONCE wait
        self.first_batch, self.batch_at_once = FIRST_BATCH, BATCH_AT_ONCE
        self._batches = 0  # handed to the child
        self._handed = 0  # the files stored when the last batch was handed to the child
        self.broken = False  # the child failed: the rest is indexed here

    def step(self, stored: int) -> int | None:
        if self.broken:
            return super().step(stored)
        done = None
        if self._running is not None and self._running[0].done():
            done = self._collect()
        idle = self._running is None and not self.broken
        due = stored - self._handed >= (self.batch_at_once if self._batches else self.first_batch)
        if idle and (due or time.monotonic() - self._last >= self.gap_s):
            self._submit(stored)
        return done

    def finish(self, stored: int) -> None:
        tail, handed = self._tail(stored)
        if not handed:
            if self._running is not None:
                self._collect()
            if not self.broken:
                self._submit(stored, last=True, leave=tail.ids if tail else ())
        if self._running is not None:
            self._collect()
        if tail is not None:
            self._adopt(tail)
        self.close()
        # what the child could not index (it failed, or nothing was submitted), here
        self.flush()

    def _tail(self, stored: int) -> tuple[Tail | None, bool]:
        """The storing has ended: while the child ends its batch and takes the last one,
        this process (idle until they are in) indexes a share of the articles still
        queued, the newest, into a segment apart. The share is what makes both end
        together, as the child's last batch timed it. Returns the segment (``None``: no
        share, or writing it failed, and its articles stay queued) and whether the
        child's last batch was handed over meanwhile."""
        index = self.index
        if index is None or self.broken:
            return None, False
        from .indexing import index_docs, queued

        running = set(self._running[1]) if self._running is not None else set()
        backlog = [i for i in queued(self.sessions) if i not in running]
        try:  # (an article queued again after it was indexed is replaced by the child)
            known = index.indexed_ids()
        except Exception:  # noqa: BLE001 - an index that cannot say: no tail
            return None, False
        new = np.setdiff1d(np.asarray(backlog, dtype=np.int64), known).tolist()
        rate = self._rate or RATE_GUESS
        ahead_s = 0.0  # what the child still has of its running batch
        if self._running is not None:
            ahead_s = max(0.0, len(self._running[1]) / rate - (time.monotonic() - self._since))
        share = min(len(new), round((len(backlog) + ahead_s * rate) / 2))
        if share < TAIL_AT_LEAST:
            return None, False
        ids = new[-share:]
        handed = False

        def between() -> None:  # the child's batch done: the rest handed over at once
            nonlocal handed
            if handed or self.broken:
                return
            if self._running is not None and self._running[0].done():
                self._collect()
            if self._running is None and not self.broken:
                self._submit(stored, last=True, leave=ids)
                handed = True

        def docs() -> Iterator[IndexDoc]:
            with self.sessions() as session:
                for start in range(0, len(ids), 500):
                    yield from index_docs(session, ids[start : start + 500])

        between()
        try:
            tail = index.build_tail(docs(), between)
        except Exception:  # noqa: BLE001 - a full disk: its articles stay queued
            log.warning("the import's last articles could not be indexed apart", exc_info=True)
            tail = None
        return tail, handed

    def _adopt(self, tail: Tail) -> None:
        """The tail's segment into the index, and its articles off the queue."""
        from .indexing import dequeue

        assert self.index is not None
        try:
            self.index.adopt_tail(tail)
        except Exception:  # noqa: BLE001 - its articles stay queued: indexed here next
            log.warning("the import's last articles could not join the index", exc_info=True)
            return
        dequeue(self.sessions, tail.ids)
        self.committed()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, stored: int, last: bool = False, leave: Collection[int] = ()) -> None:
        from .indexing import queued

        left = set(leave)
        ids = sorted(i for i in queued(self.sessions) if i not in left)
        if not last:
            ids = ids[: self._at_most(stored)]
        self._last, self._handed = time.monotonic(), stored
        if not ids:
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_indexer
            )
        try:
            future = self._pool.submit(index_in_child, str(self.root), ids, last)
        except RuntimeError:  # the pool broke (its process died) before this submission
            self.broken = True
            return
        self._running = (future, ids, stored)
        self._since = time.monotonic()
        self._batches += 1

    def _at_most(self, stored: int) -> int | None:
        """How many articles the next batch takes (``None``: every one queued). With a
        tail to come, no more than the child indexes, at its last batch's rate, by the
        time the storing ends, at its rate so far: a batch handed near the end would keep
        the child busy long after it (a 23k import's last took 6,770 articles, ~8 s), when
        the importer could take half of what is left (:meth:`_tail`)."""
        if self.index is None or self._rate is None or not 0 < stored < self.files:
            return None
        storing_s = (self.files - stored) * (time.monotonic() - self._start) / stored
        return max(self.first_batch, round(self._rate * storing_s))

    def _collect(self) -> int | None:
        """The running batch's end: its rows dequeued, or the child given up on."""
        from .indexing import dequeue

        assert self._running is not None
        future, ids, stored = self._running
        self._running = None
        try:
            future.result()
        except Exception:  # noqa: BLE001 - a full disk, a killed child: indexed here instead
            self.broken = True
            return None
        self._last = time.monotonic()
        if self._last > self._since:
            self._rate = len(ids) / (self._last - self._since)
        dequeue(self.sessions, ids)
        self.committed()
        return stored


__all__ = ["FILES_FOR_A_CHILD", "TAIL_AT_LEAST", "ChildIndexing", "Indexing", "index_in_child"]
