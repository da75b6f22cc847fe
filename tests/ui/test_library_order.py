"""Keeping the library in order from the window: the result menu, several rows at once,
editing metadata, the trash."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from tests.helpers.window import result_keys, wait_idle

from .test_reader import doc_ids


def select_rows(window, rows: list[int]) -> None:
    view = window.page.results
    model = window.results_model
    view.clearSelection()
    for row in rows:
        view.selectionModel().select(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    view.selectionModel().setCurrentIndex(
        model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def test_the_result_menu_acts_on_every_selected_row(qtbot, fresh_seed_library, make_window):
    window = make_window(fresh_seed_library)
    select_rows(window, [0, 1])
    menu = window.page.results.result_menu()
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels == [
        "Open",
        "Open Original",
        "Copy Citation (2)",
        "Edit… (2)",
        "Move to Trash (2)",
        "Select All",
    ]
    assert not menu.actions()[0].isEnabled()  # one article opens at a time
    cite = next(a for a in menu.actions() if a.text().startswith("Copy Citation"))
    QGuiApplication.clipboard().clear()
    cite.trigger()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text().count("\n") == 1, timeout=5000)
    assert "“" in QGuiApplication.clipboard().text()
    menu.deleteLater()


def test_several_undated_articles_get_one_outlet_and_date(qtbot, fresh_seed_library, make_window):
    window = make_window(fresh_seed_library)
    window.page.date_panel.histogram.undated_selected.emit()
    wait_idle(qtbot, window)
    n = window.last_outcome.result.total
    assert n == 2
    select_rows(window, list(range(n)))
    window.page.results.action_requested.emit("edit", window.page.results.selected_ids())
    qtbot.waitUntil(lambda: window.actions_.edit_dialog is not None, timeout=5000)
    dialog = window.actions_.edit_dialog
    assert not dialog.title.isVisible()  # several articles keep their own titles
    dialog.outlet.setText("Newsweek")
    dialog.date.setText("2022-11-11")
    dialog.save()
    qtbot.waitUntil(lambda: window.last_outcome.result.total == 0, timeout=20_000)
    window.set_request(window.request.__class__())
    wait_idle(qtbot, window)
    assert dict(window.page.facets["source"].model.values)["Newsweek"] >= 2
    # a bad date says how to write one and changes nothing
    window.page.results.action_requested.emit("edit", [window.results_model.id_at(0)])
    qtbot.waitUntil(lambda: window.actions_.edit_dialog is not dialog, timeout=5000)
    single = window.actions_.edit_dialog
    single.date.setText("11/11/2022")
    single.undated.setChecked(False)
    single.save()
    assert single.error.isVisible() and "YYYY-MM-DD" in single.error.text()
    single.reject()


def test_edit_one_article_and_undo(qtbot, fresh_seed_library, make_window):
    window = make_window(fresh_seed_library)
    doc_id = doc_ids(fresh_seed_library)["003_f5d6eae2d84e7c47"]
    window.page.results.action_requested.emit("edit", [doc_id])
    qtbot.waitUntil(lambda: window.actions_.edit_dialog is not None, timeout=5000)
    dialog = window.actions_.edit_dialog
    assert dialog.title.text().startswith("Ukrainian Partisan Movement")
    assert dialog.undated.isChecked()
    dialog.title.setText("Desertions in Kherson region")
    dialog.undated.setChecked(False)
    dialog.date.setText("2022-05-07")
    dialog.save()
    qtbot.waitUntil(
        lambda: (
            fresh_seed_library.searcher.document(doc_id).title == "Desertions in Kherson region"
        ),
        timeout=20_000,
    )
    doc = fresh_seed_library.searcher.document(doc_id)
    assert doc.published == dt.date(2022, 5, 7) and doc.edited == ("title", "published")
    window.actions_.undo_entity.trigger()
    qtbot.waitUntil(
        lambda: fresh_seed_library.searcher.document(doc_id).title.startswith("Ukrainian"),
        timeout=20_000,
    )


def test_delete_moves_to_the_trash_and_the_trash_gives_back(qtbot, fresh_seed_library, make_window):
    window = make_window(fresh_seed_library)
    window.set_request(window.request.__class__(query="partisan"))
    wait_idle(qtbot, window)
    assert result_keys(window) == {"000_7c70147f503d4823", "003_f5d6eae2d84e7c47"}
    select_rows(window, [0])
    gone = window.results_model.hit_at(0).filename.removesuffix(".txt")
    window.page.results.setFocus()
    qtbot.keyClick(window.page.results, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.last_outcome.result.total == 1, timeout=20_000)
    assert gone not in result_keys(window)
    assert "moved" in window.statusBar().currentMessage().lower()
    trash = window.actions_.show_trash()
    qtbot.waitUntil(lambda: trash.model.rowCount() == 1, timeout=10_000)
    trash.view.selectRow(0)
    trash.restore_button.click()
    qtbot.waitUntil(lambda: trash.model.rowCount() == 0, timeout=20_000)
    qtbot.waitUntil(lambda: window.last_outcome.result.total == 2, timeout=20_000)
    assert trash.summary.text() == "The trash is empty."
    trash.close()


def test_search_engine_moves_the_library_and_the_results_stay(
    qtbot, fresh_seed_library, make_window
):
    """Search → Search Engine…: the other engine is offered, the move runs on the write
    lane, the status line says what was done and the same search finds the same articles."""
    window = make_window(fresh_seed_library)
    window.set_request(window.request.__class__(query="Kherson"))
    wait_idle(qtbot, window)
    before = result_keys(window)
    first = fresh_seed_library.index.engine
    other = "tantivy" if first == "whoosh" else "whoosh"
    window.actions_.search_engine.trigger()
    box = window.actions_.engine_choice.box
    assert box is not None and box.isVisible()
    assert f"This library searches with {first.capitalize()}" in box.text()
    assert window.actions_.engine_choice.move_button.text() == f"Move to {other.capitalize()}"
    window.actions_.engine_choice.move_button.click()
    qtbot.waitUntil(lambda: fresh_seed_library.index.engine == other, timeout=30_000)
    qtbot.waitUntil(
        lambda: "articles indexed" in window.statusBar().currentMessage(), timeout=30_000
    )
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(f"Search engine: {other.capitalize()}, 5 articles indexed in ")
    )
    wait_idle(qtbot, window)
    assert result_keys(window) == before and len(before) == 4


def test_a_library_indexed_before_the_phrase_pairs_gets_them_in_the_background(
    qtbot, fresh_seed_library, make_window
) -> None:
    """The window opens a library whose index has no word pairs (made by an earlier
    version) at once, and writes them on its write lane: the phrase search then reads them."""
    from search.pairs import PAIRS_NAME

    lib = fresh_seed_library
    lib.index._pairs.close()  # type: ignore[union-attr]  # as an earlier version left it
    (lib.index.path / PAIRS_NAME).unlink()
    lib.index._pairs = type(lib.index._pairs)(lib.index.path)  # type: ignore[misc]
    assert lib.index.pairs_complete() is False
    window = make_window(lib)
    qtbot.waitUntil(lambda: lib.index.pairs_complete() is True, timeout=20_000)
    window.set_request(window.request.__class__(query='"shelling in Kherson"'))
    wait_idle(qtbot, window)
    assert window.last_outcome is not None and window.last_outcome.result.total >= 1
