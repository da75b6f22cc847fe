"""Searches off the GUI thread: one at a time, the latest request wins, pages on demand."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QThreadPool, Signal

from desktop.library import Library
from desktop.querying import Hit, SearchRequest, SearchResult
from desktop.views import DocumentView
from search import QueryError
from search.frozen import frozen

from .jobs import JobContext, JobError, run_job
from .results_model import PAGE_SIZE


@frozen
class SearchOutcome:
    """A finished search: the first page and facet counts, and every matching id."""

    request: SearchRequest
    result: SearchResult
    ids: list[int]
    elapsed_s: float


@frozen
class SearchFailure:
    """A search that could not run; ``bad_query`` when the user's query text is at fault."""

    request: SearchRequest
    message: str
    bad_query: bool


class SearchController(QObject):
    """Runs the window's searches and reads in a one-thread pool, so they never overlap."""

    finished = Signal(SearchOutcome)
    failed = Signal(SearchFailure)
    busy_changed = Signal(bool)

    def __init__(self, library: Library, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.pool = pool
        self._running = False
        self._pending: SearchRequest | None = None
        self._generation = 0

    def set_library(self, library: Library) -> None:
        """Search another library from now on; results still on their way are dropped."""
        self.library = library
        self._generation += 1

    @property
    def busy(self) -> bool:
        """A search is running or waiting."""
        return self._running or self._pending is not None

    def submit(self, request: SearchRequest) -> None:
        """Search for ``request``; a request submitted while one runs replaces any waiting one."""
        self._pending = replace(request, offset=0, limit=PAGE_SIZE)
        if not self._running:
            self._start_next()

    def _start_next(self) -> None:
        request, self._pending = self._pending, None
        if request is None:
            return
        library, generation = self.library, self._generation
        self._running = True
        self.busy_changed.emit(True)

        def work(ctx: JobContext) -> SearchOutcome:
            start = time.monotonic()
            result = library.searcher.search(request)
            ids = result.ids.tolist()
            return SearchOutcome(request, result, ids, time.monotonic() - start)

        def done(outcome: SearchOutcome) -> None:
            self._finish()
            if generation == self._generation and self._pending is None:
                self.finished.emit(outcome)

        def error(err: JobError) -> None:
            self._finish()
            if generation == self._generation and self._pending is None:
                bad = isinstance(err.exception, QueryError)
                self.failed.emit(SearchFailure(request, err.message, bad))

        run_job(work, done, error, pool=self.pool, context=self)

    def _finish(self) -> None:
        self._running = False
        if self._pending is not None:
            self._start_next()
        else:
            self.busy_changed.emit(False)

    def fetch_page(self, ids: list[int], query: str, deliver: Callable[[list[Hit]], None]) -> None:
        """A ``PageFetcher`` for ``ResultsModel``: the rows of these ids, in the background."""
        library = self.library
        run_job(
            lambda ctx: library.searcher.hits(ids, query),
            deliver,
            lambda err: deliver([]),
            pool=self.pool,
            context=self,
        )

    def load_document(
        self,
        doc_id: int,
        query: str,
        on_done: Callable[[DocumentView], None],
        on_error: Callable[[JobError], None],
    ) -> None:
        """A document with the query's hits, in the background."""
        library = self.library
        run_job(
            lambda ctx: library.searcher.document(doc_id, query=query),
            on_done,
            on_error,
            pool=self.pool,
            context=self,
        )
