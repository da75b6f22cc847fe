"""The reader: gold entities highlighted by kind, hits, toggles, safe text, entity actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor

from desktop.querying import SearchRequest
from tests.helpers import GOLD, SEEDS
from tests.helpers.window import wait_idle
from ui.reader import ArticleReader
from ui.reader_html import mention_index
from ui.theme import KINDS, LIGHT

FACET_KINDS = {"place": ("place",), "actor": ("person", "organization")}


def fragments(reader: ArticleReader) -> list[tuple[str, str, str, int]]:
    """(text, link, background colour, position) of every run of the shown text."""
    out = []
    block = reader.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            fmt = frag.charFormat()
            out.append(
                (frag.text(), fmt.anchorHref(), fmt.background().color().name(), frag.position())
            )
            it += 1
        block = block.next()
    return out


def open_in_reader(qtbot, window, doc_id: int):
    window.open_document(doc_id)
    qtbot.waitUntil(
        lambda: window.page.reader.document is not None and window.page.reader.document.id == doc_id
    )
    return window.page.reader


def doc_ids(library) -> dict[str, int]:
    return {
        h.filename.removesuffix(".txt"): h.id
        for h in library.searcher.search(SearchRequest(limit=10)).hits
    }


@pytest.mark.parametrize("key", sorted(GOLD["documents"]))
def test_reader_highlights_each_gold_entity(qtbot, seed_library, make_window, key):
    window = make_window(seed_library)
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)[key])
    mentions = reader.browser.mentions
    highlighted: dict[int, set[str]] = {}  # entity id -> background colours it is shown in
    for text, href, colour, _ in fragments(reader):
        index = mention_index(href)
        if index is not None:
            assert text.strip() and text in mentions[index].text
            highlighted.setdefault(mentions[index].entity_id, set()).add(colour)
    facts = GOLD["documents"][key]
    for facet in ("place", "actor"):
        for name in facts[facet + "s"]:
            ids = set(seed_library.searcher.resolve_value(facet, name).ids)
            shown = ids & set(highlighted)
            assert shown, f"{name} ({facet}) is not highlighted in {key}"
            kinds = {m.kind for m in mentions if m.entity_id in shown}
            assert kinds <= set(FACET_KINDS[facet])
            expected = {LIGHT.kind(k).background for k in kinds}
            assert set().union(*(highlighted[i] for i in shown)) <= expected
    # one legend entry per kind, each with its colour
    assert [box.text().split()[0] for box in reader.legend.values()] == [
        "Places",
        "People",
        "Organisations",
        "Dates",
    ]


def test_reader_positions_match_the_text(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    for doc_id in doc_ids(seed_library).values():
        reader = open_in_reader(qtbot, window, doc_id)
        raw = reader.browser.document().toRawText().replace("\u2029", "\n")
        assert raw == reader.document.text  # one position per character, spaces kept
        for m in reader.document.entities[:20]:
            cursor = QTextCursor(reader.browser.document())
            cursor.setPosition(m.start)
            cursor.setPosition(m.end, QTextCursor.MoveMode.KeepAnchor)
            assert cursor.selectedText() == m.text


def test_search_hits_are_marked_with_next_and_previous(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    window.set_request(SearchRequest(query="Melitopol"))
    wait_idle(qtbot, window)
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["000_7c70147f503d4823"])
    n = len(reader.hit_positions)
    assert n >= 5  # the seed names Melitopol again and again
    assert reader.current_hit == 0 and reader.current_hit_text() == "Melitopol"
    assert reader.hit_label.text() == f"hit 1 of {n}"
    marked = [t for t, _, colour, _ in fragments(reader) if colour == LIGHT.hit_background]
    assert marked and all(t == "Melitopol" for t in marked)
    reader.next_button.click()
    assert reader.current_hit == 1 and reader.hit_label.text() == f"hit 2 of {n}"
    assert reader.current_hit_text() == "Melitopol"
    selections = reader.browser.extraSelections()
    assert selections[0].cursor.selectionStart() == reader.hit_positions[1][0]
    reader.prev_button.click()
    reader.prev_button.click()
    assert reader.current_hit == n - 1  # wraps round
    window.actions_.next_hit.trigger()  # F3
    assert reader.current_hit == 0


def test_a_quoted_phrase_is_one_hit_however_many_words(qtbot, seed_library, make_window):
    """A phrase is marked word by word, but the reader steps through it, and counts it, as
    one hit: "hit 1 of 3" in an article that says "Russian Defense Ministry" three times."""
    window = make_window(seed_library)
    window.set_request(SearchRequest(query='"Russian Defense Ministry"'))
    wait_idle(qtbot, window)
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["004_90168afd947e35b7"])
    said = reader.document.text.lower().count("russian defense ministry")
    assert said == 3
    assert reader.hit_label.text() == f"hit 1 of {said}"
    assert reader.current_hit_text() == "Russian Defense Ministry"
    reader.next_button.click()
    assert reader.hit_label.text() == f"hit 2 of {said}"
    assert reader.current_hit_text() == "Russian Defense Ministry"
    marked = [t for t, _, colour, _ in fragments(reader) if colour == LIGHT.hit_background]
    assert {"Russian", "Defense", "Ministry"} <= set(marked)  # still marked word by word


def test_each_kind_can_be_switched_off(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["004_90168afd947e35b7"])

    def kinds_linked() -> set[str]:
        return {
            reader.browser.mentions[mention_index(h)].kind
            for _, h, _, _ in fragments(reader)
            if mention_index(h) is not None
        }

    assert kinds_linked() == set(KINDS)
    reader.legend["place"].click()
    assert kinds_linked() == set(KINDS) - {"place"}
    reader.legend["person"].click()
    assert kinds_linked() == {"organization", "date"}
    reader.legend["place"].click()
    assert kinds_linked() == {"organization", "date", "place"}


def test_article_text_is_escaped_and_nothing_is_loaded(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    evil = (
        'Reporter notes\n\n<script>alert("x")</script> <img src="http://example.com/t.png">'
        ' <a href="http://example.com">a link</a> <b>bold?</b> &amp; Kyiv\n'
    )
    path = tmp_path / "evil.txt"
    path.write_text(evil, encoding="utf-8")
    report = fresh_seed_library.import_paths([path])
    window = make_window(fresh_seed_library)
    reader = open_in_reader(qtbot, window, report.imported[0].id)
    shown = reader.browser.toPlainText()
    assert (
        '<script>alert("x")</script>' in shown and '<img src="http://example.com/t.png">' in shown
    )
    assert shown == reader.document.text
    html = reader.browser.document().toHtml()
    assert "<script" not in html and "<img" not in html and 'href="http' not in html
    runs = fragments(reader)
    assert {href.split(":")[0] for _, href, _, _ in runs if href} == {"entity"}
    assert "&lt;script&gt;" in html  # shown as text, escaped
    assert reader.browser.loadResource(2, QUrl("http://example.com/t.png")) is None
    assert not reader.browser.openLinks() and not reader.browser.openExternalLinks()


def test_clicking_an_entity_filters_by_it(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["004_90168afd947e35b7"])
    index, mention = next(
        (i, m) for i, m in enumerate(reader.browser.mentions) if m.canonical == "Mariupol"
    )
    cursor = QTextCursor(reader.browser.document())
    cursor.setPosition(mention.start + 1)
    reader.browser.setTextCursor(cursor)
    reader.browser.ensureCursorVisible()
    rect = reader.browser.cursorRect(cursor)
    viewport = reader.browser.viewport()
    assert mention_index(reader.browser.anchorAt(rect.center())) == index
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    wait_idle(qtbot, window)
    assert window.request.places == ("Mariupol",)
    assert window.page.chips.labels() == ["Place: Mariupol"]
    assert window.count_label.text() == "1 of 5 articles"


def test_entity_menu_filters(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["000_7c70147f503d4823"])
    index = next(i for i, m in enumerate(reader.browser.mentions) if m.canonical == "Ivan Fedorov")
    menu = reader.browser.entity_menu(index)
    actions = {a.text(): a for a in menu.actions() if a.text()}
    for name in ("Merge into…", "Rename…", "Ignore"):
        assert actions[name].isEnabled() and actions[name].toolTip()
    actions["Filter by Ivan Fedorov"].trigger()
    wait_idle(qtbot, window)
    assert window.request.actors == ("Ivan Fedorov",)
    assert window.count_label.text() == "2 of 5 articles"
    menu.deleteLater()


def _menu_action(reader, canonical: str, text: str):
    index = next(i for i, m in enumerate(reader.browser.mentions) if m.canonical == canonical)
    menu = reader.browser.entity_menu(index)
    return menu, {a.text(): a for a in menu.actions() if a.text()}[text]


def _facet_counts(window, facet: str) -> dict[str, int]:
    return dict(window.last_outcome.result.facets[facet])


def test_curation_from_the_reader_shows_at_once_and_undoes(
    qtbot, fresh_seed_library, make_window, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    window = make_window(fresh_seed_library)
    reader = open_in_reader(qtbot, window, doc_ids(fresh_seed_library)["001_53bdf8a33f697a68"])
    assert _facet_counts(window, "place")["Crimea"] == 3

    # merge Crimea into Kherson: the facet loses Crimea, the reader shows Kherson there
    menu, merge = _menu_action(reader, "Crimea", "Merge into…")
    merge.trigger()
    pick_merge_target(qtbot, window, "Khers", "Kherson (place)")
    qtbot.waitUntil(lambda: "Crimea" not in _facet_counts(window, "place"), timeout=20_000)
    wait_idle(qtbot, window)
    qtbot.waitUntil(
        lambda: all(m.canonical != "Crimea" for m in reader.browser.mentions), timeout=20_000
    )
    assert window.statusBar().currentMessage() == "Merged Crimea (place) into Kherson (place)"
    menu.deleteLater()

    # rename, then ignore, each visible at once
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Melitopol city", True))
    menu, rename = _menu_action(reader, "Melitopol", "Rename…")
    rename.trigger()
    qtbot.waitUntil(lambda: "Melitopol city" in _facet_counts(window, "place"), timeout=20_000)
    menu.deleteLater()
    menu, ignore = _menu_action(reader, "Leila Ibrahimova", "Ignore")
    ignore.trigger()
    qtbot.waitUntil(
        lambda: "Leila Ibrahimova" not in _facet_counts(window, "actor"), timeout=20_000
    )
    menu.deleteLater()

    # Edit -> Undo brings the last one back
    window.actions_.undo_entity.trigger()
    qtbot.waitUntil(lambda: "Leila Ibrahimova" in _facet_counts(window, "actor"), timeout=20_000)


def pick_merge_target(qtbot, window, typed: str, label: str) -> None:
    """In the open Merge into… dialog: nothing is chosen; type, pick ``label``, merge."""
    from ui.merge_dialog import MergeDialog

    qtbot.waitUntil(lambda: window.findChild(MergeDialog) is not None)
    dialog = window.findChild(MergeDialog)
    assert dialog.model.rowCount() == 0 and not dialog.ok.isEnabled()
    dialog.field.setText(typed)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    rows = [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]
    row = next(i for i, text in enumerate(rows) if text.startswith(label))
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # Enter alone merges nothing
    assert dialog.isVisible() and dialog.chosen() is None
    dialog.view.setCurrentIndex(dialog.model.index(row, 0))
    assert dialog.ok.isEnabled()
    dialog.ok.click()


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_original_hands_a_named_copy_to_the_system(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    key = "002_1980e6867da380cf"
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)[key])
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        reader.open_button.click()
        qtbot.waitUntil(lambda: bool(catcher.urls), timeout=5000)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    opened = Path(catcher.urls[0].toLocalFile())
    assert opened.name == f"{key}.txt"
    assert opened.read_bytes() == (SEEDS / f"{key}.txt").read_bytes()
    window.close()
    assert not opened.parent.exists()  # the copies go with the window


def test_a_window_leaves_nothing_in_the_temporary_folder(
    qtbot, seed_library, make_window, tmp_path, monkeypatch
):
    """Every run used to leave an empty folder behind in /tmp, made for copies of
    originals whether or not one was opened."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    window = make_window(seed_library)
    open_in_reader(qtbot, window, doc_ids(seed_library)["002_1980e6867da380cf"])
    window.close()
    assert list(temp.iterdir()) == []


def test_undated_article_says_so(qtbot, seed_library, make_window):
    window = make_window(seed_library)
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["003_f5d6eae2d84e7c47"])
    assert "undated" in reader.meta.text()
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["004_90168afd947e35b7"])
    assert "7 May 2022" in reader.meta.text()


def test_the_reader_keeps_its_place_when_the_library_changes_elsewhere(
    qtbot, seed_library, make_window
):
    """An import's commits and its entity phase refresh the window every few seconds: the
    article being read is redrawn with what changed, but stays at the hit and the scroll
    position the reporter had reached."""
    from desktop.changes import Change

    window = make_window(seed_library, size=(1100, 600))
    window.set_request(SearchRequest(query="Melitopol"))
    wait_idle(qtbot, window)
    reader = open_in_reader(qtbot, window, doc_ids(seed_library)["000_7c70147f503d4823"])
    for _ in range(3):
        reader.next_button.click()
    bar = reader.browser.verticalScrollBar()
    assert reader.current_hit == 3 and bar.value() > 0
    start, end = reader.hit_positions[3]
    passage = QTextCursor(reader.browser.document())  # the reporter selects a passage
    passage.setPosition(start - 5)
    passage.setPosition(end + 20, QTextCursor.MoveMode.KeepAnchor)
    reader.browser.setTextCursor(passage)
    where = bar.value()
    shown = reader.document
    for change in (Change("", entities=True), Change("", documents_added=True)):
        window.ops.announce(change)
        wait_idle(qtbot, window)
        qtbot.waitUntil(lambda old=shown: reader.document is not old, timeout=10_000)  # redrawn
        shown = reader.document
        assert reader.current_hit == 3
        assert reader.hit_label.text().startswith("hit 4 of")
        assert bar.value() == where
        assert reader.selected_span() == (start - 5, end + 20)
