"""The reader's entity menu carried out: merge into…, rename…, ignore, and undo.

The curator asks what it needs (its own dialogs), runs the change on the library's write
lane and says how it went on ``message``; the window refreshes from the change that the
lane announces, like after any other write.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from desktop.changes import Change
from desktop.library import Library
from desktop.views import MentionView

from .jobs import JobError
from .operations import LibraryOps

MERGE_CANDIDATES = 2000


class Curator(QObject):
    """Turns the reader's curation requests into Library writes."""

    #: what to tell the user (why a change could not be made)
    message = Signal(str)

    def __init__(self, ops: LibraryOps, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.ops = ops
        self.dialog_parent = dialog_parent

    def request(self, op: str, mention: MentionView) -> None:
        """Ask what is needed for ``op`` on the mention's entity, then carry it out."""
        if op == "rename":
            name, ok = QInputDialog.getText(
                self.dialog_parent,
                "Rename",
                f"New name for {mention.canonical}:",
                QLineEdit.EchoMode.Normal,
                mention.canonical,
            )
            if ok and name.strip() and name.strip() != mention.canonical:
                self.run(lambda lib: lib.rename_entity(mention.entity_id, name.strip()))
        elif op == "ignore":
            self.run(lambda lib: lib.ignore_entity(mention.entity_id))
        elif op == "merge":
            self.ops.read(
                lambda lib: self._candidates(lib, mention),
                lambda names: self._ask_merge(mention, names),
                self._failed,
            )

    @staticmethod
    def _candidates(lib: Library, mention: MentionView) -> list[tuple[str, int]]:
        kind = "place" if mention.kind == "place" else "actor"
        return [
            (f"{e.name} ({e.kind}, {e.documents} articles)", e.id)
            for e in lib.entities(kind=kind, limit=MERGE_CANDIDATES)
            if e.id != mention.entity_id
        ]

    def _ask_merge(self, mention: MentionView, names: list[tuple[str, int]]) -> None:
        if not names:
            self.message.emit("Nothing to merge into")
            return
        labels = [label for label, _ in names]
        label, ok = QInputDialog.getItem(
            self.dialog_parent,
            "Merge into…",
            f"Merge {mention.canonical} into (its spellings and mentions move there):",
            labels,
            0,
            True,
        )
        if ok and label in labels:
            target = names[labels.index(label)][1]
            self.run(lambda lib: lib.merge_entities(mention.entity_id, target))

    def undo(self) -> None:
        """Undo the last entity change."""
        self.run(lambda lib: lib.undo_curation())

    def run(self, op: Callable[[Library], Change]) -> None:
        """Carry out a Library curation call on the write lane (the window shows the change
        it announces; a failure is said here)."""
        self.ops.write(op, None, self._failed)

    def _failed(self, err: JobError) -> None:
        self.message.emit(err.message)
