"""Sizes, palettes and the background-job helper."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
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
    assert results > reader  # no article open: the results take the room
    open_in_reader(qtbot, window, window.results_model.id_at(0))
    facets, results, reader = page.splitter.sizes()
    assert reader >= results >= facets  # reading: the reader gets the most room
    for panel in page.facets.values():
        rows = min(3, len(panel.model.values))
        assert panel.view.height() >= rows * panel.view.sizeHintForRow(0)  # a few values show
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


CITIES = [
    "Paris",
    "Berlin",
    "Madrid",
    "Rome",
    "Vienna",
    "Warsaw",
    "Prague",
    "Budapest",
    "Lisbon",
    "Athens",
    "Dublin",
    "Oslo",
    "Stockholm",
    "Helsinki",
    "Copenhagen",
    "Brussels",
]
PEOPLE = [
    "Volodymyr Zelensky", "Vitali Klitschko", "Dmytro Kuleba", "Petro Poroshenko",
    "Yulia Tymoshenko", "Andriy Yermak", "Rustem Umerov", "Oleksii Reznikov",
    "Denys Shmyhal", "Iryna Vereshchuk", "Kyrylo Budanov", "Ruslan Stefanchuk",
]  # fmt: skip


def test_a_small_screen_shows_ten_places_and_ten_actors(qtbot, tmp_path, make_window):
    """1024x640: the sources list takes only the rows it has, and the places and actors
    lists share the rest; long names are cut in the middle, whole on hover."""
    from desktop.library import Library
    from tests.helpers.libraries import write_articles

    text = "Summit tour\n\n" + " ".join(
        f"{p} spoke in {c} on Monday." for p, c in zip(PEOPLE + PEOPLE, CITIES, strict=False)
    )
    lib = Library.open(tmp_path / "lib")
    lib.import_paths(write_articles(tmp_path / "a", {"tour": text}))
    # the reporter's marks add three facets to the column: the lists keep their ten rows
    lib.workbench.star([1])
    lib.workbench.tag([1], "summit")
    lib.workbench.collect([1], "Tour")
    window = make_window(lib, size=(1024, 640))
    window.resize(1024, 640)
    wait_idle(qtbot, window)
    page = window.page
    for name in ("place", "actor"):
        panel = page.facets[name]
        assert len(panel.model.values) >= 10
        row = panel.view.sizeHintForRow(0)
        # the layout settles on the next turns of the event loop
        qtbot.waitUntil(lambda p=panel, r=row: p.view.height() >= 10 * r, timeout=3000)
    sources = page.facets["source"]
    assert sources.height() < page.facets["place"].height() / 2
    assert page.facets["actor"].view.textElideMode() == Qt.TextElideMode.ElideMiddle
    lib.close()


def test_the_server_dialog_grows_so_its_password_warning_is_never_cut_off(qtbot):
    """A socket folder as the host makes the address two lines: the dialog grows with it
    (it did not, and the warning's last line, "PGPASSWORD variable.", was cut off)."""
    from ui.server_dialog import ServerDialog

    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    def whole(label) -> bool:
        return label.height() >= label.heightForWidth(label.width())

    qtbot.waitUntil(lambda: whole(dialog.warning))
    dialog.host.setText("/var/run/postgresql-newsroom/a-long-socket-folder")
    dialog.database.setText("investigation_2026_kherson")
    dialog.user.setText("a.reporter.with.a.long.name")
    qtbot.waitUntil(lambda: whole(dialog.warning) and whole(dialog.preview))
    assert dialog.preview.text().count("\n") == 0 and "investigation_2026" in dialog.preview.text()
