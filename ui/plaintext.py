"""Strings from articles are shown as text, never as markup.

A title, an outlet, a byline, a file name or an entity name comes from a file someone sent.
Qt guesses whether a string is rich text (``Qt::mightBeRichText``) in labels, tooltips and
dialogs; a guessed ``<img src="file:///…">`` would make the window read a local file, and
``<b>`` would dress up the article's own metadata. So every label that can show such a
string is set to plain text, every tooltip (and a static dialog's label, whose format
cannot be set) is escaped rich text that shows its string as it is, and menus do not take
``&`` as a shortcut.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel


def plain(label: QLabel) -> QLabel:
    """The label, set to show its text as it is."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def escaped(text: str) -> str:
    """Rich text that shows ``text`` as it is: for a tooltip, or a label whose format cannot be
    set (a static ``QInputDialog``'s). Qt reads it as rich text, and all of it is escaped."""
    if not text:
        return ""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


#: A tooltip that shows its text as it is.
tip = escaped


def menu_text(text: str) -> str:
    """A menu entry that shows ``text`` as it is ("AT&T", not "AT" and a shortcut T)."""
    return text.replace("&", "&&")
