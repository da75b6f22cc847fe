"""The main window: wires the library page, imports and settings to one ``Library``."""

from __future__ import annotations

import gc
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.views import DocumentView, MentionView

from . import state
from .curating import Curator
from .empty_state import DropOverlayView, EmptyStateView
from .importing import ImportController, ImportProgressView
from .jobs import JobError, single_thread_pool
from .library_page import LibraryPageView
from .results_model import ResultsModel
from .searching import SearchController, SearchFailure, SearchOutcome
from .settings import WindowSettings
from .window_actions import WindowActions

FOLLOW_DELAY_MS = 120  # the reader follows the current result after this pause


class MainWindow(QMainWindow):
    """Search, facets, results and reader over one ``Library`` passed in; imports by drop or menu.

    ``settings`` keeps geometry, splitters and searches; ``sample_dir`` is where the
    sample library is built on request (None hides that offer).
    """

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        sample_dir: Path | None = None,
        seeds: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Searches share this interpreter with the window: hand the GIL over every 1 ms
        # (not 5) so a busy worker thread never holds up the window's event handlers.
        sys.setswitchinterval(0.001)
        self.library = library
        self.curator = Curator(self)
        self.settings = WindowSettings(settings)
        self.sample_dir, self.seeds = sample_dir, seeds
        self.request = SearchRequest()
        self.last_outcome: SearchOutcome | None = None
        self._owned: list[Library] = []  # libraries this window opened (and must close)
        self._shown_id: int | None = None  # the article in the reader, and the query it shows
        self._shown_query = ""
        self.report_quietly = False  # the sample library imports without a report

        self.read_pool = single_thread_pool(self)
        self.searcher = SearchController(library, self.read_pool, self)
        self.importer = ImportController(self)
        self.results_model = ResultsModel(self.searcher.fetch_page, self)
        self.page = LibraryPageView(self.results_model)
        self.empty = EmptyStateView()
        self.empty.set_sample_available(sample_dir is not None and seeds is not None)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.page)
        self.stack.addWidget(self.empty)
        self.progress = ImportProgressView()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.progress)
        self.setCentralWidget(central)
        self.overlay = DropOverlayView(central)
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.setAcceptDrops(True)
        self.setMinimumSize(900, 560)

        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_DELAY_MS)
        self._follow.timeout.connect(self._open_current)
        self.report_dialog = None
        self.actions_ = WindowActions(self)
        self._connect()
        if not self.settings.restore_window(
            self, {"main": self.page.splitter, "facets": self.page.facet_splitter}
        ):
            self.page.set_default_sizes(self.width())
        self._update_title()
        freeze_startup_objects()
        self.set_request(self.settings.last_search)
        self.resume_entities()

    # -- wiring --------------------------------------------------------------------------

    def _connect(self) -> None:
        p = self.page
        bar = p.search_bar
        bar.query_changed.connect(lambda text: self.set_request(replace(self.request, query=text)))
        bar.query_committed.connect(self._commit_query)
        bar.sort_changed.connect(lambda sort: self.set_request(replace(self.request, sort=sort)))
        bar.recent_chosen.connect(self.set_request)
        bar.recent_cleared.connect(self._clear_recent)
        bar.navigate.connect(self._navigate_results)
        bar.set_recent(self.settings.recent_searches())
        p.chips.removed.connect(lambda f: self.set_request(state.without(self.request, f)))
        p.chips.clear_all.connect(self.clear_filters)
        for panel in p.facets.values():
            panel.toggled.connect(
                lambda facet, value: self.set_request(state.toggled(self.request, facet, value))
            )
        hist = p.date_panel.histogram
        hist.range_selected.connect(
            lambda r: self.set_request(state.with_dates(self.request, r.date_from, r.date_to))
        )
        hist.undated_selected.connect(lambda: self.set_request(state.undated_toggled(self.request)))
        hist.cleared.connect(lambda: self.set_request(state.with_dates(self.request, None, None)))
        p.results.selectionModel().currentRowChanged.connect(lambda *_: self._follow.start())
        p.results.open_requested.connect(self._open_requested)
        p.reader.entity_activated.connect(self.filter_by_entity)
        p.reader.curation_requested.connect(self.curator.request)
        p.reader.open_original_requested.connect(self.actions_.open_original)
        self.searcher.finished.connect(self._search_finished)
        self.searcher.failed.connect(self._search_failed)
        self.searcher.busy_changed.connect(lambda _: self._update_count())
        self.importer.started.connect(lambda _: self.progress.begin())
        self.importer.progressed.connect(self.progress.update_progress)
        self.importer.searchable.connect(self.refresh)
        self.importer.finished.connect(self.actions_.import_finished)
        self.importer.entities_finished.connect(self.actions_.entities_finished)
        self.importer.failed.connect(self.actions_.import_failed)
        self.progress.cancel_button.clicked.connect(self.cancel_import)
        self.empty.import_files_clicked.connect(self.actions_.import_files_dialog)
        self.empty.import_folder_clicked.connect(self.actions_.import_folder_dialog)
        self.empty.sample_clicked.connect(self.actions_.open_sample_library)

    # -- the search ----------------------------------------------------------------------

    def set_request(self, request: SearchRequest) -> None:
        """Make ``request`` the current search: field, chips and (soon) results follow it."""
        self.request = replace(request, offset=0)
        self.page.search_bar.show_request(self.request)
        self.page.chips.set_filters(state.active_filters(self.request))
        self.searcher.submit(self.request)
        self._update_count()

    def refresh(self) -> None:
        """Run the current search again (after an import)."""
        self.searcher.submit(self.request)

    def clear_filters(self) -> None:
        """Esc: drop every filter; with none left, clear the query text as well."""
        if state.active_filters(self.request):
            self.set_request(state.cleared(self.request))
        elif self.request.query:
            self.set_request(replace(self.request, query=""))

    def filter_by_entity(self, mention: MentionView) -> None:
        """Clicking an entity in the reader narrows the results to articles that mention it."""
        if mention.kind == "date":
            span = state.date_span(mention.canonical)
            if span:
                self.set_request(state.with_dates(self.request, *span))
            return
        facet = "place" if mention.kind == "place" else "actor"
        if mention.canonical not in state.selected(self.request, facet):
            self.set_request(state.toggled(self.request, facet, mention.canonical))

    def _commit_query(self, text: str) -> None:
        self.set_request(replace(self.request, query=text))
        self._remember()

    def _remember(self) -> None:
        self.page.search_bar.set_recent(self.settings.add_recent(self.request))

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self.page.search_bar.set_recent([])

    def _search_finished(self, outcome: SearchOutcome) -> None:
        if outcome.request != replace(self.request, limit=outcome.request.limit):
            return  # the user has moved on; a newer search is coming
        self.last_outcome = outcome
        result, req = outcome.result, outcome.request
        self.page.search_bar.set_error("")
        self.results_model.set_results(req, outcome.ids, result.hits)
        for name, panel in self.page.facets.items():
            panel.set_values(result.facets.get(name, []), state.selected(req, name))
        self.page.date_panel.set_counts(
            result.facets.get("date", []), req.date_from, req.date_to, req.undated
        )
        if self._shown_id is not None and self._shown_query != req.query:
            self.open_document(self._shown_id)  # mark the new query's hits in the open article
        if self._shown_id is not None:
            row = self.results_model.row_of(self._shown_id)
            if row is not None:
                self.page.results.selectionModel().blockSignals(True)
                self.page.results.setCurrentIndex(self.results_model.index(row, 0))
                self.page.results.selectionModel().blockSignals(False)
        unknown = [f"{v} ({facet})" for facet, vals in result.unknown.items() for v in vals]
        if unknown:
            self.statusBar().showMessage("Not in this library: " + ", ".join(unknown), 8000)
        empty = result.library_total == 0
        self.stack.setCurrentWidget(self.empty if empty else self.page)
        self._update_count()

    def _search_failed(self, failure: SearchFailure) -> None:
        if failure.request != replace(self.request, limit=failure.request.limit):
            return
        message = failure.message if failure.bad_query else f"The search failed: {failure.message}"
        self.page.search_bar.set_error(message)
        self._update_count()

    def _update_count(self) -> None:
        outcome = self.last_outcome
        text = (
            f"{outcome.result.total:,} of {outcome.result.library_total:,} articles"
            if outcome
            else ""
        )
        if self.searcher.busy:
            text = f"{text}  ·  searching…" if text else "searching…"
        self.count_label.setText(text)

    # -- results and reader --------------------------------------------------------------

    def _navigate_results(self, event: QKeyEvent) -> None:
        view = self.page.results
        if not view.currentIndex().isValid() and self.results_model.rowCount():
            view.setCurrentIndex(self.results_model.index(0, 0))
            return
        QApplication.sendEvent(view, QKeyEvent(event.type(), event.key(), event.modifiers()))

    def _open_current(self) -> None:
        doc_id = self.page.results.current_id()
        if doc_id is not None and doc_id != self._shown_id:
            self.open_document(doc_id)

    def _open_requested(self, doc_id: int) -> None:
        self._follow.stop()
        self._remember()
        self.open_document(doc_id, focus=True)

    def open_document(self, doc_id: int, focus: bool = False) -> None:
        """Show an article in the reader, with the current query's hits."""
        self._shown_id = doc_id
        self._shown_query = query = self.request.query

        def shown(doc: DocumentView) -> None:
            if doc.id == self._shown_id:
                self.page.reader.show_document(doc)
                if focus:
                    self.page.reader.browser.setFocus()

        def failed(err: JobError) -> None:
            self.statusBar().showMessage(f"Cannot open article {doc_id}: {err.message}", 8000)

        self.searcher.load_document(doc_id, query, shown, failed)

    def current_index(self) -> QModelIndex:
        """The current row of the result list."""
        return self.page.results.currentIndex()

    # -- importing -----------------------------------------------------------------------

    def import_paths(self, paths: list[str], quiet: bool = False) -> bool:
        """Import files and folders in the background; the report follows unless ``quiet``."""
        if not paths:
            return False
        if not self.importer.start(self.library, paths):
            self.statusBar().showMessage(
                "An import is already running; wait for it or cancel it.", 8000
            )
            return False
        self.report_quietly = quiet
        self.actions_.set_library_actions_enabled(False)
        return True

    def resume_entities(self) -> None:
        """Articles an earlier run left without entities get them now, in the background."""
        library = self.library

        def pending(count: object) -> None:
            if count and library is self.library and self.importer.start_entities(library):
                self.actions_.set_library_actions_enabled(False)

        self.searcher.run(lambda lib: lib.pending_entities(), pending, lambda _err: None)

    def cancel_import(self) -> None:
        """Stop the running import after the current file."""
        self.importer.cancel()
        self.progress.cancelling()

    @staticmethod
    def _local_paths(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Files or folders dragged over the window: offer to import them."""
        if self._local_paths(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.overlay.show_over_parent()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep accepting while the drag moves."""
        if self._local_paths(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        """The drag left: hide the overlay."""
        self.overlay.hide()

    def dropEvent(self, event: QDropEvent) -> None:
        """Import what was dropped."""
        self.overlay.hide()
        paths = self._local_paths(event)
        if paths:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.import_paths(paths)

    # -- library, settings, shutdown -----------------------------------------------------

    def set_library(self, library: Library, owned: bool = False) -> None:
        """Show another library (the sample one, or a folder the user picked)."""
        old = self.library
        self.library = library
        if owned:
            self._owned.append(library)
        self.searcher.set_library(library)
        self._shown_id = None
        self.last_outcome = None
        self.page.reader.clear()
        self.results_model.clear()
        self._update_title()
        self.set_request(SearchRequest(sort=self.request.sort))
        self.resume_entities()
        if old in self._owned:
            self._owned.remove(old)
            self.searcher.run(lambda _lib: old.close(), lambda _: None, lambda _: None)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.library.root.name} — Sourcedesk")

    def save_settings(self) -> None:
        """Geometry, splitters and the current search, for the next start."""
        self.settings.save_window(
            self, {"main": self.page.splitter, "facets": self.page.facet_splitter}
        )
        self.settings.last_search = self.request
        self.settings.sync()

    def shutdown(self, wait_ms: int = 60_000) -> None:
        """Cancel an import, let the workers finish, close the libraries this window opened."""
        self._follow.stop()
        self.importer.cancel()
        self.importer.wait(wait_ms)
        self.read_pool.waitForDone(wait_ms)
        for lib in self._owned:
            lib.close()
        self._owned.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window, then stop cleanly."""
        self.save_settings()
        if self.report_dialog is not None:
            self.report_dialog.close()
        self.shutdown()
        super().closeEvent(event)


def freeze_startup_objects() -> None:
    """Keep the garbage collector's pauses short once the window exists.

    A full collection walks every object the process tracks and holds the GIL while it
    does, whichever thread triggers it: a search thread collecting the modules, Qt
    wrappers and caches loaded at start-up stalled the GUI thread for 180-280 ms in the
    500-file import test. Objects alive now live as long as the window; freezing them
    leaves collections only the objects made since.
    """
    gc.freeze()
