"""The item models against pytest-qt's model tester, over a real library."""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace

from PySide6.QtCore import QModelIndex, QModelRoleData, QPoint, Qt, QThreadPool

from desktop.ingest.pipeline import DuplicateFile, FailedFile, ImportedFile, ImportReport
from desktop.querying import SearchRequest
from ui.facets import FacetModel
from ui.import_report import FAILED, ReportModel
from ui.results_model import ResultsModel
from ui.searching import SearchController


def sync_fetcher(library):
    """Pages straight from the library, delivered at once."""

    def fetch(ids, query, deliver):
        deliver(library.searcher.hits(ids, query))

    return fetch


def fill(model: ResultsModel, library, request: SearchRequest) -> None:
    first = library.searcher.search(replace(request, limit=model.page_size))
    model.set_results(request, first.ids.tolist(), first.hits)


def test_results_model_fetches_rows_page_by_page(qtmodeltester, seed_library):
    model = ResultsModel(sync_fetcher(seed_library), page_size=2)
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())
    fill(model, seed_library, SearchRequest(sort="date"))
    assert model.total == 5 and model.rowCount() == 2
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 4
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 5 and not model.canFetchMore(QModelIndex())
    ids = [model.id_at(r) for r in range(5)]
    assert ids == seed_library.searcher.all_ids(SearchRequest(sort="date")).tolist()
    assert model.index(4, 2).data() == "undated"
    assert model.index(0, 0).data() == model.hit_at(0).title
    assert model.row_of(ids[3]) == 3
    qtmodeltester.check(model)


def test_results_model_passes_the_tester_with_rows_left_to_fetch(qtmodeltester, seed_library):
    model = ResultsModel(sync_fetcher(seed_library), page_size=2)
    fill(model, seed_library, SearchRequest(query="Kherson"))
    assert model.rowCount() == 2 and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # the tester itself fetches more while it checks
    assert model.rowCount() > 2


def test_results_model_with_background_pages(qtbot, qtmodeltester, seed_library):
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    searcher = SearchController(seed_library, pool)
    model = ResultsModel(searcher.fetch_page, page_size=2)
    fill(model, seed_library, SearchRequest(query="Kherson"))
    assert model.total == 4 and model.rowCount() == 2
    # the tester stays attached: it checks every insertion and reset that follows
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        qtmodeltester.check(model)  # asks for more; the page arrives later, from the worker
        assert model.rowCount() == 2 and not model.canFetchMore(QModelIndex())  # on its way
    assert model.rowCount() == 4 and not model.canFetchMore(QModelIndex())
    assert all(model.hit_at(r) is not None for r in range(4))

    # a new search while a page is on its way: the late page is dropped, not mixed in
    fill(model, seed_library, SearchRequest(query="Kherson"))
    model.fetchMore(QModelIndex())
    fill(model, seed_library, SearchRequest(query="Azovstal"))
    pool.waitForDone()
    qtbot.wait(50)
    assert model.total == 2 and model.rowCount() == 2
    assert {model.hit_at(r).filename for r in range(2)} == {
        "000_7c70147f503d4823.txt",
        "004_90168afd947e35b7.txt",
    }


def test_facet_model_and_its_filter(qtmodeltester, seed_library):
    result = seed_library.searcher.search(SearchRequest(places=("Mariupol",)))
    model = FacetModel("place")
    model.set_values(result.facets["place"], ("Mariupol", "Atlantis"))
    qtmodeltester.check(model)
    assert model.values[:2] == [("Mariupol", model.count_of("Mariupol")), ("Atlantis", 0)]
    model.set_filter("KHA")
    qtmodeltester.check(model)
    shown = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert shown == {"Mariupol", "Atlantis", "Kharkiv"}  # selected values always stay


def test_a_facet_cell_painted_in_one_call_says_what_data_says(qtbot, seed_library):
    """The view paints a cell from one multiData call, answered from roles worked out once
    per answer: the same as data() for every role, after a selection, a filter and a new
    palette as before them."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    result = seed_library.searcher.search(SearchRequest())
    model = FacetModel("place")
    roles = [*map(int, Qt.ItemDataRole), FacetModel.ValueRole, FacetModel.CountRole]

    def same_answers() -> int:
        checked = 0
        for row, column in itertools.product(range(model.rowCount()), range(2)):
            index = model.index(row, column)
            for role in roles:
                asked = QModelRoleData(role)
                model.multiData(index, asked)
                assert asked.data() == model.data(index, role), (row, column, role)
                checked += 1
        return checked

    model.set_values(result.facets["place"])
    assert same_answers() > 100
    model.set_values(result.facets["place"], ("Kherson",))
    model.set_filter("e")
    assert same_answers()
    count = model.index(0, 1)
    faded = model.data(count, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(faded, QColor) and faded.alphaF() < 1
    app = QApplication.instance()
    before = app.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    try:
        app.setPalette(dark)
        model.palette_changed()  # what each panel does on its PaletteChange
        asked = QModelRoleData(int(Qt.ItemDataRole.ForegroundRole))
        model.multiData(count, asked)
        assert asked.data().name() == "#eeeeee" and same_answers()
    finally:
        app.setPalette(before)


def test_a_long_facet_shows_the_top_values_and_finds_the_rest(qtmodeltester):
    """20,000 actors: the view gets the selected value and the 200 most frequent; typing
    finds any of the others."""
    values = [(f"Person {i:05d}", 20_000 - i) for i in range(20_000)]
    model = FacetModel("actor")
    model.set_values(values, ("Person 19999",))
    qtmodeltester.check(model)
    assert model.rowCount() == 1 + FacetModel.MAX_ROWS
    assert model.index(0, 0).data() == "Person 19999"  # the selection first
    assert model.index(1, 0).data() == "Person 00000"  # then the most frequent
    assert model.hidden == 20_000 - 1 - FacetModel.MAX_ROWS
    assert model.count_of("Person 12345") == 20_000 - 12345  # known though not shown
    model.set_filter("12345")
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert shown == ["Person 19999", "Person 12345"] and model.hidden == 0


def test_report_model(qtmodeltester, tmp_path):
    report = ImportReport(
        imported=[ImportedFile(7, "a.txt", "A title", str(tmp_path / "a.txt"))],
        duplicates=[DuplicateFile(str(tmp_path / "b.txt"), 3)],
        failed=[FailedFile(str(tmp_path / "c.pdf"), "not a PDF file")],
    )
    model = ReportModel(report)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(3)] == [FAILED, "Duplicate", "Imported"]
    assert model.index(0, 2).data() == "not a PDF file"
    assert model.index(2, 0).data(ReportModel.DocIdRole) == 7
    # a view asks a cell's roles in one multiData call: the same answers as data()
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, ReportModel.DocIdRole)
    for row, column, role in itertools.product(range(3), range(3), roles):
        asked = QModelRoleData(int(role))
        model.multiData(model.index(row, column), asked)
        assert asked.data() == model.index(row, column).data(role)
    asked = QModelRoleData(int(Qt.ItemDataRole.ForegroundRole))
    model.multiData(model.index(0, 1), asked)
    assert asked.data() is not None  # the failed file in red


def _shown_panel(qtbot, panel, model_class):  # type: ignore[no-untyped-def]
    """``panel`` on screen (260 x 300) with a model of ``model_class`` (one that counts)."""
    qtbot.addWidget(panel)
    panel.model = model_class(panel.facet, panel)
    panel.view.setModel(panel.model)
    panel.resize(260, 300)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_a_facet_refresh_asks_only_for_the_rows_in_view(qtbot):
    """Sizing the count column from the largest count, not by asking every row: a refresh
    of a long facet costs the data() of the rows on screen, not of all 200 rows (the
    window refreshes three facets on every search)."""
    from ui.facets import FacetPanel

    calls = [0]

    class Counting(FacetModel):
        def data(self, index, role=0):  # type: ignore[override]
            calls[0] += 1
            return super().data(index, role)

    panel = _shown_panel(qtbot, FacetPanel("actor", "Actors"), Counting)
    values = [(f"Person {i:05d}", 20_000 - i) for i in range(5_000)]
    calls[0] = 0
    panel.set_values(values, ())
    panel.view.grab()  # lay out and paint what is visible
    assert panel.model.rowCount() == FacetModel.MAX_ROWS
    assert calls[0] < 2 * FacetModel.MAX_ROWS * 2, calls[0]
    widest = panel.view.fontMetrics().horizontalAdvance("20,000")
    assert panel.view.horizontalHeader().sectionSize(1) >= widest


def test_a_facet_panel_lays_out_only_the_rows_it_shows(qtbot):
    """Showing new values, the filter box appearing and the panel narrowing: the view asks
    the model (Python, called from Qt) about the rows it paints, not about all 200 on every
    layout (a tree view did: 626 calls here against ~150, and most of the window's first
    answer at 100,000 articles, 65-85 ms on the GUI thread); and it asks for a cell's roles
    in one call."""
    from ui.facets import FacetPanel

    calls = [0]

    class Counting(FacetModel):
        """Counts the calls Qt makes into the model (not the model's own)."""

        def data(self, index, role=0):  # type: ignore[no-untyped-def]
            calls[0] += sys._getframe(1).f_code.co_name != "fill_roles"  # Qt, not multiData
            return super().data(index, role)

        def rowCount(self, parent=QModelIndex()):  # type: ignore[override]  # noqa: B008
            calls[0] += 1
            return super().rowCount(parent)

        def columnCount(self, parent=QModelIndex()):  # type: ignore[override]  # noqa: B008
            calls[0] += 1
            return super().columnCount(parent)

    panel = _shown_panel(qtbot, FacetPanel("place", "Places"), Counting)
    calls[0] = 0
    panel.set_values([(f"Town {i:05d}", 9_000 - i) for i in range(5_000)], ())
    panel.view.grab()
    panel.resize(220, 300)
    panel.view.grab()
    assert panel.filter_box.isVisible() and panel.model.rowCount() == FacetModel.MAX_ROWS
    viewport = panel.view.viewport()
    shown = panel.view.indexAt(QPoint(5, viewport.height() - 1)).row() + 1
    assert 0 < shown < 30  # the rows on screen
    assert calls[0] < 2 * FacetModel.MAX_ROWS, calls[0]
    calls[0] = 0
    panel.view.grab()  # a paint: the roles of a cell in one call, none through data()
    assert calls[0] <= 2 * 2 * shown, calls[0]  # two columns, two roles asked alone
    # and what a reader sees: the first values, in order, with their counts
    first = panel.view.indexAt(panel.view.viewport().rect().topLeft())
    assert first.data() == "Town 00000" and first.siblingAtColumn(1).data() == "9,000"
    # a larger font (the reporter's settings): the rows grow with it, none is cut
    before = panel.view.rowHeight(0)
    font = panel.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    panel.setFont(font)
    assert panel.view.rowHeight(0) >= panel.view.sizeHintForRow(0) > before
