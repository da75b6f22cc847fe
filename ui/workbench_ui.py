"""The workbench in the window: stars, tags, notes, collections, quotes, citations, exports,
saved searches, versions, other coverage, name lists and entity stories.

The controller owns its menus, the panel under the reader, the saved-search list and its
dialogs; it reads and writes through the library's two lanes (every write's change reaches
the window through ``ops.changed`` like any other) and asks the window for what is the
window's on signals: a search to show, an article to open, a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow

from desktop.changes import Change
from desktop.citations import citation
from desktop.cite_items import article_items
from desktop.curation_mentions import SpellingInfo
from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.story import Story
from desktop.versions_diff import VersionDiff
from desktop.views import DocumentView, MentionView

from . import state
from .article_panel import ArticleExtras, ArticlePanelView
from .jobs import JobError
from .library_page import LibraryPageView
from .namelist_view import NameListDialog
from .operations import LibraryOps
from .quotes_view import EXPORTS, QuotesDialog
from .saved_list import SavedSearchesView
from .story_view import StoryDialog
from .version_diff import VersionDiffDialog
from .workbench_dialogs import NameDialog, SaveSearchDialog
from .workbench_menus import WorkbenchMenus


def _articles(n: int) -> str:
    return f"{n:,} article{'s' if n != 1 else ''}"


class WorkbenchUi(QObject):
    """Carries out the workbench's menus, panel, list and dialogs for one main window."""

    request_wanted = Signal(SearchRequest)
    document_wanted = Signal(int)
    message = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        ops: LibraryOps,
        page: LibraryPageView,
        request: Callable[[], SearchRequest],
        result_ids: Callable[[], list[int]],
    ) -> None:
        super().__init__(window)
        self.window, self.ops, self.page = window, ops, page
        self.request, self.result_ids = request, result_ids
        self.panel: ArticlePanelView = page.article_panel
        self.saved: SavedSearchesView = page.saved
        self.menus = WorkbenchMenus(window)
        self.dialog: QObject | None = None  # the small dialog open now (tests answer it)
        self.quotes_dialog: QuotesDialog | None = None
        self.names_dialog: NameListDialog | None = None
        self.story_dialog: StoryDialog | None = None
        self.diff_dialog: VersionDiffDialog | None = None
        self._connect()
        self.refresh_saved()

    def _connect(self) -> None:
        m, p = self.menus, self.panel
        m.star.connect(self.toggle_star)
        m.star_results.connect(lambda: self.write(lambda lib, ids: lib.workbench.star(ids),
                                                  self.result_ids()))  # fmt: skip
        m.tag.connect(lambda scope: self.ask_name("tag", scope))
        m.collect.connect(lambda scope: self.ask_name("collection", scope))
        m.note.connect(self.focus_note)
        m.quote.connect(lambda: self.save_quote(False))
        m.cite.connect(self.copy_citation)
        m.export.connect(self.export)
        m.versions.connect(self.compare_versions)
        m.quotes.connect(self.show_quotes)
        m.names.connect(self.show_names)
        m.save_search.connect(self.ask_saved_name)
        m.collapse.connect(
            lambda on: self.request_wanted.emit(replace(self.request(), collapse=on))
        )
        p.star_clicked.connect(self.toggle_star)
        p.tag_clicked.connect(lambda: self.ask_name("tag", "selection"))
        p.collect_clicked.connect(lambda: self.ask_name("collection", "selection"))
        p.quote_clicked.connect(lambda: self.save_quote(False))
        p.citation_clicked.connect(self.copy_citation)
        p.note_saved.connect(self.save_note)
        p.diff_requested.connect(self.show_diff)
        p.open_requested.connect(self.document_wanted)
        self.saved.open_requested.connect(self.open_saved)
        self.saved.remove_requested.connect(
            lambda name: self.ops.write(lambda lib: lib.workbench.saved.remove(name))
        )
        self.saved.save_clicked.connect(self.ask_saved_name)
        reader = self.page.reader
        reader.document_changed.connect(self.document_shown)
        reader.browser.selection_action.connect(
            lambda op: self.copy_citation() if op == "cite" else self.save_quote(op == "quote-in")
        )
        reader.curation_requested.connect(self._entity_op)
        for panel in self.page.facets.values():
            panel.curation_requested.connect(self._facet_op)

    # -- what the actions apply to -------------------------------------------------------

    def current_id(self) -> int | None:
        """The article in the reader."""
        doc = self.page.reader.document
        return doc.id if doc is not None else None

    def targets(self, scope: str) -> list[int]:
        """The selected results (the article in the reader if none), or every result."""
        if scope == "results":
            return self.result_ids()
        chosen = self.page.results.selected_ids()
        current = self.current_id()
        return chosen or ([current] if current is not None else [])

    def write(self, fn: Callable[[Library, list[int]], Change], ids: list[int]) -> None:
        """A write on the given articles (nothing chosen: say so)."""
        if not ids:
            self.message.emit("Choose articles first (select results, or open one)")
            return
        self.ops.write(lambda lib: fn(lib, ids), None, self._failed)

    def _failed(self, err: JobError) -> None:
        self.message.emit(err.message)

    # -- marks ---------------------------------------------------------------------------

    def toggle_star(self) -> None:
        """Star the chosen articles, or unstar them when the one in the reader is starred."""
        ids = self.targets("selection")
        shown = self.panel.extras
        starred = shown.doc_id in ids and shown.marks.starred
        self.write(lambda lib, chosen: lib.workbench.star(chosen, not starred), ids)

    def ask_name(self, what: str, scope: str) -> None:
        """Ask for a tag or collection, then put it on (or take it off) the articles."""
        ids = self.targets(scope)
        if not ids:
            self.message.emit("Choose articles first (select results, or open one)")
            return
        label = (
            f"every result of this search ({_articles(len(ids))})"
            if scope == "results"
            else ("this article" if len(ids) == 1 else f"{len(ids):,} selected articles")
        )

        def ask(names: list[tuple[str, int]]) -> None:
            title = "Tag" if what == "tag" else "Collection"
            dialog = NameDialog(title, f"A {what}", label, [n for n, _ in names], self.window,
                                add_text="Add" if what == "tag" else "Put In")  # fmt: skip
            if what == "tag":
                dialog.chosen.connect(lambda name, add: self.write(
                    lambda lib, chosen: lib.workbench.tag(chosen, name, add), ids))  # fmt: skip
            else:
                dialog.chosen.connect(lambda name, add: self.write(
                    lambda lib, chosen: lib.workbench.collect(chosen, name, add), ids))  # fmt: skip
            dialog.finished.connect(dialog.deleteLater)
            self.dialog = dialog
            dialog.open()

        reader = (lambda lib: lib.workbench.tags()) if what == "tag" else (
            lambda lib: lib.workbench.collections())  # fmt: skip
        self.ops.read(reader, ask, self._failed)

    def focus_note(self) -> None:
        """Article → Note: the note box under the reader."""
        self.panel.tabs.setCurrentIndex(0)
        self.panel.note.setFocus()

    def save_note(self, text: str) -> None:
        """The panel's note, kept."""
        doc_id = self.current_id()
        if doc_id is not None:
            self.ops.write(lambda lib: lib.workbench.set_note(doc_id, text), None, self._failed)

    # -- quotes and citations ------------------------------------------------------------

    def save_quote(self, ask_collection: bool) -> None:
        """Keep the passage selected in the reader with its source."""
        doc_id, span = self.current_id(), self.page.reader.selected_span()
        if doc_id is None or span is None:
            self.message.emit("Select a passage in the article first")
            return
        start, end = span
        if not ask_collection:
            self.ops.write(lambda lib: lib.workbench.quotes.save(doc_id, start, end), None,
                           self._failed)  # fmt: skip
            return

        def ask(names: list[tuple[str, int]]) -> None:
            dialog = NameDialog("Save Quote", "A collection", "this quote",
                                [n for n, _ in names], self.window, removable=False,
                                add_text="Save")  # fmt: skip
            dialog.chosen.connect(lambda name, _add: self.ops.write(
                lambda lib: lib.workbench.quotes.save(doc_id, start, end, name), None,
                self._failed))  # fmt: skip
            dialog.finished.connect(dialog.deleteLater)
            self.dialog = dialog
            dialog.open()

        self.ops.read(lambda lib: lib.workbench.collections(), ask, self._failed)

    def citation_text(self, lib: Library, doc_id: int, span: tuple[int, int] | None) -> str:
        """The article's citation, with the selected passage first when there is one."""
        (item,) = list(article_items(lib, [doc_id]))
        if span is not None:
            doc = lib.searcher.document(doc_id)
            item = replace(item, passage=" ".join(doc.text[span[0] : span[1]].split()),
                           span=span)  # fmt: skip
        return citation(item)

    def copy_citation(self) -> None:
        """The citation of the article in the reader on the clipboard."""
        doc_id, span = self.current_id(), self.page.reader.selected_span()
        if doc_id is None:
            self.message.emit("Open an article first")
            return

        def copied(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            self.message.emit(f"Copied: {text[:120]}")

        self.ops.read(lambda lib: self.citation_text(lib, doc_id, span), copied, self._failed)

    def export(self, scope: str, fmt: str, path: str | None = None) -> None:
        """The chosen articles (or every result) in a file: Markdown, CSV, CSL-JSON or RIS."""
        ids = self.targets(scope)
        if not ids:
            self.message.emit("Nothing to export")
            return
        label, suffix = EXPORTS[fmt]
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.window, "Export articles", f"articles.{suffix}", f"{label} (*.{suffix})"
            )
        if not path:
            return
        target = path
        heading = self.request().query or "Sourcedesk articles"

        def work(lib: Library) -> int:
            from desktop.citations import export

            text = export(article_items(lib, ids), fmt, heading)
            Path(target).write_text(text, encoding="utf-8", newline="")
            return len(ids)

        self.ops.read(work, lambda n: self.message.emit(f"Exported {_articles(n)} to {target}"),
                      self._failed)  # fmt: skip

    # -- the panel under the reader -------------------------------------------------------

    def document_shown(self, doc: DocumentView | None) -> None:
        """The reader shows another article (or none): read its marks, versions, coverage."""
        if doc is None:
            self.panel.show_extras(ArticleExtras(0))
            return
        self.load_extras(doc.id)

    def load_extras(self, doc_id: int) -> None:
        """Read (in the background) and show what the panel shows of an article."""

        def read(lib: Library) -> ArticleExtras:
            wb = lib.workbench
            return ArticleExtras(doc_id, wb.marks_of(doc_id), wb.versions.of(doc_id),
                                 wb.related(doc_id))  # fmt: skip

        def shown(extras: ArticleExtras) -> None:
            if extras.doc_id == self.current_id():
                self.panel.show_extras(extras)

        self.ops.read(read, shown, self._failed)

    def library_changed(self, change: Change) -> None:
        """After any write: the panel and the saved searches' counts follow."""
        doc_id = self.current_id()
        if doc_id is not None:
            self.load_extras(doc_id)
        self.refresh_saved()
        if change.marks and self.quotes_dialog is not None and self.quotes_dialog.isVisible():
            self.ops.read(lambda lib: [n for n, _ in lib.workbench.collections()],
                          self.quotes_dialog.set_collections)  # fmt: skip

    # -- versions --------------------------------------------------------------------------

    def compare_versions(self) -> None:
        """Article → Versions Side by Side: this one and the earliest other version."""
        versions = self.panel.extras.versions
        doc_id = self.current_id()
        others = [v.id for v in versions if v.id != doc_id]
        if doc_id is None or not others:
            self.message.emit("This article has no other version in the library")
            return
        self.show_diff(doc_id, others[0])

    def show_diff(self, a: int, b: int) -> None:
        """Two versions side by side."""

        def read(lib: Library) -> tuple[DocumentView, DocumentView, VersionDiff]:
            docs = lib.searcher.document(a), lib.searcher.document(b)
            return (*docs, lib.workbench.versions.diff(a, b))

        def shown(found: tuple[DocumentView, DocumentView, VersionDiff]) -> None:
            if self.diff_dialog is None:
                self.diff_dialog = VersionDiffDialog(self.window)
            self.diff_dialog.show_diff(*found)
            self.diff_dialog.show()
            self.diff_dialog.raise_()

        self.ops.read(read, shown, self._failed)

    # -- saved searches --------------------------------------------------------------------

    def refresh_saved(self) -> None:
        """The saved searches with their counts (after every import and change)."""
        library = self.ops.library
        self.ops.read(
            lambda lib: lib.workbench.saved.list(),
            lambda rows: self.saved.set_rows(rows) if library is self.ops.library else None,
        )

    def ask_saved_name(self) -> None:
        """Search → Save Search…"""
        request = replace(self.request(), offset=0)
        dialog = SaveSearchDialog(state.describe(request), self.window)
        dialog.chosen.connect(lambda name: self.ops.write(
            lambda lib: lib.workbench.saved.add(name, request), None, self._failed))  # fmt: skip
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def open_saved(self, name: str) -> None:
        """Run a saved search: it becomes the window's search, its new articles seen."""

        def opened(request: SearchRequest) -> None:
            self.request_wanted.emit(request)
            self.ops.write(lambda lib: lib.workbench.saved.mark_opened(name), None, self._failed)

        self.ops.read(lambda lib: lib.workbench.saved.request(name), opened, self._failed)

    # -- quotes, names, stories --------------------------------------------------------------

    def show_quotes(self) -> QuotesDialog:
        """Tools → Quotes…"""
        if self.quotes_dialog is None:
            self.quotes_dialog = QuotesDialog(self.ops, self.window)
            self.quotes_dialog.open_document.connect(self.document_wanted)
            self.quotes_dialog.message.connect(self.message)
        dialog = self.quotes_dialog
        self.ops.read(lambda lib: [n for n, _ in lib.workbench.collections()],
                      dialog.set_collections)  # fmt: skip
        dialog.show()
        dialog.raise_()
        return dialog

    def show_names(self) -> NameListDialog:
        """Tools → Name List…"""
        if self.names_dialog is None:
            self.names_dialog = NameListDialog(self.ops, self.window)
            self.names_dialog.search_wanted.connect(
                lambda query: self.request_wanted.emit(SearchRequest(query=query))
            )
            self.names_dialog.message.connect(self.message)
        self.names_dialog.show()
        self.names_dialog.raise_()
        return self.names_dialog

    def _entity_op(self, op: str, mention: MentionView) -> None:
        if op == "story":
            self.show_story(f"#{mention.entity_id}")

    def _facet_op(self, op: str, facet: str, value: str) -> None:
        if op == "story":
            kind = "place" if facet == "place" else "actor"
            self.show_story(value, kind)

    def show_story(self, ref: str, kind: str | None = None) -> None:
        """An entity's story (from its menu in the reader or a facet)."""

        def read(lib: Library) -> tuple[Story, list[SpellingInfo]]:
            from desktop.facets import split_kind

            name, kinds = split_kind(ref, ("place", "person", "organization"))
            found = lib.workbench.story(name, kinds[0] if len(kinds) == 1 else kind)
            return found, lib.entity_spellings(f"#{found.entity_id}")

        def shown(found: tuple[Story, list[SpellingInfo]]) -> None:
            if self.story_dialog is None:
                self.story_dialog = StoryDialog(self.ops, self.window)
                self.story_dialog.filter_wanted.connect(self._story_filter)
                self.story_dialog.companion_wanted.connect(self._add_filter)
            self.story_dialog.show_story(*found)
            self.story_dialog.show()
            self.story_dialog.raise_()

        self.ops.read(read, shown, self._failed)

    def _story_filter(self, facet: str, value: str, span: object) -> None:
        request = state.cleared(self.request()).with_selected(facet, (value,))
        request = replace(request, query="")
        if isinstance(span, tuple):
            request = state.with_dates(request, *span)
        self.request_wanted.emit(request)

    def _add_filter(self, facet: str, value: str) -> None:
        request = self.request()
        if value not in request.selected(facet):
            self.request_wanted.emit(state.toggled(request, facet, value))
