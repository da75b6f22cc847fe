"""The date facet: articles per month as bars, a range chosen by dragging, and 'undated'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from . import state
from .theme import theme_for

UNDATED = "undated"
MARGIN = 4
GAP = 10
MIN_MONTHS = 12


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of whole months, as dates."""

    date_from: dt.date
    date_to: dt.date


def month_key(day: dt.date) -> int:
    """Months since year 0: consecutive months are consecutive integers."""
    return day.year * 12 + day.month - 1


def key_to_month(key: int) -> str:
    """The inverse of :func:`month_key`, as ``YYYY-MM``."""
    return f"{key // 12:04d}-{key % 12 + 1:02d}"


class DateHistogram(QWidget):
    """Bars per month from first to last dated month (gaps included), then an undated bar.

    Drag across bars (or click one) to choose a range: ``range_selected``. Click the
    undated bar: ``undated_selected``. Double-click: ``cleared``.
    """

    range_selected = Signal(DateRange)
    undated_selected = Signal()
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[tuple[str, int]] = []  # every month in the span, zeros included
        self.undated = 0
        self.selection: tuple[int, int] | None = None  # month keys, inclusive
        self.undated_on = False
        self._drag: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setMinimumHeight(72)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Articles per month")
        self.setCursor(Qt.CursorShape.CrossCursor)

    def sizeHint(self) -> QSize:
        """Wide and short."""
        return QSize(240, 84)

    def set_counts(
        self,
        counts: list[tuple[str, int]],
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        undated: bool = False,
    ) -> None:
        """The date facet of a search, and what is selected in it."""
        per_month = {m: n for m, n in counts if m != UNDATED}
        self.undated = sum(n for m, n in counts if m == UNDATED)
        keys = [month_key(state.month_start(m)) for m in per_month]
        if date_from:
            keys.append(month_key(date_from))
        if date_to:
            keys.append(month_key(date_to))
        if keys:
            lo, hi = min(keys), max(keys)
            if hi - lo + 1 < MIN_MONTHS:  # a few months alone would be fat blocks: show a year
                lo -= (MIN_MONTHS - (hi - lo + 1)) // 2
                hi = lo + MIN_MONTHS - 1
            self.months = [
                (key_to_month(k), per_month.get(key_to_month(k), 0)) for k in range(lo, hi + 1)
            ]
        else:
            self.months = []
        if date_from or date_to:
            lo_k = (
                month_key(date_from)
                if date_from
                else month_key(state.month_start(self.months[0][0]))
            )
            hi_k = (
                month_key(date_to) if date_to else month_key(state.month_start(self.months[-1][0]))
            )
            self.selection = (lo_k, hi_k)
        else:
            self.selection = None
        self.undated_on = undated
        self.update()

    # -- geometry ------------------------------------------------------------------------

    def _label_height(self) -> int:
        return QFontMetrics(self.font()).height() + 2

    def _undated_rect(self) -> QRect:
        width = max(28, QFontMetrics(self.font()).horizontalAdvance("undated") // 2 + 12)
        r = self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - self._label_height())
        return QRect(r.right() - width + 1, r.top(), width, r.height())

    def _bars_rect(self) -> QRect:
        r = self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - self._label_height())
        r.setRight(self._undated_rect().left() - GAP)
        return r

    def _first_key(self) -> int:
        return month_key(state.month_start(self.months[0][0]))

    def _key_at(self, pos: QPoint) -> int | str | None:
        """The month key (or 'undated') under a point."""
        if pos.x() >= self._undated_rect().left() - GAP // 2:
            return UNDATED
        bars = self._bars_rect()
        if not self.months or pos.x() > bars.right() + GAP // 2:
            return None
        width = bars.width() / len(self.months)
        i = int((pos.x() - bars.left()) / width) if width > 0 else 0
        return self._first_key() + max(0, min(len(self.months) - 1, i))

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Bars, the selection, year labels and the undated bar."""
        theme = theme_for(self.palette())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        fm = QFontMetrics(self.font())
        text = self.palette().color(QPalette.ColorRole.WindowText)
        dim = QColor(text)
        dim.setAlphaF(0.7)
        peak = max([n for _, n in self.months] + [self.undated, 1])
        bars = self._bars_rect()
        label_y = bars.bottom() + 2
        p.setPen(dim)
        p.drawLine(bars.left(), bars.bottom() + 1, bars.right(), bars.bottom() + 1)
        if self.months:
            width = bars.width() / len(self.months)
            selection = self._drag or self.selection
            first = self._first_key()
            for i, (_, n) in enumerate(self.months):
                key = first + i
                chosen = selection is not None and min(selection) <= key <= max(selection)
                colour = QColor(theme.bar_selected if chosen else theme.bar)
                if selection is not None and not chosen:
                    colour.setAlphaF(0.45)
                h = round(bars.height() * n / peak) if n else 0
                if n and h < 2:
                    h = 2
                x0 = bars.left() + i * width
                w = max(1.0, width - (1 if width > 3 else 0))
                p.fillRect(QRectF(x0, bars.bottom() - h + 1, w, h), colour)
            p.setPen(dim)
            first_label, last_label = self.months[0][0], self.months[-1][0]
            p.drawText(
                QRect(bars.left(), label_y, bars.width(), fm.height()),
                Qt.AlignmentFlag.AlignLeft,
                _month_label(first_label),
            )
            if (
                last_label != first_label
                and bars.width() > 2 * fm.horizontalAdvance("Mmm 0000") + 8
            ):
                p.drawText(
                    QRect(bars.left(), label_y, bars.width(), fm.height()),
                    Qt.AlignmentFlag.AlignRight,
                    _month_label(last_label),
                )
        else:
            p.setPen(dim)
            p.drawText(
                bars, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, "no dated articles"
            )
        ur = self._undated_rect()
        h = round(ur.height() * self.undated / peak) if self.undated else 0
        colour = QColor(theme.bar_selected if self.undated_on else theme.bar_undated)
        if (self.selection or self._drag) and not self.undated_on:
            colour.setAlphaF(0.45)
        p.fillRect(QRect(ur.left() + 4, ur.bottom() - h + 1, ur.width() - 8, h), colour)
        p.setPen(dim)
        p.drawLine(ur.left(), ur.bottom() + 1, ur.right(), ur.bottom() + 1)
        p.drawText(
            QRect(ur.left() - GAP, label_y, ur.width() + GAP, fm.height()),
            Qt.AlignmentFlag.AlignHCenter,
            "n.d.",
        )
        p.end()

    # -- interaction ---------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a drag on a month, or choose undated."""
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        key = self._key_at(event.position().toPoint())
        if key == UNDATED:
            if self.undated:
                self.undated_selected.emit()
        elif isinstance(key, int):
            self._drag = (key, key)
            self.update()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Extend the range being dragged."""
        if self._drag is not None:
            pos = event.position().toPoint()
            pos.setX(min(pos.x(), self._bars_rect().right()))
            key = self._key_at(pos)
            if isinstance(key, int):
                self._drag = (self._drag[0], key)
                self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Finish the drag: the months between press and release become the range."""
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            lo, hi = min(self._drag), max(self._drag)
            self._drag = None
            self.update()
            self.range_selected.emit(
                DateRange(state.month_start(key_to_month(lo)), state.month_end(key_to_month(hi)))
            )
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Clear the date filter."""
        self._drag = None
        self.cleared.emit()
        event.accept()

    def event(self, event: QEvent) -> bool:
        """Tooltips: the month and its count under the pointer."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            key = self._key_at(event.pos())
            if key == UNDATED:
                QToolTip.showText(event.globalPos(), f"Undated: {self.undated:,} articles", self)
            elif isinstance(key, int) and self.months:
                month, n = self.months[key - self._first_key()]
                QToolTip.showText(event.globalPos(), f"{_month_label(month)}: {n:,} articles", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def bar_center(self, month: str) -> QPoint:
        """Where a month's bar is on screen (for tests and keyboard-free automation)."""
        if month == UNDATED:
            return self._undated_rect().center()
        bars = self._bars_rect()
        i = month_key(state.month_start(month)) - self._first_key()
        width = bars.width() / len(self.months)
        return QPoint(int(bars.left() + (i + 0.5) * width), bars.center().y())


def _month_label(month: str) -> str:
    return state.month_start(month).strftime("%b %Y")


class DatePanel(QWidget):
    """The histogram with its heading and a line saying what is selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Date")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.histogram = DateHistogram()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        hint_font = self.hint.font()
        hint_font.setPointSizeF(max(6.0, hint_font.pointSizeF() * 0.9))
        self.hint.setFont(hint_font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.histogram)
        layout.addWidget(self.hint)
        self.set_counts([])

    def set_counts(
        self,
        counts: list[tuple[str, int]],
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        undated: bool = False,
    ) -> None:
        """Update the bars and the hint."""
        self.histogram.set_counts(counts, date_from, date_to, undated)
        undated_n = self.histogram.undated
        if undated:
            self.hint.setText("Showing undated articles only.")
        elif date_from or date_to:
            self.hint.setText(
                f"{state.date_range_label(date_from, date_to)} · double-click to clear"
            )
        else:
            extra = f" · n.d. = undated ({undated_n:,})" if undated_n else ""
            self.hint.setText(f"Drag across months to filter{extra}")
