"""The workbench's pictures for ``make screenshots`` (issue 15): a collection with notes, the
Quotes view, a result row with its versions and the two side by side, a name list and an
entity's story. Called by scripts/screenshots.py with its window, library and helpers."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.store.models import Document

SEED = "001_53bdf8a33f697a68.txt"


def rerun_of(text: str) -> str:
    """A syndicated re-run of an article: another headline, a few words swapped, a line
    dropped and a wire footer (as bench/eval_workbench.py makes replicas)."""
    rng = random.Random(15)
    lines = text.split("\n")[1:]
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    del lines[next(i for i in range(len(lines) - 1, 0, -1) if lines[i].strip() and i != longest)]
    out = []
    for line in lines:
        words = line.split(" ")
        for i in range(len(words) - 1):
            if rng.random() < 0.03:
                words[i], words[i + 1] = words[i + 1], words[i]
        out.append(" ".join(words))
    footer = "\n\n(Reporting by staff writers; editing by the news desk.)"
    return "Partisans strike Russian officers in Melitopol\n" + "\n".join(out) + footer


def workbench_shots(
    app: QApplication,
    window,  # type: ignore[no-untyped-def]
    library: Library,
    work: Path,
    seeds: Path,
    save: Callable[[QPixmap, str], None],
    h: ModuleType,
) -> None:
    """Drive the window through the workbench and save its pictures."""
    with library.sessions() as session:
        ids = dict(session.execute(select(Document.filename, Document.id)).tuples().all())
    melitopol, azovstal = ids[SEED], ids["000_7c70147f503d4823.txt"]
    wb = library.workbench

    # a collection with notes: two articles kept, one starred, a note on each
    wb.collect([melitopol, azovstal], "Melitopol resistance")
    wb.star([melitopol])
    wb.tag([melitopol], "partisans")
    wb.set_note(melitopol, "Second attack on officers in a month. Ask the mayor's office "
                "(Fedorov) for the date; the 'revenge' claim is the group's own.")  # fmt: skip
    wb.set_note(azovstal, "Arestovych on armed resistance in the south: background.")
    window.set_request(SearchRequest(query='in:"Melitopol resistance"'))
    h.settle(app, window)
    page = window.page
    page.splitter.setSizes([250, 420, window.width() - 670])
    h.open_article(app, window, SEED)
    h.wait_until(app, lambda: page.article_panel.extras.doc_id == melitopol)
    h.settle(app, window)
    save(window.grab(), "collection-notes.png")

    # quotes kept from the reader, listed per collection
    doc = library.searcher.document(melitopol)
    for phrase in ("Ukrainian resistance fighters in Melitopol", "The former mayor of Melitopol"):
        start = doc.text.index(phrase)
        end = doc.text.find(".", start) + 1
        wb.quotes.save(melitopol, start, end, "Melitopol resistance", "for the timeline")
    other = library.searcher.document(azovstal)
    start = other.text.index("Ukrainian officials")
    wb.quotes.save(azovstal, start, other.text.find(".", start) + 1, "Melitopol resistance")
    quotes = window.workbench.show_quotes()
    quotes.resize(980, 420)
    h.wait_until(app, lambda: len(quotes.model.rows) == 3)
    h.settle(app, window)
    save(h.with_dialog(window, quotes), "quotes.png")
    quotes.close()

    # a syndicated re-run arrives: one row says "2 versions"; the two side by side
    rerun = work / "rerun"
    rerun.mkdir()
    text = (seeds / SEED).read_text("utf-8")
    (rerun / "wire-rerun.txt").write_text(rerun_of(text), encoding="utf-8")
    library.import_paths([rerun])
    window.set_request(SearchRequest(query="Melitopol", collapse=True))
    h.settle(app, window)
    h.open_article(app, window, SEED)
    h.wait_until(app, lambda: len(page.article_panel.extras.versions) == 2)
    page.article_panel.tabs.setCurrentIndex(1)
    h.settle(app, window)
    save(window.grab(), "versions-row.png")
    page.article_panel.compare.click()
    h.wait_until(app, lambda: window.workbench.diff_dialog is not None)
    diff = window.workbench.diff_dialog
    diff.resize(1200, 640)
    h.settle(app, window)
    save(h.with_dialog(window, diff), "versions-diff.png")
    diff.close()

    # a name list counted through the library's spellings
    names = window.workbench.show_names()
    names.names.setPlainText(
        "Ivan Federov\nOleksiy Arestovych\nVolodymyr Zelensky\nMelitopol\nKherson\n"
        "Mariupol\nAzovstal\nRussian Defense Ministry\nYevgeny Prigozhin\nOdesa\n"
    )
    names.run()
    h.wait_until(app, lambda: len(names.model.rows) == 10)
    names.resize(1100, 420)
    h.settle(app, window)
    save(h.with_dialog(window, names), "name-list.png")
    names.close()

    # an entity's story: mentions per month, who appears with it, its spellings
    window.set_request(SearchRequest())
    h.settle(app, window)
    window.workbench.show_story("Kherson", "place")
    h.wait_until(app, lambda: window.workbench.story_dialog is not None)
    story = window.workbench.story_dialog
    h.settle(app, window)
    save(h.with_dialog(window, story), "entity-story.png")
    story.close()
