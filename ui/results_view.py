"""The result list: a QListView over ``ResultsModel`` with a delegate that draws each hit
as title, outlet · date · file, and a two-line snippet with the query's hits marked."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.querying import Hit

from .results_model import ResultsModel
from .textspans import clamp_spans, utf16_mapper
from .theme import theme_for

PAD = 8
SNIPPET_LINES = 2


class ResultDelegate(QStyledItemDelegate):
    """Paints one search hit; every row has the same height (so long lists scroll evenly)."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        title = QFont(base)
        title.setBold(True)
        meta = QFont(base)
        meta.setPointSizeF(max(6.0, base.pointSizeF() * 0.9))
        return title, meta, base

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Title line, meta line and two snippet lines."""
        title, meta, body = self._fonts(option)
        height = (
            QFontMetrics(title).lineSpacing()
            + QFontMetrics(meta).lineSpacing()
            + SNIPPET_LINES * QFontMetrics(body).lineSpacing()
            + 2 * PAD
            + 4
        )
        return QSize(320, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Selection background from the style, then the three parts of the hit."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        hit = index.data(ResultsModel.HitRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = pal.color(text_role)
        dim = QColor(text_colour)
        dim.setAlphaF(0.7)
        title_font, meta_font, body_font = self._fonts(option)
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        painter.save()
        painter.setClipRect(option.rect)
        y = rect.top()

        painter.setFont(title_font)
        painter.setPen(text_colour)
        fm = QFontMetrics(title_font)
        title = hit.title if hit else str(index.data())
        if hit is not None and hit.starred:
            title = "★ " + title
        painter.drawText(
            QRect(rect.left(), y, rect.width(), fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        y += fm.lineSpacing()

        if hit is not None:
            painter.setFont(meta_font)
            painter.setPen(dim)
            fm = QFontMetrics(meta_font)
            date = hit.published.isoformat() if hit.published else "undated"
            meta = f"{hit.source or 'unknown source'}  ·  {date}  ·  {hit.filename}"
            meta = marks_line(hit) + meta
            painter.drawText(
                QRect(rect.left(), y, rect.width(), fm.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(meta, Qt.TextElideMode.ElideRight, rect.width()),
            )
            y += fm.lineSpacing() + 2
            self._paint_snippet(
                painter,
                hit.snippet,
                hit.snippet_hits,
                body_font,
                QRect(rect.left(), y, rect.width(), rect.bottom() - y + 1),
                text_colour,
                option,
            )
        painter.restore()

    def _paint_snippet(
        self,
        painter: QPainter,
        snippet: str,
        spans: list[tuple[int, int]],
        font: QFont,
        rect: QRect,
        colour: QColor,
        option: QStyleOptionViewItem,
    ) -> None:
        text, spans = flatten_snippet(snippet, spans)
        to16 = utf16_mapper(text)
        theme = theme_for(option.palette)
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setBackground(QColor(theme.hit_background))
        fmt.setForeground(QColor(theme.hit_foreground))
        ranges = []
        for start, end in clamp_spans(spans, len(text)):
            fr = QTextLayout.FormatRange()
            fr.start, fr.length, fr.format = to16(start), to16(end) - to16(start), fmt
            ranges.append(fr)
        layout = QTextLayout(text, font)
        layout.setFormats(ranges)
        layout.beginLayout()
        fm = QFontMetrics(font)
        line_y = 0.0
        for _ in range(SNIPPET_LINES):
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(rect.width())
            line.setPosition(QPointF(0, line_y))
            line_y += fm.lineSpacing()
        layout.endLayout()
        painter.setPen(colour)
        painter.setClipRect(rect.intersected(option.rect))
        layout.draw(painter, QPointF(rect.left(), rect.top()))


def marks_line(hit: Hit) -> str:
    """What the reporter set on a row, and its versions: "3 versions  ·  #ammo  ·  " ."""
    parts = [f"{hit.versions} versions"] if hit.versions > 1 else []
    parts += [f"#{tag}" for tag in hit.tags]
    return "".join(f"{part}  ·  " for part in parts)


def flatten_snippet(
    snippet: str, spans: list[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """The snippet on one line (whitespace runs become one space), with its spans moved along."""
    out: list[str] = []
    where: list[int] = []  # output position of each input character
    for ch in snippet:
        where.append(len(out))
        if not ch.isspace():
            out.append(ch)
        elif out and out[-1] != " ":
            out.append(" ")
    where.append(len(out))
    if out and out[-1] == " ":
        out.pop()
    n = len(out)

    def move(i: int) -> int:
        return min(n, where[max(0, min(i, len(snippet)))])

    return "".join(out), [(move(s), move(e)) for s, e in spans]


#: the result list's context menu: op, its label and its shortcut
RESULT_ACTIONS = (
    ("open", "Open", ""),
    ("original", "Open Original", ""),
    ("cite", "Copy Citation", "Ctrl+Shift+C"),
    ("edit", "Edit…", "Ctrl+E"),
    ("trash", "Move to Trash", "Del"),
)


class ResultsView(QListView):
    """The list of hits: arrows move, Enter opens (``open_requested``), rows load as it
    scrolls. Several rows can be selected (Shift, Ctrl); the context menu acts on them:
    ``action_requested(op, ids)``."""

    open_requested = Signal(int)  # document id
    action_requested = Signal(str, list)  # "original" | "cite" | "edit" | "trash", ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(ResultDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlternatingRowColors(True)
        self.setAccessibleName("Search results")
        self.doubleClicked.connect(self._open_index)

    def current_id(self) -> int | None:
        """The document id of the current row."""
        index = self.currentIndex()
        return index.data(ResultsModel.IdRole) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        """The ids of the selected rows, in list order (the current row if none is)."""
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        model = self.model()
        ids = [model.index(r, 0).data(ResultsModel.IdRole) for r in rows]
        if not ids and self.current_id() is not None:
            ids = [self.current_id()]
        return [int(i) for i in ids if i is not None]

    def result_menu(self) -> QMenu:
        """Open, open original, copy citation, edit, move to trash, select all."""
        ids = self.selected_ids()
        menu = QMenu(self)
        several = len(ids) > 1
        for op, text, shortcut in RESULT_ACTIONS:
            label = text if not several or op in ("open", "original") else f"{text} ({len(ids)})"
            action = menu.addAction(label)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.setEnabled(bool(ids) and not (several and op in ("open", "original")))
            if op == "open":
                action.triggered.connect(lambda: self.open_requested.emit(ids[0]))
            else:
                action.triggered.connect(
                    lambda _=False, op=op: self.action_requested.emit(op, list(ids))
                )
            if op == "original":
                menu.addSeparator()
        menu.addSeparator()
        select_all = menu.addAction("Select All")
        select_all.setShortcut(QKeySequence.StandardKey.SelectAll)
        select_all.triggered.connect(self.selectAll)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The result menu for the rows selected (the row under the pointer if it is not)."""
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        menu = self.result_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _open_index(self, index: QModelIndex) -> None:
        doc_id = index.data(ResultsModel.IdRole)
        if doc_id is not None:
            self.open_requested.emit(int(doc_id))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter/Return opens the current hit in the reader; Delete moves the selected to the
        trash; Ctrl+E edits them; Ctrl+Shift+C copies their citations."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open_index(self.currentIndex())
            event.accept()
            return
        ids = self.selected_ids()
        for op, _, shortcut in RESULT_ACTIONS:
            if (
                shortcut
                and ids
                and QKeySequence(shortcut).matches(QKeySequence(event.keyCombination()))
                == QKeySequence.SequenceMatch.ExactMatch
            ):
                self.action_requested.emit(op, ids)
                event.accept()
                return
        super().keyPressEvent(event)
