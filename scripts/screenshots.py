#!/usr/bin/env python3
"""Render the window offscreen on the sample library: docs/screenshots/*.png.

    python scripts/screenshots.py [--out docs/screenshots] [--size 1366x768]

Builds a library from seeds/ in a temporary folder, drives the real window
(search with facets, the reader, an import with a broken file, the empty
state) and saves ``window.grab()`` of each state. Needs no display.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.library import Library  # noqa: E402
from desktop.paths import seeds_dir  # noqa: E402
from desktop.querying import SearchRequest  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.theme import dark_palette  # noqa: E402


def quiet_qt_messages() -> None:
    """Offscreen has no window manager to pass size hints to; say nothing about it."""

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(f"qt: {message}\n")

    qInstallMessageHandler(handler)


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float = 120.0) -> None:
    """Process events until ``done()``."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("screenshots: timed out waiting for the window")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, window: MainWindow) -> None:
    """Until no search, read or import is under way, then a few more paints."""
    wait_until(
        app,
        lambda: (
            not window.searcher.busy
            and not window.importer.running
            and window.last_outcome is not None
            and not window.page.search_bar.typing
        ),
    )
    window.ops.wait()
    for _ in range(10):
        app.processEvents()
        time.sleep(0.01)


def open_article(app: QApplication, window: MainWindow, filename: str) -> None:
    """Select a result by its file name and wait for the reader."""
    model = window.results_model
    row = next(r for r in range(model.rowCount()) if model.hit_at(r).filename == filename)
    window.page.results.setCurrentIndex(model.index(row, 0))
    doc_id = model.id_at(row)
    wait_until(
        app,
        lambda: (
            window.page.reader.document is not None and window.page.reader.document.id == doc_id
        ),
    )
    settle(app, window)


def with_dialog(window: MainWindow, dialog) -> QPixmap:  # type: ignore[no-untyped-def]
    """The window with a dialog drawn over it, as a window manager would show it."""
    shot = window.grab()
    over = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))
    at = QPoint((shot.width() - over.width()) // 2, (shot.height() - over.height()) // 2)
    for i in range(8, 0, -1):
        painter.fillRect(over.rect().translated(at + QPoint(i, i)), QColor(0, 0, 0, 10))
    painter.drawPixmap(at, over)
    painter.setPen(QColor(0, 0, 0, 90))
    painter.drawRect(over.rect().translated(at).adjusted(-1, -1, 0, 0))
    painter.end()
    return shot


def main(argv: list[str] | None = None) -> int:
    """Render every picture; returns 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))
    seeds = seeds_dir()
    if seeds is None:
        raise SystemExit("screenshots: no seeds/ folder in this installation")
    args.out.mkdir(parents=True, exist_ok=True)
    quiet_qt_messages()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Sourcedesk")
    work = Path(tempfile.mkdtemp(prefix="sourcedesk-shots-"))
    try:
        settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
        shots: list[Path] = []

        def save(pixmap: QPixmap, name: str) -> None:
            path = args.out / name
            pixmap.save(str(path))
            shots.append(path)

        # the empty state of a first run
        with Library.open(work / "empty") as empty:
            window = MainWindow(empty, settings, sample_dir=work / "sample", seeds=seeds)
            window.resize(width, height)
            window.show()
            settle(app, window)
            save(window.grab(), "empty.png")
            window.close()

        library = Library.open(work / "Sample library")
        library.import_paths(sorted(seeds.glob("*.txt")))
        settings.clear()
        window = MainWindow(library, settings, sample_dir=work / "sample", seeds=seeds)
        window.resize(width, height)
        window.show()
        settle(app, window)

        # a search with active facets, and a highlighted article
        window.page.search_bar.field.setText("Kherson")
        window.set_request(
            SearchRequest(query="Kherson", places=("Melitopol",), actors=("Ivan Fedorov",))
        )
        settle(app, window)
        open_article(app, window, "000_7c70147f503d4823.txt")
        save(window.grab(), "search.png")
        light = app.palette()
        app.setPalette(dark_palette())  # what a system switch to dark mode does
        settle(app, window)
        save(window.grab(), "search-dark.png")
        app.setPalette(light)
        settle(app, window)

        # the reader: an article full of entities, at its second hit
        window.set_request(SearchRequest(query="Mariupol"))
        settle(app, window)
        page = window.page
        page.splitter.setSizes([270, 380, width - 650])
        open_article(app, window, "004_90168afd947e35b7.txt")
        page.reader.next_hit()
        settle(app, window)
        save(window.grab(), "reader.png")

        # an import of a folder with a new article, a duplicate and a broken file
        batch = work / "batch"
        batch.mkdir()
        (batch / "council-report.txt").write_text(
            "Council agrees on repairs\n\nBy Staff Reporter\n\nThe city council of Odesa met on "
            "Monday. Mayor Hennadiy Trukhanov said repairs would start in spring, and the Red "
            "Cross offered help to families in the port district.\n",
            encoding="utf-8",
        )
        shutil.copyfile(seeds / "001_53bdf8a33f697a68.txt", batch / "copy of 001.txt")
        (batch / "scan-2023-11.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf\n")
        (batch / "notes.txt").write_text("  \n", encoding="utf-8")
        window.set_request(SearchRequest())
        settle(app, window)
        window.import_paths([str(batch)])
        wait_until(app, lambda: window.report_dialog is not None)
        settle(app, window)
        dialog = window.report_dialog
        dialog.resize(720, 300)
        for _ in range(5):
            app.processEvents()
        save(with_dialog(window, dialog), "import-report.png")
        dialog.close()
        window.close()
        library.close()
        for path in shots:
            print(path)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
