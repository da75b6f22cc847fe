#!/usr/bin/env python3
"""Render the window offscreen on the sample library: docs/screenshots/*.png.

    python scripts/screenshots.py [--out docs/screenshots] [--size 1366x768]

Builds a library from seeds/ in a temporary folder, drives the real window
(search with facets, the reader, an import with a broken file, the empty
state) and saves ``window.grab()`` of each state. Needs no display.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from screenshots_workbench import workbench_shots  # noqa: E402

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
            and not window.settling
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


def with_popup(window: MainWindow, popup, at: QPoint) -> QPixmap:  # type: ignore[no-untyped-def]
    """The window with a popup (a menu, a tooltip) drawn over it at ``at`` (window point)."""
    shot = window.grab()
    over = popup.grab()
    painter = QPainter(shot)
    for i in range(4, 0, -1):
        painter.fillRect(over.rect().translated(at + QPoint(i, i)), QColor(0, 0, 0, 14))
    painter.drawPixmap(at, over)
    painter.end()
    return shot


def tooltip_over(app: QApplication, window: MainWindow, text: str) -> QPixmap:
    """The reader's tooltip for the mention ``text``, drawn where the pointer would be."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QLabel

    browser = window.page.reader.browser
    cursor = browser.document().find(text)
    middle = QTextCursor(browser.document())
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    point = browser.cursorRect(middle).center()
    tip = browser.tooltip_at(point)
    # offscreen Qt shows no tooltip window: draw the same text as the tooltip looks
    label = QLabel(tip)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(
        "QLabel { background: palette(tool-tip-base); color: palette(tool-tip-text);"
        " border: 1px solid #888; padding: 4px 6px; }"
    )
    label.adjustSize()
    at = browser.viewport().mapTo(window, point) + QPoint(12, 16)
    at.setX(max(4, min(at.x(), window.width() - label.width() - 8)))  # as Qt keeps it on screen
    shot = with_popup(window, label, at)
    return shot


def decades_library(folder: Path) -> Library:
    """Articles from 1987 and from 2022 in one library (as a Reuters archive beside the war)."""
    articles = folder / "decades"
    articles.mkdir(parents=True)
    for i, (month, day) in enumerate(
        [("February", 26), ("March", 3), ("March", 17), ("April", 9), ("June", 1), ("June", 22)]
    ):
        (articles / f"reuter-{i}.txt").write_text(
            f"Cocoa review {i}\n{month} {day}, 1987\n\nCocoa prices rose in Bahia as rains "
            "returned to the growing areas, traders said.\n",
            encoding="utf-8",
        )
    for i, month in enumerate((3, 5, 5, 9, 11, 11, 11)):
        (articles / f"kherson-{i}.txt").write_text(
            f"Kherson report {i}\n2022-{month:02d}-10\n\nForces near Kherson reported shelling "
            "overnight, officials said.\n",
            encoding="utf-8",
        )
    lib = Library.open(folder / "Archive and war")
    lib.import_paths([articles], entities=False)
    return lib


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

        # why a mention is filed where it is, on hover
        window.set_request(SearchRequest(query="actor:Fedorov"))
        settle(app, window)
        open_article(app, window, "001_53bdf8a33f697a68.txt")
        save(tooltip_over(app, window, "Federov"), "hover-reason.png")

        # the merges the pipeline was unsure of
        unsure = work / "unsure"
        unsure.mkdir()
        (unsure / "boeing-order.txt").write_text(
            "Jet maker wins order\n\nBoeing Co said on Monday it had won an order for 30 jets.",
            encoding="utf-8",
        )
        (unsure / "boeing-deliveries.txt").write_text(
            "Deliveries rise\n\nBoeing delivered 40 jets in March, the company said.",
            encoding="utf-8",
        )
        library.import_paths([unsure])
        window.set_request(SearchRequest())
        settle(app, window)
        suggestions = window.curator.show_suggestions()
        wait_until(app, lambda: suggestions.model.rowCount() > 0)
        suggestions.view.selectRow(0)
        settle(app, window)
        save(with_dialog(window, suggestions), "suggestions.png")
        suggestions.close()

        # several results selected, their menu; then the edit dialog for them
        window.set_request(SearchRequest(undated=True))
        settle(app, window)
        view = window.page.results
        view.selectAll()
        menu = view.result_menu()
        menu.popup(view.mapToGlobal(QPoint(60, 60)))
        for _ in range(10):
            app.processEvents()
        save(with_popup(window, menu, view.mapTo(window, QPoint(60, 60))), "results-menu.png")
        menu.close()
        window.actions_.act_on_results("edit", view.selected_ids())
        wait_until(app, lambda: window.actions_.edit_dialog is not None)
        edit = window.actions_.edit_dialog
        edit.outlet.setText("Newsweek")
        edit.date.setText("2022-05-07")
        settle(app, window)
        save(with_dialog(window, edit), "edit-dialog.png")
        edit.reject()

        # File → Open Server Library…, filled in (the password is typed, and not kept)
        server = window.actions_.choose_server()
        server.host.setText("db.newsroom.example")
        server.database.setText("investigation")
        server.user.setText("alice")
        server.password.setText("correct horse")
        settle(app, window)
        save(with_dialog(window, server), "server-dialog.png")
        server.reject()

        # nothing found: what was searched, and the ways out
        window.set_request(SearchRequest(query="partisan", places=("Mariupol",)))
        settle(app, window)
        wait_until(app, lambda: bool(window.page.zero.buttons))
        settle(app, window)
        save(window.grab(), "zero-results.png")

        # the workbench: collections and notes, quotes, versions, name lists, stories
        workbench_shots(app, window, library, work, seeds, save, sys.modules[__name__])

        # a small laptop screen: the facet lists still show ten rows and more
        window.set_request(SearchRequest())
        window.resize(1024, 640)
        window.page.set_default_sizes(1024)  # as a first start on that screen lays it out
        settle(app, window)
        save(window.grab(), "small-screen.png")
        window.close()
        library.close()

        # a library across decades, the histogram zoomed on one year of it
        archive = decades_library(work)
        window = MainWindow(archive, settings, sample_dir=work / "sample", seeds=seeds)
        window.resize(width, height)
        window.show()
        settle(app, window)
        save(window.page.date_panel.grab(), "histogram-decades.png")
        window.set_request(
            SearchRequest(date_from=dt.date(1987, 1, 1), date_to=dt.date(1987, 12, 31))
        )
        settle(app, window)
        save(window.grab(), "histogram-1987.png")
        window.close()
        archive.close()
        for path in shots:
            print(path)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
