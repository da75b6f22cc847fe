"""The bundle's entry point: one program, two faces.

``Sourcedesk/sourcedesk``                       the window, on the default library
``Sourcedesk/sourcedesk FILE...``               the window, importing the files (the menu's
                                                "Open with Sourcedesk")
``Sourcedesk/sourcedesk --library DIR``         the window, on that library
``Sourcedesk/sourcedesk import|search|... ARGS``  the command line (``desktop.cli``)
``Sourcedesk/sourcedesk --help | --version``    the command line's help / version
``sourcedesk-gui.exe`` (Windows)               always the window, without a console
``Sourcedesk.app/Contents/MacOS/Sourcedesk``    (macOS) both faces, as on Linux

Everything else (one window per library, the app id and icon) is the app's own, in
``desktop.app.main``: the bundle behaves as ``pip install`` does.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Collection, Sequence
from pathlib import Path

CLI_FLAGS = frozenset({"-h", "--help", "--version"})
WINDOW_HINT = "Without a command, `sourcedesk [--library DIR] [FILE...]` opens the window.\n"


def wants_cli(argv: Sequence[str], program: str = "", commands: Collection[str] = ()) -> bool:
    """True when the arguments ask for the command line rather than the window."""
    if "gui" in Path(program).stem.lower():
        return False
    if not commands:
        from desktop.cli import COMMANDS

        commands = COMMANDS
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--library":
            skip = True
        elif arg in CLI_FLAGS:
            return True
        elif not arg.startswith("-"):
            return arg in commands
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the command line or the window."""
    argv = list(sys.argv[1:] if argv is None else argv)
    gc.disable()  # for start-up, as desktop/cli_entry.py; the command turns it back on
    try:
        if wants_cli(argv, sys.argv[0]):
            from desktop.cli import main as cli_main

            if argv[:1] in (["-h"], ["--help"]):
                print(WINDOW_HINT)
            return cli_main(argv)
    finally:
        gc.enable()  # the window (and whoever called this) keeps the collector
    from desktop.app import main as app_main

    return app_main(argv)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
