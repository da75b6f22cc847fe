"""Long writes in a child process, so a window's process never shares its GIL with them.

The window calls these instead of ``Library.import_paths``/``extract_entities``: the
child opens the same library, does the work under the library's write lock and
streams progress back through a pipe. What the child commits is visible to the
window's own ``Library`` (facet arrays and the index notice other writers).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .ingest.pipeline import ImportProgress, ImportReport
from .progress import ExtractProgress

PROGRESS_EVERY_S = 0.05


class ChildFailed(RuntimeError):
    """The child process stopped without finishing; what it committed is kept."""


def _send_throttled(conn: Connection) -> Callable[[Any], None]:
    last = [0.0]

    def send(progress: Any) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S or progress.done in (1, progress.total):
            last[0] = now
            conn.send(("progress", progress))

    return send


def _waiting(conn: Connection, cancel: Any) -> Callable[[], bool]:
    """Tell the window once that the import waits for another one; stop if cancelled."""
    told: list[bool] = []

    def waiting() -> bool:
        if not told:
            told.append(True)
            conn.send(("waiting", None))
        return not cancel.is_set()

    return waiting


def _child(task: str, location: str, paths: list[str], conn: Connection, cancel: Any) -> None:
    import contextlib
    import os

    from .library import Library, LibraryBusy
    from .lifeline import bind_to_parent

    bind_to_parent()  # a crashed or force-quit window takes its import with it
    with contextlib.suppress(OSError):
        os.nice(5)  # the window's process comes first
    try:
        with Library.open(location) as lib:
            lib.write_wait_s = None  # queue behind another process's import, and say so
            lib.on_wait = _waiting(conn, cancel)
            try:
                if task == "import":
                    result: Any = lib.import_paths(
                        paths, on_progress=_send_throttled(conn), should_cancel=cancel.is_set
                    )
                elif task in ("push", "pull"):
                    from .server.sync import sync

                    result = sync(lib, task, paths[0], on_progress=_send_throttled(conn))
                else:
                    result = lib.extract_entities(
                        _send_throttled(conn), should_cancel=cancel.is_set
                    )
            except LibraryBusy:
                if not cancel.is_set():
                    raise
                # cancelled while it waited: whatever a first phase stored stays
                result = ImportReport(cancelled=True) if task == "import" else 0
        conn.send(("done", result))
    except Exception as exc:  # reported to the window as a message, never lost
        conn.send(("error", str(exc) or type(exc).__name__))
    finally:
        conn.close()


def _run(
    task: str,
    location: str | Path,
    paths: list[str],
    on_progress: Callable[[Any], None] | None,
    should_cancel: Callable[[], bool] | None,
    on_wait: Callable[[], None] | None = None,
) -> Any:
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    cancel = ctx.Event()
    proc = ctx.Process(
        target=_child, args=(task, str(location), paths, sender, cancel), name=f"sourcedesk-{task}"
    )
    proc.start()
    sender.close()
    try:
        while True:
            if should_cancel and should_cancel():
                cancel.set()
            if receiver.poll(0.1):
                try:
                    kind, payload = receiver.recv()
                except EOFError:
                    break
                if kind == "progress" and on_progress:
                    on_progress(payload)
                elif kind == "waiting" and on_wait:
                    on_wait()
                elif kind == "done":
                    return payload
                elif kind == "error":
                    raise ChildFailed(payload)
            elif not proc.is_alive():
                break
    finally:
        proc.join(timeout=30)
        if proc.is_alive():
            proc.kill()
        receiver.close()
    raise ChildFailed(
        f"the {task} process stopped unexpectedly (exit code {proc.exitcode}); "
        "everything it finished is kept"
    )


def import_in_child(
    location: str | Path,
    paths: list[str],
    on_progress: Callable[[ImportProgress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    on_wait: Callable[[], None] | None = None,
) -> ImportReport:
    """``Library.import_paths`` in a child process; it queues behind another process's
    import (``on_wait`` is called once if it has to). ``location`` is the library's folder or
    its server address (``desktop.locations.connect_address``: with a password typed for
    this connection, handed to the child through its pipe, never on its command line)."""
    report: ImportReport = _run("import", location, paths, on_progress, should_cancel, on_wait)
    return report


def sync_in_child(
    location: str | Path,
    direction: str,
    other: str,
    on_progress: Callable[[ImportProgress], None] | None = None,
) -> Any:
    """``push``/``pull`` (:func:`desktop.server.sync.sync`) between the library at
    ``location`` and ``other`` in a child process; the :class:`SyncReport`. Both addresses
    (a typed password included) go to the child through its pipe, never its command line;
    ``on_progress`` follows the copied articles' import."""
    return _run(direction, location, [other], on_progress, None)


def extract_in_child(
    location: str | Path,
    on_progress: Callable[[ExtractProgress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    on_wait: Callable[[], None] | None = None,
) -> int:
    """``Library.extract_entities`` in a child process (queued like an import)."""
    done: int = _run("entities", location, [], on_progress, should_cancel, on_wait)
    return done
