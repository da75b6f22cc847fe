"""Sizes, palettes and the background-job helper."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.querying import SearchRequest
from tests.helpers.window import wait_idle
from ui.jobs import JobError, run_job
from ui.reader_html import mention_index
from ui.theme import DARK, LIGHT, dark_palette

from .test_reader import fragments, open_in_reader


@pytest.mark.parametrize("size", [(1366, 768), (2560, 1440)])
def test_the_layout_fits_common_screens(qtbot, seed_library, make_window, size):
    window = make_window(seed_library, size=size)
    window.set_request(SearchRequest(query="Kherson"))
    wait_idle(qtbot, window)
    assert (window.width(), window.height()) == size
    page = window.page
    facets, results, reader = page.splitter.sizes()
    assert facets >= 190 and results >= 280 and reader >= 320
    assert reader >= results >= facets  # the reader gets the most room
    for panel in page.facets.values():
        assert panel.view.height() >= 3 * panel.view.sizeHintForRow(0)  # a few values show
    assert page.results.height() > 4 * page.results.sizeHintForRow(0)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    assert window.minimumWidth() <= 1366 and window.minimumHeight() <= 768


def test_the_minimum_size_is_sensible(qtbot, seed_library, make_window):
    window = make_window(seed_library, size=(400, 300))
    assert window.width() >= 900 and window.height() >= 560


def test_highlights_follow_a_dark_palette(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    reader = open_in_reader(qtbot, window, window.results_model.id_at(0))

    def place_colours() -> set[str]:
        return {
            colour
            for _, href, colour, _ in fragments(reader)
            if mention_index(href) is not None
            and reader.browser.mentions[mention_index(href)].kind == "place"
        }

    assert place_colours() == {LIGHT.kind("place").background}
    app = QApplication.instance()
    light = app.palette()
    try:
        app.setPalette(dark_palette())  # what the system does when it switches to dark
        qtbot.waitUntil(lambda: place_colours() == {DARK.kind("place").background})
        assert reader.palette().color(QPalette.ColorRole.Base).lightness() < 128
    finally:
        app.setPalette(light)
    qtbot.waitUntil(lambda: place_colours() == {LIGHT.kind("place").background})


def test_run_job_runs_off_the_gui_thread_and_reports_back(qtbot):
    gui = threading.get_ident()
    seen: dict[str, object] = {"progress": []}

    def work(ctx):
        seen["thread"] = threading.get_ident()
        for i in range(3):
            ctx.progress(i)
        return "done"

    run_job(
        work,
        lambda r: seen.__setitem__("result", r),
        None,
        lambda p: seen["progress"].append((p, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["thread"] != gui and seen["result"] == "done"
    progress = seen["progress"]
    assert progress and progress[-1][0] == 2  # bursts thinned, the last one kept
    assert all(tid == gui for _, tid in progress)

    def boom(ctx):
        raise ValueError("no such article")

    errors: list[JobError] = []
    run_job(boom, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors[0].message == "no such article" and "ValueError" in errors[0].details
