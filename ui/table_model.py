"""What the window's table models share: named columns and their headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class ColumnsModel(QAbstractTableModel):
    """A flat table model whose columns are named by ``COLUMNS``."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """One per name in ``COLUMNS``."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column names."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None


class RowsModel(ColumnsModel, Generic[Row]):
    """A table of ``rows``; subclasses say what one row shows in :meth:`cell`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show these rows instead."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """One per row."""
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What :meth:`cell` says for the row under ``index``."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.cell(self.rows[index.row()], index.column(), role)

    def cell(self, row: Row, column: int, role: int) -> Any:
        """The value of one cell for one role (``None`` for roles it does not fill)."""
        raise NotImplementedError
