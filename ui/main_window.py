"""The main window: wires the library page, imports, menus and settings to one ``Library``.

Every change to the library, whoever made it (curation here, an import in a child
process), arrives once, as a :class:`~desktop.changes.Change` on ``ops.changed``, and
:meth:`MainWindow.library_changed` brings results, facets, chips and the reader up to date.
"""

from __future__ import annotations

import time
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
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Change
from desktop.heap import give_back_free_memory
from desktop.ingest.pipeline import ImportProgress, ImportReport
from desktop.library import Library
from desktop.locations import same_library, short_name, shown
from desktop.querying import SearchRequest
from desktop.relaxing import Relaxation, relaxations
from desktop.views import DocumentView, MentionView

from . import state
from .curating import Curator
from .empty_state import DropOverlayView, EmptyStateView
from .import_report import ImportReportDialog, summary
from .importing import ENTITIES, ImportController, ImportProgressView
from .jobs import JobError
from .library_page import LibraryPageView
from .operations import LibraryOps
from .results_model import ResultsModel
from .searching import SearchController, SearchFailure, SearchOutcome
from .settings import WindowSettings
from .window_actions import WindowActions
from .workbench_ui import WorkbenchUi

FOLLOW_DELAY_MS = 120  # the reader follows the current result after this pause


class MainWindow(QMainWindow):
    """Search, facets, results and reader over one ``Library`` passed in; imports by drop or menu.

    ``settings`` keeps geometry, splitters and searches; ``sample_dir`` is where the
    sample library is built on request (None hides that offer).
    """

    #: while entities are found, the facets follow them at most this often (seconds)
    ENTITY_REFRESH_S = 5.0

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        sample_dir: Path | None = None,
        seeds: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = LibraryOps(library, self)
        self.settings = WindowSettings(settings)
        self.settings.use_library(library.location)
        self.sample_dir, self.seeds = sample_dir, seeds
        self.request = SearchRequest()
        self.last_outcome: SearchOutcome | None = None
        self._owned: list[Library] = []  # libraries this window opened (and must close)
        self._shown_id: int | None = None  # the article in the reader, and the query it shows
        self._shown_query: str | None = ""  # None: show it again (the library changed)
        self.report_quietly = False  # the sample library imports without a report
        self.entities_pending = 0  # articles whose entities a cancelled import left to find

        self.searcher = SearchController(library, self.ops.read_pool, self)
        self.importer = ImportController(self)
        self.curator = Curator(self.ops, self)
        self.results_model = ResultsModel(self.searcher.fetch_page, self)
        self.page = LibraryPageView(self.results_model)
        self.empty = EmptyStateView()
        sample = sample_dir is not None and seeds is not None
        self.empty.set_sample_available(sample)
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
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.count_label)
        self.setAcceptDrops(True)
        self.setMinimumSize(900, 560)

        #: the refresh an import's end asked for, until the next turn of the event loop
        self._after_import: Change | None = None
        #: closed by the user: an import cancelled on the way out reports to no one
        self._closed = False
        #: the heap is handed back once the search that refresh runs is shown
        self._give_back_after_search = False
        #: times the heap was handed back to the system after an import's refresh
        self.memory_given_back = 0
        #: the library whose count of articles waiting for entities is being read
        self._counting_pending: Library | None = None
        #: the entity phase's articles the facets last showed, and when they were asked for
        self._entities_shown = 0
        self._entities_shown_at = 0.0
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_DELAY_MS)
        self._follow.timeout.connect(self._open_current)
        self.actions_ = WindowActions(self, self.ops, sample)
        # "Pushing to desk…" for as long as a push or pull runs (a minute for thousands)
        self.statusBar().insertPermanentWidget(0, self.actions_.library_sync.indicator)
        self.actions_.sync_server = lambda: self.settings.sync_server
        self.actions_.library_sync.finished.connect(self._synced)
        self.actions_.library_sync.busy.connect(
            lambda busy: self._set_library_actions_enabled(not busy and not self.importer.running)
        )
        self.workbench = WorkbenchUi(
            self, self.ops, self.page, lambda: self.request, lambda: self.results_model.ids
        )
        self.actions_.finish_menus()
        self._connect()
        if not self.settings.restore_window(self, self._splitters()):
            self.page.set_default_sizes(self.width())
        self._update_title()
        self.set_request(self.settings.last_search)
        self.resume_entities()
        self.complete_phrase_pairs()

    @property
    def library(self) -> Library:
        """The library the window shows."""
        return self.ops.library

    @property
    def report_dialog(self) -> ImportReportDialog | None:
        """The last import report, if one was shown."""
        return self.actions_.report_dialog

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
            panel.curation_requested.connect(self.curator.request_for_value)
            panel.spellings_wanted.connect(self._find_spellings)
        p.date_panel.range_typed.connect(
            lambda r: self.set_request(state.with_dates(self.request, r.date_from, r.date_to))
        )
        hist = p.date_panel.histogram
        hist.range_selected.connect(
            lambda r: self.set_request(state.with_dates(self.request, r.date_from, r.date_to))
        )
        hist.undated_selected.connect(lambda: self.set_request(state.undated_toggled(self.request)))
        hist.cleared.connect(lambda: self.set_request(state.with_dates(self.request, None, None)))
        p.results.selectionModel().currentRowChanged.connect(lambda *_: self._follow.start())
        p.results.open_requested.connect(self._open_requested)
        p.results.action_requested.connect(self.actions_.act_on_results)
        p.zero.chosen.connect(self.set_request)
        p.reader.entity_activated.connect(self.filter_by_entity)
        p.reader.curation_requested.connect(self.curator.request)
        p.reader.open_original_requested.connect(self._open_original)
        self.ops.changed.connect(self.library_changed)
        self.workbench.request_wanted.connect(self.set_request)
        self.workbench.document_wanted.connect(self.open_document)
        self.workbench.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.curator.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.searcher.finished.connect(self._search_finished)
        self.searcher.failed.connect(self._search_failed)
        self.searcher.busy_changed.connect(lambda _: self._update_count())
        self.importer.started.connect(self._import_started)
        self.importer.progressed.connect(self.progress.update_progress)
        self.importer.progressed.connect(self._entities_found_so_far)
        self.importer.searchable.connect(
            lambda: self.ops.announce(Change("", documents_added=True))
        )
        self.importer.finished.connect(self._import_finished)
        self.importer.entities_finished.connect(self._entities_finished)
        self.importer.failed.connect(self._import_failed)
        self.progress.cancel_button.clicked.connect(self.cancel_import)
        a = self.actions_
        a.import_requested.connect(self.import_paths)
        a.library_requested.connect(lambda location: self.open_library(location, seed=False))
        a.set_recent_libraries(self.settings.add_recent_library(self.library.location))
        a.sample_requested.connect(self.open_sample_library)
        a.open_document_requested.connect(self.open_document)
        a.undo_requested.connect(self.curator.undo)
        a.suggestions_requested.connect(self.curator.show_suggestions)
        self.curator.open_document.connect(self.open_document)
        a.find_requested.connect(p.search_bar.focus_field)
        a.clear_requested.connect(self.clear_filters)
        a.next_hit_requested.connect(p.reader.next_hit)
        a.previous_hit_requested.connect(p.reader.previous_hit)
        a.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.empty.import_files_clicked.connect(a.choose_files)
        self.empty.import_folder_clicked.connect(a.choose_folder)
        self.empty.sample_clicked.connect(self.open_sample_library)

    # -- the one place a change to the library comes in ----------------------------------

    def library_changed(self, change: Change) -> None:
        """A write (curation, an import, a re-extraction) changed the library: search again,
        so results, facets and chips follow, and show the open article as it is now."""
        if change.summary:
            text = change.summary
            self.statusBar().showMessage(text[:1].upper() + text[1:], 8000)
        self._shown_query = None
        self.refresh()
        self.workbench.library_changed(change)  # the article's panel, saved searches' counts

    # -- the search ----------------------------------------------------------------------

    def set_request(self, request: SearchRequest) -> None:
        """Make ``request`` the current search: field, chips and (soon) results follow it."""
        self.request = replace(request, offset=0)
        self.page.search_bar.show_request(self.request)
        self.page.chips.set_filters(state.active_filters(self.request))
        self.searcher.submit(self.request)
        self._update_count()

    def refresh(self) -> None:
        """Run the current search again."""
        self.searcher.submit(self.request)

    def _find_spellings(self, facet: str, text: str) -> None:
        """The facet's filter box knows spellings: "Kiev" finds Kyiv there too."""
        panel = self.page.facets[facet]
        self.ops.read(
            lambda lib: lib.searcher.resolve_value(facet, text).labels,
            lambda names: panel.show_spellings(text, names),
        )

    def clear_filters(self) -> None:
        """Esc: drop every filter (the facets' filter boxes too); with none left, clear the
        query text as well."""
        typed = [p for p in self.page.facets.values() if p.filter_box.text()]
        for panel in typed:
            panel.clear_filter()
        if state.active_filters(self.request):
            self.set_request(state.cleared(self.request))
        elif self.request.query and not typed:
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
        result, req = outcome.result, outcome.request
        following, gone = state.following(req, result.resolved)
        if following != req:  # a filter was renamed, merged or ignored meanwhile
            if gone:
                self.statusBar().showMessage(
                    "No longer in this library: " + ", ".join(gone) + " (filter removed)", 8000
                )
            self.set_request(following)
            return
        self.last_outcome = outcome
        self.page.search_bar.set_error("")
        self.results_model.set_results(req, outcome.ids, result.hits)
        zero = result.total == 0 and result.library_total > 0
        self.page.show_zero(zero)
        if zero:
            self._offer_ways_out(req)
        for name, panel in self.page.facets.items():
            panel.set_values(result.facets.get(name, []), state.selected(req, name))
        self.page.date_panel.set_counts(
            result.facets.get("date", []), req.date_from, req.date_to, req.undated
        )
        if self._shown_id is not None and not self.results_model.contains(self._shown_id):
            self._shown_id = None  # the article left the results: the reader shows none
            self.page.reader.clear()
        if self._shown_id is None:
            self.page.set_reading(False)
        if self._shown_id is not None and self._shown_query != req.query:
            self.open_document(self._shown_id)  # the article as the new query marks it
        if self._shown_id is not None:
            row = self.results_model.row_of(self._shown_id)
            if row is not None:
                self.page.results.selectionModel().blockSignals(True)
                self.page.results.setCurrentIndex(self.results_model.index(row, 0))
                self.page.results.selectionModel().blockSignals(False)
        unknown = [f"{v} ({facet})" for facet, vals in result.unknown.items() for v in vals]
        notes = list(result.notes)
        if unknown:
            notes.insert(0, "Not in this library: " + ", ".join(unknown))
        if notes:
            self.statusBar().showMessage(" · ".join(notes), 8000)
        empty = result.library_total == 0
        self.stack.setCurrentWidget(self.empty if empty else self.page)
        self._update_count()
        if self._give_back_after_search:  # the refresh after an import is shown
            self._give_back_after_search = False
            QTimer.singleShot(500, self, self._give_back_memory)  # the workbench's counts too

    def _give_back_memory(self) -> None:
        """Hand the heap the import's refresh freed (results, facets, the workbench's counts)
        back to the system. glibc kept it in 3 of 9 runs of the benchmark's probe at 100k:
        the window's idle memory after a 200-article import was 301-303 MB in those and
        278-283 in the others; 282.5 after handing it back (2.6 ms)."""
        if give_back_free_memory():
            self.memory_given_back += 1

    def _offer_ways_out(self, req: SearchRequest) -> None:
        """Nothing found: count the nearby searches that would find something."""
        self.page.zero.show_request(req)

        def counted(offers: list[Relaxation]) -> None:
            if req == replace(self.request, limit=req.limit):
                self.page.zero.set_offers(offers)

        self.ops.read(lambda lib: relaxations(lib.searcher, req), counted)

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
        if self.entities_pending and not self.importer.running:
            text += f"  ·  entities pending for {self.entities_pending:,} articles"
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
                self.page.set_reading(True)
                self.page.reader.show_document(doc)
                if focus:
                    self.page.reader.browser.setFocus()

        def failed(err: JobError) -> None:
            self.statusBar().showMessage(f"Cannot open article {doc_id}: {err.message}", 8000)

        self.searcher.load_document(doc_id, query, shown, failed)

    def _open_original(self, doc_id: int) -> None:
        doc = self.page.reader.document
        filename = doc.filename if doc is not None and doc.id == doc_id else ""
        self.actions_.open_original(doc_id, filename)

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
        self._set_library_actions_enabled(False)
        return True

    def resume_entities(self) -> None:
        """Articles an earlier run left without entities get them now, in the background."""
        library = self.library
        self._counting_pending = library

        def pending(count: int) -> None:
            self._counting_pending = None
            if count and library is self.library and self.importer.start_entities(library):
                self._set_library_actions_enabled(False)

        def failed(_err: object) -> None:
            self._counting_pending = None

        self.ops.read(lambda lib: lib.pending_entities(), pending, failed)

    def complete_phrase_pairs(self) -> None:
        """A library indexed before the word pairs (or that lost them) gets them in the
        background, once (search/pairs.py); its phrases are found by their words meanwhile."""
        library = self.library

        def missing(lack: bool) -> None:
            if lack and library is self.library:
                self.statusBar().showMessage("Writing the phrase index (once)…", 10_000)
                self.ops.write(lambda lib: lib.write_phrase_pairs())

        self.ops.read(
            lambda lib: not lib.read_only and lib.index.pairs_complete() is False, missing
        )

    def cancel_import(self) -> None:
        """Stop the running import after the current file."""
        self.importer.cancel()
        self.progress.cancelling()

    def _import_finished(self, report: ImportReport) -> None:
        if self._closed:  # its report would open after the window closed, and keep the
            return  # application (and the library's one-window lock) alive, invisible
        self.progress.end()
        self._set_library_actions_enabled(True)
        added = frozenset(f.id for f in report.imported)
        self.entities_pending = report.entities_pending
        if not (self.report_quietly and not report.failed):
            self.actions_.show_report(report)
        # The search again (results, facets, the workbench's counts) a turn of the event loop
        # later, once the report is laid out and painted: begun at once, its thread and the
        # report's building shared the interpreter and the window got no event for 45-135 ms
        # at the end of a 500-file import; 38-101 ms so, most runs under 70 (a 2-core AMD
        # EPYC; docs/performance.md).
        self._after_import = Change(
            f"Import finished: {summary(report)}", added, documents_added=bool(added)
        )
        QTimer.singleShot(0, self, self._announce_import)

    def _announce_import(self) -> None:
        change, self._after_import = self._after_import, None
        if change is not None:
            self._give_back_after_search = True
            self.ops.announce(change)

    @property
    def idle(self) -> bool:
        """The current search answered and shown, nothing typed waiting, no import running and
        nothing the window queued for itself left (what tests and the benchmark wait for)."""
        outcome = self.last_outcome
        return (
            not self.page.search_bar.typing
            and not self.settling
            and not self.searcher.busy
            and not self.importer.running
            and outcome is not None
            and outcome.request == replace(self.request, limit=outcome.request.limit)
        )

    @property
    def settling(self) -> bool:
        """Work the window has queued for itself: the refresh after an import, or the count
        of articles waiting for entities (which may start the entity phase)."""
        return self._after_import is not None or self._counting_pending is self.library

    def _import_started(self, _paths: int) -> None:
        self.progress.begin()
        self._entities_shown, self._entities_shown_at = 0, time.monotonic()

    def _entities_found_so_far(self, progress: ImportProgress) -> None:
        """While the entity phase runs, the facets, counts and the open article's marks
        follow what it has committed (each report comes after a batch is written), not only
        its end: a long phase fills the place and actor lists as it goes. At most every
        ``ENTITY_REFRESH_S`` seconds, and never more often than 20 times as long as the last
        search took (a refresh at 100,000 articles rebuilds facet arrays for a second or
        two: the window then spends at most ~5 % of a core on it)."""
        if self._closed or progress.phase != ENTITIES or not 0 < progress.done < progress.total:
            return
        outcome = self.last_outcome
        interval = max(self.ENTITY_REFRESH_S, 20 * (outcome.elapsed_s if outcome else 0.0))
        now = time.monotonic()
        if progress.done <= self._entities_shown or now - self._entities_shown_at < interval:
            return
        self._entities_shown, self._entities_shown_at = progress.done, now
        self.ops.announce(Change("", entities=True))

    def _entities_finished(self, count: int) -> None:
        if self._closed:
            return
        self.entities_pending = 0
        self.progress.end()
        self._set_library_actions_enabled(True)
        self.ops.announce(Change(f"Entities found in {count:,} articles", entities=True))

    def _import_failed(self, message: str) -> None:
        """The import stopped as a whole (the library refused it)."""
        if self._closed:
            return
        self.progress.end()
        self._set_library_actions_enabled(True)
        self.refresh()
        self.actions_.warn("Import stopped", message)

    def _set_library_actions_enabled(self, enabled: bool) -> None:
        self.actions_.set_library_actions_enabled(enabled)
        self.empty.sample.setEnabled(enabled)

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

    # -- libraries -----------------------------------------------------------------------

    def open_sample_library(self) -> None:
        """The five bundled articles, in a library of their own (built on first use)."""
        if self.sample_dir is not None and self.seeds is not None:
            self.open_library(self.sample_dir, seed=True)

    def open_library(self, location: str | Path, seed: bool = False) -> None:
        """Open another library (a folder, or a ``postgresql://`` address) in the background
        and show it. A password in the address is used for this connection only: what is
        shown and remembered is the address without it."""
        if self.importer.running or self.actions_.library_sync.running:
            return  # the library stays open until the import (or push, or pull) ends
        if same_library(location, self.library.location):
            outcome = self.last_outcome
            if seed and outcome and outcome.result.library_total == 0 and self.seeds:
                self.import_paths([str(self.seeds)], quiet=True)
            return
        self._set_library_actions_enabled(False)
        name = shown(location)  # never the password
        self.statusBar().showMessage(f"Opening {name}…")

        def opened(result: tuple[Library, int]) -> None:
            lib, documents = result
            self._set_library_actions_enabled(True)
            self.set_library(lib, owned=True)
            self.statusBar().showMessage(f"Opened {name}", 5000)
            if seed and documents == 0 and self.seeds is not None:
                self.import_paths([str(self.seeds)], quiet=True)

        def failed(err: JobError) -> None:
            self._set_library_actions_enabled(True)
            self.statusBar().clearMessage()
            self.actions_.warn("Cannot open the library", err.message)

        def work(_lib: Library) -> tuple[Library, int]:
            lib = Library.open(location, tidy=True)
            return lib, lib.stats().documents

        self.ops.read(work, opened, failed)

    def _synced(self, report: object) -> None:
        """A push or pull ran: the next one starts from the same server."""
        server = self.actions_.library_sync.last_server
        if report is not None and server:
            self.settings.sync_server = server

    def set_library(self, library: Library, owned: bool = False) -> None:
        """Show another library (the sample one, or a folder the user picked), as it was
        when it was last shown: its own last search and splitter positions."""
        old = self.library
        self.page.set_reading(True)
        self.settings.last_search = self.request
        self.settings.save_splitters(self._splitters())
        self.settings.use_library(library.location)
        self.settings.restore_splitters(self._splitters())
        self.ops.set_library(library)
        self.actions_.set_recent_libraries(self.settings.add_recent_library(library.location))
        if owned:
            self._owned.append(library)
        self.searcher.set_library(library)
        self._shown_id = None
        self.last_outcome = None
        self.page.reader.clear()
        self.results_model.clear()
        self._update_title()
        self.entities_pending = 0
        self.set_request(self.settings.last_search)
        self.resume_entities()
        self.complete_phrase_pairs()
        if old in self._owned:
            self._owned.remove(old)
            self.ops.read(lambda _lib: old.close(), lambda _: None)

    def _update_title(self) -> None:
        """The folder's name, or "database on host" with the address (never a password)."""
        location = self.library.location
        if self.library.home.kind == "server":
            title = f"{short_name(location)} ({shown(location)}) — Sourcedesk"
        else:
            title = f"{short_name(location)} — Sourcedesk"
        self.setWindowTitle(title)

    # -- settings and shutdown -----------------------------------------------------------

    def _splitters(self) -> dict[str, QSplitter]:
        return {"main": self.page.splitter}

    def save_settings(self) -> None:
        """Geometry, splitters and the current search, for the next start."""
        self.page.set_reading(True)  # the reader's room as the user left it
        self.settings.save_window(self, self._splitters())
        self.settings.last_search = self.request
        self.settings.sync()

    def shutdown(self, wait_ms: int = 60_000) -> None:
        """Cancel an import, let the workers finish, close the libraries this window opened."""
        self._follow.stop()
        self.importer.cancel()
        self.importer.wait(wait_ms)
        self.ops.wait(wait_ms)
        for lib in self._owned:
            lib.close()
        self._owned.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window, then stop cleanly."""
        self._closed = True
        self.save_settings()
        self.actions_.close_report()
        self.shutdown()
        self.actions_.remove_copies()
        super().closeEvent(event)
