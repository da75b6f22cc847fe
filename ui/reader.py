"""The reader: an article's header, its text with entities and search hits highlighted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.views import DocumentView, MentionView

from .plaintext import menu_text
from .plaintext import tip as plain_tip
from .reader_html import mention_index, render_article
from .textspans import clamp_spans, python_index_mapper, utf16_mapper
from .theme import KIND_LABELS, KINDS, theme_for

CURATION_TIPS = {
    "merge": "Fold this entity into another one: its spellings and mentions move there",
    "rename": "Give this entity another canonical name",
    "ignore": "Hide this false entity everywhere (Edit → Undo entity change brings it back)",
    "split": "This mention is someone or something else: it becomes an entity of its own",
    "move": "This mention belongs to another entity: file it there",
    "spellings": "Every spelling of this entity, with its articles; take a wrong one away",
    "story": "Its mentions per month, the entities that appear with it, its spellings",
}
#: what a selected passage offers in the reader's menu (the workbench carries them out)
SELECTION_ACTIONS = (
    ("quote", "Save Quote"),
    ("quote-in", "Save Quote to a Collection…"),
    ("cite", "Copy Citation with This Passage"),
)
_KIND_NAMES = {"place": "place", "person": "person", "organization": "organisation", "date": "date"}


def kind_name(kind: str) -> str:
    """A kind in words, singular."""
    return _KIND_NAMES.get(kind, kind)


class ArticleBrowser(QTextBrowser):
    """A QTextBrowser that follows no link, loads no resource, and knows our entity links."""

    entity_clicked = Signal(int)  # mention index
    curation_requested = Signal(str, int)  # "merge" | "rename" | "ignore", mention index
    selection_action = Signal(str)  # "quote", "quote-in", "cite" on the selected passage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setAcceptDrops(False)
        self.mentions: list[MentionView] = []
        #: (start, end, note) in document (UTF-16) positions: hits found through a name
        self.hit_notes: list[tuple[int, int, str]] = []
        self.anchorClicked.connect(self._anchor_clicked)

    def loadResource(self, type_: int, name: QUrl | str) -> Any:
        """Nothing is ever loaded: no images, no style sheets, nothing remote or local."""
        return None

    def _anchor_clicked(self, url: QUrl) -> None:
        index = mention_index(url.toString())
        if index is not None and 0 <= index < len(self.mentions):
            self.entity_clicked.emit(index)

    def index_at(self, pos: QPoint) -> int | None:
        """The index of the mention under a point of the viewport."""
        index = mention_index(self.anchorAt(pos))
        return index if index is not None and index < len(self.mentions) else None

    def entity_menu(self, index: int) -> QMenu:
        """The context menu of an entity: filter by it, merge it into another, rename, ignore."""
        mention = self.mentions[index]
        menu = self.createStandardContextMenu()
        menu.setToolTipsVisible(True)
        first = menu.actions()[0] if menu.actions() else None
        canonical = menu_text(mention.canonical)
        heading = QAction(f"{kind_name(mention.kind).capitalize()}: {canonical}", menu)
        heading.setEnabled(False)
        filter_by = QAction(f"Filter by {canonical}", menu)
        filter_by.triggered.connect(lambda: self.entity_clicked.emit(index))
        why = QAction(menu_text(mention.link_reason), menu)
        why.setEnabled(False)
        entries: list[QAction] = [heading, why, filter_by]
        not_this = f"Not {canonical}"
        for op, text in (
            ("merge", "Merge into…"),
            ("rename", "Rename…"),
            ("ignore", "Ignore"),
            ("split", f"{not_this}: an Entity of Its Own"),
            ("move", f"{not_this}: Move to…"),
            ("spellings", f"Spellings of {canonical}…"),
            ("story", f"Story of {canonical}…"),
        ):
            curation = QAction(text, menu)
            curation.setToolTip(CURATION_TIPS[op])
            curation.setStatusTip(CURATION_TIPS[op])
            curation.setEnabled(mention.kind != "date" or op == "ignore")
            curation.triggered.connect(
                lambda _=False, op=op: self.curation_requested.emit(op, index)
            )
            entries.append(curation)
        for entry in entries:
            if first is None:
                menu.addAction(entry)
            else:
                menu.insertAction(first, entry)
        if first is not None:
            menu.insertSeparator(first)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The entity menu over an entity, the standard one elsewhere; with a selection, the
        quote actions too."""
        index = self.index_at(self.viewport().mapFrom(self, event.pos()))
        menu = self.entity_menu(index) if index is not None else self.createStandardContextMenu()
        if self.textCursor().hasSelection():
            first = menu.actions()[0] if menu.actions() else None
            for op, text in SELECTION_ACTIONS:
                action = QAction(text, menu)
                action.triggered.connect(lambda _=False, op=op: self.selection_action.emit(op))
                menu.insertAction(first, action) if first else menu.addAction(action)
            if first is not None:
                menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def tooltip_at(self, pos: QPoint) -> str:
        """What the pointer is over says itself: a mention names its entity and why it is
        filed there; a hit that came through another spelling says what it was found for."""
        lines = []
        index = self.index_at(pos)
        if index is not None:
            mention = self.mentions[index]
            lines.append(f"{mention.canonical} ({kind_name(mention.kind)}): {mention.link_reason}")
        at = self.cursorForPosition(pos).position()
        lines += [note for start, end, note in self.hit_notes if start <= at < end]
        if index is not None:
            lines.append("Click to filter by it; right-click to correct it.")
        return "\n".join(lines)

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips: see :meth:`tooltip_at`."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), plain_tip(tip), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


class ArticleReader(QWidget):
    """Title, outlet, byline, date, original file, entity legend, hit navigation, text."""

    entity_activated = Signal(MentionView)
    curation_requested = Signal(str, MentionView)
    open_original_requested = Signal(int)  # document id
    #: the article shown changed (a DocumentView, or None when cleared)
    document_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: DocumentView | None = None
        self.kinds_shown = set(KINDS)
        self.hit_positions: list[tuple[int, int]] = []  # in document (UTF-16) positions
        self.current_hit = -1
        self._legend_theme: object = None

        self.placeholder = QLabel("Select an article to read it here.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open original")
        self.open_button.setToolTip("Open the imported file with the system's viewer")
        self.open_button.clicked.connect(self._open_original)

        self.legend: dict[str, QCheckBox] = {}
        legend_row = QHBoxLayout()
        legend_row.setSpacing(6)
        for kind in KINDS:
            box = QCheckBox(KIND_LABELS[kind])
            box.setChecked(True)
            box.setToolTip(f"Highlight {KIND_LABELS[kind].lower()}")
            box.toggled.connect(lambda on, k=kind: self.set_kind_shown(k, on))
            self.legend[kind] = box
            legend_row.addWidget(box)
        legend_row.addStretch(1)

        self.hit_label = QLabel()
        self.prev_button = QToolButton()
        self.prev_button.setText("▲")
        self.prev_button.setToolTip("Previous hit (Shift+F3)")
        self.prev_button.clicked.connect(self.previous_hit)
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next hit (F3)")
        self.next_button.clicked.connect(self.next_hit)
        meta_row = QHBoxLayout()
        meta_row.addWidget(self.meta, 1)
        meta_row.addWidget(self.hit_label)
        meta_row.addWidget(self.prev_button)
        meta_row.addWidget(self.next_button)

        self.browser = ArticleBrowser()
        self.browser.entity_clicked.connect(self._entity_clicked)
        self.browser.curation_requested.connect(
            lambda op, i: self.curation_requested.emit(op, self.browser.mentions[i])
        )

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 4, 4, 0)
        layout.addLayout(head)
        layout.addLayout(meta_row)
        layout.addLayout(legend_row)
        layout.addWidget(self.browser, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._update_legend()

    # -- content -------------------------------------------------------------------------

    def show_document(self, doc: DocumentView) -> None:
        """Show an article; the first search hit (if any) becomes current. The article
        shown again with the same text and hits (the library changed elsewhere: an import's
        commit, entities found, a curation) is redrawn where the reader was: the same
        current hit, scroll position and selection."""
        before = self.document
        again = (
            before is not None
            and before.id == doc.id
            and before.text == doc.text
            and before.hit_runs == doc.hit_runs
        )
        bar = self.browser.verticalScrollBar()
        cursor = self.browser.textCursor()  # its positions, before the redraw moves them
        place = self.current_hit, cursor.anchor(), cursor.position(), bar.value()
        self.document = doc
        self.title.setText(doc.title or doc.filename)
        byline = f"by {doc.author}" if doc.author else "no byline"
        date = f"{doc.published.day} {doc.published:%B %Y}" if doc.published else "undated"
        note = f"  ·  {doc.entities_note}" if doc.entities_note else ""  # "…: took too long"
        if doc.edited:
            words = {"source": "outlet", "author": "byline", "published": "date", "url": "address"}
            note += "  ·  edited by you: " + ", ".join(words.get(f, f) for f in doc.edited)
        if doc.trashed:
            note += "  ·  in the trash"
        self.meta.setText(
            f"{doc.source or 'unknown outlet'}  ·  {byline}  ·  {date}  ·  {doc.filename}{note}"
            + (f"\n{doc.url}" if doc.url else "")  # where the saved page says it came from
        )
        self.open_button.setToolTip(plain_tip(f"Open {doc.filename} with the system's viewer"))
        self.stack.setCurrentIndex(1)
        self._render()
        if again:
            hit, anchor, position, scroll = place
            self.current_hit = min(hit, len(self.hit_positions) - 1)
            kept = QTextCursor(self.browser.document())
            kept.setPosition(anchor)
            kept.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            self.browser.setTextCursor(kept)
            self._show_current_hit(scroll=False)
            bar.setValue(scroll)
        else:
            self.current_hit = 0 if self.hit_positions else -1
            self._show_current_hit()
        self.document_changed.emit(doc)

    def clear(self) -> None:
        """Back to the placeholder."""
        self.document = None
        self.browser.mentions = []
        self.browser.hit_notes = []
        self.browser.clear()
        self.hit_positions = []
        self.current_hit = -1
        self.stack.setCurrentIndex(0)
        self.document_changed.emit(None)

    def _render(self) -> None:
        doc = self.document
        if doc is None:
            return
        theme = theme_for(self.palette())
        self.browser.mentions = list(doc.entities)
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(
            render_article(doc.text, doc.entities, doc.hits, self.kinds_shown, theme)
        )
        self.browser.verticalScrollBar().setValue(scroll)
        to16 = utf16_mapper(doc.text)
        runs = clamp_spans(doc.hit_runs, len(doc.text))
        self.hit_positions = [(to16(s), to16(e)) for s, e in runs]
        n = len(doc.text)
        self.browser.hit_notes = [
            (to16(min(h.start, n)), to16(min(h.end, n)), h.note) for h in doc.hit_notes
        ]
        self._update_legend()

    def _update_legend(self) -> None:
        theme = theme_for(self.palette())
        counts: dict[str, int] = {}
        for m in self.document.entities if self.document else []:
            counts[m.kind] = counts.get(m.kind, 0) + 1
        restyle = theme is not self._legend_theme  # style sheets only when the theme changes
        self._legend_theme = theme
        for kind, box in self.legend.items():
            box.setText(f"{KIND_LABELS[kind]} {counts.get(kind, 0)}")
            if restyle:
                colours = theme.kind(kind)
                box.setStyleSheet(
                    f"QCheckBox {{ background-color: {colours.background}; "
                    f"color: {colours.foreground}; border-left: 4px solid {colours.swatch}; "
                    "padding: 1px 6px 1px 3px; }"
                )
        n = len(self.hit_positions)
        in_title = bool(self.document and self.document.title_hits)
        if n and self.current_hit >= 0:
            text = f"hit {self.current_hit + 1} of {n}" + (" · title matches" if in_title else "")
        else:
            text = "matched in the title" if in_title else "no hits"
        self.hit_label.setText(text)
        self.hit_label.setVisible(bool(self.document and (self.document.hits or in_title)))
        for widget in (self.prev_button, self.next_button):
            widget.setVisible(bool(self.document and self.document.hits))
        self.prev_button.setEnabled(n > 1)
        self.next_button.setEnabled(n > 1)

    def set_kind_shown(self, kind: str, shown: bool) -> None:
        """Turn one kind's highlighting on or off."""
        if shown:
            self.kinds_shown.add(kind)
        else:
            self.kinds_shown.discard(kind)
        if self.legend[kind].isChecked() != shown:
            self.legend[kind].setChecked(shown)
        self._render()
        self._show_current_hit(scroll=False)

    # -- search hits ---------------------------------------------------------------------

    def next_hit(self) -> None:
        """Move to the next search hit (wrapping round)."""
        if self.hit_positions:
            self.current_hit = (self.current_hit + 1) % len(self.hit_positions)
            self._show_current_hit()

    def previous_hit(self) -> None:
        """Move to the previous search hit (wrapping round)."""
        if self.hit_positions:
            self.current_hit = (self.current_hit - 1) % len(self.hit_positions)
            self._show_current_hit()

    def _show_current_hit(self, scroll: bool = True) -> None:
        selections = []
        if 0 <= self.current_hit < len(self.hit_positions):
            start, end = self.hit_positions[self.current_hit]
            cursor = QTextCursor(self.browser.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(theme_for(self.palette()).current_hit_background))
            fmt.setForeground(QColor("#000000"))
            sel.format = fmt
            selections.append(sel)
            if scroll:
                caret = QTextCursor(self.browser.document())
                caret.setPosition(start)
                self.browser.setTextCursor(caret)
                # put the hit a third of the way down, with context above it
                bar = self.browser.verticalScrollBar()
                top = self.browser.cursorRect(caret).top()
                bar.setValue(bar.value() + top - self.browser.viewport().height() // 3)
        self.browser.setExtraSelections(selections)
        self._update_legend()

    def selected_span(self) -> tuple[int, int] | None:
        """The selected passage as character offsets into the article's text (None: no
        selection). The reader's text is the article's, character for character."""
        cursor = self.browser.textCursor()
        if self.document is None or not cursor.hasSelection():
            return None
        to_index = python_index_mapper(self.document.text)
        start, end = to_index(cursor.selectionStart()), to_index(cursor.selectionEnd())
        return (start, end) if start < end else None

    def current_hit_text(self) -> str:
        """The text of the current hit as the reader shows it."""
        if not 0 <= self.current_hit < len(self.hit_positions):
            return ""
        start, end = self.hit_positions[self.current_hit]
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    # -- actions -------------------------------------------------------------------------

    def _entity_clicked(self, index: int) -> None:
        self.entity_activated.emit(self.browser.mentions[index])

    def _open_original(self) -> None:
        if self.document is not None:
            self.open_original_requested.emit(self.document.id)

    def changeEvent(self, event: QEvent) -> None:
        """Re-colour the highlights when the system switches between light and dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.document is not None:
            self._render()
            self._show_current_hit(scroll=False)
