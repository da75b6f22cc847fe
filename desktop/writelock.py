"""One writer per library across processes, queueing behind the one at work.

The lock is an ``flock`` on ``write.lock`` in the library folder: the kernel
drops it when its holder dies, so a crashed writer never blocks the next one.
While it holds the lock a writer keeps its process id in the file and empties
the file when it is done, so the next writer knows whether the last one
finished or left an interrupted write behind to tidy (:mod:`desktop.recovery`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

#: How often a waiting writer tries again.
POLL_S = 0.1


class WriterBusy(Exception):
    """Another process held the lock for longer than the caller would wait."""


class WriteLock:
    """The library's write lock; :meth:`acquire` and :meth:`release` pair up."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, wait_s: float | None, on_wait: Callable[[], bool] | None = None) -> bool:
        """Take the lock, waiting up to ``wait_s`` seconds (``None``: as long as it takes).

        While another writer holds it, ``on_wait`` is called at every try (every
        :data:`POLL_S`); it returns False to give up. Returns True when the last writer did
        not finish (it was killed, or the machine stopped): its leftovers need tidying.
        Raises :class:`WriterBusy` when the wait runs out or is given up.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._lock(fd, wait_s, on_wait)
            unfinished = bool(os.pread(fd, 64, 0).strip())
        except BaseException:
            os.close(fd)
            raise
        # unbuffered: on a full disk the note is lost, and nothing is left to flush later
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return unfinished

    def release(self) -> None:
        """Note that this writer finished, and let the next one in."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def quiet(self) -> Iterator[bool]:
        """Hold the lock, if it is free now, for something that writes nothing to the store
        (no writer is noted in the file, and an unfinished writer's note stays for the
        next writer to tidy). Yields True when it is held and the last writer finished."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError:
            yield False
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # another writer is at work (or locks are not to be had here)
                yield False
                return
            try:
                yield not os.pread(fd, 64, 0).strip()
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @staticmethod
    def _lock(fd: int, wait_s: float | None, on_wait: Callable[[], bool] | None) -> None:
        deadline = None if wait_s is None else time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise WriterBusy from None
                if on_wait is not None and not on_wait():
                    raise WriterBusy from None
                time.sleep(POLL_S)


__all__ = ["POLL_S", "WriteLock", "WriterBusy"]
