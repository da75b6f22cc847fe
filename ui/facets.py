"""Value facets (place, actor, source): a model per facet, a filter box, multi-select."""

from __future__ import annotations

import itertools
import operator
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.facets import FACET_BY_NAME

from .plaintext import menu_text
from .plaintext import tip as plain_tip
from .table_model import ColumnsModel

AnyIndex = QModelIndex | QPersistentModelIndex
TOOLTIP = Qt.ItemDataRole.ToolTipRole
#: show the filter box once a facet has more values than this
FILTER_THRESHOLD = 8
#: The facets a reporter reads most: they keep at least ROOMY_ROWS rows on a small screen
#: (the facet column scrolls instead; ui/library_page.py).
ROOMY_FACETS = frozenset({"place", "actor"})
ROOMY_ROWS = 10


class FacetModel(ColumnsModel):
    """One facet's values with their counts; selected values are checked and listed first.

    Column 0 is the value (with a check mark), column 1 the number of articles. A whole
    library has tens of thousands of places and actors: the model keeps them all but shows
    the selected ones and at most ``MAX_ROWS`` others, the most frequent first, among those
    that contain the filter text (filtered here, in one pass over plain strings, so a view
    never asks Python for data of rows nobody can see).
    """

    ValueRole = Qt.ItemDataRole.UserRole + 1
    CountRole = Qt.ItemDataRole.UserRole + 2
    MAX_ROWS = 200
    COLUMNS = ("Value", "Articles")  # the header is hidden in the panel

    def __init__(self, facet: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.facet = facet
        self._all: list[tuple[str, int]] = []
        self._rows: list[tuple[str, int]] = []
        self._selected: frozenset[str] = frozenset()
        self._filter = ""
        self._also: dict[str, str] = {}  # value -> the spelling typed that names it
        self.matching = 0  # values that pass the filter (shown or not)
        self._cells: dict[tuple[int, int], dict[int, Any]] = {}  # (row, column) -> roles
        self._dim: QColor | None = None

    def set_values(self, values: list[tuple[str, int]], selected: tuple[str, ...] = ()) -> None:
        """New counts; a selected value missing from them is still listed (with 0)."""
        if selected:
            counts = dict(values)
            chosen = [(v, counts.get(v, 0)) for v in selected]
            self._all = chosen + [(v, n) for v, n in values if v not in selected]
        else:  # the common case, and tens of thousands of values at 100k: no copies
            self._all = values
        self._selected = frozenset(selected)
        self._publish()

    def set_filter(self, text: str) -> None:
        """Show only values containing ``text`` (case-insensitive); selected ones stay."""
        text = text.strip().casefold()
        if text != self._filter:
            self._filter = text
            self._also = {}
            self._publish()

    def set_spellings(self, typed: str, names: tuple[str, ...]) -> None:
        """Values the library knows ``typed`` as (Kiev -> Kyiv) pass the filter too."""
        if typed.strip().casefold() == self._filter:
            self._also = {name: typed.strip() for name in names}
            self._publish()

    def _publish(self) -> None:
        chosen = [row for row in self._all[: len(self._selected)] if row[0] in self._selected]
        if self._filter:
            needle, also = self._filter, self._also
            rest = [
                row
                for row in itertools.islice(self._all, len(chosen), None)
                if needle in row[0].casefold() or row[0] in also
            ]
            self.matching = len(chosen) + len(rest)
            shown = rest[: self.MAX_ROWS]
        else:
            self.matching = len(self._all)
            shown = self._all[len(chosen) : len(chosen) + self.MAX_ROWS]
        self.beginResetModel()
        self._rows = chosen + shown
        self._cells.clear()
        self.endResetModel()

    @property
    def values(self) -> list[tuple[str, int]]:
        """Every value with its count (shown or not), selected first."""
        return list(self._all)

    def size(self) -> int:
        """How many values (shown or not), without copying them."""
        return len(self._all)

    @property
    def selected(self) -> frozenset[str]:
        """The values selected in this facet."""
        return self._selected

    @property
    def hidden(self) -> int:
        """Values that pass the filter but are not shown (beyond ``MAX_ROWS``)."""
        return self.matching - len(self._rows)

    def count_of(self, value: str) -> int | None:
        """The count of a value (None if it is not among the values)."""
        return next((n for v, n in self._all if v == value), None)

    def row_of(self, value: str) -> int | None:
        """The row of a shown value."""
        return next((i for i, (v, _) in enumerate(self._rows) if v == value), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per value."""
        return 0 if parent.isValid() else len(self._rows)

    # No ``flags`` here: the table model's own (enabled, selectable, never has children;
    # checking goes through a click on the row, not the indicator) is answered in C++,
    # without a call into Python for every cell Qt lays out or paints. A cell's roles come
    # in one call (ColumnsModel.multiData).

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """A cell's roles as the view paints it, from the cell's roles worked out once per
        answer (:meth:`_cell`), not one ``data()`` call per role: three panels of ~18 rows
        took 15-22 ms to paint, about half of it in those calls (and each count cell built
        a palette and a colour, which wait for the interpreter beside a busy thread)."""
        cell = self._cell_at(index)
        if cell is None:
            return
        if isinstance(roleDataSpan, QModelRoleData):
            asked = [roleDataSpan]
        else:  # the stubs lack the span's __getitem__
            asked = [roleDataSpan[k] for k in range(roleDataSpan.length())]  # type: ignore[index]
        for wanted in asked:
            role = wanted.role()
            # a tooltip is worked out when it is shown (data() answers it), not per paint
            wanted.setData(self.data(index, role) if role == TOOLTIP else cell.get(role))

    def _cell_at(self, index: AnyIndex) -> dict[int, Any] | None:
        """The roles of the cell under ``index`` (kept until the rows change), or None."""
        row, col = index.row(), index.column()
        cell = self._cells.get((row, col))
        if cell is None and 0 <= row < len(self._rows) and 0 <= col < 2:
            cell = self._cells[(row, col)] = self._cell(*self._rows[row], col)
        return cell

    def _cell(self, value: str, count: int, col: int) -> dict[int, Any]:
        """What the view paints a cell with, by role."""
        if col == 0:
            checked = Qt.CheckState.Checked if value in self._selected else Qt.CheckState.Unchecked
            return {
                Qt.ItemDataRole.DisplayRole: value,
                Qt.ItemDataRole.CheckStateRole: checked,
                self.ValueRole: value,
                self.CountRole: count,
            }
        return {
            Qt.ItemDataRole.DisplayRole: f"{count:,}",
            Qt.ItemDataRole.TextAlignmentRole: int(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            ),
            Qt.ItemDataRole.ForegroundRole: self._count_colour(),
            self.ValueRole: value,
            self.CountRole: count,
        }

    def _count_colour(self) -> QColor:
        """The counts' text colour: the palette's, a little faded."""
        if self._dim is None:
            self._dim = QColor(QPalette().color(QPalette.ColorRole.Text))
            self._dim.setAlphaF(0.65)
        return self._dim

    def palette_changed(self) -> None:
        """The application's palette changed (light/dark): counts are painted in the new one."""
        self._dim = None
        self._cells.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Value text, count, check state, and roles for the panel (:meth:`_cell`), and a
        value's tooltip."""
        cell = self._cell_at(index) if index.isValid() else None
        if cell is None:
            return None
        if role == TOOLTIP:
            value, count = self._rows[index.row()]
            text = f"{value}: {count:,} article{'s' if count != 1 else ''}"
            typed = self._also.get(value)
            if typed and typed.casefold() not in value.casefold():
                text += f" (the library knows it as {typed} too)"
            return plain_tip(text)
        return cell.get(role)


class FacetPanel(QWidget):
    """A facet's heading, filter box and checkable value list; emits ``toggled(facet, value)``,
    and from a value's context menu ``curation_requested(op, facet, value)``."""

    toggled = Signal(str, str)
    curation_requested = Signal(str, str, str)  # op (merge, rename, …), facet, value
    #: the filter box asks which values the library knows a typed spelling as (facet, text)
    spellings_wanted = Signal(str, str)

    def __init__(self, facet: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facet = facet
        self.title = title
        self.model = FacetModel(facet, self)

        self.heading = QLabel(title)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText(f"Filter {title.lower()}…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName(f"Filter {title.lower()}")
        self.filter_box.textChanged.connect(self._filter_changed)
        self.filter_box.setVisible(False)

        # A table, not a tree view: a tree view lays out every row whenever it is reset or
        # resized, asking the model (in Python) about each, ~600 calls for a panel of 200
        # values, several times as an answer comes in (the window took its first answer at
        # 23k and 100k in 73-93 ms of the GUI thread, 20-29 ms with a table); a table whose
        # rows share one height asks only about the rows it paints.
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setCornerButtonEnabled(False)
        self.view.horizontalHeader().hide()
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)  # the height the rows ask for (_row_height), no more
        self._row_height = 0
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setAccessibleName(title)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # two long names stay apart
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # sized from the largest count, not by asking every row (ResizeToContents made
        # the view call data() thousands of times per search)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.view.clicked.connect(self._clicked)
        self.view.installEventFilter(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        # values are entities the user can curate (not outlets, not the reporter's own marks)
        self.curable = FACET_BY_NAME[facet].is_entity

        self.more_label = QLabel()
        self.more_label.setEnabled(False)
        self.more_label.setWordWrap(True)
        self.more_label.setVisible(False)

        self.none_label = QLabel(f"No {title.lower()} in these results")
        self.none_label.setEnabled(False)
        self.none_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.none_label.setVisible(False)

        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.more_label)
        layout.addWidget(self.none_label)

    def set_values(self, values: list[tuple[str, int]], selected: tuple[str, ...]) -> None:
        """Show new counts and selection; the filter box appears for long lists."""
        self.model.set_values(values, selected)
        widest = max(map(operator.itemgetter(1), values), default=0)
        digits = self.view.fontMetrics().horizontalAdvance(f"{widest:,}")
        margin = self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin)
        self.view.horizontalHeader().resizeSection(1, digits + 2 * margin + 8)
        n = self.model.size()
        self.heading.setText(f"{self.title}  ({n:,})" if n else self.title)
        self.filter_box.setVisible(n > FILTER_THRESHOLD or bool(self.filter_box.text()))
        self.view.setVisible(n > 0)
        self.none_label.setVisible(n == 0)
        if FACET_BY_NAME[self.facet].is_mark:  # tags, collections, stars: shown once used
            self.setVisible(n > 0)
        self._fit(n)
        self._show_more()

    def _fit(self, n: int) -> None:
        """A list takes the height its rows need and no more (the panels below move up);
        a long one shares the column with the others and scrolls."""
        rows = self.model.rowCount()
        unlimited = 16_777_215
        if not rows:
            self.view.setMaximumHeight(unlimited)
            self.setMaximumHeight(unlimited)
        else:
            row, frame = self._row_height_for_rows(), 2 * self.view.frameWidth() + 2
            view = row * rows + frame
            self.view.setMaximumHeight(view)
            if self.facet in ROOMY_FACETS:  # never squeezed below ten rows: the column scrolls
                self.view.setMinimumHeight(row * min(rows, ROOMY_ROWS) + frame)
            layout = self._layout
            shown = [
                w for w in (self.heading, self.filter_box, self.more_label) if w.isVisibleTo(self)
            ]
            margins = layout.contentsMargins()
            total = (
                view
                + sum(w.sizeHint().height() for w in shown)
                + layout.spacing() * len(shown)
                + margins.top()
                + margins.bottom()
            )
            self.setMaximumHeight(total)
        fixed = n <= FILTER_THRESHOLD
        policy = QSizePolicy.Policy.Maximum if fixed else QSizePolicy.Policy.Expanding
        self.setSizePolicy(QSizePolicy.Policy.Preferred, policy)

    def _row_height_for_rows(self) -> int:
        """Every row's height: what the first row asks for (a value with its check box),
        measured once there is one, the same for all rows."""
        if not self._row_height:
            self._row_height = self.view.sizeHintForRow(0)
            self.view.verticalHeader().setDefaultSectionSize(self._row_height)
        return self._row_height

    def changeEvent(self, event: QEvent) -> None:
        """A new font or style: the rows' height is measured again."""
        if event.type() == QEvent.Type.PaletteChange:
            self.model.palette_changed()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._row_height = 0
            if self.model.rowCount():
                self._fit(self.model.size())
        super().changeEvent(event)

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._fit(self.model.size())
        self._show_more()
        if self.curable and len(text.strip()) >= 2:
            self.spellings_wanted.emit(self.facet, text)

    def show_spellings(self, typed: str, names: tuple[str, ...]) -> None:
        """The values the library knows ``typed`` as, found for the filter box."""
        self.model.set_spellings(typed, names)
        self._fit(self.model.size())
        self._show_more()

    def clear_filter(self) -> None:
        """Empty the filter box (Esc clears every filter)."""
        self.filter_box.clear()

    def _show_more(self) -> None:
        hidden = self.model.hidden
        self.more_label.setText(f"{hidden:,} more — type to find them" if hidden > 0 else "")
        self.more_label.setVisible(hidden > 0)

    def value_index(self, value: str) -> QModelIndex:
        """The view index of a value, invalid if it is not shown."""
        row = self.model.row_of(value)
        if row is None:
            return QModelIndex()
        return self.model.index(row, 0)

    def _clicked(self, index: QModelIndex) -> None:
        value = index.data(FacetModel.ValueRole)
        if value is not None:
            self.toggled.emit(self.facet, value)

    def value_menu(self, value: str) -> QMenu:
        """A value's menu: filter by it (or not), and for entities merge, rename, ignore."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        chosen = value in self.model.selected
        shown = menu_text(value)
        toggle = menu.addAction(f"Remove the filter {shown}" if chosen else f"Filter by {shown}")
        toggle.triggered.connect(lambda: self.toggled.emit(self.facet, value))
        if self.curable:
            menu.addSeparator()
            for op, text in (
                ("merge", "Merge into…"),
                ("rename", "Rename…"),
                ("ignore", "Ignore"),
                ("spellings", "Spellings and Their Articles…"),
                ("story", f"Story of {shown}…"),
            ):
                action = menu.addAction(text)
                action.triggered.connect(
                    lambda _=False, op=op: self.curation_requested.emit(op, self.facet, value)
                )
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        value = self.view.indexAt(pos).data(FacetModel.ValueRole)
        if value is None:
            return
        menu = self.value_menu(str(value))
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space toggles the current value (keyboard multi-select)."""
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and self.view.currentIndex().isValid()
        ):
            self._clicked(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)
