"""Worker processes never outlive the process that started them.

A crash, an out-of-memory kill or a force-quit kills only the process that owns
an import; without this its spawned readers, entity workers and the import
child of the window would be re-parented and idle for as long as the machine
runs. Every worker calls :func:`bind_to_parent` first thing: on Linux the
kernel kills it the moment its parent dies (``PR_SET_PDEATHSIG``), and on every
platform a watch thread waits on multiprocessing's parent sentinel (the end of
a pipe on POSIX, the parent's process handle on Windows) and exits when it
fires. multiprocessing's resource tracker needs nothing: it exits when the last
process holding its pipe is gone.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading

#: Exit status of a worker whose parent died (EX_SOFTWARE).
ORPHANED = 70

_PR_SET_PDEATHSIG = 1


def _kernel_kill_on_parent_death() -> None:
    """Linux: SIGKILL this process when the thread that created it exits."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def _watch(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent's sentinel fires: it has exited
    os._exit(ORPHANED)


def bind_to_parent(forked: bool = False) -> None:
    """Make this spawned worker exit within a second of its parent's death (idempotent).

    ``forked``: started by a fork server (:mod:`desktop.entity_host`), so the kernel's parent
    is that server (the kernel ends us with it) and the parent that asked for us is watched
    through its sentinel only (the server lives on while any of its workers does)."""
    parent = multiprocessing.parent_process()
    if parent is None or getattr(bind_to_parent, "_bound", False):
        return
    bind_to_parent._bound = True  # type: ignore[attr-defined]
    _kernel_kill_on_parent_death()
    if not forked and os.name == "posix" and parent.pid is not None and os.getppid() != parent.pid:
        os._exit(ORPHANED)  # the parent died before the kernel was told to watch it
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


__all__ = ["ORPHANED", "bind_to_parent"]
