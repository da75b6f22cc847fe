"""First run: an empty library says what to do, and the sample library is one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.library import Library
from tests.helpers.window import result_keys, wait_idle


def test_an_empty_library_shows_the_empty_state(qtbot, tmp_path, make_window):
    with Library.open(tmp_path / "empty") as library:
        window = make_window(library)
        assert window.stack.currentWidget() is window.empty
        assert window.empty.heading.text() == "Your library is empty"
        assert window.empty.drop_hint.text() == "Drop articles here"
        buttons = [window.empty.import_files, window.empty.import_folder, window.empty.sample]
        assert [b.text() for b in buttons] == [
            "Import files…",
            "Import a folder…",
            "Open the sample library",
        ]
        assert all(b.isVisible() for b in buttons)
        assert window.count_label.text() == "0 of 0 articles"


def test_the_sample_library_opens_with_the_seeds(qtbot, tmp_path, make_window):
    with Library.open(tmp_path / "empty") as library:
        sample_dir = tmp_path / "sample"
        window = make_window(library, sample_dir=sample_dir)
        qtbot.mouseClick(window.empty.sample, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.library is not library, timeout=30_000)
        assert window.library.root == sample_dir
        assert "sample" in window.windowTitle()
        qtbot.waitUntil(lambda: window.importer.running or window.last_outcome is not None)
        qtbot.waitUntil(lambda: not window.importer.running, timeout=60_000)
        wait_idle(qtbot, window)
        assert window.stack.currentWidget() is window.page
        assert window.count_label.text() == "5 of 5 articles"
        assert len(result_keys(window)) == 5
        assert window.report_dialog is None  # a quiet import: nothing went wrong
        assert library.stats().documents == 0  # the user's own library is untouched


def test_an_installation_without_seeds_offers_no_sample(qtbot, tmp_path, make_window):
    with Library.open(tmp_path / "empty") as library:
        window = make_window(library, seeds=None)
        assert not window.empty.sample.isVisible()
        assert not window.actions_.open_sample.isVisible()
