"""An entity's spellings (each with its articles, each removable) and the merge suggestions
the pipeline was unsure of (accept or reject each)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.curation_mentions import SpellingInfo, SuggestionInfo

from .merge_dialog import EntityRef
from .operations import LibraryOps
from .plaintext import tip
from .table_model import RowsModel


class SpellingsModel(RowsModel[SpellingInfo]):
    """Spelling, articles, how it was linked."""

    COLUMNS = ("Spelling", "Articles", "Linked by")

    def cell(self, r: SpellingInfo, column: int, role: int) -> Any:
        """Plain text cells; the article ids as a tooltip."""
        if role == Qt.ItemDataRole.DisplayRole:
            linked = ", ".join(r.links) + (" (yours)" if r.user_set else "")
            return (r.spelling, f"{len(r.documents):,}", linked)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            ids = ", ".join(f"#{d}" for d in r.documents[:30])
            return tip(f"{r.spelling}: {r.mentions} mentions in articles {ids}")
        return None


class SpellingsDialog(QDialog):
    """Every spelling of an entity with its articles; a spelling can be taken away."""

    #: a document to show (double-click on a spelling opens its first article)
    open_document = Signal(int)

    def __init__(self, ops: LibraryOps, entity: EntityRef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.entity = entity
        self.setWindowTitle(f"Spellings of {entity.name}")
        intro = QLabel(
            f"How the articles write {entity.name} ({entity.kind}). A spelling that is not "
            "this entity can be taken away: its mentions become an entity of their own."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.model = SpellingsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._open)
        self.remove_button = QPushButton("Not this entity: take the spelling away")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self._remove)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.remove_button.setEnabled(self._chosen() is not None)
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.resize(520, 360)
        self.reload()

    def reload(self) -> None:
        """Read the spellings again (after a change)."""
        eid = self.entity.id
        self.ops.read(lambda lib: lib.entity_spellings(eid), self.model.set_rows)

    def _chosen(self) -> SpellingInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _remove(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        eid, spelling = self.entity.id, chosen.spelling
        self.ops.write(lambda lib: lib.remove_spelling(eid, spelling), lambda _c: self.reload())

    def _open(self, index: QModelIndex) -> None:
        row = self.model.rows[index.row()]
        if row.documents:
            self.open_document.emit(row.documents[0])


class SuggestionsModel(RowsModel[SuggestionInfo]):
    """One merge the pipeline was unsure of per row."""

    COLUMNS = ("Entity", "May be", "Why")

    def cell(self, r: SuggestionInfo, column: int, role: int) -> Any:
        """Both entities with their kinds and article counts, and the reason."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (
                f"{r.entity_name} ({r.entity_kind}, {r.entity_documents:,} articles)",
                f"{r.target_name} ({r.target_kind}, {r.target_documents:,} articles)",
                r.reason,
            )[column]
            return text if role == Qt.ItemDataRole.DisplayRole else tip(text)
        return None


def _articles(n: int) -> str:
    return f"{n:,} article{'s' if n != 1 else ''}"


class SuggestionsDialog(QDialog):
    """Merges the pipeline would not make by itself: each is accepted or rejected here (a
    rejected pair is never suggested again)."""

    def __init__(self, ops: LibraryOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle("Merge suggestions")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.model = SuggestionsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        for col in (0, 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(True)
        self.accept_button = QPushButton("Same entity: merge")
        self.reject_button = QPushButton("Different: keep apart")
        for button in (self.accept_button, self.reject_button):
            button.setEnabled(False)
        self.accept_button.clicked.connect(lambda: self._decide(True))
        self.reject_button.clicked.connect(lambda: self._decide(False))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._chosen_changed())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.accept_button)
        row.addWidget(self.reject_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.resize(760, 420)
        self.reload()

    def reload(self) -> None:
        """Read the open suggestions again."""
        self.ops.read(lambda lib: lib.suggestions("open"), self._show)

    def _show(self, rows: list[SuggestionInfo]) -> None:
        self.model.set_rows(rows)
        self.summary.setText(
            f"{len(rows):,} merges Sourcedesk was not sure of. Nothing is merged until you say so."
            if rows
            else "No open suggestions."
        )
        self._chosen_changed()

    def chosen(self) -> SuggestionInfo | None:
        """The suggestion selected, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _chosen_changed(self) -> None:
        on = self.chosen() is not None
        self.accept_button.setEnabled(on)
        self.reject_button.setEnabled(on)

    def _decide(self, same: bool) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        sid = chosen.id
        if same:
            self.ops.write(lambda lib: lib.accept_suggestion(sid), lambda _c: self.reload())
        else:
            self.ops.write(lambda lib: lib.reject_suggestion(sid), lambda _c: self.reload())
