"""The window's menus and shortcuts, file dialogs, the import report, the sample library,
and opening an original file with the system's viewer."""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTemporaryDir, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from desktop.ingest.pipeline import ImportReport
from desktop.library import Library

from .import_report import ImportReportDialog, summary
from .jobs import JobError, run_job
from .search_bar import SYNTAX_HELP

if TYPE_CHECKING:
    from .main_window import MainWindow

IMPORT_FILTER = "Articles (*.html *.htm *.xhtml *.pdf *.docx *.eml *.txt *.md);;All files (*)"


def copy_original(library: Library, doc_id: int, filename: str, folder: Path) -> Path:
    """The kept original, copied under its own name (so viewers know its type)."""
    source = library.original_file(doc_id)
    target_dir = folder / str(doc_id)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / (Path(filename).name or f"article-{doc_id}")
    shutil.copyfile(source, target)
    return target


class WindowActions(QObject):
    """Menu bar, shortcuts and the dialogs behind them, for one ``MainWindow``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._temp = QTemporaryDir()  # copies of originals for the system viewer; removed at exit
        w = window
        menu = w.menuBar().addMenu("&File")
        self.import_files = self._action(
            menu, "&Import Files…", self.import_files_dialog, QKeySequence.StandardKey.Open
        )
        self.import_folder = self._action(
            menu, "Import &Folder…", self.import_folder_dialog, QKeySequence("Ctrl+Shift+O")
        )
        menu.addSeparator()
        self.open_library = self._action(menu, "Open &Library Folder…", self.open_library_dialog)
        self.open_sample = self._action(menu, "Open the &Sample Library", self.open_sample_library)
        self.open_sample.setVisible(w.sample_dir is not None and w.seeds is not None)
        menu.addSeparator()
        self._action(menu, "&Quit", w.close, QKeySequence.StandardKey.Quit)

        menu = w.menuBar().addMenu("&Edit")
        self.undo_entity = self._action(
            menu, "&Undo Entity Change", w.curator.undo, QKeySequence.StandardKey.Undo
        )

        menu = w.menuBar().addMenu("&Search")
        self.find = self._action(
            menu, "&Find", w.page.search_bar.focus_field, QKeySequence.StandardKey.Find
        )
        self.clear = self._action(menu, "&Clear Filters", w.clear_filters, QKeySequence("Esc"))
        self.clear.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        menu.addSeparator()
        reader = w.page.reader
        self.next_hit = self._action(
            menu, "&Next Hit in Article", reader.next_hit, QKeySequence.StandardKey.FindNext
        )
        self.prev_hit = self._action(
            menu,
            "&Previous Hit in Article",
            reader.previous_hit,
            QKeySequence.StandardKey.FindPrevious,
        )

        menu = w.menuBar().addMenu("&Help")
        self._action(
            menu, "Search &Syntax", self.show_syntax, QKeySequence.StandardKey.HelpContents
        )
        self._action(menu, "&About Sourcedesk", self.show_about)
        # Ctrl+L is the other habit for "go to the search field"
        QShortcut(QKeySequence("Ctrl+L"), w, activated=w.page.search_bar.focus_field)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def set_library_actions_enabled(self, enabled: bool) -> None:
        """No switching libraries while an import writes to one."""
        self.open_library.setEnabled(enabled)
        self.open_sample.setEnabled(enabled)
        self.window.empty.sample.setEnabled(enabled)

    # -- importing -----------------------------------------------------------------------

    def import_files_dialog(self) -> None:
        """File → Import Files…"""
        files, _ = QFileDialog.getOpenFileNames(
            self.window, "Import files", str(Path.home()), IMPORT_FILTER
        )
        self.window.import_paths(files)

    def import_folder_dialog(self) -> None:
        """File → Import Folder…"""
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder", str(Path.home()))
        if folder:
            self.window.import_paths([folder])

    def import_finished(self, report: ImportReport) -> None:
        """Hide the progress, search again, and show the report."""
        w = self.window
        w.progress.end()
        self.set_library_actions_enabled(True)
        w.statusBar().showMessage(f"Import finished: {summary(report)}", 15000)
        w.refresh()
        if w.report_quietly and not report.failed:
            return
        if w.report_dialog is not None:
            w.report_dialog.close()
            w.report_dialog.deleteLater()
        w.report_dialog = ImportReportDialog(report, w)
        w.report_dialog.open_document.connect(w.open_document)
        w.report_dialog.show()

    def entities_finished(self, count: int) -> None:
        """Entities found for articles that waited for them: facets and highlights fill in."""
        w = self.window
        w.progress.end()
        self.set_library_actions_enabled(True)
        w.statusBar().showMessage(f"Entities found in {count:,} articles", 10000)
        w.refresh()

    def import_failed(self, message: str) -> None:
        """The import stopped as a whole (the library refused it)."""
        w = self.window
        w.progress.end()
        self.set_library_actions_enabled(True)
        w.refresh()
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Import stopped", message, QMessageBox.StandardButton.Ok, w
        )
        box.open()

    # -- libraries -----------------------------------------------------------------------

    def open_library_dialog(self) -> None:
        """File → Open Library Folder…"""
        folder = QFileDialog.getExistingDirectory(
            self.window, "Open a library folder", str(self.window.library.root.parent)
        )
        if folder:
            self._open_library(Path(folder), seed=False)

    def open_sample_library(self) -> None:
        """The five bundled articles, in a library of their own (built on first use)."""
        w = self.window
        if w.sample_dir is None or w.seeds is None:
            return
        self._open_library(w.sample_dir, seed=True)

    def _open_library(self, folder: Path, seed: bool) -> None:
        w = self.window
        if w.importer.running:
            return
        if folder.resolve() == w.library.root.resolve():
            if seed and w.last_outcome and w.last_outcome.result.library_total == 0 and w.seeds:
                w.import_paths([str(w.seeds)], quiet=True)
            return
        self.set_library_actions_enabled(False)
        w.statusBar().showMessage(f"Opening {folder}…")

        def opened(result: object) -> None:
            lib, documents = result  # type: ignore[misc]
            self.set_library_actions_enabled(True)
            w.set_library(lib, owned=True)
            w.statusBar().showMessage(f"Opened {folder}", 5000)
            if seed and documents == 0 and w.seeds is not None:
                w.import_paths([str(w.seeds)], quiet=True)

        def failed(err: JobError) -> None:
            self.set_library_actions_enabled(True)
            w.statusBar().clearMessage()
            QMessageBox(
                QMessageBox.Icon.Warning,
                "Cannot open the library",
                err.message,
                QMessageBox.StandardButton.Ok,
                w,
            ).open()

        def work(_ctx: object) -> tuple[Library, int]:
            lib = Library.open(folder)
            return lib, lib.stats().documents

        run_job(work, opened, failed, pool=w.read_pool, context=w)

    # -- originals and help --------------------------------------------------------------

    def open_original(self, doc_id: int) -> None:
        """Copy the kept file out under its name and hand it to the system's viewer."""
        w = self.window
        doc = w.page.reader.document
        filename = doc.filename if doc is not None and doc.id == doc_id else f"article-{doc_id}"
        folder = Path(self._temp.path())

        def ready(path: object) -> None:
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                w.statusBar().showMessage(f"No application here opens {filename}", 8000)

        def failed(err: JobError) -> None:
            w.statusBar().showMessage(f"Cannot open the original: {err.message}", 8000)

        w.searcher.run(lambda lib: copy_original(lib, doc_id, filename, folder), ready, failed)

    def show_syntax(self) -> None:
        """Help → Search Syntax."""
        QMessageBox(
            QMessageBox.Icon.NoIcon,
            "Search syntax",
            SYNTAX_HELP,
            QMessageBox.StandardButton.Ok,
            self.window,
        ).open()

    def show_about(self) -> None:
        """Help → About."""
        from desktop import __version__

        QMessageBox(
            QMessageBox.Icon.NoIcon,
            "About Sourcedesk",
            f"<b>Sourcedesk {__version__}</b><p>An offline library for a journalist's sources."
            f"<p>Library: {html.escape(str(self.window.library.root))}",
            QMessageBox.StandardButton.Ok,
            self.window,
        ).open()
