"""First run: what an empty library shows, and the overlay while files are dragged over."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyStateView(QWidget):
    """'Drop articles here', Import files/folder, or open the bundled sample library."""

    import_files_clicked = Signal()
    import_folder_clicked = Signal()
    sample_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Your library is empty")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.heading.setFont(font)
        self.drop_hint = QLabel("Drop articles here")
        font = self.drop_hint.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.drop_hint.setFont(font)
        self.text = QLabel(
            "Web pages, PDFs, Word documents, e-mails or text files — "
            "or whole folders of them. Sourcedesk keeps a copy of each file, finds the places, "
            "people and organisations it mentions, and makes everything searchable. "
            "Nothing leaves this computer."
        )
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # an aligned label gets no height-for-width from the layout: fix both sizes here
        self.text.setFixedWidth(520)
        self.text.setMinimumHeight(self.text.heightForWidth(520))
        self.import_files = QPushButton("Import files…")
        self.import_files.setToolTip("Choose files to import (Ctrl+O)")
        self.import_files.clicked.connect(self.import_files_clicked)
        self.import_folder = QPushButton("Import a folder…")
        self.import_folder.setToolTip("Import every article in a folder and its subfolders")
        self.import_folder.clicked.connect(self.import_folder_clicked)
        self.sample = QPushButton("Open the sample library")
        self.sample.setToolTip("Five sample articles in a library of their own, to try things out")
        self.sample.clicked.connect(self.sample_clicked)
        self.import_files.setDefault(True)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.import_files, self.import_folder, self.sample):
            b.setMinimumHeight(b.sizeHint().height() + 10)
            b.setMinimumWidth(b.sizeHint().width() + 16)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(18)
        layout.addWidget(self.drop_hint, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def set_sample_available(self, available: bool) -> None:
        """Hide the sample button where the installation has no seeds."""
        self.sample.setVisible(available)

    def paintEvent(self, event: QPaintEvent) -> None:
        """A dashed drop zone around the content."""
        p = QPainter(self)
        colour = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        colour.setAlphaF(0.35)
        pen = QPen(colour, 2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.drawRoundedRect(self.rect().adjusted(24, 24, -24, -24), 16, 16)
        p.end()


class DropOverlayView(QWidget):
    """A translucent layer over the window while files are dragged over it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label = QLabel("Drop to import", self)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.label.setFont(font)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.hide()
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the parent's size."""
        parent = self.parentWidget()
        if watched is parent and parent is not None and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False

    def show_over_parent(self) -> None:
        """Cover the parent and show."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The window's own background, nearly opaque, so the words stand out from the list
        under them; a dashed border in the highlight colour."""
        p = QPainter(self)
        backdrop = QColor(self.palette().color(QPalette.ColorRole.Window))
        backdrop.setAlphaF(0.9)
        p.fillRect(self.rect(), backdrop)
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        tint = QColor(colour)
        tint.setAlphaF(0.12)
        p.fillRect(self.rect(), tint)
        p.setPen(QPen(colour, 3, Qt.PenStyle.DashLine))
        p.drawRect(self.rect().adjusted(6, 6, -7, -7))
        p.end()
