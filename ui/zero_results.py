"""What the result list shows when a search finds nothing: the search, and ways out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.querying import SearchRequest
from desktop.relaxing import Relaxation

from . import state
from .plaintext import menu_text


class ZeroResultsView(QWidget):
    """ "No articles match …", then one button per nearby search that finds something."""

    chosen = Signal(SearchRequest)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("No articles match")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.what = QLabel()
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.what.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 24, 16, 16)
        self._layout.setSpacing(8)
        self._layout.addWidget(self.heading)
        self._layout.addWidget(self.what)
        self._layout.addWidget(self.hint)
        self._layout.addStretch(1)

    def show_request(self, req: SearchRequest) -> None:
        """Say what was searched; the offers follow when they are counted."""
        self.what.setText(state.describe(req))
        self.set_offers([], counting=True)

    def set_offers(self, offers: list[Relaxation], counting: bool = False) -> None:
        """One button per nearby search, with how many articles it finds."""
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        if counting:
            self.hint.setText("Looking for what to change…")
            return
        self.hint.setText("Try instead:" if offers else "Nothing near it finds an article either.")
        for i, offer in enumerate(offers):
            n = f"{offer.total:,} article{'s' if offer.total != 1 else ''}"
            label = menu_text(f"{offer.label[:1].upper()}{offer.label[1:]}")  # "AT&T", no shortcut
            button = QPushButton(f"{label} — {n}")
            button.clicked.connect(lambda _=False, r=offer.request: self.chosen.emit(r))
            self._layout.insertWidget(3 + i, button)
            self.buttons.append(button)
