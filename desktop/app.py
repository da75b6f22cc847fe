"""The ``sourcedesk-gui`` entry point: builds the QApplication and the main window.

The only Qt in ``desktop/``. Without a display it says how to work without one
instead of letting Qt abort the process.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .paths import argument_parser, default_library_dir, resolve_library, seeds_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

EXIT_OK, EXIT_FAILED, EXIT_NO_DISPLAY = 0, 1, 2

NO_DISPLAY = """sourcedesk-gui: no display to show the window on.
There is no $DISPLAY or $WAYLAND_DISPLAY, and QT_QPA_PLATFORM is not set.
  - Work from the terminal with the command line: sourcedesk --help
    (sourcedesk import FILES, sourcedesk search QUERY, sourcedesk show ID)
  - Render the window to pictures instead: make screenshots
  - Or run Qt without a screen: QT_QPA_PLATFORM=offscreen sourcedesk-gui
"""


def build_parser() -> argparse.ArgumentParser:
    """``sourcedesk-gui [--library DIR|URL] [FILE ...]``."""
    parser = argument_parser("sourcedesk-gui", "Sourcedesk: the desktop window.")
    parser.add_argument("paths", nargs="*", metavar="FILE", help="files or folders to import")
    return parser


def has_display(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether Qt has somewhere to draw (or was told where, via QT_QPA_PLATFORM)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return any(environ.get(k) for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def sample_library_dir() -> Path:
    """Where 'Open the sample library' builds its own library (beside the default one)."""
    return default_library_dir().parent / "sample-library"


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with the names QSettings uses, the app id and the icon."""
    from PySide6.QtWidgets import QApplication

    from ui.startup import brand, scan_modules_quickly

    scan_modules_quickly()  # before the window's modules are imported
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setOrganizationName("Sourcedesk")
    app.setApplicationName("Sourcedesk")
    app.setApplicationVersion(__version__)
    brand(app)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Open the library, show the window, import any files given, run until closed.

    One window per library: a second launch on a library that is open hands its files to
    that window and exits.
    """
    # Start-up creates objects it keeps (modules, Qt wrappers, the window): the cyclic
    # collector's passes over them find nothing and took 90 ms of it at 100k (two full
    # collections). Off until the window is shown; tune_process freezes what start-up made
    # and turns it back on.
    gc.disable()
    multiprocessing.freeze_support()  # imports read files in spawned workers, also when bundled
    args = build_parser().parse_args(argv)
    if not has_display():
        sys.stderr.write(NO_DISPLAY)
        return EXIT_NO_DISPLAY
    app = create_application([sys.argv[0]])

    from PySide6.QtCore import QSettings, QThreadPool, QTimer
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import MainWindow
    from ui.single_instance import SingleInstance
    from ui.startup import raise_window, report_start_if_asked, tune_process

    from .library import Library, LibraryError
    from .locations import shown

    # a folder, or a server library's postgresql:// address (a password in it is used for
    # this connection only: the guard, the title and the settings see it without)
    location = resolve_library(args.library)
    paths = [str(Path(p).resolve()) for p in args.paths]
    guard = SingleInstance(location)
    if not guard.claim():
        if guard.hand_over(paths):
            print(
                f"Sourcedesk is already open on {guard.library}: "
                + (f"passed {len(paths)} file(s) to its window." if paths else "raised it."),
                flush=True,
            )
            return EXIT_OK
        sys.stderr.write(f"sourcedesk: {guard.busy_message()}\n")
        if app.platformName() not in ("offscreen", "minimal"):
            QMessageBox.warning(None, "Sourcedesk", guard.busy_message())
        return EXIT_FAILED
    try:
        try:
            library = Library.open(location, tidy=True)  # the window writes: tidy if free
        except LibraryError as exc:
            message = f"Cannot open the library {shown(location)}:\n\n{exc}"
            sys.stderr.write(f"sourcedesk: {message}\n")
            if app.platformName() not in ("offscreen", "minimal"):
                QMessageBox.critical(None, "Sourcedesk", message)
            return EXIT_FAILED
        with library:
            window = MainWindow(
                library, QSettings(), sample_dir=sample_library_dir(), seeds=seeds_dir()
            )

            def handed_over(files: list[str]) -> None:
                if files:
                    window.import_paths(files)
                raise_window(window)

            guard.received.connect(handed_over)
            window.show()
            tune_process()
            report_start_if_asked(window)
            if paths:
                QTimer.singleShot(0, lambda: window.import_paths(paths))
            code = app.exec()
            # a search started just before quitting still reads the library closed next,
            # and reports to signals Qt is about to delete
            QThreadPool.globalInstance().waitForDone(10_000)
        return EXIT_OK if code == 0 else EXIT_FAILED
    finally:
        guard.release()


if __name__ == "__main__":
    sys.exit(main())
