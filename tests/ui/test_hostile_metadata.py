"""A page with markup in every metadata field: stored as text, shown as text, loads nothing.

The page's outlet, title and byline carry ``<b>`` and ``<img src="file:///…/canary.png">``,
its file name carries ``<b>`` and a relative ``<img src=canary.png>`` (the test runs in the
canary's folder, where such a reference would resolve). inotify watches the canary: any
process that opens or reads it (Qt's C++ loading an image for a label or a tooltip, the
import's child process) fails the test.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QToolTip

from desktop.library import Library
from tests.helpers.filewatch import FileWatch
from tests.helpers.window import wait_idle
from ui.merge_dialog import EntityRef

FILE_NAME = "<b>bold <img src=canary.png> page.html"


def hostile_page(canary: Path) -> str:
    img = f"<img src='{canary.as_uri()}'>"
    esc = img.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "<b>Evil</b> Title",
        "datePublished": "2022-05-07",
        "author": {"@type": "Person", "name": "<i>Jane</i> Doe"},
        "publisher": {"@type": "Organization", "name": f"{img}<b>Evil Outlet</b>"},
    }
    return f"""<!doctype html>
<html><head>
<title>&lt;b&gt;Evil&lt;/b&gt; Title</title>
<meta property="og:site_name" content="{esc}&lt;b&gt;Evil Outlet&lt;/b&gt;">
<meta property="og:title" content="&lt;b&gt;Evil&lt;/b&gt; Title">
<meta name="author" content="&lt;i&gt;Jane&lt;/i&gt; Doe{esc}">
<script type="application/ld+json">{json.dumps(ld)}</script>
</head><body><article>
<h1><b>Evil</b> Title</h1>
<p>Ships left the harbour of Odesa on Monday after weeks of closure, officials said, and
grain traders welcomed the news. {img} The port authority said more ships would follow.</p>
<p>The page also writes {esc} and &lt;b&gt;bold&lt;/b&gt; as words, which the reader
must show as they are.</p>
</article></body></html>
"""


def rendered(tip: str) -> str:
    """What a tooltip shows: Qt reads it as rich text when it guesses so."""
    if not GuiQt.mightBeRichText(tip):
        return tip
    doc = QTextDocument()
    doc.setHtml(tip)
    return doc.toPlainText()


def model_tips(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        t
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if (t := model.index(r, c).data(Qt.ItemDataRole.ToolTipRole))
    ]


def test_markup_in_metadata_is_stored_and_shown_as_text_and_no_file_is_opened(
    qtbot, qtlog, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    canary = tmp_path / "canary.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(canary))
    monkeypatch.chdir(tmp_path)  # where the file name's relative <img> would resolve
    page = tmp_path / "in" / FILE_NAME
    page.parent.mkdir()
    page.write_text(hostile_page(canary), encoding="utf-8")
    try:
        watch = FileWatch(canary)
    except OSError as exc:
        pytest.skip(f"no inotify here: {exc}")

    window = make_window(Library.open(tmp_path / "lib"))
    with qtbot.waitSignal(window.importer.finished, timeout=120_000) as finished:
        assert window.import_paths([str(page)])
    (imported,) = finished.args[0].imported
    wait_idle(qtbot, window)

    # stored as the text a reader sees
    doc = window.library.searcher.document(imported.id)
    assert "<" not in doc.title and "Evil" in doc.title and "Title" in doc.title
    assert doc.source == "Evil Outlet" and doc.source_raw == "Evil Outlet"
    assert doc.author is None or ("<" not in doc.author and "Jane" in doc.author)
    assert "<img src='" in doc.text  # what the page writes as words stays in the text

    # everywhere in the window: results, reader, a chip and a facet, the report
    window.open_document(imported.id)
    qtbot.waitUntil(lambda: window.page.reader.document is not None)
    window.set_request(replace(window.request, sources=("Evil Outlet",)))
    wait_idle(qtbot, window)
    assert window.page.chips.labels() == ["Source: Evil Outlet"]
    report = window.report_dialog
    assert report is not None and report.isVisible()
    window.grab()
    report.grab()

    labels = [w for w in QApplication.allWidgets() if isinstance(w, QLabel)]
    showing = [w for w in labels if "bold" in w.text() or "Evil" in w.text()]  # the page's
    assert any(FILE_NAME in w.text() for w in showing), "the file name is shown somewhere"
    for label in showing:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert FILE_NAME in window.page.reader.meta.text()
    assert "<b>bold</b>" in window.page.reader.browser.toPlainText()

    tips = [w.toolTip() for w in QApplication.allWidgets() if w.toolTip()]
    tips += model_tips(window.results_model) + model_tips(report.model)
    tips += [t for panel in window.page.facets.values() for t in model_tips(panel.model)]
    ours = [t for t in tips if "bold" in rendered(t) or "Evil" in rendered(t)]
    assert any(FILE_NAME in rendered(t) for t in ours), "the file name is in some tooltip"
    with qtlog.disabled():  # offscreen Qt warns that it cannot raise a tooltip
        for tip in ours:
            assert "<b>" not in tip or "<b>bold" in rendered(tip), tip  # as written, not bold
            QToolTip.showText(QPoint(10, 10), tip, window)
            qtbot.wait(5)
        QToolTip.hideText()

    assert watch.touched() == 0, "a window or process opened the canary file"
    watch.close()


@pytest.mark.parametrize("op", ["rename", "merge"])
def test_curation_dialogs_show_an_entity_name_as_text(
    qtbot, qtlog, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, op: str
) -> None:
    """The rename and merge dialogs name the entity as it is written, markup and all."""
    canary = tmp_path / "canary.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(canary))
    monkeypatch.chdir(tmp_path)
    watch = FileWatch(canary)
    window = make_window(Library.open(tmp_path / "lib"))
    name = "<b>Evil</b> <img src=canary.png>"
    shown: list[str] = []

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(10, inspect)
            return
        dialog.grab()
        for label in dialog.findChildren(QLabel):
            plain = label.textFormat() == Qt.TextFormat.PlainText
            shown.append(label.text() if plain else rendered(label.text()))
        dialog.reject()

    QTimer.singleShot(0, inspect)
    with qtlog.disabled():
        window.curator.curate(op, EntityRef(1, name, "place"))
        qtbot.waitUntil(lambda: bool(shown))
    assert any(name in text for text in shown), shown
    assert watch.touched() == 0
    watch.close()
