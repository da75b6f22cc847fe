"""Reading files in worker processes: bounded time and memory per file, and both cores busy.

A file from an untrusted source may be a zip bomb, a PDF that sends the parser
into a loop, or HTML nested 100,000 levels deep. Each file is read in a spawned
worker with an address-space limit; a file that takes too long or takes a
worker down is reported as failed with a reason, and the batch goes on.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import resource
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from search.frozen import frozen

from ..lifeline import bind_to_parent
from .article import Article, ReadError
from .reasons import NEEDS_TOO_MUCH_MEMORY, reason_for

#: Seconds one file may take to read before it is given up.
READ_TIMEOUT_S = 60.0
#: Memory a reader process may hold for its data (bytes; Linux RLIMIT_DATA, elsewhere the
#: address space): two readers and the importer stay under 1 GB, as on an 8 GB laptop beside
#: a browser they should. A file that needs more fails alone ("needs too much memory").
MEMORY_LIMIT = 384 * 1024**2
#: Bytes a reader sends back; a bigger file's bytes stay on disk, and the importer reads them
#: again (checked against the hash the reader took) when it stores the file.
SEND_BYTES_UP_TO = 8 * 1024**2
#: Files read ahead of the one being stored, at most, and their bytes: the readers keep going
#: while the importer commits the index (seconds at a time, a fifth of an import), where with
#: four files ahead they sat idle after the first few hundred milliseconds.
READ_AHEAD_FILES = 64
READ_AHEAD_BYTES = 48 * 1024**2
#: Small text files go to a reader several at a time, once every reader has work: each file
#: sent on its own cost the two processes ~0.4 ms of pickling, pipes and the executor's
#: bookkeeping, more than reading a news article itself (0.26 ms): 23,185 articles took
#: 15.3 s of CPU through the pool against 6.1 s read in one process (docs/performance.md,
#: issue 16, seventeenth session). A group has one file's time limit (its files take
#: milliseconds each); one that takes too long, or fails as a whole, is read again a file at
#: a time, so each file still gets its own limit and its own reason (a text file that hangs
#: its reader is given up after twice the limit). Pages, PDFs and documents take 10-1,000
#: times longer to read than to send: they go one at a time.
GROUP_FILES = 16
GROUP_FILE_BYTES = 256 * 1024
GROUP_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})


@frozen
class OnDisk:
    """Stands for a big file's bytes a reader did not send back: their hash and size."""

    sha256: str
    size: int


Result = tuple[bytes | OnDisk | None, Article | None, str | None]
#: Files submitted together and not yet taken: their paths, the future of their results,
#: when submitted, their size in bytes.
InFlight = deque[tuple[list[Path], "Future[list[Result]]", float, int]]


@frozen
class ReadOutcome:
    """A file read by a worker: its bytes and article, or why not."""

    path: Path
    data: bytes | None = None
    article: Article | None = None
    error: str | None = None
    #: the next file's outcome had come back too when this one was handed over (an import
    #: stores on without committing; False: it would wait for a reader, so it commits)
    followed: bool = False


def _start_reader(limit: int) -> None:
    """A reader process: bound to its parent, limited in memory, quiet, in the background."""
    import logging
    import warnings

    bind_to_parent()  # a reader never outlives the import that started it
    # parsers log and warn about every oddity they repair; the user gets one reason per file
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    # where this is not allowed, the timeout still bounds the work; the data limit counts
    # what the reader writes to, not the address space it only reserves (thread stacks)
    kind = getattr(resource, "RLIMIT_DATA", None) if sys.platform == "linux" else None
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(kind or resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(OSError):
        os.nice(10)  # the window (and the user's other programs) come first


def read_one(path: str) -> Result:
    """Read one file (runs in a worker); errors come back as the user's reason."""
    from .files import read_file

    try:
        data, article = read_file(Path(path))
        if len(data) > SEND_BYTES_UP_TO:  # no copy of a big file in every process on the way
            return OnDisk(hashlib.sha256(data).hexdigest(), len(data)), article, None
        return data, article, None
    except ReadError as exc:
        return None, None, str(exc)
    except MemoryError:
        return None, None, NEEDS_TOO_MUCH_MEMORY
    except RecursionError:
        return None, None, "the file is nested too deeply to read"
    except Exception as exc:  # a reader bug must not take the batch down
        return None, None, f"could not read the file: {reason_for(exc)}"


def read_group(read: Callable[[str], Result], paths: list[str]) -> list[Result]:
    """Read several files in one reader, one after the other (runs in a worker)."""
    return [read(path) for path in paths]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _bytes(path: Path, data: bytes | OnDisk | None) -> tuple[bytes | None, str | None]:
    """The file's bytes as the reader read them (a big file is read again and checked)."""
    if not isinstance(data, OnDisk):
        return data, None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read the file: {exc.strerror or exc}"
    if len(raw) != data.size or hashlib.sha256(raw).hexdigest() != data.sha256:
        return None, "the file changed while it was being imported; import it again"
    return raw, None


def _outcome(path: Path, result: Result, followed: bool = False) -> ReadOutcome:
    data, article, error = result
    raw, problem = _bytes(path, data) if error is None else (None, None)
    if problem:
        return ReadOutcome(path, error=problem, followed=followed)
    return ReadOutcome(path, raw, article, error, followed)


def _failed(path: Path, exc: Exception) -> ReadOutcome:
    """A file whose reader raised outside ``read_one``: sending a big result back needs a
    pickled copy, and a reader near its memory limit gets a MemoryError there, which the
    executor hands to this process through the future (it took a whole import down)."""
    if isinstance(exc, MemoryError):
        return ReadOutcome(path, error=NEEDS_TOO_MUCH_MEMORY)
    return ReadOutcome(path, error=f"could not read the file: {reason_for(exc)}")


class _Groups:
    """The files to read, taken a group at a time: a small text file joins the ones before
    it (``GROUP_*``); any other file goes alone."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self._source = iter(paths)
        self._held: Path | None = None  # taken from the source, for the next group
        self.exhausted = False

    def take(self, most: int) -> tuple[list[Path], int]:
        """The next group of at most ``most`` files, and their size in bytes."""
        group: list[Path] = []
        size = 0
        while len(group) < most:
            nxt, self._held = self._held or next(self._source, None), None
            if nxt is None:
                self.exhausted = True
                break
            nsize = _size(nxt)
            alone = nsize > GROUP_FILE_BYTES or nxt.suffix.lower() not in GROUP_SUFFIXES
            if group and alone:
                self._held = nxt
                break
            group.append(nxt)
            size += nsize
            if alone:
                break
        return group, size


class ReaderPool:
    """Worker processes that read files; use as a context manager."""

    def __init__(
        self,
        workers: int | None = None,
        timeout_s: float = READ_TIMEOUT_S,
        memory_limit: int = MEMORY_LIMIT,
        read: Callable[[str], Result] | None = None,
    ) -> None:
        self.read = read or read_one
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self.timeout_s = timeout_s
        self.memory_limit = memory_limit
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        # a clean shutdown even when stopped early (cancel, a full disk): killing the workers
        # here left the executor's manager thread for the interpreter's exit to wait on
        self._shutdown(kill=False)

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_reader,
                initargs=(self.memory_limit,),
            )
        return self._pool

    def _shutdown(self, kill: bool) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.kill()
        pool.shutdown(wait=not kill, cancel_futures=True)

    def _submit(self, paths: list[Path]) -> Future[list[Result]]:
        return self._get_pool().submit(read_group, self.read, [str(p) for p in paths])

    def read_all(self, paths: Iterable[Path]) -> Iterator[ReadOutcome]:
        """Outcomes in the order of ``paths``, reading ahead (``READ_AHEAD_*``), small files
        a group at a time once every reader has work (``GROUP_*``).

        A file's time limit runs from when it can have started: its submission, or the
        previous outcome's arrival (files are read in order, so it waited for a reader no
        longer than that), never from a submission long before, deep in the queue. A group
        has one file's limit: past it, or failing as a whole, its files are read again one
        at a time."""
        pending: InFlight = deque()
        source = _Groups(paths)
        ahead = 0  # bytes of the files in ``pending``
        files = 0  # files in ``pending``
        previous = time.monotonic()
        while True:
            while not source.exhausted and (
                len(pending) < 2 * self.workers
                or (files < READ_AHEAD_FILES and ahead < READ_AHEAD_BYTES)
            ):
                group, size = source.take(1 if len(pending) < 2 * self.workers else GROUP_FILES)
                if group:
                    pending.append((group, self._submit(group), time.monotonic(), size))
                    ahead += size
                    files += len(group)
            if not pending:
                return
            group, future, submitted, size = pending.popleft()
            ahead -= size
            files -= len(group)
            try:
                started = max(submitted, previous)
                remaining = max(0.1, started + self.timeout_s - time.monotonic())
                results = future.result(timeout=remaining)
                previous = time.monotonic()
                last = len(group) - 1
                for j, (path, result) in enumerate(zip(group, results, strict=True)):
                    followed = j < last or (bool(pending) and pending[0][1].done())
                    yield _outcome(path, result, followed)
            except TimeoutError:
                self._shutdown(kill=True)
                if len(group) > 1:
                    yield from self._isolate(group)
                else:
                    yield ReadOutcome(group[0], error=self._too_long())
                self._resubmit(pending)
                previous = time.monotonic()
            except BrokenProcessPool:
                yield from self._isolate(group + [p for g, _, _, _ in pending for p in g])
                pending.clear()
                ahead = files = 0
                previous = time.monotonic()
            except Exception as exc:  # raised in the reader after read_one (see _failed)
                if len(group) > 1:
                    yield from self._isolate(group)
                    self._resubmit(pending)
                else:
                    yield _failed(group[0], exc)
                previous = time.monotonic()

    def _too_long(self) -> str:
        return f"reading took too long (over {self.timeout_s:.0f} s); skipped"

    def _resubmit(self, pending: InFlight) -> None:
        """Submit again what was in flight (the workers were killed), from now."""
        for i, (group, _, _, size) in enumerate(list(pending)):
            pending[i] = (group, self._submit(group), time.monotonic(), size)

    def _isolate(self, suspects: list[Path]) -> Iterator[ReadOutcome]:
        """Read the suspects one at a time, each on its own, with nothing else in flight: a
        worker died (which file killed it?), or a group took too long or failed as a whole
        (which file?)."""
        self._shutdown(kill=True)
        for suspect in suspects:
            try:
                result = self._submit([suspect]).result(timeout=self.timeout_s)
                yield _outcome(suspect, result[0])
            except TimeoutError:
                self._shutdown(kill=True)
                yield ReadOutcome(suspect, error=self._too_long())
            except BrokenProcessPool:
                self._shutdown(kill=True)
                yield ReadOutcome(
                    suspect, error="the file crashed the reader (too large or malformed); skipped"
                )
            except Exception as exc:
                yield _failed(suspect, exc)
