"""Reads and writes of the window's library in two lanes, and one signal for every change.

After Anki's ``QueryOp``/``CollectionOp``: a read runs on the read lane (one thread, in
order, never waiting for a write); a write runs on the write lane (one thread, in order)
and returns a :class:`~desktop.changes.Change`, which is announced once on ``changed``.
The window refreshes from that one signal, whatever made the change: curation here, an
import in a child process, a later edit. Job functions get the library and never touch
a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.changes import Change
from desktop.library import Library

from .jobs import JobError, JobHandle, run_job, single_thread_pool

T = TypeVar("T")


class LibraryOps(QObject):
    """The lanes over the window's current library."""

    changed = Signal(Change)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.read_pool = single_thread_pool(self)
        self.write_pool = single_thread_pool(self)

    def set_library(self, library: Library) -> None:
        """Work on another library from now on (jobs already queued keep theirs)."""
        self.library = library

    def read(
        self,
        fn: Callable[[Library], T],
        on_done: Callable[[T], None],
        on_error: Callable[[JobError], None] | None = None,
    ) -> JobHandle:
        """Run ``fn(library)`` on the read lane; ``on_done(result)`` in the GUI thread."""
        library = self.library
        return run_job(
            lambda _ctx: fn(library),
            on_done,
            on_error or (lambda _err: None),
            pool=self.read_pool,
            context=self,
        )

    def write(
        self,
        fn: Callable[[Library], Change],
        on_done: Callable[[Change], None] | None = None,
        on_error: Callable[[JobError], None] | None = None,
    ) -> JobHandle:
        """Run a write on the write lane; its change is announced, then ``on_done`` runs."""
        library = self.library

        def done(change: Any) -> None:
            if library is self.library:
                self.announce(change)
            if on_done is not None:
                on_done(change)

        return run_job(
            lambda _ctx: fn(library),
            done,
            on_error or (lambda _err: None),
            pool=self.write_pool,
            context=self,
        )

    def announce(self, change: Change) -> None:
        """Tell every listener what changed (also for writes made elsewhere: an import)."""
        self.changed.emit(change)

    def wait(self, msecs: int = -1) -> bool:
        """Block until both lanes are idle (for shutting down)."""
        return self.read_pool.waitForDone(msecs) and self.write_pool.waitForDone(msecs)
