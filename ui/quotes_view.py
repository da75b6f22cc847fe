"""The Quotes view: saved passages with their sources, per collection, searchable.

Copy a quote's citation, open its article, remove it, export what is listed (Markdown, CSV,
CSL-JSON, RIS). The dialog reads and writes through the library's lanes and says what it
wants of the window with signals (open an article).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.citations import citation, export
from desktop.cite_items import quote_item
from desktop.library import Library
from desktop.quotes import UNFILED, QuoteInfo

from .jobs import JobError
from .operations import LibraryOps
from .plaintext import plain, tip
from .table_model import RowsModel

ALL = "All quotes"
NONE = "In no collection"
EXPORTS = {
    "markdown": ("Markdown", "md"),
    "csv": ("CSV", "csv"),
    "csl-json": ("CSL-JSON (Zotero, Pandoc)", "json"),
    "ris": ("RIS (Zotero, EndNote)", "ris"),
}


class QuotesModel(RowsModel[QuoteInfo]):
    """Quotes, newest first."""

    COLUMNS = ("Passage", "Source", "Date", "Collection")
    QuoteRole = Qt.ItemDataRole.UserRole + 1

    def cell(self, q: QuoteInfo, column: int, role: int) -> Any:
        """The passage on one line, the outlet and title, the date, the collection."""
        if role == self.QuoteRole:
            return q
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return "“" + " ".join(q.passage.split()) + "”"
            if column == 1:
                return f"{q.outlet or 'unknown outlet'} — {q.title}"
            if column == 2:
                return q.published.isoformat() if q.published else "undated"
            return q.collection or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            comment = f"\n\nYour comment: {q.comment}" if q.comment else ""
            return tip(f"“{q.passage}”\n\n{q.title}\n{q.outlet or ''}{comment}")
        return None


class QuotesDialog(QDialog):
    """Saved quotes, per collection, searchable; copy, open, remove, export."""

    open_document = Signal(int)
    message = Signal(str)

    def __init__(self, ops: LibraryOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle("Quotes")
        self.collection = QComboBox()
        self.collection.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.collection.setAccessibleName("Collection")
        self.collection.currentIndexChanged.connect(lambda _: self.reload())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the quotes…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _: self.reload())
        self.model = QuotesModel(self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Quotes")
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 420)
        header.resizeSection(1, 260)
        self.view.doubleClicked.connect(lambda _: self.open_current())
        self.count = plain(QLabel())
        self.copy = QPushButton("Copy Citation")
        self.copy.clicked.connect(self.copy_citation)
        self.open_button = QPushButton("Open Article")
        self.open_button.clicked.connect(self.open_current)
        self.remove = QPushButton("Remove")
        self.remove.clicked.connect(self.remove_selected)
        self.export_button = QPushButton("Export…")
        menu = QMenu(self.export_button)
        for fmt, (label, _) in EXPORTS.items():
            menu.addAction(label).triggered.connect(lambda _=False, f=fmt: self.export_to_file(f))
        self.export_button.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(self.collection)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        for button in (self.copy, self.open_button, self.remove, self.export_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.resize(980, 520)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # -- content -------------------------------------------------------------------------

    def set_collections(self, names: list[str], current: str | None = None) -> None:
        """The collections to choose from (keeps the choice if it is still there)."""
        keep = current if current is not None else self.collection.currentText()
        self.collection.blockSignals(True)
        self.collection.clear()
        self.collection.addItems([ALL, NONE, *names])
        at = self.collection.findText(keep, Qt.MatchFlag.MatchFixedString)
        self.collection.setCurrentIndex(max(0, at))
        self.collection.blockSignals(False)
        self.reload()

    def chosen_collection(self) -> str | None:
        """None for all quotes, ``UNFILED`` for those in no collection, else a name."""
        text = self.collection.currentText()
        if text in ("", ALL):
            return None
        return UNFILED if text == NONE and self.collection.currentIndex() == 1 else text

    def reload(self) -> None:
        """Read the quotes again (after a change, or a new choice or search)."""
        where, words = self.chosen_collection(), self.search.text()

        def shown(rows: list[QuoteInfo]) -> None:
            if (where, words) == (self.chosen_collection(), self.search.text()):
                self.model.set_rows(rows)
                self.count.setText(f"{len(rows):,} quote{'s' if len(rows) != 1 else ''}")
                self._update_buttons()

        self.ops.read(lambda lib: lib.workbench.quotes.list(where, words), shown)

    def selected(self) -> list[QuoteInfo]:
        """The selected quotes (the current one if none)."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.copy.setEnabled(bool(chosen))
        self.open_button.setEnabled(len(chosen) == 1 and chosen[0].document_id is not None)
        self.remove.setEnabled(bool(chosen))
        self.export_button.setEnabled(bool(self.model.rows))

    # -- actions -------------------------------------------------------------------------

    def copy_citation(self) -> None:
        """The selected quotes' citations, one a paragraph, on the clipboard."""
        chosen = self.selected()
        if chosen:
            text = "\n\n".join(citation(quote_item(q)) for q in chosen)
            QGuiApplication.clipboard().setText(text)
            self.message.emit(f"Copied {len(chosen)} citation{'s' if len(chosen) > 1 else ''}")

    def open_current(self) -> None:
        """Show the quote's article in the reader."""
        chosen = self.selected()
        if chosen and chosen[0].document_id is not None:
            self.open_document.emit(chosen[0].document_id)

    def remove_selected(self) -> None:
        """Forget the selected quotes (Edit → Undo brings each back)."""
        ids = [q.id for q in self.selected()]
        if ids:
            self.ops.write(lambda lib: lib.workbench.quotes.remove(ids))

    def export_text(self, fmt: str) -> str:
        """What is listed, in a format of ``EXPORTS``."""
        where = self.collection.currentText()
        heading = "Quotes" if where in ("", ALL) else f"Quotes: {where}"
        return export([quote_item(q) for q in self.model.rows], fmt, heading, quotes=True)

    def export_to_file(self, fmt: str, path: str | None = None) -> None:
        """Ask where, then write the listed quotes there."""
        label, suffix = EXPORTS[fmt]
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export quotes", f"quotes.{suffix}", f"{label} (*.{suffix})"
            )
        if path:
            text = self.export_text(fmt)

            def write(_lib: Library) -> int:
                with open(path, "w", encoding="utf-8", newline="") as fh:
                    return fh.write(text)

            n = len(self.model.rows)

            def done(_written: int) -> None:
                self.message.emit(f"Exported {n:,} quotes to {path}")

            def failed(err: JobError) -> None:
                self.message.emit(f"Cannot write {path}: {err.message}")

            self.ops.read(write, done, failed)
