"""One way to run work off the GUI thread: ``run_job`` over a ``QThreadPool``.

The job function runs in a worker thread and never touches a widget; it gets a
:class:`JobContext` to report progress and to ask whether it was cancelled.
Its result, its error and its progress come back as Qt signals, queued to the
GUI thread, where the callbacks run.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from search.frozen import frozen

#: Progress reports closer together than this are coalesced (the last one wins).
PROGRESS_INTERVAL_S = 0.05


def background_priority() -> None:
    """Let the window's thread win the CPU over this worker thread (Linux: per-thread nice)."""
    import os
    import threading

    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


@frozen
class JobError:
    """Why a job failed: the exception, its message for the user, and the traceback."""

    exception: BaseException
    message: str
    details: str


class JobContext:
    """What a job function may use: progress reports and the cancel flag (thread-safe)."""

    def __init__(self, emit_progress: Callable[[Any], None]) -> None:
        self._emit = emit_progress
        self._cancel = threading.Event()
        self._last_emit = 0.0
        self._pending: Any = None
        self._has_pending = False

    def cancelled(self) -> bool:
        """True once :meth:`JobHandle.cancel` was called; jobs poll it between steps."""
        return self._cancel.is_set()

    def progress(self, value: Any, force: bool = False) -> None:
        """Report progress; bursts are thinned so the GUI thread is never flooded, but a
        ``force``d report (a milestone: first or last of a phase) always gets through."""
        now = time.monotonic()
        if force or now - self._last_emit >= PROGRESS_INTERVAL_S:
            self._last_emit = now
            self._has_pending = False
            self._emit(value)
        else:
            self._pending, self._has_pending = value, True

    def flush(self) -> None:
        """Deliver a progress report that was held back (called when the job ends)."""
        if self._has_pending:
            self._has_pending = False
            self._emit(self._pending)


class _JobSignals(QObject):
    """Lives in the GUI thread; the worker emits, Qt queues the calls across."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(JobError)


class JobHandle(QObject):
    """A running job: cancel it, or ask whether it has finished."""

    def __init__(self) -> None:
        super().__init__()
        self.signals = _JobSignals()
        self.context = JobContext(self.signals.progressed.emit)
        self.finished = False

    def cancel(self) -> None:
        """Ask the job to stop at its next check; its ``on_done`` still runs."""
        self.context._cancel.set()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[JobContext], Any], handle: JobHandle) -> None:
        super().__init__()
        self.fn = fn
        self.handle = handle

    def run(self) -> None:
        signals, ctx = self.handle.signals, self.handle.context
        background_priority()
        try:
            result = self.fn(ctx)
        except Exception as exc:  # reported to on_error, never lost in the worker
            error = JobError(exc, str(exc) or type(exc).__name__, traceback.format_exc())
            ctx.flush()
            signals.failed.emit(error)
        else:
            ctx.flush()
            signals.succeeded.emit(result)


# Handles stay referenced until their result reached the GUI thread: a Python wrapper
# collected in the worker would take the queued signal with it.
_running: set[JobHandle] = set()


def run_job(
    fn: Callable[[JobContext], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[JobError], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    *,
    pool: QThreadPool | None = None,
    context: QObject | None = None,
) -> JobHandle:
    """Run ``fn(ctx)`` in ``pool`` (default: the global pool); callbacks run in the GUI thread.

    If ``context`` is given and has been deleted by the time a result arrives, the
    callbacks are skipped (the widget that wanted the result is gone).
    """
    handle = JobHandle()

    def alive() -> bool:
        return context is None or shiboken6.isValid(context)

    def finish() -> None:
        handle.finished = True
        _running.discard(handle)

    @Slot(object)
    def done(result: Any) -> None:
        finish()
        if on_done is not None and alive():
            on_done(result)

    @Slot(JobError)
    def failed(error: JobError) -> None:
        finish()
        if not alive():
            return
        if on_error is not None:
            on_error(error)
        else:
            raise error.exception

    @Slot(object)
    def progressed(value: Any) -> None:
        if on_progress is not None and not handle.finished and alive():
            on_progress(value)

    handle.signals.succeeded.connect(done)
    handle.signals.failed.connect(failed)
    handle.signals.progressed.connect(progressed)
    _running.add(handle)
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, handle))
    return handle


def single_thread_pool(parent: QObject) -> QThreadPool:
    """A pool that runs one job at a time, in order (one reader or one writer)."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    return pool
