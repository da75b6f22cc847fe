"""Editing an article's metadata (one, or several at once), and the trash."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.document_edits import TrashedInfo
from desktop.views import DocumentView

from .operations import LibraryOps
from .table_model import RowsModel

SEVERAL = "(several: unchanged unless typed)"


class EditDialog(QDialog):
    """Title, outlet, byline, date (or undated) and address of one article; for several,
    the fields they can share (outlet, byline, date), left unchanged unless typed."""

    def __init__(
        self, ops: LibraryOps, docs: list[DocumentView], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.ids = [d.id for d in docs]
        one = docs[0] if len(docs) == 1 else None
        self.setWindowTitle("Edit article" if one else f"Edit {len(docs)} articles")
        self.title = QLineEdit(one.title if one else "")
        self.outlet = QLineEdit(one.source or "" if one else "")
        self.byline = QLineEdit(one.author or "" if one else "")
        self.date = QLineEdit(one.published.isoformat() if one and one.published else "")
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.undated = QCheckBox("Undated (the article gives no date)")
        self.undated.setChecked(bool(one and one.published is None))
        self.undated.toggled.connect(lambda on: self.date.setEnabled(not on))
        self.date.setEnabled(not self.undated.isChecked())
        self.url = QLineEdit(one.url or "" if one else "")
        form = QFormLayout()
        if one:
            form.addRow("Title", self.title)
        else:
            for field in (self.outlet, self.byline, self.date):
                field.setPlaceholderText(SEVERAL)
            self.title.setVisible(False)
        form.addRow("Outlet", self.outlet)
        form.addRow("Byline", self.byline)
        form.addRow("Published", self.date)
        form.addRow("", self.undated)
        if one:
            form.addRow("Address", self.url)
        else:
            self.url.setVisible(False)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c0392b")
        self.error.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            "What you set here is kept as yours: re-indexing and finding entities again leave "
            "it as it is. Edit → Undo takes it back."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        if not one:
            heading = QLabel(
                f"{len(docs)} articles: what you type here is set in all of them; an empty "
                "field leaves theirs as it is."
            )
            heading.setWordWrap(True)
            layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 0)
        self._start = self.fields()

    def fields(self) -> dict[str, Any]:
        """What the form says now (the date as a date, or None when undated)."""
        out: dict[str, Any] = {
            "title": self.title.text(),
            "source": self.outlet.text(),
            "author": self.byline.text(),
            "url": self.url.text(),
        }
        if self.undated.isChecked():
            out["published"] = None
        else:
            out["published"] = (
                dt.date.fromisoformat(self.date.text().strip())
                if (self.date.text().strip())
                else "?"
            )
        return out

    def changes(self) -> dict[str, Any]:
        """The fields the user changed (for several articles: the ones typed in)."""
        try:
            now = self.fields()
        except ValueError:
            raise ValueError("Type the date as YYYY-MM-DD, or tick Undated.") from None
        several = len(self.ids) > 1
        out = {}
        for key, value in now.items():
            if several and key == "published":
                if self.undated.isChecked() or value != "?":
                    out[key] = value
            elif several:
                if value:
                    out[key] = value
            elif value != self._start.get(key):
                out[key] = value
        if out.get("published") == "?":
            raise ValueError("Type the date as YYYY-MM-DD, or tick Undated.")
        return out

    def save(self) -> None:
        """Store what changed on the write lane; the window follows the change it announces."""
        try:
            changes = self.changes()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        if changes:
            ids = list(self.ids)
            self.ops.write(lambda lib: lib.documents.edit(ids, **changes))
        self.accept()


class TrashModel(RowsModel[TrashedInfo]):
    """The articles in the trash."""

    COLUMNS = ("Title", "File", "Removed")

    def cell(self, row: TrashedInfo, column: int, role: int) -> Any:
        """Plain text cells."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.title, row.filename, f"{row.trashed_at:%Y-%m-%d %H:%M}")[column]
        return None


class TrashDialog(QDialog):
    """File → Trash…: restore articles, or empty the trash for good."""

    def __init__(self, ops: LibraryOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle("Trash")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model = TrashModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.restore_button = QPushButton("Restore")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        self.empty_button = QPushButton("Empty Trash…")
        self.empty_button.clicked.connect(self._empty)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.restore_button.setEnabled(bool(self.chosen()))
        )
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.empty_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.resize(640, 360)
        self.confirm: QDialog | None = None
        self.reload()

    def reload(self) -> None:
        """Read the trash again."""
        self.ops.read(lambda lib: lib.documents.trashed(), self._show)

    def _show(self, rows: list[TrashedInfo]) -> None:
        self.model.set_rows(rows)
        self.summary.setText(
            f"{len(rows):,} article{'s' if len(rows) != 1 else ''} in the trash: found by "
            "nothing, their original files kept until the trash is emptied."
            if rows
            else "The trash is empty."
        )
        self.empty_button.setEnabled(bool(rows))
        self.restore_button.setEnabled(bool(self.chosen()))

    def chosen(self) -> list[int]:
        """The ids of the articles selected."""
        return [self.model.rows[i.row()].id for i in self.view.selectionModel().selectedRows()]

    def _restore(self) -> None:
        ids = self.chosen()
        if ids:
            self.ops.write(lambda lib: lib.documents.restore(ids), lambda _c: self.reload())

    def _empty(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Empty the trash",
            f"Delete the {len(self.model.rows):,} articles in the trash for good? Their "
            "original files go too, unless another article shares them. This cannot be undone.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        delete = box.addButton("Delete for Good", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered() -> None:
            if box.clickedButton() is delete:
                self.ops.write(lambda lib: lib.documents.empty_trash(), lambda _c: self.reload())

        box.finished.connect(lambda _: answered())
        self.confirm = box
        box.open()
