"""The saved searches beside the facets: each with its articles and how many arrived since it
was last opened. Click one to run it; its context menu removes it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.saved_searches import SavedInfo

from .plaintext import menu_text, tip
from .state import describe
from .table_model import RowsModel

MAX_HEIGHT_ROWS = 6


class SavedModel(RowsModel[SavedInfo]):
    """Saved searches: name and counts ("12 · 3 new")."""

    COLUMNS = ("Saved search", "Articles")
    InfoRole = Qt.ItemDataRole.UserRole + 1

    def cell(self, s: SavedInfo, column: int, role: int) -> Any:
        """Name; articles and the new ones; bold while some are new."""
        if role == self.InfoRole:
            return s
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return s.name
            return f"{s.total:,} · {s.new:,} new" if s.new else f"{s.total:,}"
        if role == Qt.ItemDataRole.FontRole and s.new:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            seen = (
                f"last opened {s.opened_at:%Y-%m-%d %H:%M} UTC" if s.opened_at else "never opened"
            )
            return tip(f"{s.name}: {describe(s.request)}\n{s.new:,} new since it was {seen}")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SavedSearchesView(QWidget):
    """Heading with a save button, and the list."""

    open_requested = Signal(str)
    remove_requested = Signal(str)
    save_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SavedModel(self)
        heading = QLabel("Saved Searches")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.save = QToolButton()
        self.save.setText("+")
        self.save.setToolTip("Save the current search to watch it (Search → Save Search…)")
        self.save.setAccessibleName("Save the current search")
        self.save.clicked.connect(self.save_clicked)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Saved searches")
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self._clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(heading, 1)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.set_rows([])

    def set_rows(self, rows: list[SavedInfo]) -> None:
        """Show the saved searches and their counts."""
        self.model.set_rows(rows)
        self.view.setVisible(bool(rows))
        if rows:
            height = self.view.sizeHintForRow(0) * min(len(rows), MAX_HEIGHT_ROWS)
            self.view.setFixedHeight(height + 2 * self.view.frameWidth() + 2)

    def row_of(self, name: str) -> int | None:
        """The row of a saved search."""
        return next((i for i, s in enumerate(self.model.rows) if s.name == name), None)

    def _clicked(self, index: QModelIndex) -> None:
        info = index.data(SavedModel.InfoRole)
        if info is not None:
            self.open_requested.emit(info.name)

    def _menu(self, pos: QPoint) -> None:
        info = self.view.indexAt(pos).data(SavedModel.InfoRole)
        if info is None:
            return
        menu = QMenu(self)
        menu.addAction(f"Run {menu_text(info.name)}").triggered.connect(
            lambda: self.open_requested.emit(info.name)
        )
        menu.addAction("Remove").triggered.connect(lambda: self.remove_requested.emit(info.name))
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()
