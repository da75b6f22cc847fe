"""Curating from a facet's menu, and chips that follow every change to what they name."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from tests.helpers.window import wait_idle

from .test_reader import pick_merge_target


def facet_counts(window, facet: str) -> dict[str, int]:
    return dict(window.page.facets[facet].model.values)


def menu_action(window, facet: str, value: str, text: str):
    menu = window.page.facets[facet].value_menu(value)
    return menu, next(a for a in menu.actions() if a.text() == text)


def test_chips_follow_rename_merge_and_ignore(qtbot, fresh_seed_library, make_window, monkeypatch):
    window = make_window(fresh_seed_library)
    window.page.facets["place"].toggled.emit("place", "Crimea")
    wait_idle(qtbot, window)
    assert window.page.chips.labels() == ["Place: Crimea"]
    total = window.last_outcome.result.total
    assert total == 3

    # renamed from the facet's own menu: the chip takes the new name, the results stay
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Crimean Peninsula", True))
    menu, rename = menu_action(window, "place", "Crimea", "Rename…")
    rename.trigger()
    qtbot.waitUntil(
        lambda: window.page.chips.labels() == ["Place: Crimean Peninsula"], timeout=20_000
    )
    wait_idle(qtbot, window)
    assert window.last_outcome.result.total == total
    assert window.request.places == ("Crimean Peninsula",)
    menu.deleteLater()

    # merged into another place: the chip follows to the survivor
    menu, merge = menu_action(window, "place", "Crimean Peninsula", "Merge into…")
    merge.trigger()
    pick_merge_target(qtbot, window, "Kherso", "Kherson (place)")
    qtbot.waitUntil(lambda: window.page.chips.labels() == ["Place: Kherson"], timeout=20_000)
    wait_idle(qtbot, window)
    assert window.last_outcome.result.total == 4
    menu.deleteLater()

    # ignored: the chip goes (no blank list under a filter that names nothing) and says so
    menu, ignore = menu_action(window, "place", "Kherson", "Ignore")
    ignore.trigger()
    qtbot.waitUntil(lambda: window.page.chips.labels() == [], timeout=20_000)
    wait_idle(qtbot, window)
    assert window.last_outcome.result.total == 5
    assert "Kherson" not in facet_counts(window, "place")
    assert "No longer in this library: Kherson" in window.statusBar().currentMessage()
    menu.deleteLater()


def test_sources_have_no_curation_menu(qtbot, seed_library, make_window) -> None:
    window = make_window(seed_library)
    values = facet_counts(window, "source")
    menu = window.page.facets["source"].value_menu(next(iter(values)))
    assert [a.text() for a in menu.actions() if a.text()] == [f"Filter by {next(iter(values))}"]
    menu.deleteLater()
