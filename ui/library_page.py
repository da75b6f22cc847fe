"""The layout of the library page: search bar, chips, facets | results | reader."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desktop.facets import FACETS

from .chips import ChipsBar
from .date_panel import DatePanel
from .facets import FacetPanel
from .reader import ArticleReader
from .results_model import ResultsModel
from .results_view import ResultsView
from .search_bar import SearchBar


class LibraryPageView(QWidget):
    """Only layout: the window owns the models' content and wires the signals."""

    def __init__(self, results_model: ResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_bar = SearchBar()
        self.chips = ChipsBar()
        self.date_panel = DatePanel()
        self.facets = {f.name: FacetPanel(f.name, f.title) for f in FACETS}
        self.results = ResultsView()
        self.results.setModel(results_model)
        self.reader = ArticleReader()

        self.facet_splitter = QSplitter(Qt.Orientation.Vertical)
        self.facet_splitter.setChildrenCollapsible(False)
        for panel in self.facets.values():
            self.facet_splitter.addWidget(panel)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addWidget(self.date_panel)
        left_layout.addWidget(self.facet_splitter, 1)
        left.setMinimumWidth(190)
        self.results.setMinimumWidth(280)
        self.reader.setMinimumWidth(320)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 5)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.chips)
        layout.addWidget(self.splitter, 1)

    def set_default_sizes(self, width: int) -> None:
        """Proportions for a first start: facets ~19 %, results ~36 %, reader the rest."""
        left = max(200, int(width * 0.19))
        middle = max(300, int(width * 0.36))
        self.splitter.setSizes([left, middle, max(320, width - left - middle)])
