"""Small dialogs of the workbench: a tag, a collection, a name for a saved search.

Each asks one thing and says which articles it applies to ("3 selected articles", "every
result of this search: 1,204 articles"); the answer leaves as ``chosen(name, add)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .plaintext import plain


class NameDialog(QDialog):
    """Ask for a tag or collection name (completed from those the library has), to add to
    or remove from the articles it names."""

    chosen = Signal(str, bool)  # name, add (False: remove)

    def __init__(
        self,
        title: str,
        what: str,
        targets: str,
        names: list[str],
        parent: QWidget | None = None,
        removable: bool = True,
        add_text: str = "Add",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.intro = plain(QLabel(f"{what} for {targets}:"))
        self.intro.setWordWrap(True)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.addItems(names)
        self.combo.setCurrentText("")
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.combo.setCompleter(completer)
        line = self.combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("a name, new or one of the list")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add = QPushButton(add_text)
        self.add.setDefault(True)
        buttons.addButton(self.add, QDialogButtonBox.ButtonRole.AcceptRole)
        self.remove = QPushButton("Remove")
        self.remove.setVisible(removable)
        buttons.addButton(self.remove, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.add.clicked.connect(lambda: self._answer(True))
        self.remove.clicked.connect(lambda: self._answer(False))
        self.combo.editTextChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.combo)
        layout.addWidget(buttons)
        self._update(self.combo.currentText())
        self.resize(420, self.sizeHint().height())

    def _update(self, text: str) -> None:
        has = bool(text.strip())
        self.add.setEnabled(has)
        self.remove.setEnabled(has)

    def _answer(self, add: bool) -> None:
        name = " ".join(self.combo.currentText().split())
        if name:
            self.chosen.emit(name, add)
            self.accept()


class SaveSearchDialog(QDialog):
    """A name for the current search."""

    chosen = Signal(str)

    def __init__(self, described: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save Search")
        self.setModal(True)
        intro = plain(QLabel(f"Save this search to watch it:\n{described}"))
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText("a name, e.g. Melitopol train")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save.setEnabled(False)
        self.name.textChanged.connect(lambda t: self.save.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self._answer)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def _answer(self) -> None:
        if self.name.text().strip():
            self.chosen.emit(self.name.text().strip())
            self.accept()
