"""An article whose entities ran out of time says so, in the reader and in the import report."""

from __future__ import annotations

from pathlib import Path

from desktop.extraction import mark_given_up
from desktop.ingest.pipeline import ImportedFile, ImportReport
from desktop.library import Library
from ui.import_report import IMPORTED, ImportReportDialog

NOTE = "entities not found: took too long"


def test_the_reader_says_entities_took_too_long(qtbot, make_window, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Long report\n\nShips left Odesa on Monday.\n", encoding="utf-8")
    lib = Library.open(tmp_path / "lib")
    (imported,) = lib.import_paths([path], entities=False).imported
    with lib.sessions.begin() as session:  # as the entity phase records a time-out
        mark_given_up(session, [(imported.id, "too_long")])
    window = make_window(lib)
    window.open_document(imported.id)
    qtbot.waitUntil(lambda: window.page.reader.document is not None)
    assert window.page.reader.meta.text().endswith(f"long.txt  ·  {NOTE}")
    assert window.page.reader.document.entities == []


def test_the_import_report_says_which_articles_have_no_entities(qtbot) -> None:
    report = ImportReport(
        imported=[
            ImportedFile(1, "long.txt", "Long report", "/in/long.txt", entities_status="too_long"),
            ImportedFile(2, "short.txt", "Short report", "/in/short.txt"),
        ]
    )
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    rows = [
        tuple(dialog.model.index(r, c).data() for c in range(3))
        for r in range(dialog.model.rowCount())
    ]
    assert rows == [
        (IMPORTED, "long.txt", f"Long report — {NOTE}"),
        (IMPORTED, "short.txt", "Short report"),
    ]
    assert dialog.summary.text() == (
        "2 imported, 0 duplicates, 0 failed — entities not found in 1 (see Details)"
    )
