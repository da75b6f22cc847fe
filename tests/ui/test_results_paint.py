"""The result list's rows, painted from what the delegate keeps between paints."""

from __future__ import annotations

from PySide6.QtGui import QImage

from desktop.querying import SearchRequest
from ui.results_model import ResultsModel
from ui.results_view import ResultsView
from ui.theme import dark_palette


def shown(qtbot, model: ResultsModel, palette=None) -> ResultsView:  # type: ignore[no-untyped-def]
    view = ResultsView()
    qtbot.addWidget(view)
    if palette is not None:
        view.setPalette(palette)
    view.setModel(model)
    view.resize(640, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def picture(view: ResultsView) -> QImage:
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def answer(library, query: str) -> ResultsModel:  # type: ignore[no-untyped-def]
    result = library.searcher.search(SearchRequest(query=query))
    model = ResultsModel(lambda ids, q, deliver: deliver([]))
    model.set_results(SearchRequest(query=query), result.ids.tolist(), list(result.hits))
    return model


def test_rows_show_each_answer_as_a_new_list_would(qtbot, seed_library):
    """The list keeps each hit's laid-out snippet and what every row is painted with: a new
    answer, another width and a dark palette are painted exactly as a list showing them
    from the start paints them."""
    first, second = answer(seed_library, "Kherson"), answer(seed_library, "Zelensky OR Kyiv")
    assert first.rowCount() and second.rowCount()
    view = shown(qtbot, first)
    before = picture(view)
    view.setModel(second)  # another answer in the same list (kept layouts from the first)
    assert picture(view) == picture(shown(qtbot, second))
    assert picture(view) != before
    view.resize(520, 700)  # narrower: the snippets are laid out again
    narrow = shown(qtbot, second)
    narrow.resize(520, 700)
    assert picture(view) == picture(narrow)
    view.setPalette(dark_palette())  # the hits' colours and the text follow the palette
    assert picture(view) == picture(
        (lambda v: (v.resize(520, 700), v)[1])(shown(qtbot, second, dark_palette()))
    )
