"""After an import: what was imported, the duplicates, and each failed file with its reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from desktop.ingest.pipeline import ImportReport
from search.frozen import frozen

from .plaintext import plain, tip
from .table_model import RowsModel

FAILED, DUPLICATE, IMPORTED = "Failed", "Duplicate", "Imported"


@frozen
class ReportRow:
    """One file of the report."""

    status: str
    name: str
    detail: str
    path: str
    doc_id: int | None


def report_rows(report: ImportReport) -> list[ReportRow]:
    """Failed files first (they need the user), then duplicates, then what was imported."""
    rows = [ReportRow(FAILED, Path(f.path).name, f.error, f.path, None) for f in report.failed]
    rows += [
        ReportRow(
            DUPLICATE, Path(d.path).name, f"already in the library as article {d.id}", d.path, d.id
        )
        for d in report.duplicates
    ]
    rows += [
        ReportRow(IMPORTED, f.filename, _with_note(f.title, f.entities_note), f.path, f.id)
        for f in report.imported
    ]
    return rows


def _with_note(title: str, note: str | None) -> str:
    return f"{title} — {note}" if note else title


def summary(report: ImportReport) -> str:
    """'3 imported, 1 duplicate, 1 failed' (+ a note when it was cancelled)."""
    dup = len(report.duplicates)
    text = (
        f"{len(report.imported):,} imported, {dup:,} duplicate{'s' if dup != 1 else ''}, "
        f"{len(report.failed):,} failed"
    )
    given_up = sum(1 for f in report.imported if f.entities_status)
    if given_up:
        text += f" — entities not found in {given_up:,} (see Details)"
    if report.cancelled:
        text += f" — cancelled after {report.done_files:,} of {report.total_files:,} files"
    if report.entities_pending:
        n = report.entities_pending
        text += f"; entities pending for {n:,} article{'s' if n != 1 else ''}"
    return text


class ReportModel(RowsModel[ReportRow]):
    """The report as a table: result, file, details (reason, title or the existing article)."""

    DocIdRole = Qt.ItemDataRole.UserRole + 1
    StatusRole = Qt.ItemDataRole.UserRole + 2
    COLUMNS = ("Result", "File", "Details")

    def __init__(self, report: ImportReport, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows = report_rows(report)

    def cell(self, row: ReportRow, column: int, role: int) -> Any:
        """Texts, the failed rows in red, the full path as a tooltip."""
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.status, row.name, row.detail)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(row.path if column == 1 else row.detail)
        if role == Qt.ItemDataRole.ForegroundRole and row.status == FAILED:
            return QColor("#d0312d")
        if role == self.DocIdRole:
            return row.doc_id
        if role == self.StatusRole:
            return row.status
        return None

    def as_text(self) -> str:
        """Tab-separated lines (for the clipboard)."""
        return "\n".join(f"{r.status}\t{r.path}\t{r.detail}" for r in self.rows)


class ImportReportDialog(QDialog):
    """The import report; double-click an imported or duplicate file to read it."""

    open_document = Signal(int)

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.report = report
        self.model = ReportModel(report, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(ReportModel.StatusRole)

        self.summary = plain(QLabel(summary(report)))
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        self.show_combo = QComboBox()
        for label, status in (
            ("All files", ""),
            ("Failed", FAILED),
            ("Duplicates", DUPLICATE),
            ("Imported", IMPORTED),
        ):
            self.show_combo.addItem(label, status)
        self.show_combo.currentIndexChanged.connect(
            lambda _: self.proxy.setFilterFixedString(self.show_combo.currentData())
        )
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        # fixed sizes: measuring every row of a 10,000-file report would freeze the window
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setModel(self.proxy)
        status_width = max(
            self.fontMetrics().horizontalAdvance(s) for s in (FAILED, DUPLICATE, IMPORTED)
        )
        self.table.setColumnWidth(0, status_width + 24)
        self.table.setColumnWidth(1, 260)
        self.table.doubleClicked.connect(self._double_clicked)

        copy = QPushButton("Copy report")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.model.as_text()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.show_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def _double_clicked(self, index: QModelIndex) -> None:
        doc_id = index.data(ReportModel.DocIdRole)
        if doc_id is not None:
            self.open_document.emit(int(doc_id))
