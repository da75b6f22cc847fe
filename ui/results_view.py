"""The result list: a QListView over ``ResultsModel`` with a delegate that draws each hit
as title, outlet · date · file, and a two-line snippet with the query's hits marked."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QSize, Qt, Signal
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


def row_fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
    """A row's fonts: the title (bold), the meta line (smaller) and the snippet's."""
    base = QFont(option.font)
    title = QFont(base)
    title.setBold(True)
    meta = QFont(base)
    meta.setPointSizeF(max(6.0, base.pointSizeF() * 0.9))
    return title, meta, base


class _Look:
    """What every row is painted with, for one font, palette and row width: fonts, their
    metrics, colours, the hits' format and where each line goes (built once, not per row)."""

    def __init__(self, option: QStyleOptionViewItem, width: int) -> None:
        self.title, self.meta, self.body = row_fonts(option)
        title_fm, meta_fm, body_fm = (QFontMetrics(f) for f in (self.title, self.meta, self.body))
        self.title_fm, self.meta_fm = title_fm, meta_fm
        self.width = width
        self.title_h, self.meta_h = title_fm.height(), meta_fm.height()
        self.meta_y = title_fm.lineSpacing()
        self.snippet_y = self.meta_y + meta_fm.lineSpacing() + 2
        spacing = body_fm.lineSpacing()
        self.line_at = [QPointF(0, spacing * n) for n in range(SNIPPET_LINES)]
        self.snippet_at = QPointF(0, self.snippet_y)
        pal = option.palette
        self.text = {
            sel: pal.color(QPalette.ColorRole.HighlightedText if sel else QPalette.ColorRole.Text)
            for sel in (False, True)
        }
        self.dim = {}
        for sel, colour in self.text.items():
            self.dim[sel] = QColor(colour)
            self.dim[sel].setAlphaF(0.7)
        theme = theme_for(pal)
        self.hit_format = QTextCharFormat()
        self.hit_format.setFontWeight(QFont.Weight.Bold)
        self.hit_format.setBackground(QColor(theme.hit_background))
        self.hit_format.setForeground(QColor(theme.hit_foreground))


class ResultDelegate(QStyledItemDelegate):
    """Paints one search hit; every row has the same height (so long lists scroll evenly).

    While a search or a page of results is read in another thread, every Qt object the GUI
    thread builds waits for the interpreter (~0.1 ms each on the 2-core machine): a row
    built ~40 of them (fonts, metrics, rectangles, colours, its snippet's layout), and a
    list of 12 rows took 90 ms to paint beside a busy thread (8 ms idle). What rows share
    is built once per font, palette and width (:class:`_Look`), a row is drawn at its
    offset, and each hit's laid-out snippet is kept for repaints (hover, selection,
    scrolling back)."""

    LAYOUTS_KEPT = 256

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look: _Look | None = None
        self._look_key: tuple[object, ...] = ()
        #: id(hit) -> (the hit, which keeps the id its own, and its snippet laid out)
        self._layouts: OrderedDict[int, tuple[Hit, QTextLayout]] = OrderedDict()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Title line, meta line and two snippet lines."""
        title, meta, body = row_fonts(option)
        height = (
            QFontMetrics(title).lineSpacing()
            + QFontMetrics(meta).lineSpacing()
            + SNIPPET_LINES * QFontMetrics(body).lineSpacing()
            + 2 * PAD
            + 4
        )
        return QSize(320, height)

    def _look_for(self, option: QStyleOptionViewItem, width: int) -> _Look:
        key = (option.font.key(), option.palette.cacheKey(), width)
        if self._look is None or key != self._look_key:
            self._look, self._look_key = _Look(option, width), key
            self._layouts.clear()
        return self._look

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Selection background from the style, then the three parts of the hit."""
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:  # the row's background, selection and focus (no text)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        hit = index.data(ResultsModel.HitRole)
        row = option.rect
        x, y, width = row.x() + PAD, row.y() + PAD, row.width() - 2 * PAD
        look = self._look_for(option, width)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setClipRect(row)
        painter.translate(x, y)
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        painter.setFont(look.title)
        painter.setPen(look.text[selected])
        title = hit.title if hit else str(index.data())
        if hit is not None and hit.starred:
            title = "★ " + title
        elided = look.title_fm.elidedText(title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(0, 0, width, look.title_h, left, elided)

        if hit is not None:
            painter.setFont(look.meta)
            painter.setPen(look.dim[selected])
            date = hit.published.isoformat() if hit.published else "undated"
            meta = f"{hit.source or 'unknown source'}  ·  {date}  ·  {hit.filename}"
            meta = marks_line(hit) + meta
            elided = look.meta_fm.elidedText(meta, Qt.TextElideMode.ElideRight, width)
            painter.drawText(0, look.meta_y, width, look.meta_h, left, elided)
            bottom = row.height() - 2 * PAD  # the snippet is clipped to the row's padding
            painter.setClipRect(0, look.snippet_y, width, bottom - look.snippet_y)
            painter.setPen(look.text[selected])
            self._snippet_layout(hit, look).draw(painter, look.snippet_at)
        painter.restore()

    def _snippet_layout(self, hit: Hit, look: _Look) -> QTextLayout:
        """The hit's snippet on its lines, its hits marked; kept for the next paint."""
        kept = self._layouts.get(id(hit))
        if kept is not None and kept[0] is hit:
            self._layouts.move_to_end(id(hit))
            return kept[1]
        text, spans = flatten_snippet(hit.snippet, hit.snippet_hits)
        to16 = utf16_mapper(text)
        ranges = []
        for start, end in clamp_spans(spans, len(text)):
            fr = QTextLayout.FormatRange()
            fr.start, fr.length, fr.format = to16(start), to16(end) - to16(start), look.hit_format
            ranges.append(fr)
        layout = QTextLayout(text, look.body)
        layout.setFormats(ranges)
        layout.beginLayout()
        for at in look.line_at:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(look.width)
            line.setPosition(at)
        layout.endLayout()
        self._layouts[id(hit)] = (hit, layout)
        while len(self._layouts) > self.LAYOUTS_KEPT:
            self._layouts.popitem(last=False)
        return layout


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
