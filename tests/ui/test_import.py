"""Importing from the window: drop, progress, report, failures, cancel, responsiveness."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from desktop.ingest.pipeline import ImportProgress, ImportReport
from desktop.querying import SearchRequest
from tests.helpers import SEEDS
from tests.helpers.window import wait_idle
from ui.import_report import DUPLICATE, FAILED, IMPORTED

ARTICLE = (
    "{title}\n\nBy Staff Reporter\n\nThe city council of {town} met on Monday to discuss the "
    "budget for road repairs number {n}. Mayor Olena Petrenko said the work in {town} would "
    "start in spring, and the Red Cross offered help to families in the district.\n"
)
TOWNS = ("Lviv", "Odesa", "Kharkiv", "Dnipro", "Poltava", "Chernihiv", "Sumy", "Uzhhorod")


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"article-{n:04d}.txt"
        town = TOWNS[n % len(TOWNS)]
        path.write_text(
            ARTICLE.format(title=f"Council report {n} from {town}", town=town, n=n),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def drop(window, paths: list[Path]) -> tuple[QDragEnterEvent, QDropEvent]:
    """A real drag-enter and drop with file URLs, delivered to the window's handlers."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = QPoint(window.width() // 2, window.height() // 2)
    enter = QDragEnterEvent(
        centre,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    assert window.overlay.isVisible()
    event = QDropEvent(
        centre,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert event.isAccepted() and not window.overlay.isVisible()
    return enter, event


def report_rows(window) -> list[tuple[str, str, str]]:
    model = window.report_dialog.model
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_dropping_files_imports_them_with_progress_and_a_report(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    window = make_window(fresh_seed_library)
    new = write_articles(tmp_path / "in", 2)
    junk = tmp_path / "in" / "scan.pdf"
    junk.write_bytes(b"this is not a PDF at all\n" * 20)
    dup = tmp_path / "in" / "copy-of-seed.txt"
    shutil.copyfile(SEEDS / "000_7c70147f503d4823.txt", dup)
    progress: list[ImportProgress] = []
    window.importer.progressed.connect(progress.append)
    shown: list[str] = []  # what the panel said, progress by progress
    window.importer.progressed.connect(
        lambda _: shown.append(f"{window.progress.heading.text()} {window.progress.bar.text()}")
    )

    with (
        qtbot.waitSignal(window.importer.searchable, timeout=60_000),
        qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished,
    ):
        drop(window, [*new, junk, dup])
        assert window.importer.running and window.progress.isVisible()
        assert window.progress.cancel_button.isEnabled()
    report: ImportReport = finished.args[0]

    reading = [p for p in progress if p.phase != "entities"]
    entities = [p for p in progress if p.phase == "entities"]
    assert reading[-1].done == reading[-1].total == 4  # files: read and stored
    assert [p.done for p in reading] == sorted(p.done for p in reading)
    assert entities and entities[-1].done == entities[-1].total == 2  # then the new articles
    assert "Finding entities… " in shown  # all 4 files read: the entity finder starts up
    assert "Finding entities… 2 of 2 articles" in shown
    assert not window.progress.isVisible()
    assert window.report_dialog is not None and window.report_dialog.isVisible()
    rows = report_rows(window)
    assert [r[:2] for r in rows] == [
        (FAILED, "scan.pdf"),
        (DUPLICATE, "copy-of-seed.txt"),
        (IMPORTED, "article-0000.txt"),
        (IMPORTED, "article-0001.txt"),
    ]
    assert rows[0][2] == report.failed[0].error and rows[0][2]
    assert window.report_dialog.summary.text() == "2 imported, 1 duplicate, 1 failed"
    wait_idle(qtbot, window)
    assert window.count_label.text() == "7 of 7 articles"  # searchable at once
    if sys.platform.startswith("linux"):  # the heap the refresh freed is handed back once
        qtbot.waitUntil(lambda: window.memory_given_back == 1, timeout=5_000)


def test_a_failed_file_appears_in_the_report_with_its_reason(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    window = make_window(fresh_seed_library)
    folder = tmp_path / "batch"
    write_articles(folder, 1)
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage without objects")
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        assert window.import_paths([str(folder)])
    report: ImportReport = finished.args[0]
    reasons = {Path(f.path).name: f.error for f in report.failed}
    assert set(reasons) == {"empty.txt", "broken.pdf"}
    assert all(reason.strip() for reason in reasons.values())
    rows = {r[1]: r for r in report_rows(window)}
    for name, reason in reasons.items():
        assert rows[name][0] == FAILED and rows[name][2] == reason
    assert rows["article-0000.txt"][0] == IMPORTED
    window.report_dialog.show_combo.setCurrentIndex(
        window.report_dialog.show_combo.findData(FAILED)
    )
    assert window.report_dialog.proxy.rowCount() == 2


def test_cancel_stops_the_import_and_keeps_what_was_imported(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    window = make_window(fresh_seed_library)
    # enough files that the click lands while they are read: since the import stores a
    # file in ~3 ms, 40 could all be stored before it (the cancel then stopped the entities)
    many = 400
    files = write_articles(tmp_path / "many", many)
    with qtbot.waitSignal(window.importer.progressed, timeout=60_000):
        window.import_paths([str(f) for f in files])
    qtbot.mouseClick(window.progress.cancel_button, Qt.MouseButton.LeftButton)
    assert window.progress.cancel_button.text() == "Cancelling…"
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        pass
    report: ImportReport = finished.args[0]
    assert report.cancelled and 1 <= len(report.imported) < many
    assert report.total_files == many and report.done_files < many
    summary = window.report_dialog.summary.text()
    assert f"cancelled after {report.done_files} of {many} files" in summary
    wait_idle(qtbot, window)
    total = 5 + len(report.imported)
    n = len(report.imported)  # cancelled while reading: their entities wait for later
    assert window.count_label.text() == (
        f"{total} of {total} articles  ·  entities pending for {n} articles"
    )


@pytest.mark.slow
def test_cancel_while_finding_entities_says_what_is_pending(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    """Reading done, entity finding cancelled: the bar said so between the phases, the
    report and the status line count what waits, the reader says it of each article."""
    window = make_window(fresh_seed_library)
    files = write_articles(tmp_path / "many", 250)  # two entity workers, several batches
    seen: list[str] = []
    window.importer.progressed.connect(lambda p: seen.append(window.progress.counts.text()))
    window.import_paths([str(tmp_path / "many")])
    # every file read (the window is told some are searchable before, at each commit)
    qtbot.waitUntil(
        lambda: (p := window.importer.last_progress) is not None and p.phase == "entities",
        timeout=120_000,
    )
    assert any("starting the entity finder" in t for t in seen)  # not "about 1 s left"
    qtbot.mouseClick(window.progress.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.importer.finished, timeout=120_000) as finished:
        pass
    report: ImportReport = finished.args[0]
    assert len(report.imported) == len(files)  # reading was done: everything stays
    if report.entities_pending:  # (on a fast machine the finder may have been done already)
        assert report.cancelled
        summary = window.report_dialog.summary.text()
        assert f"entities pending for {report.entities_pending:,} articles" in summary
        wait_idle(qtbot, window)
        assert f"entities pending for {report.entities_pending:,}" in window.count_label.text()
        pending = next(
            d for d in range(1, 256) if fresh_seed_library.searcher.document(d).entities_pending
        )
        window.open_document(pending)
        qtbot.waitUntil(lambda: window.page.reader.document is not None, timeout=10_000)
        assert "entities not found yet" in window.page.reader.meta.text()


@pytest.mark.slow
def test_the_window_never_blocks_during_a_500_file_import(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    window = make_window(fresh_seed_library)
    files = write_articles(tmp_path / "five-hundred", 500)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    with qtbot.waitSignal(window.importer.finished, timeout=180_000) as finished:
        drop(window, [tmp_path / "five-hundred"])
    wait_idle(qtbot, window, timeout=30_000)
    qtbot.waitUntil(lambda: window.report_dialog is not None and window.report_dialog.isVisible())
    elapsed = time.monotonic() - started
    timer.stop()

    report: ImportReport = finished.args[0]
    assert len(report.imported) == len(files) and not report.failed
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    longest = max(gaps)
    print(
        f"\n500 files in {elapsed:.1f} s; {len(ticks)} ticks; longest gap {longest * 1000:.0f} ms"
    )
    assert longest < 0.100, f"the GUI thread was blocked for {longest * 1000:.0f} ms"
    assert len(ticks) > elapsed / 0.010 * 0.5  # events kept flowing the whole time

    # thousands of rows are not loaded at once: the list fetches pages as it scrolls
    assert window.count_label.text() == "505 of 505 articles"
    model = window.results_model
    assert model.total == 505 and model.rowCount() == 50
    view = window.page.results
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() >= 100, timeout=10_000)
    assert model.canFetchMore(QModelIndex()) or model.rowCount() == 505


def test_articles_left_without_entities_get_them_when_the_window_opens(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    report = fresh_seed_library.import_paths(write_articles(tmp_path / "later", 3), entities=False)
    assert fresh_seed_library.pending_entities() == 3  # as after a crash or a cancel
    window = make_window(fresh_seed_library, wait=False)
    with qtbot.waitSignal(window.importer.entities_finished, timeout=60_000) as done:
        pass
    assert done.args == [3]
    assert fresh_seed_library.pending_entities() == 0
    wait_idle(qtbot, window)
    window.set_request(SearchRequest(actors=("Olena Petrenko",)))
    wait_idle(qtbot, window)
    assert window.count_label.text() == "3 of 8 articles"
    assert {h.id for h in map(window.results_model.hit_at, range(3))} == {
        f.id for f in report.imported
    }


def test_a_drop_while_entities_left_from_before_are_found_is_imported(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    """The window finds the entities an earlier run left; files dropped meanwhile are not
    left waiting: that phase gives way after its batch, the drop is imported, and its own
    entity phase finds the rest (the drop used to wait for ever once that phase ended)."""
    fresh_seed_library.import_paths(write_articles(tmp_path / "later", 300), entities=False)
    assert fresh_seed_library.pending_entities() == 300  # five batches of the model's
    window = make_window(fresh_seed_library, wait=False)
    qtbot.waitUntil(lambda: window.importer.running, timeout=30_000)  # the entity phase
    found_first: list[int] = []
    window.importer.entities_finished.connect(found_first.append)
    reports: list[ImportReport] = []
    window.importer.finished.connect(reports.append)
    drop(window, write_articles(tmp_path / "dropped", 2, start=1000))
    qtbot.waitUntil(lambda: len(reports) == 1, timeout=120_000)
    assert len(found_first) == 1 and found_first[0] < 300  # it gave way to the drop
    assert len(reports[0].imported) == 2 and not reports[0].failed
    assert reports[0].entities_pending == 0
    assert fresh_seed_library.pending_entities() == 0
    wait_idle(qtbot, window)
    assert window.count_label.text() == "307 of 307 articles"


def test_an_import_waits_for_another_process_and_a_drop_meanwhile_is_kept(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    """While another process writes (a command-line import), the window's import waits and
    says so; files dropped meanwhile wait their turn; all of them get imported."""
    from desktop.library import Library

    window = make_window(fresh_seed_library)
    first = write_articles(tmp_path / "first", 3)
    second = write_articles(tmp_path / "second", 2, start=10)
    other = Library.open(fresh_seed_library.root)  # holds the lock as another process would
    holder = other.writing()
    holder.__enter__()
    try:
        reports: list[ImportReport] = []
        window.importer.finished.connect(reports.append)
        drop(window, first)
        qtbot.waitUntil(
            lambda: window.progress.counts.text() == "waiting for another import to finish",
            timeout=30_000,
        )
        assert window.progress.heading.text() == "Waiting…" and window.progress.isVisible()
        drop(window, second)  # while the first waits: queued, not refused
        assert "already running" not in window.statusBar().currentMessage()
        qtbot.wait(300)
        assert reports == []  # nothing written while the other process holds the lock
    finally:
        holder.__exit__(None, None, None)
        other.close()
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=120_000)
    assert [len(r.imported) for r in reports] == [3, 2]
    assert not any(r.failed or r.cancelled for r in reports)
    wait_idle(qtbot, window)
    assert window.count_label.text() == "10 of 10 articles"


def take_report(qtbot, window, progress: ImportProgress, searchable: bool = False) -> None:
    """An import child's report as the window takes it; ``searchable``: it must say that
    more articles are searchable."""
    if searchable:
        with qtbot.waitSignal(window.importer.searchable, timeout=5_000):
            window.importer._progress(progress)
    else:
        window.importer._progress(progress)
    window.progress.update_progress(progress)
    wait_idle(qtbot, window)


def test_the_window_shows_articles_as_they_become_searchable_during_an_import(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    """While a long import reads its files, each commit of the index (seconds apart) shows
    in the window: the list and counts grow, and the panel says how many are searchable,
    instead of an unchanged (or "empty") library until the last file is read."""
    from desktop.isolated import import_in_child
    from desktop.locations import connect_address

    window = make_window(fresh_seed_library)
    wait_idle(qtbot, window)
    assert window.count_label.text() == "5 of 5 articles"
    # the first files of the import, committed by the import's own process
    new = [str(p) for p in write_articles(tmp_path, 2)]
    import_in_child(connect_address(fresh_seed_library), new)
    # the child's report before its first commit
    take_report(qtbot, window, ImportProgress(2, 40, "article-0001.txt", 2, 0, 0, 1.5))
    assert window.count_label.text() == "5 of 5 articles"
    committed = ImportProgress(3, 40, "article-0002.txt", 3, 0, 0, 2.1, searchable=2)
    take_report(qtbot, window, committed, searchable=True)
    assert window.count_label.text() == "7 of 7 articles"
    assert window.progress.counts.text().startswith("3 imported (2 searchable) · ")


def test_the_last_files_read_are_shown_once_their_commit_is_written(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    """Every file read, the last batch is still being written to the index: the panel says
    so (not "searchable already"); the report that follows the commit shows the articles
    in the window at once, before the entity phase starts."""
    from desktop.isolated import import_in_child
    from desktop.locations import connect_address

    window = make_window(fresh_seed_library)
    wait_idle(qtbot, window)
    new = [str(p) for p in write_articles(tmp_path, 2)]
    import_in_child(connect_address(fresh_seed_library), new)
    take_report(qtbot, window, ImportProgress(2, 2, "article-0001.txt", 2, 0, 0, 1.0, searchable=0))
    assert window.count_label.text() == "5 of 5 articles"
    assert window.progress.heading.text() == "Importing…"
    assert window.progress.counts.text() == "2 imported · making them searchable"
    committed = ImportProgress(2, 2, "", 2, 0, 0, 1.4, searchable=2)
    take_report(qtbot, window, committed, searchable=True)
    assert window.count_label.text() == "7 of 7 articles"
    assert window.progress.heading.text() == "Finding entities…"
    assert "searchable already" in window.progress.counts.text()


def test_quitting_during_an_import_leaves_no_window_behind(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    """Quit while the import runs: the import is cancelled and its report is not opened
    after the window has gone (an invisible report kept the application and the library's
    one-window lock alive: the next start only "raised" a window no one could see)."""
    from PySide6.QtWidgets import QApplication

    window = make_window(fresh_seed_library)
    with qtbot.waitSignal(window.importer.progressed, timeout=30_000):
        drop(window, write_articles(tmp_path / "in", 30))
    assert window.importer.running
    window.close()
    qtbot.wait(500)  # the cancelled job's last signals arrive
    assert not window.importer.running
    assert window.report_dialog is None or not window.report_dialog.isVisible()
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == []


def test_facets_follow_the_entity_phase_as_it_goes(
    qtbot, fresh_seed_library, make_window, tmp_path
):
    """A long entity phase fills the place list as its batches are written, not only at its
    end: searches finished while it ran show towns with some of their articles counted."""
    window = make_window(fresh_seed_library)
    window.ENTITY_REFRESH_S = 0.0  # as often as the last search's time allows
    # enough batches that a search in flight (slow when the suite loads both cores: one run
    # of 250 articles saw a single refresh mid-phase) still leaves several to show
    count = 400
    write_articles(tmp_path / "many", count)
    partial: list[int] = []  # Lviv's count in each search finished mid-phase

    def seen(outcome) -> None:
        p = window.importer.last_progress
        if p is not None and p.phase == "entities" and 0 < p.done < p.total:
            partial.append(dict(outcome.result.facets.get("place", [])).get("Lviv", 0))

    window.searcher.finished.connect(seen)
    with qtbot.waitSignal(window.importer.finished, timeout=180_000):  # both phases
        window.import_paths([str(tmp_path / "many")])
    wait_idle(qtbot, window)
    final = dict(window.page.facets["place"].model.values)["Lviv"]
    assert final == len(range(0, count, len(TOWNS)))  # articles 0, 8, …, 392
    growing = sorted(set(n for n in partial if 0 < n < final))
    print(f"\nLviv mid-phase: {partial}; at the end {final}")
    assert len(growing) >= 2, partial  # more than the one refresh at the phase's start
