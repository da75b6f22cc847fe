"""What the window's table models share: named columns and their headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)

AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


def fill_roles(
    model: QAbstractItemModel, index: AnyIndex, asked: QModelRoleDataSpan | QModelRoleData
) -> None:
    """``multiData`` for a model written in Python: every role a view paints a cell with, in
    one call from Qt instead of one ``data()`` call per role (~9 a cell). Each call into
    Python from the GUI thread waits for the interpreter while a search or read thread
    holds it: a facet panel of 17 rows on screen was painted with 306 calls, 102 with this
    (the view still asks two roles on their own)."""
    if isinstance(asked, QModelRoleData):
        roles = [asked]
    else:  # the stubs lack the span's __getitem__
        roles = [asked[k] for k in range(asked.length())]  # type: ignore[index]
    for wanted in roles:
        wanted.setData(model.data(index, wanted.role()))


class ColumnsModel(QAbstractTableModel):
    """A flat table model whose columns are named by ``COLUMNS``."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """A cell's roles in one call (:func:`fill_roles`)."""
        fill_roles(self, index, roleDataSpan)

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
