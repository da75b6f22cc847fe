"""The entity menus (reader and facets) carried out: merge into…, rename…, ignore, undo.

The curator asks what it needs (its own dialogs), runs the change on the library's write
lane and says how it went on ``message``; the window refreshes from the change that the
lane announces, like after any other write.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from desktop.changes import Change
from desktop.facets import FACET_BY_NAME, split_kind
from desktop.library import Library
from desktop.views import MentionView

from .entity_dialogs import SpellingsDialog, SuggestionsDialog
from .jobs import JobError
from .merge_dialog import EntityRef, MergeDialog
from .operations import LibraryOps
from .plaintext import escaped


class Curator(QObject):
    """Turns the reader's curation requests into Library writes."""

    #: what to tell the user (why a change could not be made)
    message = Signal(str)
    #: an article to show (from a list of spellings)
    open_document = Signal(int)

    def __init__(self, ops: LibraryOps, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.ops = ops
        self.dialog_parent = dialog_parent

    def request(self, op: str, mention: MentionView) -> None:
        """A curation ``op`` from the reader: on the mention ("split", "move") or on its
        entity ("merge", "rename", "ignore", "spellings")."""
        entity = EntityRef(mention.entity_id, mention.canonical, mention.kind)
        if op == "split" and mention.id:
            mid = mention.id
            self.run(lambda lib: lib.split_mention(mid))
        elif op == "move" and mention.id:
            mid = mention.id
            dialog = MergeDialog(
                self.ops,
                entity,
                self.dialog_parent,
                title="Move this mention",
                intro=f"“{mention.text}” here is not {mention.canonical}. Type the name of the "
                "entity it is (the article's other mentions written the same way move too).",
                action="Move",
                any_kind=True,
            )
            dialog.accepted.connect(lambda: self._move(mid, dialog.chosen()))
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()
        else:
            self.curate(op, entity)

    def _move(self, mention_id: int, target: int | None) -> None:
        if target is not None:
            self.run(lambda lib: lib.move_mention(mention_id, target))

    def show_suggestions(self) -> SuggestionsDialog:
        """Edit → Merge Suggestions…"""
        dialog = SuggestionsDialog(self.ops, self.dialog_parent)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def request_for_value(self, op: str, facet: str, value: str) -> None:
        """A curation ``op`` on the entity a facet value names (its context menu)."""
        spec = FACET_BY_NAME[facet]
        name, kinds = split_kind(value, spec.kinds)

        def find(lib: Library) -> list[EntityRef]:
            rows = lib.entities(kind=facet, contains=name, limit=50)
            return [
                EntityRef(e.id, e.name, e.kind) for e in rows if e.name == name and e.kind in kinds
            ]

        def found(refs: list[EntityRef]) -> None:
            if len(refs) == 1:
                self.curate(op, refs[0])
            else:
                self.message.emit(f"{value} names {len(refs)} entities here; use the reader")

        self.ops.read(find, found, self._failed)

    def curate(self, op: str, entity: EntityRef) -> None:
        """Ask what is needed for ``op`` on ``entity``, then carry it out."""
        if op == "rename":
            name, ok = QInputDialog.getText(
                self.dialog_parent,
                "Rename",
                escaped(f"New name for {entity.name}:"),  # the name as it is, never markup
                QLineEdit.EchoMode.Normal,
                entity.name,
            )
            if ok and name.strip() and name.strip() != entity.name:
                self.run(lambda lib: lib.rename_entity(entity.id, name.strip()))
        elif op == "ignore":
            self.run(lambda lib: lib.ignore_entity(entity.id))
        elif op == "spellings":
            spellings = SpellingsDialog(self.ops, entity, self.dialog_parent)
            spellings.open_document.connect(self.open_document)
            spellings.finished.connect(spellings.deleteLater)
            spellings.open()
        elif op == "merge" and entity.kind != "date":
            dialog = MergeDialog(self.ops, entity, self.dialog_parent)
            dialog.accepted.connect(lambda: self._merge(entity, dialog.chosen()))
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()

    def _merge(self, entity: EntityRef, target: int | None) -> None:
        if target is not None:
            self.run(lambda lib: lib.merge_entities(entity.id, target))

    def undo(self) -> None:
        """Undo the last entity change."""
        self.run(lambda lib: lib.undo_curation())

    def run(self, op: Callable[[Library], Change]) -> None:
        """Carry out a Library curation call on the write lane (the window shows the change
        it announces; a failure is said here)."""
        self.ops.write(op, None, self._failed)

    def _failed(self, err: JobError) -> None:
        self.message.emit(err.message)
