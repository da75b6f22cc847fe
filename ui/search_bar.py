"""The search field with its sort choice, recent searches, syntax help and error line."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from desktop.querying import SearchRequest

from . import state
from .plaintext import menu_text, plain

DEBOUNCE_MS = 250

SYNTAX_HELP = """<b>Search syntax</b> (as in the <tt>sourcedesk search</tt> command)
<table cellspacing="4">
<tr><td><tt>Kherson train</tt></td><td>both words (in the text, title or entity names)</td></tr>
<tr><td><tt>"armored train"</tt></td><td>the exact phrase</td></tr>
<tr><td><tt>Kyiv OR Kiev</tt></td><td>either word</td></tr>
<tr><td><tt>Kyiv NOT Moscow</tt></td><td>exclude a word (also <tt>-Moscow</tt>)</td></tr>
<tr><td><tt>partisan*</tt></td><td><tt>*</tt> any letters, <tt>?</tt> one letter</td></tr>
<tr><td><tt>place:Melitopol</tt></td><td>a place, following aliases (Kiev finds Kyiv)</td></tr>
<tr><td><tt>actor:"Ivan Fedorov"</tt></td><td>a person or organisation</td></tr>
<tr><td><tt>source:CNN</tt></td><td>an outlet; also <tt>title:</tt> and <tt>text:</tt></td></tr>
<tr><td><tt>(a OR b) AND c</tt></td><td>group with parentheses</td></tr>
</table>
Press <b>Enter</b> to keep a search in Recent; <b>↓</b> moves into the results,
<b>Esc</b> clears the filters."""


class SearchBar(QWidget):
    """Emits the query text as the user types (debounced) and when Enter is pressed."""

    query_changed = Signal(str)
    query_committed = Signal(str)
    sort_changed = Signal(str)
    recent_chosen = Signal(SearchRequest)
    recent_cleared = Signal()
    navigate = Signal(QKeyEvent)  # arrow and page keys, for the result list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText(
            'Search the library — e.g. Kherson "armored train" place:Melitopol'
        )
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search")
        self.field.setAcceptDrops(False)  # a dropped file means "import", handled by the window
        self.field.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.query_changed.emit(self.field.text()))
        self.field.textEdited.connect(lambda _: self._timer.start())
        self.field.returnPressed.connect(self._commit)

        self.sort = QComboBox()
        self.sort.setAccessibleName("Sort results")
        self.sort.setToolTip("Sort the results")
        for key in state.SORTS:
            self.sort.addItem(state.SORT_LABELS[key], key)
        self.sort.currentIndexChanged.connect(
            lambda _: self.sort_changed.emit(self.sort.currentData())
        )

        self.recent_menu = QMenu(self)
        self.recent_button = QToolButton()
        self.recent_button.setText("Recent ▾")
        self.recent_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.recent_button.setToolTip("Recent searches")
        self.recent_button.setMenu(self.recent_menu)
        self.recent_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.set_recent([])

        self.help_menu = QMenu(self)
        help_label = QLabel(SYNTAX_HELP)
        help_label.setTextFormat(Qt.TextFormat.RichText)
        help_label.setContentsMargins(10, 8, 10, 8)
        help_action = QWidgetAction(self.help_menu)
        help_action.setDefaultWidget(help_label)
        self.help_menu.addAction(help_action)
        self.help_button = QToolButton()
        self.help_button.setText(" ? ")
        self.help_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.help_button.setToolTip("Search syntax")
        self.help_button.setAccessibleName("Search syntax")
        self.help_button.setMenu(self.help_menu)
        self.help_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        self.error = plain(QLabel())
        self.error.setStyleSheet("color: #d0312d;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.help_button)
        row.addWidget(self.recent_button)
        row.addWidget(QLabel("Sort:"))
        row.addWidget(self.sort)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)

    @property
    def typing(self) -> bool:
        """Text was typed that has not been searched for yet (the debounce is running)."""
        return self._timer.isActive()

    def _commit(self) -> None:
        self._timer.stop()
        self.query_committed.emit(self.field.text())

    def show_request(self, req: SearchRequest) -> None:
        """Reflect a request (restored or chosen from Recent) without emitting changes."""
        self._timer.stop()
        if self.field.text() != req.query:
            self.field.setText(req.query)
        index = self.sort.findData(req.sort)
        if index >= 0 and index != self.sort.currentIndex():
            self.sort.blockSignals(True)
            self.sort.setCurrentIndex(index)
            self.sort.blockSignals(False)

    def set_error(self, message: str) -> None:
        """Show why the query cannot run ('' hides the line)."""
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def set_recent(self, recent: list[SearchRequest]) -> None:
        """Fill the Recent menu."""
        self.recent_menu.clear()
        for req in recent:
            action = self.recent_menu.addAction(menu_text(state.describe(req)))
            action.triggered.connect(lambda _=False, r=req: self.recent_chosen.emit(r))
        if not recent:
            self.recent_menu.addAction("No recent searches").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear recent searches").triggered.connect(
                self.recent_cleared
            )

    def focus_field(self) -> None:
        """Ctrl+F: focus the field with its text selected."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down/PageUp/PageDown in the field move through the results."""
        keys = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if (
            watched is self.field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in keys
        ):
            self.navigate.emit(event)
            return True
        return super().eventFilter(watched, event)
