"""Searching in the window: query, facets, chips, dates, sort, keys, errors, settings."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.querying import SearchRequest
from tests.helpers import GOLD
from tests.helpers.window import result_keys, titles, wait_idle
from tests.ui.test_reader import open_in_reader
from ui.main_window import MainWindow

QUERIES = {q["q"]: set(q["docs"]) for q in GOLD["queries"] if "q" in q}


def facet_click(qtbot, window: MainWindow, facet: str, value: str) -> None:
    """A real mouse click on a facet value's row."""
    panel = window.page.facets[facet]
    index = panel.value_index(value)
    assert index.isValid(), f"{value} is not listed under {facet}"
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_typing_a_query_updates_results_and_facet_counts(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    assert window.count_label.text() == "5 of 5 articles"
    places = window.page.facets["place"].model
    assert places.count_of("Kherson") == 4

    qtbot.keyClicks(window.page.search_bar.field, "Melitopol")
    wait_idle(qtbot, window)

    assert result_keys(window) == QUERIES["Melitopol"]
    assert window.count_label.text() == "2 of 5 articles"
    assert places.count_of("Melitopol") == 2
    assert places.count_of("Kherson") == 2  # counts follow the result set
    assert places.count_of("Mariupol") is None  # only in an article the query excludes
    hit = window.results_model.hit_at(0)
    assert any(hit.snippet[s:e].lower() == "melitopol" for s, e in hit.snippet_hits)


def test_facet_click_narrows_results_and_chip_removes_it(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    facet_click(qtbot, window, "place", "Azovstal")
    wait_idle(qtbot, window)
    assert window.request.places == ("Azovstal",)
    assert result_keys(window) == QUERIES["Azovstal"]
    assert window.count_label.text() == "2 of 5 articles"
    assert window.page.chips.labels() == ["Place: Azovstal"]
    model = window.page.facets["place"].model
    assert model.data(model.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    chip = window.page.chips.chips[0]
    qtbot.mouseClick(chip.button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert window.request.places == ()
    assert window.page.chips.labels() == []
    assert window.count_label.text() == "5 of 5 articles"


def test_values_of_one_facet_combine_with_or_and_facets_with_and(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    facet_click(qtbot, window, "place", "Melitopol")
    wait_idle(qtbot, window)
    facet_click(qtbot, window, "place", "Mariupol")  # still listed: own selection is ignored
    wait_idle(qtbot, window)
    assert set(window.request.places) == {"Melitopol", "Mariupol"}
    assert result_keys(window) == QUERIES["Melitopol"] | {"004_90168afd947e35b7"}

    facet_click(qtbot, window, "actor", "Ivan Fedorov")
    wait_idle(qtbot, window)
    assert result_keys(window) == QUERIES["Melitopol"]
    assert len(window.page.chips.chips) == 3 and window.page.chips.clear_button.isVisible()


def test_filter_box_narrows_a_long_facet_list(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    panel = window.page.facets["actor"]
    assert panel.filter_box.isVisible()  # many actors
    qtbot.keyClicks(panel.filter_box, "fedo")
    shown = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert shown == ["Ivan Fedorov"]
    assert not window.page.facets["source"].filter_box.isVisible()  # a short list


def test_escape_clears_filters_then_the_query(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    window.set_request(SearchRequest(query="Kherson", places=("Melitopol",), undated=True))
    wait_idle(qtbot, window)
    assert window.page.chips.labels() == ["Place: Melitopol", "Undated"]
    QTest.keyClick(window.page.results, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    assert window.request == SearchRequest(query="Kherson")
    assert window.page.chips.labels() == []
    assert window.count_label.text() == "4 of 5 articles"
    QTest.keyClick(window.page.results, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    assert window.request.query == "" and window.page.search_bar.field.text() == ""


def test_ctrl_f_focuses_the_search_field(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    window.activateWindow()
    window.page.results.setFocus()
    QTest.keyClick(window.page.results, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.page.search_bar.field.hasFocus())


def test_a_bad_query_says_why(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    qtbot.keyClicks(window.page.search_bar.field, "colour:red")
    qtbot.waitUntil(lambda: window.page.search_bar.error.isVisible())
    assert "unknown field colour" in window.page.search_bar.error.text()
    assert window.count_label.text() == "5 of 5 articles"  # the last good results stay
    window.page.search_bar.field.clear()
    qtbot.keyClicks(window.page.search_bar.field, "Kyiv")
    wait_idle(qtbot, window)
    assert not window.page.search_bar.error.isVisible()
    assert result_keys(window) == QUERIES["Kyiv"]


def test_sort_by_date_puts_newest_first_and_undated_last(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    combo = window.page.search_bar.sort
    combo.setCurrentIndex(combo.findData("date"))
    wait_idle(qtbot, window)
    dates = [window.results_model.hit_at(r).published for r in range(5)]
    assert dates[:3] == sorted(dates[:3], reverse=True) and all(dates[:3])
    assert dates[3:] == [None, None]
    combo.setCurrentIndex(combo.findData("oldest"))
    wait_idle(qtbot, window)
    assert window.results_model.hit_at(0).published == min(d for d in dates if d)


def test_histogram_drag_chooses_a_date_range_and_undated_bar(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    hist = window.page.date_panel.histogram
    first, last = hist.bar_center("2022-05"), hist.bar_center("2023-11")
    qtbot.mousePress(hist, Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseMove(hist, pos=last)
    qtbot.mouseRelease(hist, Qt.MouseButton.LeftButton, pos=last)
    wait_idle(qtbot, window)
    assert (window.request.date_from, window.request.date_to) == (
        dt.date(2022, 5, 1),
        dt.date(2023, 11, 30),
    )
    assert result_keys(window) == {"004_90168afd947e35b7", "001_53bdf8a33f697a68"}
    assert window.page.chips.labels() == ["Date: May 2022 – Nov 2023"]
    # the histogram zooms to the range chosen, every month of it drawn
    assert hist.months[0][0] == "2022-05" and hist.months[-1][0] == "2023-11"
    assert len(hist.months) == 19 and hist.undated == 2

    qtbot.mouseClick(hist, Qt.MouseButton.LeftButton, pos=hist.bar_center("undated"))
    wait_idle(qtbot, window)
    assert window.request.undated and window.request.date_from is None
    assert result_keys(window) == {"000_7c70147f503d4823", "003_f5d6eae2d84e7c47"}
    assert window.page.chips.labels() == ["Undated"]
    qtbot.mouseDClick(hist, Qt.MouseButton.LeftButton, pos=hist.bar_center("2022-05"))
    wait_idle(qtbot, window)
    assert not window.request.undated and window.count_label.text() == "5 of 5 articles"
    assert sum(n for _, n in hist.months) == 3  # every dated article is drawn again


def test_arrows_move_through_results_and_enter_opens(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    field = window.page.search_bar.field
    qtbot.keyClicks(field, "Kherson")
    wait_idle(qtbot, window)
    QTest.keyClick(field, Qt.Key.Key_Down)
    assert window.current_index().row() == 0
    QTest.keyClick(field, Qt.Key.Key_Down)
    assert window.current_index().row() == 1
    second = window.results_model.id_at(1)
    qtbot.waitUntil(lambda: window.page.reader.document is not None)
    qtbot.waitUntil(lambda: window.page.reader.document.id == second)  # the reader follows

    view = window.page.results
    QTest.keyClick(view, Qt.Key.Key_Up)
    assert window.current_index().row() == 0
    QTest.keyClick(view, Qt.Key.Key_Return)
    first = window.results_model.id_at(0)
    qtbot.waitUntil(lambda: window.page.reader.document.id == first)
    assert window.page.reader.title.text() == titles(window)[0]
    assert window.page.reader.hit_positions  # the query's hits are marked


def test_recent_searches_and_the_last_search_come_back(qtbot, seed_library, make_window, settings):
    window = make_window(seed_library, size=(1500, 900))
    field = window.page.search_bar.field
    qtbot.keyClicks(field, "partisan")
    QTest.keyClick(field, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    facet_click(qtbot, window, "place", "Kherson")
    wait_idle(qtbot, window)
    recent = [a.text() for a in window.page.search_bar.recent_menu.actions()]
    assert recent[0] == "partisan"
    open_in_reader(qtbot, window, window.results_model.id_at(0))
    window.page.splitter.setSizes([250, 500, 700])  # as the user left it, reading
    sizes = window.page.splitter.sizes()
    window.close()

    again = make_window(seed_library, size=None, qsettings=settings)
    assert (again.width(), again.height()) == (1500, 900)
    open_in_reader(qtbot, again, again.results_model.id_at(0))
    assert again.page.splitter.sizes() == sizes
    assert again.request == SearchRequest(query="partisan", places=("Kherson",))
    assert again.page.search_bar.field.text() == "partisan"
    assert again.page.chips.labels() == ["Place: Kherson"]
    assert result_keys(again) == QUERIES["partisan"]
    assert [a.text() for a in again.page.search_bar.recent_menu.actions()][0] == "partisan"

    chosen = again.page.search_bar.recent_menu.actions()[0]
    chosen.trigger()
    wait_idle(qtbot, again)
    assert again.request == SearchRequest(query="partisan")


def test_the_keyboard_shortcuts(qtbot, seed_library, make_window):
    from PySide6.QtGui import QKeySequence

    window = make_window(seed_library)
    actions = window.actions_
    assert actions.import_files.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert actions.find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert actions.clear.shortcut() == QKeySequence("Esc")
    assert actions.next_hit.shortcut() == QKeySequence(QKeySequence.StandardKey.FindNext)
    assert actions.import_files.text() == "&Import Files…"
    assert actions.import_folder.shortcut() == QKeySequence("Ctrl+Shift+O")


def test_histogram_across_decades_skips_the_empty_years_and_zooms(qtbot, tmp_path, make_window):
    from desktop.library import Library
    from tests.helpers.libraries import write_articles

    articles = {
        f"old{i}": f"Cocoa review {i}\n{month} {day}, 1987\n\nCocoa prices rose in Bahia."
        for i, (month, day) in enumerate([("March", 3), ("April", 9), ("June", 1)])
    }
    articles |= {
        f"new{i}": f"Kherson report {i}\n2022-{m:02d}-10\n\nForces left Kherson."
        for i, m in enumerate((10, 11, 11))
    }
    lib = Library.open(tmp_path / "lib")
    lib.import_paths(write_articles(tmp_path / "a", articles), entities=False)
    window = make_window(lib)
    panel = window.page.date_panel
    hist = panel.histogram
    assert None in hist.slots  # one break stands for the empty decades
    assert len(hist.slots) < 40
    shown = dict(hist.months)
    assert shown["1987-03"] == 1 and shown["2022-11"] == 2
    # each bar is wide enough to see and to hit with the mouse
    assert hist.bar_center("1987-04").x() - hist.bar_center("1987-03").x() >= 6

    # a typed range: the results follow and the histogram zooms to it
    qtbot.keyClicks(panel.from_field, "1987")
    qtbot.keyClicks(panel.to_field, "1987-06")
    qtbot.keyClick(panel.to_field, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert (window.request.date_from, window.request.date_to) == (
        dt.date(1987, 1, 1),
        dt.date(1987, 6, 30),
    )
    assert window.count_label.text() == "3 of 6 articles"
    assert all(s is not None and s[0][:4] in ("1986", "1987") for s in hist.slots)
    assert window.page.chips.labels() == ["Date: Jan 1987 – Jun 1987"]
    # a bad date says how to write one and changes nothing
    panel.to_field.setText("June")
    qtbot.keyClick(panel.to_field, Qt.Key.Key_Return)
    assert "YYYY" in panel.hint.text() and window.request.date_to == dt.date(1987, 6, 30)
    lib.close()
