"""Issue 12 in the window: why a mention is linked (on hover), correcting one mention,
taking a spelling away, and the merges the pipeline was unsure of."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from tests.helpers.libraries import ids_by_name, library_of
from tests.helpers.window import wait_idle

from .test_reader import open_in_reader

ARTICLES = {
    "jets": "Jet maker wins order\nBoeing Co said on Monday it had won an order for 30 jets.",
    "deliveries": "Deliveries rise\nBoeing delivered 40 jets in March, the company said.",
    "leaders": "Leaders meet\nMichael Howard met Tony Blair in London. Mr Howard said the talks "
    "went well, and Howard left at noon.",
}


@pytest.fixture
def lib(tmp_path):
    library = library_of(tmp_path, ARTICLES)
    yield library
    library.close()


def point_of(reader, text: str) -> QPoint:
    """Where a piece of the article is drawn in the reader's viewport."""
    from PySide6.QtGui import QTextCursor

    doc = reader.browser.document()
    cursor = doc.find(text)
    middle = QTextCursor(doc)
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    return reader.browser.cursorRect(middle).center()


def test_hovering_a_mention_says_why_it_is_filed_there(qtbot, lib, make_window):
    window = make_window(lib)
    reader = open_in_reader(qtbot, window, ids_by_name(lib)["leaders"])
    tip = reader.browser.tooltip_at(point_of(reader, "Mr Howard"))
    assert "Michael Howard (person)" in tip
    assert "this article names Michael Howard in full" in tip


def test_a_hit_through_another_spelling_says_so_on_hover(qtbot, lib, make_window):
    window = make_window(lib)
    window.set_request(window.request.__class__(query="actor:Howard"))
    wait_idle(qtbot, window)
    reader = open_in_reader(qtbot, window, ids_by_name(lib)["leaders"])
    tip = reader.browser.tooltip_at(point_of(reader, "Michael Howard"))
    assert "found for actor:Howard" in tip


def test_not_this_entity_splits_one_mention_and_undo_brings_it_back(qtbot, lib, make_window):
    window = make_window(lib)
    reader = open_in_reader(qtbot, window, ids_by_name(lib)["leaders"])
    index = next(i for i, m in enumerate(reader.browser.mentions) if m.text == "Howard")
    menu = reader.browser.entity_menu(index)
    split = next(a for a in menu.actions() if a.text().endswith("an Entity of Its Own"))
    split.trigger()
    qtbot.waitUntil(
        lambda: any(
            m.text == "Howard" and m.canonical != "Michael Howard" for m in reader.browser.mentions
        ),
        timeout=20_000,
    )
    # "Mr Howard" was split with it (same spelling in the article); Michael Howard stays
    assert any(m.canonical == "Michael Howard" for m in reader.browser.mentions)
    menu.deleteLater()
    window.actions_.undo_entity.trigger()
    qtbot.waitUntil(
        lambda: all(
            m.canonical == "Michael Howard" for m in reader.browser.mentions if "Howard" in m.text
        ),
        timeout=20_000,
    )


def test_a_spelling_can_be_taken_away_from_its_list(qtbot, lib, make_window):
    from ui.entity_dialogs import SpellingsDialog

    window = make_window(lib)
    reader = open_in_reader(qtbot, window, ids_by_name(lib)["leaders"])
    index = next(i for i, m in enumerate(reader.browser.mentions) if m.text == "Michael Howard")
    menu = reader.browser.entity_menu(index)
    next(a for a in menu.actions() if a.text().startswith("Spellings of")).trigger()
    qtbot.waitUntil(lambda: window.findChild(SpellingsDialog) is not None)
    dialog = window.findChild(SpellingsDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 1, timeout=10_000)
    spellings = [r.spelling for r in dialog.model.rows]
    assert "Michael Howard" in spellings and "Howard" in spellings
    assert not dialog.remove_button.isEnabled()  # nothing chosen for the user
    dialog.view.selectRow(spellings.index("Howard"))
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: "Howard" not in [r.spelling for r in dialog.model.rows], timeout=20_000)
    qtbot.waitUntil(
        lambda: any(
            m.text == "Howard" and m.canonical != "Michael Howard" for m in reader.browser.mentions
        ),
        timeout=20_000,
    )
    menu.deleteLater()
    dialog.close()


def test_merge_suggestions_are_accepted_or_rejected_never_silent(qtbot, lib, make_window):
    window = make_window(lib)
    facets = dict(window.page.facets["actor"].model.values)
    assert "Boeing" in facets and "Boeing Co" in facets  # two entities until the user says
    dialog = window.curator.show_suggestions()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert "company suffix" in dialog.model.rows[0].reason
    assert not dialog.accept_button.isEnabled()
    dialog.view.selectRow(0)
    dialog.accept_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=20_000)
    qtbot.waitUntil(
        lambda: (
            not ({"Boeing", "Boeing Co"} <= set(dict(window.page.facets["actor"].model.values)))
        ),
        timeout=20_000,
    )
    wait_idle(qtbot, window)
    assert dict(window.page.facets["actor"].model.values).get("Boeing Co") == 2
    dialog.close()
