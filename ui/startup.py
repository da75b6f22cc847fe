"""What ``desktop.app.main`` does around the window: branding, one window per library,
process tuning once the window exists, and an optional start-up report.

``SOURCEDESK_SMOKE_TEST=1`` prints the time from start to the window shown (and whether
the NER model was imported on the way), then closes the window as a user would after
``SOURCEDESK_SMOKE_CLOSE_MS`` (300; negative: leave it open), saving a picture of it to
``SOURCEDESK_SMOKE_SCREENSHOT`` if set. The bundle's checks and ``scripts/bundle-measure.py``
read it; it works the same however Sourcedesk was installed.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow

APP_ID = "org.sourcedesk.Sourcedesk"
SMOKE_ENV = "SOURCEDESK_SMOKE_TEST"
SMOKE_CLOSE_ENV = "SOURCEDESK_SMOKE_CLOSE_MS"
SMOKE_SHOT_ENV = "SOURCEDESK_SMOKE_SCREENSHOT"
SMOKE_PREFIX = "sourcedesk-smoke:"
STARTED = time.monotonic()


def icon_file() -> Path:
    """The 256 px app icon shipped with the package."""
    return Path(__file__).resolve().parent / "resources" / f"{APP_ID}.png"


def brand(app: QApplication) -> None:
    """The menu entry's id (Wayland matches windows to entries by it) and the app icon."""
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon.fromTheme(APP_ID, QIcon(str(icon_file()))))


def scan_modules_quickly() -> None:
    """Answer PySide6's question about each module imported after it from the file's bytes.

    For its ``__feature__`` switching (which Sourcedesk does not use), PySide6 asks of every
    module imported once it is loaded whether its source names "PySide6", through
    ``inspect.getsource``: the whole file read line by line through the tokenizer's
    encoding detection and linecache, on whichever thread imports, holding the GIL. The
    window imports some 590 modules after PySide6 (the search engine and the library on
    the first search, the importer on the first drop): 143 ms of the GUI thread, measured
    over a start and a query mix at 100k, and linecache then kept every file's lines (12 MB
    of text, RSS 164 -> 134 MB when the window is first shown). Looking for the same bytes
    in the file gives the same answer for every ``.py`` module; anything else (a bundle's
    compiled modules, an unreadable file) still gets PySide6's own answer.
    """
    feature = sys.modules.get("PySide6.support.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "quick", False):
        return

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.quick = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]


#: How long a thread holding the GIL keeps it when another wants it (see tune_process).
SWITCH_INTERVAL_S = 0.0002


def tune_process() -> None:
    """Once the window exists: keep the GUI thread responsive next to worker threads.

    Searches share this interpreter with the window: hand the GIL over every 0.2 ms (not
    5) so a busy worker thread never holds up the window's event handlers. Painting a facet
    list or a result row is hundreds of short calls into Python, each taking the GIL back
    from a search thread that runs Python: with 1 ms, searches fired one after another at
    2,000 articles stalled the GUI thread 80-97 ms (the benchmark's probe; the thread
    waited on the GIL, 15 of its 80 ms on the CPU), with 0.2 ms 19-38 ms, and at 100,000
    articles no slower a search.

    And freeze what start-up made: a full garbage collection walks every object the process
    tracks and holds the GIL while it does, whichever thread triggers it (a search thread
    collecting the modules, Qt wrappers and caches loaded at start-up stalled the GUI thread
    for 180-280 ms in the 500-file import test), then turn the collector back on
    (``desktop.app.main`` runs start-up without it: two full collections over what start-up
    keeps took ~90 ms of it at 100k).
    """
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.freeze()
    gc.enable()  # desktop.app.main turned the collector off for start-up


def raise_window(window: QMainWindow) -> None:
    """Bring the window to the front (files were handed to it by a second launch)."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def report_start_if_asked(window: QMainWindow) -> None:
    """The start-up report of ``SOURCEDESK_SMOKE_TEST`` (see the module's notes)."""
    if not os.environ.get(SMOKE_ENV):
        return

    def report() -> None:
        spacy = "yes" if "spacy" in sys.modules else "no"
        print(
            f"{SMOKE_PREFIX} window shown {time.monotonic() - STARTED:.3f} s after start; "
            f"spacy imported: {spacy}; title: {window.windowTitle()}",
            flush=True,
        )
        delay = int(os.environ.get(SMOKE_CLOSE_ENV, "300"))  # < 0: stay open
        shot = os.environ.get(SMOKE_SHOT_ENV)
        if shot:  # a picture of the window as it is just before it closes
            QTimer.singleShot(max(delay - 50, 0), lambda: window.grab().save(shot))
        if delay >= 0:
            QTimer.singleShot(delay, window.close)

    QTimer.singleShot(0, report)
