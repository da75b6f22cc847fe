"""Search → Search Engine…: move this library's full-text index to the other engine.

Whoosh (pure Python) is the default at every size measured: at 100,000 articles Tantivy
(Rust) answers AND a little quicker and single words more slowly, phrases and filters the
same (docs/performance.md, 5 December 2026), so the window suggests neither; the reporter
chooses. Moving rebuilds only the index, from the stored articles, beside the current one,
which answers until the new one is swapped in (``Library.move_index``); articles, entities
and curation do not change.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from desktop.changes import Change
from desktop.library import Library

from .jobs import JobError
from .operations import LibraryOps

NAMES = {"whoosh": "Whoosh", "tantivy": "Tantivy"}
#: What each engine is, as measured at 100,000 articles (docs/performance.md).
ABOUT = {
    "whoosh": "Whoosh, written in Python: the default.",
    "tantivy": "Tantivy, written in Rust: at 100,000 articles as quick as Whoosh, a little "
    "quicker at AND and slower at single words, with a smaller index.",
}


class EngineChoice(QObject):
    """The dialog and the move; ``message`` carries what the status line should say."""

    message = Signal(str)

    def __init__(self, ops: LibraryOps, parent: QWidget) -> None:
        super().__init__(parent)
        self.ops = ops
        self.parent_widget = parent
        self.box: QMessageBox | None = None  # kept for tests
        self.move_button: QPushButton | None = None

    def open(self) -> QMessageBox:
        """Say which engine this library searches with, and offer the other one."""
        from search import available_engines

        index = self.ops.library.index
        box = QMessageBox(self.parent_widget)
        box.setWindowTitle("Search engine")
        self.move_button = None
        if index.follows_store:
            box.setText("A server library searches inside PostgreSQL: no engine to choose.")
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
        else:
            current = index.engine
            other = next(e for e in NAMES if e != current)
            text = f"This library searches with {ABOUT[current]}"
            if other in available_engines():
                box.setText(
                    f"{text}\n\nMove it to {ABOUT[other]}\n\nOnly the search index is "
                    "rebuilt, from the stored articles (a few seconds for 20,000), while this "
                    "one keeps answering; articles, entities and your curation do not change, "
                    "and you can move back at any time."
                )
                self.move_button = box.addButton(
                    f"Move to {NAMES[other]}", QMessageBox.ButtonRole.AcceptRole
                )
                box.addButton(QMessageBox.StandardButton.Cancel)
                box.setDefaultButton(QMessageBox.StandardButton.Cancel)
                button = self.move_button
                box.buttonClicked.connect(lambda b: self.move(other) if b is button else None)
            else:
                box.setText(f"{text}\n\n{NAMES[other]} is not installed with this copy.")
                box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.box = box
        box.open()
        return box

    def move(self, engine: str) -> None:
        """Rebuild the index with ``engine`` on the write lane; the window searches again."""
        name = NAMES[engine]
        self.message.emit(f"Rebuilding the search index with {name}…")

        def run(lib: Library) -> Change:
            started = time.monotonic()
            done = lib.move_index(engine)
            took = time.monotonic() - started
            return Change(f"search engine: {name}, {done:,} articles indexed in {took:.1f} s")

        self.ops.write(run, None, self._failed)

    def _failed(self, err: JobError) -> None:
        self.message.emit(f"The search engine was not changed: {err.message}")
