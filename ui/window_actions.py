"""The window's menus and shortcuts, and the dialogs behind them: choosing files and
libraries, the import report, opening an original with the system's viewer, help.

``WindowActions`` knows the main window only as a ``QMainWindow`` (its menu bar, the parent
of its dialogs): what the user asks for leaves as a signal, which the window connects.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTemporaryDir, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from desktop.citation import citation
from desktop.ingest.pipeline import ImportReport
from desktop.library import Library
from desktop.locations import same_library, short_name, shown
from desktop.paths import is_server_location
from desktop.views import DocumentView

from .document_dialogs import EditDialog, TrashDialog
from .engine_choice import EngineChoice
from .import_report import ImportReportDialog
from .jobs import JobError
from .library_sync import LibrarySync
from .operations import LibraryOps
from .search_bar import SYNTAX_HELP
from .server_dialog import ServerDialog

IMPORT_FILTER = "Articles (*.html *.htm *.xhtml *.mhtml *.mht *.pdf *.docx *.eml *.txt *.md *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)"  # noqa: E501


def copy_original(library: Library, doc_id: int, filename: str, folder: Path) -> Path:
    """The kept original, copied under its own name (so viewers know its type)."""
    source = library.original_file(doc_id)
    target_dir = folder / str(doc_id)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / (Path(filename).name or f"article-{doc_id}")
    shutil.copyfile(source, target)
    return target


def new_library_folder(chosen: Path) -> Path:
    """Where a new library chosen as ``chosen`` goes: there if it is empty (or a library),
    else in a new folder "Sourcedesk Library" inside it, numbered if that exists."""
    if Library.is_library(chosen) or not any(chosen.iterdir()):
        return chosen
    target, n = chosen / "Sourcedesk Library", 2
    while target.exists() and not Library.is_library(target):
        target, n = chosen / f"Sourcedesk Library {n}", n + 1
    return target


class WindowActions(QObject):
    """Menu bar, shortcuts and the dialogs behind them, for one main window."""

    import_requested = Signal(list)  # paths of files and folders
    #: a library to open: a folder, or a postgresql:// address (which may hold a password
    #: typed for this connection: it goes to the connection, never to the settings)
    library_requested = Signal(str)
    sample_requested = Signal()
    open_document_requested = Signal(int)  # from the import report
    undo_requested = Signal()
    suggestions_requested = Signal()
    find_requested = Signal()
    clear_requested = Signal()
    next_hit_requested = Signal()
    previous_hit_requested = Signal()
    message = Signal(str)  # for the status line

    def __init__(self, window: QMainWindow, ops: LibraryOps, sample_available: bool) -> None:
        super().__init__(window)
        self.window = window
        self.ops = ops
        self.report_dialog: ImportReportDialog | None = None
        self.not_a_library_box: QMessageBox | None = None
        self.edit_dialog: EditDialog | None = None
        self.server_dialog: ServerDialog | None = None
        self.recent_locations: list[str] = []  # as shown: never a password
        #: copies of originals for the system viewer: made on the first "Open original",
        #: removed when the window closes (a window that opened none leaves no folder)
        self._temp: QTemporaryDir | None = None
        menu = window.menuBar().addMenu("&File")
        self.import_files = self._action(
            menu, "&Import Files…", self.choose_files, QKeySequence.StandardKey.Open
        )
        self.import_folder = self._action(
            menu, "Import &Folder…", self.choose_folder, QKeySequence("Ctrl+Shift+O")
        )
        menu.addSeparator()
        self.new_library = self._action(menu, "&New Library…", self.choose_new_library)
        self.open_library = self._action(menu, "Open &Library…", self.choose_library)
        self.open_server = self._action(menu, "Open Ser&ver Library…", self.choose_server)
        self.recent_menu = menu.addMenu("&Recent Libraries")
        self.library_sync = LibrarySync(ops, window)
        self.library_sync.message.connect(self.message)
        #: the server this library last pushed to or pulled from (the window's settings)
        self.sync_server: Callable[[], str | None] = lambda: None
        self.push = self._action(menu, "&Push to Server Library…", lambda: self.choose_sync("push"))
        self.pull = self._action(
            menu, "P&ull from Server Library…", lambda: self.choose_sync("pull")
        )
        self.open_sample = self._action(
            menu, "Open the &Sample Library", self.sample_requested.emit
        )
        self.open_sample.setVisible(sample_available)
        menu.addSeparator()
        self.trash = self._action(menu, "&Trash…", self.show_trash)
        menu.addSeparator()
        self._action(menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

        menu = window.menuBar().addMenu("&Edit")
        self.undo_entity = self._action(
            menu, "&Undo", self.undo_requested.emit, QKeySequence.StandardKey.Undo
        )
        menu.addSeparator()
        self.suggestions = self._action(
            menu, "Merge &Suggestions…", self.suggestions_requested.emit
        )

        menu = window.menuBar().addMenu("&Search")
        self.find = self._action(
            menu, "&Find", self.find_requested.emit, QKeySequence.StandardKey.Find
        )
        self.clear = self._action(
            menu, "&Clear Filters", self.clear_requested.emit, QKeySequence("Esc")
        )
        self.clear.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        menu.addSeparator()
        self.next_hit = self._action(
            menu,
            "&Next Hit in Article",
            self.next_hit_requested.emit,
            QKeySequence.StandardKey.FindNext,
        )
        self.prev_hit = self._action(
            menu,
            "&Previous Hit in Article",
            self.previous_hit_requested.emit,
            QKeySequence.StandardKey.FindPrevious,
        )

        self.search_menu = menu
        self.engine_choice = EngineChoice(ops, window)
        self.engine_choice.message.connect(self.message)
        #: Search → Search Engine…, put last in the menu by :meth:`finish_menus`
        self.search_engine = QAction("Search &Engine…", window)
        self.search_engine.triggered.connect(lambda _=False: self.engine_choice.open())

        menu = window.menuBar().addMenu("&Help")
        self._action(
            menu, "Search &Syntax", self.show_syntax, QKeySequence.StandardKey.HelpContents
        )
        self._action(menu, "&About Sourcedesk", self.show_about)
        # Ctrl+L is the other habit for "go to the search field"
        QShortcut(QKeySequence("Ctrl+L"), window, self.find_requested.emit)

    def finish_menus(self) -> None:
        """Once every part of the window has added its items: the settings-like ones last."""
        self.search_menu.addSeparator()
        self.search_menu.addAction(self.search_engine)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def set_library_actions_enabled(self, enabled: bool) -> None:
        """No switching libraries while an import writes to one."""
        for action in (
            self.new_library,
            self.open_library,
            self.open_server,
            self.open_sample,
            self.push,
            self.pull,
        ):
            action.setEnabled(enabled)
        self.recent_menu.setEnabled(enabled)

    def set_recent_libraries(self, locations: list[str]) -> None:
        """File → Recent Libraries: folders and server libraries opened lately (not this one).
        A server library is listed by its address without a password."""
        self.recent_menu.clear()
        self.recent_locations = list(locations)
        current = self.ops.library.location
        shown_ = [loc for loc in locations if not same_library(loc, current)]
        for location in shown_:
            if is_server_location(location):
                label = f"{short_name(location)} — {shown(location)}"
            else:
                folder = Path(location)
                label = f"{folder.name} — {folder.parent}"
            action = self.recent_menu.addAction(label)
            action.setEnabled(Library.is_library(location))
            action.triggered.connect(lambda _=False, loc=location: self.library_requested.emit(loc))
        if not shown_:
            self.recent_menu.addAction("No other library yet").setEnabled(False)

    # -- choosing ------------------------------------------------------------------------

    def choose_files(self) -> None:
        """File → Import Files…"""
        files, _ = QFileDialog.getOpenFileNames(
            self.window, "Import files", str(Path.home()), IMPORT_FILTER
        )
        if files:
            self.import_requested.emit(files)

    def choose_folder(self) -> None:
        """File → Import Folder…"""
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder", str(Path.home()))
        if folder:
            self.import_requested.emit([folder])

    def choose_library(self) -> None:
        """File → Open Library…: a folder that holds a library; for any other folder, ask
        (never write a library into a folder of articles without saying so)."""
        lib = self.ops.library
        start = lib.root.parent if lib.home.kind == "folder" else Path.home()  # not a cache
        folder = QFileDialog.getExistingDirectory(self.window, "Open a library", str(start))
        if folder:
            self.open_folder(Path(folder))

    def choose_server(self) -> ServerDialog:
        """File → Open Server Library…: host, port, database, user (and a password that is
        used for this connection only). It starts from the server library opened last."""
        dialog = ServerDialog(self.window)
        last = next((loc for loc in self.recent_locations if is_server_location(loc)), None)
        if last is not None:
            dialog.set_address(last)
        dialog.accepted.connect(lambda: self.library_requested.emit(dialog.address()))
        dialog.finished.connect(dialog.deleteLater)
        self.server_dialog = dialog  # kept for tests
        dialog.open()
        return dialog

    def choose_sync(self, direction: str) -> ServerDialog:
        """File → Push to / Pull from Server Library…: which server library (the one opened
        last, to start with); the articles and the work then travel (ui/library_sync.py)."""
        last = self.sync_server() or next(
            (loc for loc in self.recent_locations if is_server_location(loc)), None
        )
        return self.library_sync.choose(direction, last)

    def open_folder(self, folder: Path) -> None:
        """Open ``folder`` as a library if it is one, else ask what the user meant."""
        if Library.is_library(folder):
            self.library_requested.emit(str(folder))
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Not a library",
            f"{folder} is not a Sourcedesk library.",
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            "Make a new, empty library in this folder, or import the articles it holds "
            f"into the library open now ({short_name(self.ops.library.location)})?"
        )
        make = box.addButton("Make a Library Here", QMessageBox.ButtonRole.AcceptRole)
        import_here = box.addButton("Import Its Files", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(import_here)

        def answered() -> None:
            if box.clickedButton() is make:
                self.library_requested.emit(str(folder))
            elif box.clickedButton() is import_here:
                self.import_requested.emit([str(folder)])

        box.finished.connect(lambda _: answered())
        self.not_a_library_box = box  # kept for tests and for the answer
        box.open()

    def choose_new_library(self) -> None:
        """File → New Library…: an empty folder becomes the library; in a folder that holds
        other files, the library gets a folder of its own there."""
        folder = QFileDialog.getExistingDirectory(
            self.window, "Where to make the new library", str(Path.home())
        )
        if folder:
            self.library_requested.emit(str(new_library_folder(Path(folder))))

    # -- reports and messages ------------------------------------------------------------

    def show_report(self, report: ImportReport) -> None:
        """The import report, in a window of its own (replacing the last one)."""
        if self.report_dialog is not None:
            self.report_dialog.close()
            self.report_dialog.deleteLater()
        self.report_dialog = ImportReportDialog(report, self.window)
        self.report_dialog.open_document.connect(self.open_document_requested)
        self.report_dialog.show()

    def close_report(self) -> None:
        """Close the import report, if it is open."""
        if self.report_dialog is not None:
            self.report_dialog.close()

    def warn(self, title: str, text: str) -> None:
        """A warning the user must acknowledge (the window stays usable)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()

    # -- originals and help --------------------------------------------------------------

    def open_original(self, doc_id: int, filename: str) -> None:
        """Copy the kept file out under its name and hand it to the system's viewer."""
        if self._temp is None:
            self._temp = QTemporaryDir()
        folder = Path(self._temp.path())
        name = filename or f"article-{doc_id}"

        def ready(path: object) -> None:
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                self.message.emit(f"No application here opens {name}")

        def failed(err: JobError) -> None:
            self.message.emit(f"Cannot open the original: {err.message}")

        self.ops.read(lambda lib: copy_original(lib, doc_id, name, folder), ready, failed)

    def remove_copies(self) -> None:
        """Remove the copies handed to the system's viewer (the window is closing)."""
        if self._temp is not None:
            self._temp.remove()
            self._temp = None

    def show_trash(self) -> TrashDialog:
        """File → Trash…"""
        dialog = TrashDialog(self.ops, self.window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def act_on_results(self, op: str, ids: list[int]) -> None:
        """The result list's menu: open originals, copy citations, edit, move to the trash."""
        if not ids:
            return
        if op == "original":
            self.ops.read(
                lambda lib: lib.searcher.document(ids[0]).filename,
                lambda name: self.open_original(ids[0], name),
            )
        elif op == "cite":
            self.ops.read(
                lambda lib: "\n".join(citation(lib.searcher.document(i)) for i in ids),
                self._copied,
            )
        elif op == "edit":
            self.ops.read(lambda lib: [lib.searcher.document(i) for i in ids], self._edit_documents)
        elif op == "trash":
            self.ops.write(lambda lib: lib.documents.trash(ids))

    def _copied(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        n = text.count("\n") + 1
        self.message.emit(f"Copied {n} citation{'s' if n != 1 else ''}")

    def _edit_documents(self, docs: list[DocumentView]) -> None:
        dialog = EditDialog(self.ops, docs, self.window)
        dialog.finished.connect(dialog.deleteLater)
        self.edit_dialog = dialog
        dialog.open()

    def show_syntax(self) -> None:
        """Help → Search Syntax."""
        QMessageBox(
            QMessageBox.Icon.NoIcon,
            "Search syntax",
            SYNTAX_HELP,
            QMessageBox.StandardButton.Ok,
            self.window,
        ).open()

    def show_about(self) -> None:
        """Help → About."""
        from desktop import __version__

        QMessageBox(
            QMessageBox.Icon.NoIcon,
            "About Sourcedesk",
            f"<b>Sourcedesk {__version__}</b><p>An offline library for a journalist's sources."
            f"<p>Library: {html.escape(self.ops.library.location)}",
            QMessageBox.StandardButton.Ok,
            self.window,
        ).open()
