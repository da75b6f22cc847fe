"""The ``sourcedesk-gui`` entry point: builds the QApplication and the main window.

The only Qt in ``desktop/``. Without a display it says how to work without one
instead of letting Qt abort the process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .paths import ENV_VAR, default_library_dir, resolve_library_dir, seeds_dir

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
    """``sourcedesk-gui [--library DIR] [FILE ...]``."""
    parser = argparse.ArgumentParser(
        prog="sourcedesk-gui", description="Sourcedesk: the desktop window."
    )
    parser.add_argument("--version", action="version", version=f"sourcedesk {__version__}")
    parser.add_argument(
        "--library",
        metavar="DIR",
        help=f"library folder (default: ${ENV_VAR} or the user data dir)",
    )
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
    """The QApplication with the names QSettings uses."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setOrganizationName("Sourcedesk")
    app.setApplicationName("Sourcedesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("sourcedesk")
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Open the library, show the window, import any files given, run until closed."""
    multiprocessing.freeze_support()  # imports read files in spawned workers, also when bundled
    args = build_parser().parse_args(argv)
    if not has_display():
        sys.stderr.write(NO_DISPLAY)
        return EXIT_NO_DISPLAY
    app = create_application([sys.argv[0]])

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import MainWindow

    from .library import Library, LibraryError

    folder = resolve_library_dir(args.library)
    try:
        library = Library.open(folder)
    except LibraryError as exc:
        QMessageBox.critical(None, "Sourcedesk", f"Cannot open the library in {folder}:\n\n{exc}")
        return EXIT_FAILED
    with library:
        window = MainWindow(
            library, QSettings(), sample_dir=sample_library_dir(), seeds=seeds_dir()
        )
        window.show()
        if args.paths:
            paths = [str(Path(p).resolve()) for p in args.paths]
            QTimer.singleShot(0, lambda: window.import_paths(paths))
        code = app.exec()
    return EXIT_OK if code == 0 else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
