"""The result list's item model: every matching id up front, rows fetched page by page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
    Signal,
)

from desktop.querying import Hit, SearchRequest

from .plaintext import tip
from .table_model import AnyIndex, ColumnsModel

PAGE_SIZE = 50

#: ``fetch(ids, query, deliver)``: get the rows of these ids (snippets for ``query``) and
#: call ``deliver(hits)`` — later, from the GUI thread, or at once. An error delivers [].
PageFetcher = Callable[[list[int], str, Callable[[list[Hit]], None]], None]


class ResultsModel(ColumnsModel):
    """Columns title, source, date; rows appear as pages of hits arrive (canFetchMore/fetchMore).

    The model knows every matching id from the start (so ``row_of`` and the totals are
    exact), but only asks the library for the titles and snippets of rows the view
    scrolls to.
    """

    IdRole = Qt.ItemDataRole.UserRole + 1
    HitRole = Qt.ItemDataRole.UserRole + 2
    COLUMNS = ("Title", "Source", "Date")

    page_loaded = Signal(int)  # rows now loaded

    def __init__(
        self, fetch: PageFetcher, parent: QObject | None = None, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.page_size = page_size
        self.request = SearchRequest()
        self._ids: list[int] = []
        self._rows: dict[int, int] = {}  # id -> row, made when first asked
        self._hits: dict[int, Hit] = {}
        self._loaded = 0
        self._pending = False
        self._generation = 0

    # -- filling -------------------------------------------------------------------------

    def set_results(self, request: SearchRequest, ids: list[int], first_page: list[Hit]) -> None:
        """Show a new result set: all its ids and its first page of hits."""
        self.beginResetModel()
        self._generation += 1
        self.request = request
        self._ids = list(ids)
        self._rows = {}
        self._hits = {h.id: h for h in first_page}
        self._loaded = min(len(self._ids), len(first_page), self.page_size)
        self._pending = False
        self.endResetModel()

    def clear(self) -> None:
        """No results."""
        self.set_results(SearchRequest(), [], [])

    def _page_arrived(self, generation: int, offset: int, hits: list[Hit]) -> None:
        if generation != self._generation or offset != self._loaded:
            return  # a newer search replaced the rows this page was for
        self._pending = False
        self._hits.update((h.id, h) for h in hits)
        # always advance, even if the library changed under us: such rows show their id
        n = min(self.page_size, len(self._ids) - self._loaded)
        if n <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + n - 1)
        self._loaded += n
        self.endInsertRows()
        self.page_loaded.emit(self._loaded)

    # -- lazy fetching -------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """More ids than rows loaded, and no page already on its way."""
        return not parent.isValid() and not self._pending and self._loaded < len(self._ids)

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """Ask for the next page; rows are inserted when it arrives."""
        if not self.canFetchMore(parent):
            return
        self._pending = True
        generation, offset = self._generation, self._loaded
        self._fetch(
            self._ids[offset : offset + self.page_size],
            self.request.query,
            lambda hits: self._page_arrived(generation, offset, hits),
        )

    # -- reading -------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Every matching article, loaded or not."""
        return len(self._ids)

    @property
    def ids(self) -> list[int]:
        """Every matching id, in the request's sort order."""
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        """The document id of a loaded row."""
        return self._ids[row] if 0 <= row < self._loaded else None

    def hit_at(self, row: int) -> Hit | None:
        """The hit (title, snippet, ...) of a loaded row."""
        doc_id = self.id_at(row)
        return self._hits.get(doc_id) if doc_id is not None else None

    def contains(self, doc_id: int) -> bool:
        """Whether a document is among the results (loaded or not)."""
        return self._row(doc_id) is not None

    def _row(self, doc_id: int) -> int | None:
        if not self._rows and self._ids:
            self._rows = {i: row for row, i in enumerate(self._ids)}
        return self._rows.get(doc_id)

    def row_of(self, doc_id: int) -> int | None:
        """The row of a loaded document id."""
        row = self._row(doc_id)
        return row if row is not None and row < self._loaded else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows loaded so far."""
        return 0 if parent.isValid() else self._loaded

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text per column; ``IdRole`` and ``HitRole`` for views and the window."""
        if not index.isValid() or not 0 <= index.row() < self._loaded:
            return None
        doc_id = self._ids[index.row()]
        hit = self._hits.get(doc_id)
        if role == self.IdRole:
            return doc_id
        if role == self.HitRole:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if hit is None:
                return f"Article {doc_id}" if index.column() == 0 else ""
            if index.column() == 0:
                return (
                    hit.title
                    if role == Qt.ItemDataRole.DisplayRole
                    else tip(f"{hit.title}\n{hit.filename}")
                )
            if index.column() == 1:
                return hit.source or "unknown source"
            return hit.published.isoformat() if hit.published else "undated"
        return None
