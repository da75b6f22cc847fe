"""Strings from articles are shown as text, never as markup.

A title, an outlet, a byline, a file name or an entity name comes from a file someone sent.
Qt guesses whether a string is rich text (``Qt::mightBeRichText``) in labels, tooltips and
dialogs; a guessed ``<img src="file:///…">`` would make the window read a local file, and
``<b>`` would dress up the article's own metadata. So every label that can show such a
string is set to plain text, every tooltip is escaped rich text that shows its string as
it is, dialogs set their labels to plain text, and menus do not take ``&`` as a shortcut.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit, QWidget


def plain(label: QLabel) -> QLabel:
    """The label, set to show its text as it is."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def tip(text: str) -> str:
    """A tooltip that shows ``text`` as it is (escaped, so Qt never reads it as markup)."""
    if not text:
        return ""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def menu_text(text: str) -> str:
    """A menu entry that shows ``text`` as it is ("AT&T", not "AT" and a shortcut T)."""
    return text.replace("&", "&&")


def _plain_labels(dialog: QDialog) -> None:
    for label in dialog.findChildren(QLabel):
        plain(label)


def ask_text(
    parent: QWidget | None,
    title: str,
    label: str,
    echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal,
    text: str = "",
) -> tuple[str, bool]:
    """``QInputDialog.getText``, with its label shown as plain text."""
    dialog = QInputDialog(parent)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(echo)
    dialog.setTextValue(text)
    _plain_labels(dialog)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    value = dialog.textValue()
    dialog.deleteLater()
    return value, ok


def ask_item(
    parent: QWidget | None,
    title: str,
    label: str,
    items: Sequence[str],
    current: int = 0,
    editable: bool = True,
) -> tuple[str, bool]:
    """``QInputDialog.getItem``, with its label shown as plain text."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setComboBoxItems(list(items))
    dialog.setComboBoxEditable(editable)
    if 0 <= current < len(items):
        dialog.setTextValue(items[current])
    _plain_labels(dialog)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    value = dialog.textValue()
    dialog.deleteLater()
    return value, ok
