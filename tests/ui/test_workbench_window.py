"""The workbench in the window: the article's panel (marks, note, other coverage), quotes
from a selection, saved searches, a name list and an entity's story."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from desktop.querying import SearchRequest
from tests.helpers import SEEDS
from tests.helpers.libraries import ids_by_name, write_articles
from tests.helpers.window import wait_idle
from tests.unit.test_saved_versions import replica
from ui.results_view import marks_line

from .test_reader import doc_ids, open_in_reader


def test_panel_marks_note_quote_and_other_coverage(qtbot, fresh_seed_library, make_window):
    window = make_window(fresh_seed_library)
    wb, panel = window.workbench, window.page.article_panel
    ids = doc_ids(fresh_seed_library)
    melitopol = ids["001_53bdf8a33f697a68"]
    reader = open_in_reader(qtbot, window, melitopol)
    qtbot.waitUntil(lambda: panel.extras.doc_id == melitopol and bool(panel.extras.related))
    # other coverage, with why: the other Melitopol article first
    related = panel.related_model.rows
    assert related[0].id == ids["000_7c70147f503d4823"]
    assert "Melitopol" in related[0].why
    assert panel.tabs.tabText(2) == f"Other Coverage ({len(related)})"

    # star and note from the panel: kept, shown, and a filter
    panel.star.click()
    qtbot.waitUntil(lambda: panel.star.text() == "★ Starred", timeout=20_000)
    panel.note.setPlainText("Ask the mayor's office about the date")
    panel.save_note.click()
    qtbot.waitUntil(lambda: panel.tabs.tabText(0) == "Note ✎", timeout=20_000)
    window.set_request(SearchRequest(query="is:starred"))
    wait_idle(qtbot, window)
    assert window.results_model.ids == [melitopol]
    assert window.results_model.hit_at(0).starred

    # a passage selected in the reader becomes a quote with its source
    text = reader.document.text
    start = text.index("Melitopol")
    cursor = reader.browser.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("Melitopol"), QTextCursor.MoveMode.KeepAnchor)
    reader.browser.setTextCursor(cursor)
    assert reader.selected_span() == (start, start + len("Melitopol"))
    reader.browser.selection_action.emit("quote")
    dialog = wb.show_quotes()
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 1, timeout=20_000)
    quote = dialog.model.rows[0]
    assert (quote.passage, quote.document_id, quote.start) == ("Melitopol", melitopol, start)
    assert "Melitopol" in dialog.export_text("markdown")
    dialog.close()

    # Edit → Undo takes the quote back
    window.actions_.undo_requested.emit()
    qtbot.waitUntil(lambda: fresh_seed_library.workbench.quotes.list() == [], timeout=20_000)


def test_saved_search_name_list_and_story(qtbot, fresh_seed_library, make_window):
    window = make_window(fresh_seed_library)
    wb = window.workbench
    fresh_seed_library.workbench.saved.add("Kherson", SearchRequest(places=("Kherson",)))
    wb.refresh_saved()
    saved = window.page.saved
    qtbot.waitUntil(lambda: saved.row_of("Kherson") is not None, timeout=20_000)
    wb.open_saved("Kherson")
    qtbot.waitUntil(lambda: window.request.places == ("Kherson",), timeout=20_000)
    wait_idle(qtbot, window)
    assert window.request.places == ("Kherson",)
    assert window.last_outcome.result.total == 4

    names = wb.show_names()
    names.names.setPlainText("Ivan Federov\nNobody Atall\n")
    names.count.click()
    qtbot.waitUntil(lambda: len(names.model.rows) == 2, timeout=20_000)
    assert [(r.name, r.articles) for r in names.model.rows] == [
        ("Ivan Federov", 2), ("Nobody Atall", 0),
    ]  # fmt: skip
    assert names.summary.text() == "1 of 2 names are in this library"
    names._open(names.model.index(0, 0))  # a row opens as a search
    qtbot.waitUntil(lambda: window.request.query == 'actor:"Ivan Federov"', timeout=20_000)
    wait_idle(qtbot, window)
    assert window.last_outcome.result.total == 2
    names.close()

    wb.show_story("Kherson", "place")
    qtbot.waitUntil(lambda: wb.story_dialog is not None and wb.story_dialog.isVisible())
    story = wb.story_dialog
    assert story.heading.text().startswith("Kherson")
    assert story.summary.text().startswith("4 articles, 2 undated")
    assert story.companions_model.rows[0].name == "Ukraine"
    story.filter_all.click()  # all its articles
    qtbot.waitUntil(lambda: window.request.query == "", timeout=20_000)
    wait_idle(qtbot, window)
    assert window.request.places == ("Kherson",) and window.last_outcome.result.total == 4
    story.close()


def test_versions_row_and_side_by_side(qtbot, fresh_seed_library, make_window, tmp_path):
    lib = fresh_seed_library
    base = (SEEDS / "003_f5d6eae2d84e7c47.txt").read_text("utf-8")
    lib.import_paths(write_articles(tmp_path / "wire", {
        "wire-a": replica(base, 1, "Deserters flee Kherson, partisans say"),
    }))  # fmt: skip
    ids = ids_by_name(lib)
    window = make_window(lib)
    window.set_request(SearchRequest(query="Atesh"))
    qtbot.waitUntil(lambda: window.request.query == "Atesh")
    wait_idle(qtbot, window)
    rows = {window.results_model.hit_at(r).id: window.results_model.hit_at(r)
            for r in range(window.results_model.rowCount())}  # fmt: skip
    head = rows[ids["003_f5d6eae2d84e7c47"]]
    assert head.versions == 2 and marks_line(head).startswith("2 versions")
    window.set_request(SearchRequest(query="Atesh", collapse=True))  # one row per story
    qtbot.waitUntil(lambda: window.request.collapse)
    wait_idle(qtbot, window)
    assert window.last_outcome.result.total == len(rows) - 1

    open_in_reader(qtbot, window, head.id)
    panel = window.page.article_panel
    qtbot.waitUntil(lambda: len(panel.extras.versions) == 2, timeout=20_000)
    assert panel.tabs.tabText(1) == "Versions (2)"
    panel.compare.click()
    qtbot.waitUntil(lambda: window.workbench.diff_dialog is not None, timeout=20_000)
    diff = window.workbench.diff_dialog
    qtbot.waitUntil(diff.isVisible)
    assert diff.right_title.text().startswith("Deserters flee Kherson, partisans say")
    assert "of the words are the same" in diff.share.text()
    assert "Follow us on Twitter" in diff.right.toPlainText()
    diff.close()
