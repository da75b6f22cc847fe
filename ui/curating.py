"""The reader's entity menu carried out: merge into…, rename…, ignore, and undo.

The window asks (dialogs), the Library does the work off the GUI thread, and the
results, facets and the open article are refreshed at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit

from desktop.library import Library
from desktop.views import MentionView

from .jobs import JobError

if TYPE_CHECKING:
    from .main_window import MainWindow

MERGE_CANDIDATES = 2000


class Curator:
    """Turns the reader's curation requests into Library calls for one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def request(self, op: str, mention: MentionView) -> None:
        """Ask what is needed for ``op`` on the mention's entity, then carry it out."""
        if op == "rename":
            name, ok = QInputDialog.getText(
                self.window,
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
            self.window.searcher.run(
                lambda lib: self._candidates(lib, mention),
                lambda names: self._ask_merge(mention, names),  # type: ignore[arg-type]
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
            self.window.statusBar().showMessage("Nothing to merge into", 5000)
            return
        labels = [label for label, _ in names]
        label, ok = QInputDialog.getItem(
            self.window,
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

    def run(self, op: object) -> None:
        """Carry out a Library curation call in the background, then refresh what shows it."""
        self.window.searcher.run(op, self._done, self._failed)  # type: ignore[arg-type]

    def _done(self, change: object) -> None:
        w = self.window
        text = change.summary  # type: ignore[attr-defined]
        w.statusBar().showMessage(text[:1].upper() + text[1:], 8000)
        w.refresh()
        if w.page.reader.document is not None:
            w.open_document(w.page.reader.document.id)

    def _failed(self, err: JobError) -> None:
        self.window.statusBar().showMessage(err.message, 10000)
