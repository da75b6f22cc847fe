"""An entity's story: its mentions per month (drag or click bars to filter by those months),
the entities that appear with it most (click one to add it as a filter), its spellings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.curation_mentions import SpellingInfo
from desktop.story import Companion, Story

from .histogram import DateHistogram, DateRange
from .operations import LibraryOps
from .plaintext import plain, tip
from .reader import kind_name
from .table_model import RowsModel


class CompanionsModel(RowsModel[Companion]):
    """The entities that appear with the story's one, most articles first."""

    COLUMNS = ("Appears with", "Kind", "Articles")
    CompanionRole = Qt.ItemDataRole.UserRole + 1

    def cell(self, c: Companion, column: int, role: int) -> Any:
        """Name, place or actor, articles."""
        if role == self.CompanionRole:
            return c
        if role == Qt.ItemDataRole.DisplayRole:
            return (c.name, "place" if c.facet == "place" else "actor", f"{c.articles:,}")[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{c.name}: in {c.articles:,} of these articles. Click to filter by it.")
        return None


class StoryDialog(QDialog):
    """Timeline, companions and spellings of one entity."""

    #: filter the results by the entity (facet, value), limited to a date range (or None)
    filter_wanted = Signal(str, str, object)
    #: add another entity as a filter (facet, value)
    companion_wanted = Signal(str, str)

    def __init__(self, ops: LibraryOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.story: Story | None = None
        self.setWindowTitle("Story")
        self.heading = plain(QLabel())
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        self.summary = plain(QLabel())
        self.timeline = DateHistogram()
        self.timeline.setMinimumHeight(120)
        self.timeline.setAccessibleName("Mentions per month")
        self.timeline.range_selected.connect(self._months_chosen)
        self.filter_all = QPushButton("Show All Its Articles")
        self.filter_all.clicked.connect(self._all_chosen)
        self.companions_model = CompanionsModel(self)
        self.companions = QTreeView()
        self.companions.setModel(self.companions_model)
        self.companions.setRootIsDecorated(False)
        self.companions.setUniformRowHeights(True)
        self.companions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.companions.setAccessibleName("Appears with")
        self.companions.header().resizeSection(0, 240)
        self.companions.clicked.connect(self._companion_clicked)
        self.spellings = QListWidget()
        self.spellings.setAccessibleName("Spellings")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.filter_all)
        lists = QHBoxLayout()
        lists.addWidget(self.companions, 3)
        right = QVBoxLayout()
        right.addWidget(plain(QLabel("Spellings")))
        right.addWidget(self.spellings, 1)
        lists.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.timeline)
        layout.addLayout(lists, 1)
        self.resize(820, 560)

    def show_story(self, story: Story, spellings: list[SpellingInfo]) -> None:
        """Fill the view."""
        self.story = story
        self.setWindowTitle(f"Story of {story.name}")
        self.heading.setText(f"{story.name} ({kind_name(story.kind)})")
        months = len([m for m in story.months if m[1]])
        self.summary.setText(
            f"{story.articles:,} articles, {story.undated:,} undated, over {months} months"
            " — drag across bars to see those months' articles"
        )
        counts = [(m, n) for m, n in story.months if n]
        if story.undated:
            counts.append(("undated", story.undated))
        self.timeline.set_counts(counts)
        self.companions_model.set_rows(story.companions)
        self.spellings.clear()
        for s in spellings:
            self.spellings.addItem(f"{s.spelling} ({s.mentions:,})")

    def _months_chosen(self, chosen: DateRange) -> None:
        if self.story is not None:
            span: tuple[dt.date | None, dt.date | None] = (chosen.date_from, chosen.date_to)
            self.filter_wanted.emit(self.story.facet, self.story.label, span)

    def _all_chosen(self) -> None:
        if self.story is not None:
            self.filter_wanted.emit(self.story.facet, self.story.label, None)

    def _companion_clicked(self, index: QModelIndex) -> None:
        c = index.data(CompanionsModel.CompanionRole)
        if c is not None:
            self.companion_wanted.emit(c.facet, c.name)
