"""The ``sourcedesk`` command's entry point: the cyclic garbage collector off for start-up,
and a read-only command's process ended without Python's finalisation.

A command starts by creating ~300,000 objects and freeing few of them, so the collector's
passes over them find nothing: 10-20 ms of a whole ``search`` process. ``desktop.cli.main``
turns it back on for every command but ``search`` and ``show`` (an import runs long enough
to leave cycles behind). Only the process's entry does this, never an import of the module.

When ``search`` or ``show`` has answered, the library is closed (``desktop.cli._run``) and
its answer is in the output's buffer; what Python does after that (a collection over every
object, then each module torn down: numpy, Whoosh, the facet arrays) is 20-27 ms of a
whole ``search`` process at 100,000 articles that no one waits for. The process ends there
once its output is flushed, when nothing else of it runs: no thread beside the main one, no
child process, no library opened through the ORM (the path that may migrate or repair).
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> int:
    """``sourcedesk …``: the command line, with the collector off until the command is known."""
    gc.disable()
    from .cli import EXIT_FAILED, READ_ONLY_COMMANDS, command_named
    from .cli import main as run

    status = run()
    if command_named(sys.argv[1:]) in READ_ONLY_COMMANDS and _nothing_left_running():
        _end_now(status, EXIT_FAILED)
    return status


def _nothing_left_running() -> bool:
    """No thread, child process or ORM library that Python's exit would wait for or close."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    return not any(name in sys.modules for name in ("multiprocessing", "desktop.library"))


def _end_now(status: int, failed: int) -> None:
    """Flush what the command wrote, then end the process with ``status`` (a reader that
    went away first is no error, as in ``desktop.cli._run``; output that cannot be written,
    a full disk, is ``failed``)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass  # the reader is gone (`| head`), or the stream was closed
        except OSError as exc:
            status = status or failed
            if stream is sys.stdout:
                print(f"sourcedesk: the output could not be written: {exc}", file=sys.stderr)
    logging = sys.modules.get("logging")
    if logging is not None:
        logging.shutdown()
    os._exit(status)
