"""Under the reader: the article's star, tags, collections and note, its versions, and the
other coverage of its event. Only layout and item models; the workbench controller fills
it and carries out what its buttons ask (signals)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import field
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.related import RelatedArticle
from desktop.versions import VersionInfo
from desktop.workbench_rows import NO_MARKS, ArticleMarks
from search.frozen import frozen

from .plaintext import plain, tip
from .table_model import ColumnsModel, RowsModel


@frozen
class ArticleExtras:
    """What the panel shows of one article (read on the read lane)."""

    doc_id: int
    marks: ArticleMarks = NO_MARKS
    versions: list[VersionInfo] = field(default_factory=list)
    related: list[RelatedArticle] = field(default_factory=list)


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "undated"


class VersionsModel(RowsModel[VersionInfo]):
    """The versions of the article's story, the earliest first."""

    COLUMNS = ("Version", "Outlet", "Date", "Same text")
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: int | None = None

    def set_rows(self, rows: Sequence[VersionInfo], current: int | None = None) -> None:
        """New versions; ``current`` is the article in the reader."""
        self.current = current
        super().set_rows(rows)

    def cell(self, v: VersionInfo, column: int, role: int) -> Any:
        """Title (the head and the open one say so), outlet, date, share of the head's text."""
        if role == self.IdRole:
            return v.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                head = "earliest · " if v.head else ""
                return head + ("shown · " if v.id == self.current else "") + v.title
            if column == 1:
                return v.source or "unknown outlet"
            if column == 2:
                return _date(v.published)
            return "—" if v.head else f"{v.similarity:.0%}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{v.title}\n{v.filename}")
        return None


class RelatedModel(RowsModel[RelatedArticle]):
    """Other coverage of the event, best first, with why."""

    COLUMNS = ("Article", "Outlet", "Date", "Why")
    IdRole = Qt.ItemDataRole.UserRole + 1

    def cell(self, r: RelatedArticle, column: int, role: int) -> Any:
        """Title, outlet, date, the reasons."""
        if role == self.IdRole:
            return r.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.title, r.source or "unknown outlet", _date(r.published), r.why)[  # type: ignore[arg-type]
                column
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{r.title}\n{r.why}")
        return None


def _table(model: ColumnsModel, name: str) -> QTreeView:
    view = QTreeView()
    view.setModel(model)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAllColumnsShowFocus(True)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = view.header()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(0, 260)
    return view


class ArticlePanelView(QWidget):
    """Star, tags, collections, note, versions, other coverage of the article in the reader."""

    star_clicked = Signal()
    tag_clicked = Signal()
    collect_clicked = Signal()
    quote_clicked = Signal()
    citation_clicked = Signal()
    note_saved = Signal(str)
    diff_requested = Signal(int, int)  # the article shown, another version
    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.extras = ArticleExtras(0)
        self.star = QToolButton()
        self.star.setText("☆ Star")
        self.star.setToolTip("Star this article (Article → Star, Ctrl+D)")
        self.star.clicked.connect(self.star_clicked)
        self.marks = plain(QLabel())
        self.marks.setWordWrap(True)
        self.marks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons: list[tuple[str, str, Any]] = [
            ("Tag…", "Add or remove a tag (Ctrl+T)", self.tag_clicked),
            ("Collect…", "Put the article in a collection", self.collect_clicked),
            ("Save Quote", "Keep the selected passage with its source", self.quote_clicked),
            ("Copy Citation", "The article's citation (with the selected passage)",
             self.citation_clicked),
        ]  # fmt: skip
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.star)
        row.addWidget(self.marks, 1)
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()  # a row of its own: the reader stays narrow on a small screen
        actions.setContentsMargins(0, 0, 0, 0)
        for text, hint, signal in buttons:
            button = QPushButton(text)
            button.setToolTip(hint)
            button.clicked.connect(signal)
            self.buttons[text] = button
            actions.addWidget(button)
        actions.addStretch(1)

        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Your note on this article (Ctrl+Enter saves it)")
        self.note.setAccessibleName("Note")
        self.save_note = QPushButton("Save Note")
        self.save_note.clicked.connect(lambda: self.note_saved.emit(self.note.toPlainText()))
        QShortcut(QKeySequence("Ctrl+Return"), self.note, lambda: self.save_note.click())
        note_page = QWidget()
        note_layout = QVBoxLayout(note_page)
        note_layout.setContentsMargins(0, 4, 0, 0)
        note_layout.addWidget(self.note, 1)
        note_layout.addWidget(self.save_note, 0, Qt.AlignmentFlag.AlignRight)

        self.versions_model = VersionsModel(self)
        self.versions = _table(self.versions_model, "Versions")
        self.versions.doubleClicked.connect(self._open_version)
        self.compare = QPushButton("Side by Side")
        self.compare.setToolTip("Show the chosen version beside this one, differences marked")
        self.compare.clicked.connect(self._compare)
        versions_page = QWidget()
        vl = QVBoxLayout(versions_page)
        vl.setContentsMargins(0, 4, 0, 0)
        vl.addWidget(self.versions, 1)
        vl.addWidget(self.compare, 0, Qt.AlignmentFlag.AlignRight)

        self.related_model = RelatedModel(self)
        self.related = _table(self.related_model, "Other coverage")
        self.related.doubleClicked.connect(
            lambda index: self.open_requested.emit(int(index.data(RelatedModel.IdRole)))
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(note_page, "Note")
        self.tabs.addTab(versions_page, "Versions")
        self.tabs.addTab(self.related, "Other Coverage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 0)
        layout.addLayout(row)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        self.show_extras(ArticleExtras(0))

    def show_extras(self, extras: ArticleExtras) -> None:
        """Show what the reporter set on the article, its versions and other coverage."""
        self.extras = extras
        m = extras.marks
        self.star.setText("★ Starred" if m.starred else "☆ Star")
        parts = []
        if m.tags:
            parts.append("Tags: " + ", ".join(m.tags))
        if m.collections:
            parts.append("In: " + ", ".join(m.collections))
        self.marks.setText("   ".join(parts) if parts else "No tags, no collection")
        if self.note.toPlainText() != m.note or extras.doc_id != getattr(self, "_note_of", None):
            self.note.setPlainText(m.note)
        self._note_of = extras.doc_id
        self.versions_model.set_rows(extras.versions, extras.doc_id)
        self.related_model.set_rows(extras.related)
        n = len(extras.versions)
        self.tabs.setTabText(0, "Note ✎" if m.note else "Note")
        self.tabs.setTabText(1, f"Versions ({n})" if n else "Versions")
        self.tabs.setTabText(2, f"Other Coverage ({len(extras.related)})")
        self.compare.setEnabled(n > 1)
        enabled = extras.doc_id > 0
        for widget in (self.star, self.save_note, self.note, *self.buttons.values()):
            widget.setEnabled(enabled)

    def _open_version(self, index: QModelIndex) -> None:
        doc_id = index.data(VersionsModel.IdRole)
        if doc_id is not None and int(doc_id) != self.extras.doc_id:
            self.open_requested.emit(int(doc_id))

    def _compare(self) -> None:
        rows = self.versions_model.rows
        index = self.versions.currentIndex()
        chosen = rows[index.row()].id if index.isValid() else None
        if chosen is None or chosen == self.extras.doc_id:  # else the head, or the next one
            others = [v.id for v in rows if v.id != self.extras.doc_id]
            chosen = others[0] if others else None
        if chosen is not None:
            self.diff_requested.emit(self.extras.doc_id, chosen)
