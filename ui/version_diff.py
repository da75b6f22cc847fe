"""Two versions side by side: each whole, the words the other has not marked, the two panes
scrolling together. The texts are escaped: nothing from an article is markup."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QTextBrowser, QWidget

from desktop.versions_diff import VersionDiff
from desktop.views import DocumentView

from .plaintext import plain
from .reader_html import safe_text
from .theme import theme_for


def diff_html(runs: list[tuple[str, bool]], background: str, foreground: str) -> str:
    """Runs of text as escaped HTML, the changed ones marked."""
    out = ['<div style="white-space: pre-wrap;">']
    for text, changed in runs:
        piece = html.escape(safe_text(text), quote=False)
        if changed:
            style = f"background-color:{background};color:{foreground};"
            piece = f'<span style="{style}">{piece}</span>'
        out.append(piece)
    out.append("</div>")
    return "".join(out)


class VersionDiffDialog(QDialog):
    """Left: one version; right: another; what differs marked in both."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Versions side by side")
        self.left_title, self.right_title = plain(QLabel()), plain(QLabel())
        for label in (self.left_title, self.right_title):
            label.setWordWrap(True)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        self.share = plain(QLabel())
        self.left, self.right = QTextBrowser(), QTextBrowser()
        for pane in (self.left, self.right):
            pane.setOpenLinks(False)
            pane.setOpenExternalLinks(False)
        self.left.setAccessibleName("First version")
        self.right.setAccessibleName("Second version")
        lb, rb = self.left.verticalScrollBar(), self.right.verticalScrollBar()
        lb.valueChanged.connect(lambda v: rb.setValue(int(v * rb.maximum() / max(lb.maximum(), 1))))
        rb.valueChanged.connect(lambda v: lb.setValue(int(v * lb.maximum() / max(rb.maximum(), 1))))
        grid = QGridLayout(self)
        grid.addWidget(self.share, 0, 0, 1, 2)
        grid.addWidget(self.left_title, 1, 0)
        grid.addWidget(self.right_title, 1, 1)
        grid.addWidget(self.left, 2, 0)
        grid.addWidget(self.right, 2, 1)
        grid.setRowStretch(2, 1)
        self.resize(1100, 640)

    def show_diff(self, a: DocumentView, b: DocumentView, diff: VersionDiff) -> None:
        """Show two documents and their differences."""
        theme = theme_for(self.palette())

        def head(doc: DocumentView) -> str:
            date = doc.published.isoformat() if doc.published else "undated"
            return f"{doc.title}\n{doc.source or 'unknown outlet'} · {date} · article {doc.id}"

        self.left_title.setText(head(a))
        self.right_title.setText(head(b))
        self.share.setText(
            f"{diff.same_share:.0%} of the words are the same; what only one has is marked"
        )
        bg, fg = theme.hit_background, theme.hit_foreground
        self.left.setHtml(diff_html(diff.left, bg, fg))
        self.right.setHtml(diff_html(diff.right, bg, fg))
