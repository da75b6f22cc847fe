"""Active filters as removable chips, laid out in rows that wrap."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QToolButton,
    QWidget,
)

from .plaintext import plain, tip
from .state import ActiveFilter
from .theme import theme_for


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new row when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and row_height > 0:
                x, y = area.x(), y + row_height + self._spacing
                row_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + m.bottom()


class Chip(QFrame):
    """One active filter: its label and a remove button."""

    remove_clicked = Signal(ActiveFilter)

    def __init__(self, flt: ActiveFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = flt
        self.setObjectName("chip")
        self._style()
        self.label = plain(QLabel(flt.label))
        self.button = QToolButton()
        self.button.setText("✕")
        self.button.setAutoRaise(True)
        self.button.setToolTip(tip(f"Remove the filter {flt.label}"))
        self.button.setAccessibleName(f"Remove {flt.label}")
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(lambda: self.remove_clicked.emit(self.filter))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 1, 2, 1)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.button)

    def _style(self) -> None:
        theme = theme_for(self.palette())
        if theme is getattr(self, "_theme", None):
            return  # setting a style sheet changes the palette: do it once per theme
        self._theme = theme
        self.setStyleSheet(
            f"QFrame#chip {{ background: {theme.chip_background}; border: 1px solid "
            f"{theme.chip_border}; border-radius: 10px; }}"
        )

    def changeEvent(self, event: QEvent) -> None:
        """Follow the system between light and dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style()


class ChipsBar(QWidget):
    """The row of chips under the search field; hidden when there is no filter."""

    removed = Signal(ActiveFilter)
    clear_all = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self)
        self.chips: list[Chip] = []
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear all filters")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setToolTip("Remove every filter (Esc)")
        self.clear_button.clicked.connect(self.clear_all)
        self.setVisible(False)

    def set_filters(self, filters: list[ActiveFilter]) -> None:
        """Replace the chips by one per filter."""
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.hide()  # gone now, not when the event loop gets to deleting it
            chip.deleteLater()
        self._layout.removeWidget(self.clear_button)
        self.chips = []
        for flt in filters:
            chip = Chip(flt, self)
            chip.remove_clicked.connect(self.removed)
            self._layout.addWidget(chip)
            self.chips.append(chip)
        if len(filters) > 1:
            self._layout.addWidget(self.clear_button)
        self.clear_button.setVisible(len(filters) > 1)
        self.setVisible(bool(filters))
        self.updateGeometry()

    def labels(self) -> list[str]:
        """The chip texts, in order."""
        return [c.filter.label for c in self.chips]
