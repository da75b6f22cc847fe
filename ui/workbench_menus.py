"""The workbench's menus: Article (the selection, or every result of the search) and Tools
(Quotes, Name List), and Search → Save Search… / Collapse Versions.

Only actions: each emits what the user asked for; the workbench controller carries it out.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.citations import FORMATS

EXPORT_LABELS = {
    "markdown": "Markdown…",
    "csv": "CSV…",
    "csl-json": "CSL-JSON (Zotero, Pandoc)…",
    "ris": "RIS (Zotero, EndNote)…",
}
assert set(EXPORT_LABELS) == set(FORMATS)


class WorkbenchMenus(QObject):
    """Menu entries of the workbench in one main window."""

    star = Signal()
    tag = Signal(str)  # "selection" | "results"
    collect = Signal(str)
    star_results = Signal()
    note = Signal()
    quote = Signal()
    cite = Signal()
    export = Signal(str, str)  # "selection" | "results", format
    versions = Signal()
    quotes = Signal()
    names = Signal()
    save_search = Signal()
    collapse = Signal(bool)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text() == "&Help"), None)
        article = QMenu("&Article", window)
        tools = QMenu("&Tools", window)
        for menu in (article, tools):
            if help_menu is not None:
                bar.insertMenu(help_menu, menu)
            else:
                bar.addMenu(menu)
        self.star_action = self._add(article, "&Star or Unstar", self.star.emit, "Ctrl+D")
        self._add(article, "&Tag…", lambda: self.tag.emit("selection"), "Ctrl+T")
        self._add(article, "Add to &Collection…", lambda: self.collect.emit("selection"),
                  "Ctrl+Shift+K")  # fmt: skip
        self._add(article, "&Note", self.note.emit, "Ctrl+Shift+N")
        article.addSeparator()
        self._add(article, "Save &Quote (the selected passage)", self.quote.emit, "Ctrl+Shift+Q")
        self._add(article, "Copy C&itation", self.cite.emit, "Ctrl+Shift+C")
        self._add(article, "&Versions Side by Side", self.versions.emit)
        article.addSeparator()
        every = article.addMenu("Every &Result of This Search")
        self._add(every, "&Star All", self.star_results.emit)
        self._add(every, "&Tag All…", lambda: self.tag.emit("results"))
        self._add(every, "Add All to a &Collection…", lambda: self.collect.emit("results"))
        for scope, title in (("selection", "&Export Selected"), ("results", "E&xport All Results")):
            sub = article.addMenu(title)
            for fmt, label in EXPORT_LABELS.items():
                self._add(sub, label, self._exporter(scope, fmt))
        self._add(tools, "&Quotes…", self.quotes.emit, "Ctrl+Shift+U")
        self._add(tools, "&Name List…", self.names.emit)
        self.collapse_action = QAction("Collapse &Versions", window)
        self.collapse_action.setCheckable(True)
        self.collapse_action.setToolTip("One result per group of versions (syndicated copies)")
        self.collapse_action.toggled.connect(self.collapse.emit)
        found = next((a for a in bar.actions() if a.text() == "&Search"), None)
        search = found.menu() if found is not None else None
        if isinstance(search, QMenu):
            search.addSeparator()
            self._add(search, "Sa&ve Search…", self.save_search.emit, "Ctrl+S")
            search.addAction(self.collapse_action)

    def _exporter(self, scope: str, fmt: str) -> Callable[[], None]:
        return lambda: self.export.emit(scope, fmt)

    def _add(
        self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action
