"""The ``sourcedesk`` command's entry point: the cyclic garbage collector off for start-up.

A command starts by creating ~300,000 objects and freeing few of them, so the collector's
passes over them find nothing: 10-20 ms of a whole ``search`` process. ``desktop.cli.main``
turns it back on for every command but ``search`` and ``show`` (an import runs long enough
to leave cycles behind). Only the process's entry does this, never an import of the module.
"""

from __future__ import annotations

import gc


def main() -> int:
    """``sourcedesk …``: the command line, with the collector off until the command is known."""
    gc.disable()
    from .cli import main as run

    return run()
