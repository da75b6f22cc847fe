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

Only an import of many files in a library folder starts one (starting it costs the child
half a second of imports): a few files are indexed in the importing process, as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
import urllib.parse
import warnings
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .lifeline import bind_to_parent
from .progress import FlushPacer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from search import SearchIndex

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
    ) -> None:
        """``flush`` indexes what is queued in this process; ``committed`` is called once a
        batch of the child's is in the index (to read the index anew)."""
        super().__init__(flush, base_s)
        self.root, self.sessions, self.committed = root, sessions, committed
        self._pool: ProcessPoolExecutor | None = None
        self._running: tuple[Future[None], list[int], int] | None = None
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
        if self._running is not None:
            self._collect()
        if not self.broken:
            self._submit(stored, last=True)
            if self._running is not None:
                self._collect()
        self.close()
        # what the child could not index (it failed, or nothing was submitted), here
        self.flush()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, stored: int, last: bool = False) -> None:
        from .indexing import queued

        ids = queued(self.sessions)
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
        self._batches += 1

    def _collect(self) -> int | None:
        """The running batch's end: its rows dequeued, or the child given up on."""
        from .indexing import dequeue

        assert self._running is not None
        future, ids, stored = self._running
        self._running = None
        self._last = time.monotonic()
        try:
            future.result()
        except Exception:  # noqa: BLE001 - a full disk, a killed child: indexed here instead
            self.broken = True
            return None
        dequeue(self.sessions, ids)
        self.committed()
        return stored


__all__ = ["FILES_FOR_A_CHILD", "ChildIndexing", "Indexing", "index_in_child"]
