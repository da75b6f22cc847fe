"""The entity model in worker processes that can be stopped: a time limit on every article.

Finding entities is the one stage of an import whose cost depends on what the text holds, so
it never runs in the importing process. Each worker is a spawned process that loads the model
once and then takes batches of articles; a batch gets a time limit sized from its length
(:class:`TimeLimit`, with a ceiling). A batch that runs out of time, or takes its worker down,
is killed and its articles are tried one at a time; an article that still runs out of time
(or still kills the worker) is given up with a status ("took too long", "failed") that the
library stores and shows, and the batch goes on.

Workers outlive one import: the next import in the same process finds them with the model
loaded, and a killed one is restarted only when it is needed again. They exit with the
process that started them.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from search.frozen import frozen

from .entities.extract_rules import Found
from .entity_host import background, context, keep_model_heap
from .heap import give_back_free_memory

Item = tuple[int, str, dt.date | None]  # id, text, published

#: The statuses an article can be given up with (``views.ENTITIES_STATUS_TEXT`` words them).
TOO_LONG = "too_long"
FAILED = "failed"
#: Seconds a new worker may take to start and load the model (a cold disk, a busy machine).
START_TIMEOUT_S = 180.0
ENV_CEILING = "SOURCEDESK_ENTITY_CEILING_S"
#: A worker that holds more than this after a batch retires and a fresh one (forked from the
#: loaded model, so it starts at once) takes its place: the model's caches grow with every
#: new word it sees, and a long PDF's batch leaves its high-water mark behind (issue 18: two
#: workers had reached 950 and 600 MB on 748 real-world PDFs; at 400 MB the import's tree
#: still peaked at 1,016 MB PSS). A worker starts at ~200 MB, most of it the fork server's.
RETIRE_BYTES = 320 * 1024**2
#: An idle worker is kept for the next import only while it is small: one that grew on long
#: texts is stopped when its import ends (a new one forks from the loaded model in a moment),
#: so it does not sit beside the rest of the import (grouping versions) or an idle window.
SPARE_BYTES = 256 * 1024**2
#: Seconds an idle worker may take to give back its heap and say how big it is.
REST_TIMEOUT_S = 5.0


@frozen
class TimeLimit:
    """Seconds the model may spend on a text: ``base_s`` plus ``per_char_s`` per character,
    at most ``ceiling_s``. The default is ~10x what a busy two-core machine needs."""

    base_s: float = 5.0
    per_char_s: float = 1e-4
    ceiling_s: float = 120.0

    def seconds(self, chars: int) -> float:
        """The limit for ``chars`` characters of text."""
        return min(self.ceiling_s, self.base_s + chars * self.per_char_s)

    @classmethod
    def from_env(cls) -> TimeLimit:
        """The default, with the ceiling from ``$SOURCEDESK_ENTITY_CEILING_S`` if set."""
        raw = os.environ.get(ENV_CEILING)
        try:
            ceiling = float(raw) if raw else None
        except ValueError:
            ceiling = None
        return cls(ceiling_s=ceiling) if ceiling and ceiling > 0 else cls()


@dataclass
class Outcome:
    """What came back for one batch: mentions per finished article, statuses of given-up ones."""

    found: list[tuple[int, list[Found]]] = field(default_factory=list)
    given_up: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0  # the model's time on the batch (in the worker)

    @property
    def ids(self) -> tuple[int, ...]:
        """The articles of the batch."""
        return tuple(i for i, _ in self.found) + tuple(i for i, _ in self.given_up)


# -- the worker process ---------------------------------------------------------------------


def _die_with_parent(parent: int, from_main_thread: bool) -> None:
    """The worker must not outlive the process that started it, even one killed with -9."""
    if from_main_thread:  # the kernel signal follows the starting *thread*
        with contextlib.suppress(Exception):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _resident(pid: int | str = "self") -> int | None:
    """A process's resident memory in bytes, from /proc (Linux); None elsewhere."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _resident_bytes() -> int:
    """This process's resident memory now (Linux), else its peak (macOS), else 0."""
    now = _resident()
    if now is not None:
        return now
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(peak if sys.platform == "darwin" else peak * 1024)
    except (ImportError, OSError):
        return 0


def _serve(
    conn: Connection,
    parent: int,
    from_main_thread: bool,
    forked: bool = False,
    retire_bytes: int = RETIRE_BYTES,
) -> None:
    """The worker's loop: load the model (unless forked with it), then extract each batch."""
    if forked:  # from the fork server, which outlives us only while we run
        from .lifeline import bind_to_parent

        bind_to_parent(forked=True)
    else:
        _die_with_parent(parent, from_main_thread)
        keep_model_heap()  # (a forked one has it from the fork server)
    background()  # the window and the reading come first
    from .entities.ner import load_model
    from .entities.windowed import extract_windowed

    try:
        load_model()
        extract_windowed([("Warm-up in Kyiv.", None)])  # gazetteers and lists too
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            items: list[Item] | None = conn.recv()
        except (EOFError, OSError):
            return
        if items is None:  # its import ended: give back the heap kept for batches
            give_back_free_memory()
            try:
                conn.send(("rested", _resident()))
            except (BrokenPipeError, OSError):
                return
            continue
        began = time.perf_counter()
        try:
            found = extract_windowed([(text, published) for _, text, published in items])
            pairs = [(i, f) for (i, _, _), f in zip(items, found, strict=True)]
            reply: Any = ("done", pairs, time.perf_counter() - began)
        except Exception as exc:  # MemoryError, RecursionError, a bug: the parent decides
            reply = ("error", f"{type(exc).__name__}: {exc}", time.perf_counter() - began)
        retire = _resident_bytes() > retire_bytes and (
            not give_back_free_memory() or _resident_bytes() > retire_bytes
        )  # what it holds for its work, not the freed heap it keeps (keep_model_heap)
        try:
            conn.send((*reply, retire))
        except (BrokenPipeError, OSError):
            return
        if retire:
            return


class WorkerError(RuntimeError):
    """The entity model cannot be started at all (a broken installation)."""


class _Worker:
    """One model process and the batch it is working on."""

    def __init__(self) -> None:
        ctx, forked = context()  # forked from a process with the model loaded, where it can be
        self.conn, child = ctx.Pipe()
        main = threading.current_thread() is threading.main_thread()
        self.proc = ctx.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(child, os.getpid(), main, forked, RETIRE_BYTES),
            name="sourcedesk-entities",
            daemon=True,
        )
        self.proc.start()
        child.close()
        self.ready = False
        self.batch: list[Item] | None = None
        self.single = False  # the batch is one article being tried alone
        self.deadline = 0.0

    def start(self) -> None:
        """Wait for the model to load; ``WorkerError`` says why it did not."""
        if self.ready:
            return
        reason = f"it did not start within {START_TIMEOUT_S:.0f} s"
        try:
            if self.conn.poll(START_TIMEOUT_S):
                kind, payload = self.conn.recv()
                self.ready = kind == "ready"
                reason = str(payload)
        except (EOFError, OSError):
            reason = f"it stopped (exit code {self.proc.exitcode})"
        if not self.ready:
            self.kill()
            raise WorkerError(f"the entity model could not be started: {reason}")

    def send(self, batch: list[Item], limit: TimeLimit, single: bool) -> None:
        self.start()
        self.conn.send(batch)
        self.batch, self.single = batch, single
        self.deadline = time.monotonic() + limit.seconds(sum(len(t) for _, t, _ in batch))

    def alive(self) -> bool:
        return self.proc.is_alive()

    def rest(self) -> bool:
        """Have the idle worker give back the heap it kept for batches; whether it is then
        small enough to keep for the next import (elsewhere than Linux: always)."""
        try:
            self.conn.send(None)
            if self.conn.poll(REST_TIMEOUT_S):
                kind, size = self.conn.recv()
                return kind == "rested" and (size is None or size <= SPARE_BYTES)
        except (EOFError, OSError):
            pass
        return False

    def retire(self) -> None:
        """Let a worker that said it retires exit by itself (or stop it after a while)."""
        with contextlib.suppress(Exception):
            self.proc.join(2)
        self.kill()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
            self.proc.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()
        self.batch = None


# workers kept between imports in this process (the model stays loaded)
_spare: list[_Worker] = []
_spare_lock = threading.Lock()


def _take(n: int) -> list[_Worker]:
    with _spare_lock:
        kept, _spare[:] = _spare[:n], _spare[n:]
    alive = [w for w in kept if w.alive()]
    for w in kept:
        if w not in alive:
            w.kill()
    return alive + [_Worker() for _ in range(n - len(alive))]


def _give_back(workers: Iterable[_Worker]) -> None:
    with _spare_lock:
        for w in workers:
            if w.ready and w.batch is None and w.alive() and w.rest():
                _spare.append(w)
            else:
                w.kill()


@atexit.register
def shutdown_workers() -> None:
    """Stop the kept workers (at exit, or when a test wants none left)."""
    with _spare_lock:
        for w in _spare:
            w.kill()
        _spare.clear()


# -- the parent's side ----------------------------------------------------------------------

Todo = deque[tuple[list[Item], bool]]  # batches to send; True: one article tried alone


class ModelWorkers:
    """``n`` model workers with time limits; use as a context manager around :meth:`run`."""

    def __init__(self, n: int = 1, limit: TimeLimit | None = None) -> None:
        self.n = max(1, n)
        self.limit = limit or TimeLimit.from_env()
        self._workers: list[_Worker] = []

    def __enter__(self) -> ModelWorkers:
        self._workers = _take(self.n)
        return self

    def __exit__(self, *exc: object) -> None:
        _give_back(self._workers)
        self._workers = []

    def run(
        self, batches: Iterable[list[Item]], should_cancel: Callable[[], bool] | None = None
    ) -> Iterator[Outcome]:
        """Outcomes as batches finish (in any order); cancelling stops the busy workers at once.

        Raises ``WorkerError`` when a new worker cannot load the model at all.
        """
        todo: Todo = deque()
        source = iter(batches)
        while True:
            if should_cancel and should_cancel():
                self._stop_busy()
                return
            self._fill(todo, source)
            busy = [w for w in self._workers if w.batch is not None]
            if not busy:
                return
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=min(timeout, 0.2))
            outcomes: list[Outcome] = []
            for worker in busy:
                if worker.conn in ready:
                    outcomes.extend(self._collect(worker, todo))
                elif not worker.alive():
                    outcomes.extend(self._give_up(worker, todo, FAILED))
                elif time.monotonic() > worker.deadline:
                    outcomes.extend(self._give_up(worker, todo, TOO_LONG))
            self._fill(todo, source)  # the workers go on while the caller writes
            yield from outcomes

    def _fill(self, todo: Todo, source: Iterator[list[Item]]) -> None:
        """Give every idle worker a batch (a dead worker is replaced first)."""
        for i, worker in enumerate(self._workers):
            if worker.batch is not None:
                continue
            if not todo:
                nxt = next(source, None)
                while nxt is not None and not nxt:
                    nxt = next(source, None)
                if nxt is None:
                    return
                todo.append((nxt, len(nxt) == 1))  # one article is already alone
            batch, single = todo.popleft()
            if not worker.alive():
                worker.kill()
                worker = self._workers[i] = _Worker()
            try:
                worker.send(batch, self.limit, single)
            except (BrokenPipeError, EOFError, OSError):  # it died between two batches
                worker.kill()
                worker = self._workers[i] = _Worker()
                worker.send(batch, self.limit, single)

    def _collect(self, worker: _Worker, todo: Todo) -> list[Outcome]:
        batch, single = worker.batch or [], worker.single
        try:
            kind, payload, seconds, retire = worker.conn.recv()
        except (EOFError, OSError):
            return self._give_up(worker, todo, FAILED)
        worker.batch = None
        if retire:  # it exits; the next batch goes to a fresh worker (see _fill)
            worker.retire()
        if kind == "done":
            return [Outcome(found=payload, seconds=seconds)]
        if single:  # the extractor raised on this article alone
            return [Outcome(given_up=[(batch[0][0], FAILED)])]
        todo.extendleft(([item], True) for item in reversed(batch))
        return []

    def _give_up(self, worker: _Worker, todo: Todo, status: str) -> list[Outcome]:
        """A worker ran out of time or died: stop it; try its batch's articles one at a time."""
        batch, single = worker.batch or [], worker.single
        worker.kill()
        if single:
            return [Outcome(given_up=[(batch[0][0], status)])]
        todo.extendleft(([item], True) for item in reversed(batch))
        return []

    def _stop_busy(self) -> None:
        for worker in self._workers:
            if worker.batch is not None:
                worker.kill()


def plan_batches(items: Sequence[Item], size: int, max_chars: int = 400_000) -> list[list[Item]]:
    """Batches of at most ``size`` articles and ``max_chars`` characters (a long article goes
    alone, so that if it runs out of time no other article waits for a second try)."""
    out: list[list[Item]] = []
    current: list[Item] = []
    chars = 0
    for item in items:
        n = len(item[1])
        if current and (len(current) >= size or chars + n > max_chars):
            out.append(current)
            current, chars = [], 0
        current.append(item)
        chars += n
    if current:
        out.append(current)
    return out
