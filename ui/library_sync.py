"""File → Push to Server Library… / Pull from Server Library…: a reporter back from the
field brings their work in, or takes the desk's home, without the command line.

The same as ``sourcedesk push --to`` / ``pull --from`` (:func:`desktop.server.sync.sync`):
the articles the other library lacks, then curation, marks, quotes, saved searches and the
trash as one step that Edit → Undo takes back there. It runs in a child process
(:func:`desktop.isolated.sync_in_child`), so the window never waits on it; a password typed
in the dialog goes to the child through its pipe and is not kept.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox, QWidget

from desktop.changes import Change
from desktop.ingest.pipeline import ImportProgress
from desktop.isolated import sync_in_child
from desktop.library import Library
from desktop.locations import connect_address, short_name, shown
from desktop.server.sync import SyncReport

from .importing import ENTITIES
from .jobs import JobError
from .operations import LibraryOps
from .plaintext import escaped
from .server_dialog import ServerDialog

WORDS = {
    "push": ("Push to a server library", "Push", "to", "Pushing this library's work to"),
    "pull": ("Pull from a server library", "Pull", "from", "Pulling articles and work from"),
}


class LibrarySync(QObject):
    """The dialog, the run in a child process and the report; ``message`` carries what the
    status line should say, ``finished`` the report (or None when it failed)."""

    message = Signal(str)
    finished = Signal(object)
    #: the copied articles' import, from the job's thread (queued to the window's)
    progressed = Signal(object)
    #: True when one starts, False when it ends (no switching libraries meanwhile)
    busy = Signal(bool)

    def __init__(self, ops: LibraryOps, parent: QWidget) -> None:
        super().__init__(parent)
        self.ops = ops
        self.parent_widget = parent
        self.dialog: ServerDialog | None = None  # kept for tests
        self.box: QMessageBox | None = None
        self.running = False
        self.last_server: str | None = None  # as shown (no password), once one has run
        #: on the status bar while it runs (a status message is gone after seconds)
        self.indicator = QLabel()
        self.indicator.setTextFormat(Qt.TextFormat.PlainText)
        self.indicator.setContentsMargins(0, 0, 18, 0)  # apart from the article count beside it
        self.indicator.hide()
        self._doing = ""
        self.progressed.connect(self._progress)

    def choose(self, direction: str, last_server: str | None) -> ServerDialog:
        """Ask which server library (the one opened last, to start with), then run."""
        title, verb, _, _ = WORDS[direction]
        dialog = ServerDialog(self.parent_widget)
        dialog.setWindowTitle(title)
        button = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
        button.setText(verb)
        if last_server is not None:
            dialog.set_address(last_server)
        dialog.accepted.connect(
            lambda: self.start(direction, dialog.address(), dialog.shown_address())
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def start(self, direction: str, other: str, other_shown: str | None = None) -> None:
        """Push to (or pull from) ``other`` on the write lane, in a child process."""
        if self.running:
            self.message.emit("A push or pull is already under way")
            return
        self.running = True
        _, verb, preposition, doing = WORDS[direction]
        where = other_shown or shown(other)
        name = short_name(other)
        self.message.emit(f"{doing} {name}…")
        self._doing = f"⇅ {verb}ing {preposition} {name}…"
        self.indicator.setText(self._doing)
        self.indicator.setToolTip(escaped(f"{doing} {name}: the window keeps answering meanwhile"))
        self.indicator.show()
        self.busy.emit(True)
        report: list[SyncReport] = []

        def run(lib: Library) -> Change:
            done: SyncReport = sync_in_child(
                connect_address(lib), direction, other, self.progressed.emit
            )
            lib.searcher.refresh()  # what the child committed
            report.append(done)
            first = done.summary.splitlines()[0]
            return Change(
                f"{direction}: {first}",
                documents_added=direction == "pull" and done.copied > 0,
                entities=True,
                marks=True,
            )

        def finished(_change: Change) -> None:
            self.running = False
            self.indicator.hide()
            self.busy.emit(False)
            self.last_server = where
            self._report(f"{verb} {preposition} {name}", where, report[0])

        def failed(err: JobError) -> None:
            self.running = False
            self.indicator.hide()
            self.busy.emit(False)
            why = err.message or "it stopped without saying why"
            self.message.emit(f"{verb} {preposition} {name} stopped: {why}")
            # the reporter may have turned to other work during a long push: a box, not
            # only a status message gone in seconds
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                f"{verb} stopped",
                f"{verb} {preposition} {name} stopped.",
                QMessageBox.StandardButton.Ok,
                self.parent_widget,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)  # the server's own words
            box.setInformativeText(
                f"{why}\n\nWhat was copied before it stopped is kept; a second {verb.lower()} "
                "copies only the rest."
            )
            self.box = box
            box.open()
            self.finished.emit(None)

        self.ops.write(run, finished, failed)

    def _progress(self, progress: ImportProgress) -> None:
        """How far the copy is: articles read, then their entities found."""
        if not self.running or not progress.total:
            return
        count = f"{progress.done:,} of {progress.total:,}"
        if progress.phase == ENTITIES:
            self.indicator.setText(f"{self._doing} finding entities, {count}")
        else:
            self.indicator.setText(f"{self._doing} {count} articles")

    def _report(self, what: str, where: str, report: SyncReport) -> None:
        """A box with what travelled (and what failed), and the first line in the status."""
        icon = QMessageBox.Icon.Warning if report.failed else QMessageBox.Icon.Information
        box = QMessageBox(
            icon,
            f"{what.split()[0]} finished",
            f"{what} finished.",
            QMessageBox.StandardButton.Ok,
            self.parent_widget,
        )
        # entity names, file names and the other library's messages: never rich text
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(report.summary.replace("; ", ";\n") + f"\n\n{where}")
        self.box = box
        box.open()
        self.message.emit(f"{what}: {report.summary.splitlines()[0]}")
        self.finished.emit(report)
