"""The model loaded once for every entity worker: a fork server that preloads it (Linux).

Each entity worker used to be a spawned process that loaded spaCy, the model and the
gazetteers itself: two workers held two copies, ~250 MB each, and an import's process tree
peaked at 1.4 GB on long PDFs. Here one process loads them, once, and every worker is forked
from it: the model's arrays and the lists are the same pages in all of them (copy on write;
``gc.freeze`` keeps the collector from writing to them), and a worker killed for running
out of time comes back in milliseconds, without loading anything.

It is multiprocessing's own ``forkserver`` start method with this module preloaded: the
fork server imports it, and it loads the model only there (an ordinary import of this
module loads nothing). Where fork servers do not exist (Windows) or forking a process with
native libraries loaded is unsafe (macOS), and in the frozen bundle (whose start-up handles
spawned children, checked by ``make bundle-test``), each worker is spawned and loads its
own model.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from multiprocessing.context import BaseContext

from .heap import keep_freed_memory
from .lifeline import ORPHANED

#: The priority of the model's processes: the window and the reading come first.
NICENESS = 10

#: The process that starts the fork server (set by :func:`context`, inherited by the server).
STARTER_ENV = "SOURCEDESK_FORK_SERVER_STARTER"

#: Why the fork server could not load the model (its workers then load it themselves
#: and report the error as a spawned worker would), or None.
LOAD_ERROR: str | None = None

#: How the model's processes keep memory they free (:func:`.heap.keep_freed_memory`). For
#: every batch the model allocates and frees the same large arrays; by default glibc maps
#: each afresh and hands back the freed top of its heap, and a worker took ~650 page faults
#: an article, 9 % of its time in the kernel. Kept, the faults fell to ~17 an article and the
#: entity phase went from 95 to 108 articles/s on 5,951 articles (alternated, three runs
#: each), with the same peak memory (docs/performance.md, "the model's heap").
KEEP_FREED_BYTES = 64 * 1024**2
HEAP_BLOCK_BYTES = 32 * 1024**2
HEAP_PAD_BYTES = 64 * 1024**2

_configured = False


def background() -> None:
    """Lower this process's priority to :data:`NICENESS` (once: forked workers inherit it)."""
    with contextlib.suppress(OSError, AttributeError):
        now = os.getpriority(os.PRIO_PROCESS, 0)
        if now < NICENESS:
            os.setpriority(os.PRIO_PROCESS, 0, NICENESS)


def keep_model_heap() -> bool:
    """Set this process's allocator up for the model (forked workers inherit it)."""
    return keep_freed_memory(KEEP_FREED_BYTES, HEAP_BLOCK_BYTES, HEAP_PAD_BYTES)


def _in_fork_server() -> bool:
    """True in the process multiprocessing starts as its fork server."""
    argv = getattr(sys, "orig_argv", sys.argv)
    return any(a.startswith("from multiprocessing.forkserver import main") for a in argv)


def _preload() -> None:
    global LOAD_ERROR
    background()
    keep_model_heap()  # before the model: its own arrays are allocated the same way
    stop_watching = _exit_if_orphaned_while_loading()
    try:
        from .entities.ner import load_model
        from .entities.windowed import extract_windowed

        load_model()
        extract_windowed([("Warm-up in Kyiv.", None)])  # the gazetteers and lists too
    except Exception as exc:  # the workers say why (they try again)
        LOAD_ERROR = f"{type(exc).__name__}: {exc}"
    finally:
        stop_watching()
    gc.collect()
    gc.freeze()  # a collection in a worker would write to every object's header


def _exit_if_orphaned_while_loading() -> Callable[[], None]:
    """Exit if the process that started the fork server dies while the model loads (2-3 s).

    Once it serves, the fork server exits when its starter's end of a pipe closes; while
    it imports its preload it reads nothing, and a starter killed then (a crash, an
    out-of-memory kill) left it, and the resource tracker with it, loading for seconds and
    then serving the request already sent (tests/hardening/test_crash.py). That pipe cannot
    tell meanwhile (the request in the socket holds its other end), so a thread watches for
    the server's parent to change (the orphan handed to init or a subreaper) while the
    model loads, and is stopped before the server forks anything (no thread may run
    across a fork). The starter's id comes in :data:`STARTER_ENV`: a starter killed before
    the watch began is seen too."""
    parent = int(os.environ.get(STARTER_ENV) or 0) or os.getppid()
    if os.getppid() != parent:
        os._exit(ORPHANED)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            if os.getppid() != parent:
                os._exit(ORPHANED)

    thread = threading.Thread(target=watch, name="starter-watch", daemon=True)
    thread.start()

    def stop() -> None:
        done.set()
        thread.join()

    return stop


def context() -> tuple[BaseContext, bool]:
    """The multiprocessing context entity workers start in, and whether it forks them from
    a process that has the model loaded already."""
    global _configured
    frozen = getattr(sys, "frozen", False)  # the bundle: only spawn is tested there
    if (
        sys.platform.startswith("linux")
        and not frozen
        and "forkserver" in multiprocessing.get_all_start_methods()
    ):
        ctx = multiprocessing.get_context("forkserver")
        os.environ[STARTER_ENV] = str(os.getpid())  # the server, started from here, reads it
        if not _configured:
            _configured = True
            # takes effect when the fork server starts (the first worker); nothing else in
            # Sourcedesk starts one
            ctx.set_forkserver_preload([__name__])
        return ctx, True
    return multiprocessing.get_context("spawn"), False


if _in_fork_server():
    _preload()
