"""Merge into…: find the entity to merge into by typing; nothing is chosen for the user.

A library holds tens of thousands of entities, and the biggest one is rarely the right
one (Enter on a pre-selected "Reuters, 1,524 articles" once merged a person into a news
agency). The list starts empty, fills with the entities of the same kind whose spellings
contain what is typed, and OK stays disabled until one is picked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from desktop.curation import EntityInfo
from search.frozen import frozen

from .operations import LibraryOps
from .plaintext import tip
from .table_model import RowsModel

CANDIDATES = 50
TYPING_DELAY_MS = 150


@frozen
class EntityRef:
    """An entity as a menu knows it: id, name and kind."""

    id: int
    name: str
    kind: str


class CandidatesModel(RowsModel[EntityInfo]):
    """Entities to merge into: "name (kind) · N articles · also: spellings"."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    COLUMNS = ("Entity",)

    def cell(self, e: EntityInfo, column: int, role: int) -> Any:
        """The candidate's label (plain text), its spellings as a tooltip, its id."""
        if role == Qt.ItemDataRole.DisplayRole:
            n = f"{e.documents:,} article{'s' if e.documents != 1 else ''}"
            return f"{e.name} ({e.kind}) · {n}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip("Also written: " + ", ".join(e.aliases) if e.aliases else e.name)
        if role == self.IdRole:
            return e.id
        return None


class MergeDialog(QDialog):
    """Choose the entity that ``source`` is merged into (see the module's notes)."""

    def __init__(
        self,
        ops: LibraryOps,
        source: EntityRef,
        parent: QWidget | None = None,
        *,
        title: str = "Merge into…",
        intro: str = "",
        action: str = "Merge",
        any_kind: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.source = source
        self.action = action
        self.any_kind = any_kind  # a mention may belong to another kind of entity
        self.setWindowTitle(title)
        self.setModal(True)
        intro_label = QLabel(
            intro
            or f"Merge {source.name} ({source.kind}) into the entity below: its spellings and "
            "mentions move there. Type to find it."
        )
        intro_label.setTextFormat(Qt.TextFormat.PlainText)
        intro_label.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Type a name or a spelling…")
        self.field.setClearButtonEnabled(True)
        self.model = CandidatesModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.status = QLabel("Nothing chosen yet.")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(action)
        self.ok.setEnabled(False)
        self.ok.setDefault(False)
        self.ok.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addWidget(self.field)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(460, 380)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self._look_up)
        self.field.textChanged.connect(lambda _: self._timer.start())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._chosen_changed())
        self.view.doubleClicked.connect(lambda _: self.accept() if self.chosen() else None)
        self._asked = ""

    def chosen(self) -> int | None:
        """The id of the entity picked, if any."""
        rows = self.view.selectionModel().selectedRows()
        return int(rows[0].data(CandidatesModel.IdRole)) if rows else None

    def accept(self) -> None:
        """Only with a candidate picked (Enter in the field alone does nothing)."""
        if self.chosen() is not None:
            super().accept()

    def _chosen_changed(self) -> None:
        picked = self.chosen()
        self.ok.setEnabled(picked is not None)
        if picked is not None:
            row = next(e for e in self.model.rows if e.id == picked)
            self.status.setText(f"{self.action}: {self.source.name} → {row.name} ({row.kind}).")
        else:
            self.status.setText("Nothing chosen yet.")

    def _look_up(self) -> None:
        text = self.field.text().strip()
        self._asked = text
        if not text:
            self.model.set_rows([])
            self._chosen_changed()
            return
        kind = None if self.any_kind else self.source.kind
        source = self.source.id

        def found(rows: list[EntityInfo]) -> None:
            if text != self._asked:
                return  # the user typed on
            rows = [e for e in rows if e.id != source and e.kind != "date"]
            self.model.set_rows(rows[:CANDIDATES])
            self._chosen_changed()
            if not self.model.rows:
                what = kind or "entity"
                self.status.setText(f"No {what} called “{text}” in this library.")

        self.ops.read(
            lambda lib: lib.entities(kind=kind, contains=text, limit=CANDIDATES + 1), found
        )
