"""The date facet: articles per month as bars, a range chosen by dragging, and 'undated'."""

from __future__ import annotations

import datetime as dt

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
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from search.frozen import frozen

from . import state
from .theme import theme_for

UNDATED = "undated"
MARGIN = 4
GAP = 10
MIN_MONTHS = 12
#: A run of empty months longer than this is drawn as one narrow break ("⋯"), so 1987 and
#: 2022 in one library are two readable groups, not two 1-pixel spikes.
BREAK_AFTER = 18
#: Empty months kept on each side of a break.
BREAK_MARGIN = 3


@frozen
class DateRange:
    """An inclusive range of dates (open at an end that is ``None``)."""

    date_from: dt.date | None
    date_to: dt.date | None


Slot = tuple[str, int] | None  # a month and its count, or a break over empty months


def month_slots(per_month: dict[int, int], lo: int, hi: int) -> list[Slot]:
    """Months ``lo``..``hi`` (keys) with their counts; long empty runs become one break."""
    out: list[Slot] = []
    empty: list[int] = []
    for key in range(lo, hi + 1):
        n = per_month.get(key, 0)
        if not n:
            empty.append(key)
            continue
        out.extend(_empty_run(empty, bool(out)))
        empty = []
        out.append((key_to_month(key), n))
    out.extend(_empty_run(empty, bool(out), last=True))
    return out


def _empty_run(keys: list[int], after_data: bool, last: bool = False) -> list[Slot]:
    if len(keys) <= BREAK_AFTER or not after_data or last:
        return [(key_to_month(k), 0) for k in keys]
    head = keys[:BREAK_MARGIN]
    tail = keys[-BREAK_MARGIN:]
    return [*((key_to_month(k), 0) for k in head), None, *((key_to_month(k), 0) for k in tail)]


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
        self.slots: list[Slot] = []  # the months shown, zeros included, and breaks
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

    @property
    def months(self) -> list[tuple[str, int]]:
        """The months shown (breaks left out), with their counts."""
        return [slot for slot in self.slots if slot is not None]

    def set_counts(
        self,
        counts: list[tuple[str, int]],
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        undated: bool = False,
    ) -> None:
        """The date facet of a search, and what is selected in it.

        Shown: the chosen range when there is one (zoomed to it), else the months that have
        articles, a long empty stretch between them drawn as one break.
        """
        per_month = {month_key(state.month_start(m)): n for m, n in counts if m != UNDATED}
        self.undated = sum(n for m, n in counts if m == UNDATED)
        self.selection = None
        if date_from or date_to:
            keys = sorted(per_month)
            lo_k = month_key(date_from) if date_from else (keys[0] if keys else None)
            hi_k = month_key(date_to) if date_to else (keys[-1] if keys else None)
            if lo_k is not None and hi_k is not None:
                self.selection = (lo_k, max(lo_k, hi_k))
        span: tuple[int, int] | None = self.selection
        if span is None and per_month:
            span = (min(per_month), max(per_month))
        if span is not None:
            lo, hi = span
            if hi - lo + 1 < MIN_MONTHS:  # a few months alone would be fat blocks: show a year
                lo -= (MIN_MONTHS - (hi - lo + 1)) // 2
                hi = lo + MIN_MONTHS - 1
            self.slots = month_slots(per_month, lo, hi)
        else:
            self.slots = []
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

    def _key_at(self, pos: QPoint) -> int | str | None:
        """The month key (or 'undated') under a point; None over a break or outside."""
        if pos.x() >= self._undated_rect().left() - GAP // 2:
            return UNDATED
        bars = self._bars_rect()
        if not self.slots or pos.x() > bars.right() + GAP // 2:
            return None
        width = bars.width() / len(self.slots)
        i = int((pos.x() - bars.left()) / width) if width > 0 else 0
        slot = self.slots[max(0, min(len(self.slots) - 1, i))]
        return month_key(state.month_start(slot[0])) if slot is not None else None

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
        if self.slots:
            width = bars.width() / len(self.slots)
            selection = self._drag or self.selection
            for i, slot in enumerate(self.slots):
                x0 = bars.left() + i * width
                if slot is None:  # a break over empty years
                    p.setPen(dim)
                    p.drawText(
                        QRectF(x0 - 6, bars.bottom() - fm.height(), width + 12, fm.height()),
                        Qt.AlignmentFlag.AlignCenter,
                        "⋯",
                    )
                    continue
                month, n = slot
                key = month_key(state.month_start(month))
                chosen = selection is not None and min(selection) <= key <= max(selection)
                colour = QColor(theme.bar_selected if chosen else theme.bar)
                if selection is not None and not chosen:
                    colour.setAlphaF(0.45)
                h = round(bars.height() * n / peak) if n else 0
                if n and h < 2:
                    h = 2
                w = max(1.0, width - (1 if width > 3 else 0))
                p.fillRect(QRectF(x0, bars.bottom() - h + 1, w, h), colour)
            p.setPen(dim)
            self._draw_labels(p, fm, bars, label_y, width)
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

    def _draw_labels(
        self, p: QPainter, fm: QFontMetrics, bars: QRect, y: int, width: float
    ) -> None:
        """The first month, the first after each break and the last, where they fit."""
        wanted = [
            i
            for i, slot in enumerate(self.slots)
            if slot is not None and (i == 0 or self.slots[i - 1] is None)
        ]
        last = max(i for i, slot in enumerate(self.slots) if slot is not None)
        right_edge = bars.left()
        for i in wanted:
            text = _month_label(self.slots[i][0])  # type: ignore[index]
            x = int(bars.left() + i * width)
            if x < right_edge:
                continue
            p.drawText(QRect(x, y, fm.horizontalAdvance(text) + 2, fm.height()), 0, text)
            right_edge = x + fm.horizontalAdvance(text) + 8
        text = _month_label(self.slots[last][0])  # type: ignore[index]
        x = bars.right() - fm.horizontalAdvance(text)
        if last not in wanted and x >= right_edge:
            p.drawText(QRect(x, y, fm.horizontalAdvance(text) + 2, fm.height()), 0, text)

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
            elif isinstance(key, int) and self.slots:
                month = key_to_month(key)
                n = dict(self.months).get(month, 0)
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
        i = next(i for i, slot in enumerate(self.slots) if slot is not None and slot[0] == month)
        width = bars.width() / len(self.slots)
        return QPoint(int(bars.left() + (i + 0.5) * width), bars.center().y())


def _month_label(month: str) -> str:
    return state.month_start(month).strftime("%b %Y")
