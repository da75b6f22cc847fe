"""The layout of the library page: search bar, chips, facets | dates over results | reader."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.facets import FACETS

from .article_panel import ArticlePanelView
from .chips import ChipsBar
from .date_panel import DatePanel
from .facets import FacetPanel
from .reader import ArticleReader
from .results_model import ResultsModel
from .results_view import ResultsView
from .saved_list import SavedSearchesView
from .search_bar import SearchBar
from .zero_results import ZeroResultsView


class LibraryPageView(QWidget):
    """Only layout: the window owns the models' content and wires the signals.

    Left: the value facets, each as tall as its values need (a source list of three takes
    three rows; places and actors share the rest). Middle: the date histogram over the
    results. Right: the reader, which gives its room to the results while it is empty.
    """

    def __init__(self, results_model: ResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_bar = SearchBar()
        self.chips = ChipsBar()
        self.date_panel = DatePanel()
        self.facets = {f.name: FacetPanel(f.name, f.title) for f in FACETS}
        self.results = ResultsView()
        self.results.setModel(results_model)
        self.reader = ArticleReader()
        self.article_panel = ArticlePanelView()  # star, tags, note, versions, other coverage
        self.saved = SavedSearchesView()
        self.reading = True  # the default sizes are the reading ones
        self._reading_sizes: list[int] | None = None  # the splitter while an article shows

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.saved)
        for panel in self.facets.values():
            left_layout.addWidget(panel, 1)
        left_layout.addStretch(0)  # short lists stack at the top; long ones share the rest
        column = QScrollArea()  # on a small screen the column scrolls, the lists keep 10 rows
        column.setWidget(left)
        column.setWidgetResizable(True)
        column.setFrameShape(QFrame.Shape.NoFrame)
        column.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column.setMinimumWidth(190)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(4)
        middle_layout.addWidget(self.date_panel)
        self.zero = ZeroResultsView()
        self.results_stack = QStackedWidget()
        self.results_stack.addWidget(self.results)
        self.results_stack.addWidget(self.zero)
        middle_layout.addWidget(self.results_stack, 1)
        middle.setMinimumWidth(280)
        self.reader.setMinimumWidth(320)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(column)
        self.splitter.addWidget(middle)
        self.reader_column = QSplitter(Qt.Orientation.Vertical)
        self.reader_column.setChildrenCollapsible(False)
        self.reader_column.addWidget(self.reader)
        self.reader_column.addWidget(self.article_panel)
        self.reader_column.setStretchFactor(0, 4)
        self.reader_column.setStretchFactor(1, 1)
        self.splitter.addWidget(self.reader_column)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 5)
        self.splitter.splitterMoved.connect(lambda *_: self._remember_reading_sizes())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.chips)
        layout.addWidget(self.splitter, 1)

    def show_zero(self, zero: bool) -> None:
        """The result list, or what to do when there is nothing in it."""
        self.results_stack.setCurrentWidget(self.zero if zero else self.results)

    def set_default_sizes(self, width: int) -> None:
        """Proportions for a first start: facets ~19 %, results ~36 %, reader the rest."""
        left = max(240, int(width * 0.19))  # room for "Russian Defence Ministry" at 1024
        middle = max(300, int(width * 0.36))
        self.splitter.setSizes([left, middle, max(320, width - left - middle)])

    def _remember_reading_sizes(self) -> None:
        if self.reading:
            self._reading_sizes = self.splitter.sizes()

    def set_reading(self, reading: bool) -> None:
        """An article is shown (the reader gets its room back) or not (the results take it)."""
        if reading == self.reading:
            return
        sizes = self.splitter.sizes()
        if reading:
            self.reading = True
            if self._reading_sizes is not None:
                self.splitter.setSizes(self._reading_sizes)
            return
        self._reading_sizes = sizes
        self.reading = False
        narrow = self.reader.minimumWidth()
        total = sum(sizes)
        self.splitter.setSizes([sizes[0], max(280, total - sizes[0] - narrow), narrow])
