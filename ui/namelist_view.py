"""The Name List: paste or import names (one a line, or CSV) and see how many articles
mention each, through the library's spellings, with the first and last date. A row opens
as a search; the table exports as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.library import Library
from desktop.namelists import NameRow, parse_names, to_csv

from .jobs import JobError
from .operations import LibraryOps
from .plaintext import plain, tip
from .table_model import RowsModel


class NamesModel(RowsModel[NameRow]):
    """A row per name: found as what, articles, first and last date."""

    COLUMNS = ("Name", "In this library", "Articles", "First", "Last")
    RowRole = Qt.ItemDataRole.UserRole + 1

    def cell(self, r: NameRow, column: int, role: int) -> Any:
        """The name, what it names here, the count and the dates."""
        if role == self.RowRole:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return r.name
            if column == 1:
                return ", ".join(r.matched) if r.matched else "not in this library"
            if column == 2:
                return f"{r.articles:,}"
            day = r.first if column == 3 else r.last
            return day.isoformat() if day else ("undated" if r.articles else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            how = f"\n{r.via}" if r.via else ""
            found = f"found as {', '.join(r.facets)}" if r.facets else "not in this library"
            return tip(f"{r.name}: {found}{how}\nDouble-click to search for it")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class NameListDialog(QDialog):
    """Names in, a table of articles per name out."""

    search_wanted = Signal(str)  # a row's query
    message = Signal(str)

    def __init__(self, ops: LibraryOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle("Name List")
        self.names = QPlainTextEdit()
        self.names.setPlaceholderText('Paste names here, one a line (or CSV with a "name" column)…')
        self.names.setAccessibleName("Names")
        self.load = QPushButton("Import File…")
        self.load.clicked.connect(self.choose_file)
        self.count = QPushButton("Count")
        self.count.setDefault(True)
        self.count.clicked.connect(self.run)
        self.model = NamesModel(self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Articles per name")
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.view.header().resizeSection(0, 200)
        self.view.header().resizeSection(1, 220)
        self.view.doubleClicked.connect(self._open)
        self.summary = plain(QLabel())
        self.export = QPushButton("Export CSV…")
        self.export.clicked.connect(lambda: self.export_to_file())
        self.export.setEnabled(False)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.names, 1)
        row = QHBoxLayout()
        row.addWidget(self.load)
        row.addStretch(1)
        row.addWidget(self.count)
        ll.addLayout(row)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.export)
        rl.addLayout(bottom)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([260, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.resize(980, 520)

    def choose_file(self) -> None:
        """Read names from a text or CSV file into the box."""
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a name list", str(Path.home()), "Names (*.txt *.csv);;All files (*)"
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Put a file's names in the box and count them."""
        try:
            self.names.setPlainText(path.read_text("utf-8", errors="replace"))
        except OSError as exc:
            self.message.emit(f"Cannot read {path}: {exc.strerror}")
            return
        self.run()

    def run(self) -> None:
        """Count the names in the box (in the background)."""
        try:
            names = parse_names(self.names.toPlainText())
        except ValueError as exc:
            self.summary.setText(str(exc))
            return
        self.summary.setText(f"Counting {len(names):,} names…")
        self.count.setEnabled(False)

        def done(rows: list[NameRow]) -> None:
            self.count.setEnabled(True)
            self.model.set_rows(rows)
            found = sum(1 for r in rows if r.articles)
            self.summary.setText(f"{found:,} of {len(rows):,} names are in this library")
            self.export.setEnabled(bool(rows))

        def failed(err: JobError) -> None:
            self.count.setEnabled(True)
            self.summary.setText(err.message)

        self.ops.read(lambda lib: lib.workbench.name_counts(names), done, failed)

    def _open(self, index: QModelIndex) -> None:
        row: NameRow = index.data(NamesModel.RowRole)
        if row is not None and row.query:
            self.search_wanted.emit(row.query)

    def export_to_file(self, path: str | None = None) -> None:
        """Write the table as CSV."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export", "names.csv", "CSV (*.csv)")
        if not path:
            return
        text = to_csv(self.model.rows)

        def write(_lib: Library) -> int:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                return fh.write(text)

        def failed(err: JobError) -> None:
            self.message.emit(f"Cannot write {path}: {err.message}")

        self.ops.read(write, lambda _n: self.message.emit(f"Exported to {path}"), failed)
