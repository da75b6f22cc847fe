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
from collections.abc import Callable
from pathlib import Path
from typing import IO

#: How often a waiting writer tries again.
POLL_S = 0.1


class WriterBusy(Exception):
    """Another process held the lock for longer than the caller would wait."""


class WriteLock:
    """The library's write lock; :meth:`acquire` and :meth:`release` pair up."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def acquire(self, wait_s: float | None, on_wait: Callable[[], bool] | None = None) -> bool:
        """Take the lock, waiting up to ``wait_s`` seconds (``None``: as long as it takes).

        While another writer holds it, ``on_wait`` is called at every try (every
        :data:`POLL_S`); it returns False to give up. Returns True when the last writer did
        not finish (it was killed, or the machine stopped): its leftovers need tidying.
        Raises :class:`WriterBusy` when the wait runs out or is given up.
        """
        fh = open(self.path, "a+")  # noqa: SIM115 - held until release()
        try:
            self._lock(fh, wait_s, on_wait)
        except BaseException:
            fh.close()
            raise
        fh.seek(0)
        unfinished = bool(fh.read().strip())
        with contextlib.suppress(OSError):  # a full disk: the note is only a hint
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()}\n")
            fh.flush()
        self._fh = fh
        return unfinished

    def release(self) -> None:
        """Note that this writer finished, and let the next one in."""
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            with contextlib.suppress(OSError):
                fh.seek(0)
                fh.truncate()
                fh.flush()
            fcntl.flock(fh, fcntl.LOCK_UN)
        finally:
            fh.close()

    @staticmethod
    def _lock(fh: IO[str], wait_s: float | None, on_wait: Callable[[], bool] | None) -> None:
        deadline = None if wait_s is None else time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise WriterBusy from None
                if on_wait is not None and not on_wait():
                    raise WriterBusy from None
                time.sleep(POLL_S)


__all__ = ["POLL_S", "WriteLock", "WriterBusy"]
