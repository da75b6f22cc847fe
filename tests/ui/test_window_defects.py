"""The window as a reporter met it in a day of use: each defect found, driven the same way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.library import Library
from tests.helpers import ROOT
from tests.helpers.libraries import write_articles
from tests.helpers.window import result_keys, wait_idle

from .test_reader import doc_ids, open_in_reader


def search(qtbot, window, text: str) -> None:
    field = window.page.search_bar.field
    field.clear()
    qtbot.keyClicks(field, text)
    wait_idle(qtbot, window)


def test_the_reader_lets_go_of_an_article_that_left_the_results(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    search(qtbot, window, "Kherson")
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["000_7c70147f503d4823"])
    assert reader.document is not None
    search(qtbot, window, "Guterres")  # the open article does not mention him
    assert "000_7c70147f503d4823" not in result_keys(window)
    qtbot.waitUntil(lambda: reader.document is None)
    assert reader.stack.currentIndex() == 0  # the placeholder, no stale hits


def test_esc_clears_the_facet_filter_boxes_too(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    panel = window.page.facets["actor"]
    qtbot.keyClicks(panel.filter_box, "zzz")
    assert panel.model.rowCount() == 0
    window.actions_.clear.trigger()
    assert panel.filter_box.text() == ""
    assert panel.model.rowCount() == len(panel.model.values) > 0


def test_the_place_filter_box_knows_spellings(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    panel = window.page.facets["place"]
    panel.filter_box.setVisible(True)
    qtbot.keyClicks(panel.filter_box, "Kiev")
    qtbot.waitUntil(lambda: panel.model.row_of("Kyiv") is not None, timeout=5000)
    row = panel.model.row_of("Kyiv")
    tip = panel.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Kiev" in tip


def test_a_title_query_marks_the_title_not_the_body(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    search(qtbot, window, "title:flee")
    assert result_keys(window) == {"002_1980e6867da380cf"}
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["002_1980e6867da380cf"])
    assert reader.document.hits == [] and reader.document.title_hits
    assert reader.hit_label.text() == "matched in the title"
    assert "flee" in reader.document.text.lower()  # the body has the word, unmarked


def test_a_dangling_operator_waits_for_its_operand(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    search(qtbot, window, "Kherson")
    expected = result_keys(window)
    search(qtbot, window, "Kherson AND")
    assert result_keys(window) == expected
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["003_f5d6eae2d84e7c47"])
    marked = {reader.document.text[s:e].lower() for s, e in reader.document.hits}
    assert marked == {"kherson"}  # not every "and"


def test_each_library_keeps_its_own_last_search(qtbot, seed_library, tmp_path, make_window):
    other = Library.open(tmp_path / "other")
    other.import_paths(write_articles(tmp_path / "a", {"note": "A note\nNothing here."}))
    window = make_window(seed_library)
    search(qtbot, window, "partisan")
    window.set_library(other)
    wait_idle(qtbot, window)
    assert window.request.query == "" and window.page.search_bar.field.text() == ""
    assert window.count_label.text() == "1 of 1 articles"
    window.set_library(seed_library)
    wait_idle(qtbot, window)
    assert window.request.query == "partisan"
    assert result_keys(window) == {"000_7c70147f503d4823", "003_f5d6eae2d84e7c47"}
    other.close()


def test_a_second_window_on_an_open_library_hands_its_files_over(tmp_path: Path) -> None:
    """``sourcedesk-gui`` itself (not only the bundle): one window per library."""
    library = tmp_path / "lib"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "SOURCEDESK_SMOKE_TEST": "1",
        "SOURCEDESK_SMOKE_CLOSE_MS": "-1",
    }
    gui = [sys.executable, "-c", "import sys; from desktop.app import main; sys.exit(main())"]
    note = write_articles(tmp_path / "drop", {"memo": "Memo\nKherson was retaken."})[0]
    with subprocess.Popen(
        [*gui, "--library", str(library)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as first:
        try:
            assert first.stdout is not None
            assert first.stdout.readline().startswith("sourcedesk-smoke:")
            second = subprocess.run(
                [*gui, "--library", str(library), str(note)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert second.returncode == 0, second.stderr
            assert "already open" in second.stdout and "passed 1 file" in second.stdout
            assert "sourcedesk-smoke:" not in second.stdout  # no second window
        finally:
            first.terminate()
            first.wait(30)


def test_opening_a_folder_of_articles_asks_and_never_writes_a_library_there(
    qtbot, fresh_seed_library, tmp_path, make_window
):
    folder = tmp_path / "articles"
    write_articles(folder, {"memo": "Memo\nKherson was retaken."})
    window = make_window(fresh_seed_library)
    actions = window.actions_
    actions.open_folder(folder)
    box = actions.not_a_library_box
    assert box is not None and box.isVisible()
    assert "not a Sourcedesk library" in box.text()
    assert not (folder / "library.sqlite").exists()
    button = next(b for b in box.buttons() if b.text() == "Import Its Files")
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        button.click()
    wait_idle(qtbot, window)
    assert window.library is fresh_seed_library  # imported into the library open now
    assert window.count_label.text() == "6 of 6 articles"
    assert not (folder / "library.sqlite").exists()

    actions.open_folder(folder)
    box = actions.not_a_library_box
    next(b for b in box.buttons() if b.text() == "Make a Library Here").click()
    qtbot.waitUntil(lambda: window.library.root == folder, timeout=30_000)
    assert (folder / "library.sqlite").exists()
    # the library before is one click away
    recent = [a.text() for a in actions.recent_menu.actions()]
    assert recent and recent[0].startswith(fresh_seed_library.root.name)


def test_a_new_library_in_a_folder_of_files_gets_a_folder_of_its_own(tmp_path) -> None:
    from ui.window_actions import new_library_folder

    empty = tmp_path / "empty"
    empty.mkdir()
    assert new_library_folder(empty) == empty
    busy = tmp_path / "busy"
    write_articles(busy, {"a": "A\nText."})
    assert new_library_folder(busy) == busy / "Sourcedesk Library"
    (busy / "Sourcedesk Library").mkdir()
    (busy / "Sourcedesk Library" / "x.txt").write_text("not a library")
    assert new_library_folder(busy) == busy / "Sourcedesk Library 2"


def test_zero_results_say_what_was_searched_and_offer_a_way_out(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    window.page.facets["place"].toggled.emit("place", "Mariupol")
    wait_idle(qtbot, window)
    search(qtbot, window, "partisan")
    page = window.page
    assert window.count_label.text() == "0 of 5 articles"
    assert page.results_stack.currentWidget() is page.zero
    assert page.zero.what.text() == "partisan · Place: Mariupol"
    qtbot.waitUntil(lambda: bool(page.zero.buttons), timeout=10_000)
    labels = [b.text() for b in page.zero.buttons]
    assert labels[0] == "Without Place: Mariupol — 2 articles"
    page.zero.buttons[0].click()
    wait_idle(qtbot, window)
    assert window.request.places == () and window.request.query == "partisan"
    assert page.results_stack.currentWidget() is page.results
    assert result_keys(window) == {"000_7c70147f503d4823", "003_f5d6eae2d84e7c47"}
