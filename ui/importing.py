"""Imports in the background: the controller (core callbacks -> Qt signals) and its panel."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.ingest.pipeline import ImportProgress, ImportReport
from desktop.isolated import extract_in_child, import_in_child
from desktop.library import Library
from desktop.locations import connect_address
from desktop.progress import ExtractProgress

from .jobs import JobContext, JobError, JobHandle, run_job, single_thread_pool
from .plaintext import plain, tip

ENTITIES = "entities"  # the phase of an import that finds places, people and organisations
WAITING = "waiting"  # another process (a command-line import) is writing to the library


class ImportController(QObject):
    """Runs one import at a time in its own worker; what is imported stays if it is cancelled.

    An import has two phases: files are read and stored (searchable at once:
    ``searchable`` is emitted), then their entities are found. ``start_entities``
    runs the second phase alone, for articles an earlier run left without entities.
    """

    started = Signal(int)  # number of paths given (0: entities only)
    progressed = Signal(ImportProgress)
    searchable = Signal()  # the files are stored and indexed; entities follow
    finished = Signal(ImportReport)
    entities_finished = Signal(int)  # documents given entities
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or single_thread_pool(self)
        self._job: JobHandle | None = None
        self._entities_only = False  # the job finds entities left from before, no files
        self._queued: list[tuple[Library, list[str]]] = []  # dropped while an import ran
        self.last_progress: ImportProgress | None = None
        self.last_report: ImportReport | None = None

    @property
    def running(self) -> bool:
        """An import is under way."""
        return self._job is not None

    def start(self, library: Library, paths: Iterable[str | os.PathLike[str]]) -> bool:
        """Import files and folders into ``library``; while an import runs, they wait their
        turn (nothing dropped is lost). It queues behind another process's import too."""
        items = [str(Path(p)) for p in paths]
        if self._job is not None:
            self._queued.append((library, items))
            if self._entities_only:
                # entities left from before give way after their current batch: the drop is
                # stored and searchable first, and its own entity phase finds theirs too
                self._job.cancel()
            return True

        def work(ctx: JobContext) -> ImportReport:
            def progress(p: ImportProgress) -> None:
                ctx.progress(p, force=p.done in (1, p.total))

            def waiting() -> None:
                ctx.progress(ImportProgress(0, 0, "", 0, 0, 0, 0.0, WAITING), force=True)

            # in a child process: the window's process never waits on the import's GIL
            # the library's own address: a server library's root is only its local cache
            report = import_in_child(
                connect_address(library), items, progress, ctx.cancelled, waiting
            )
            library.searcher.refresh()
            return report

        self._entities_only = False
        self._run(work, self._done, len(items))
        return True

    def start_entities(self, library: Library) -> bool:
        """Find the entities of articles that have none yet; False if busy."""
        if self._job is not None:
            return False

        def work(ctx: JobContext) -> int:
            def progress(p: ExtractProgress) -> None:
                ctx.progress(
                    ImportProgress(
                        done=p.done,
                        total=p.total,
                        current="",
                        imported=0,
                        duplicates=0,
                        failed=0,
                        elapsed_s=p.elapsed_s,
                        phase=ENTITIES,
                    ),
                    force=p.done in (1, p.total),
                )

            done = extract_in_child(connect_address(library), progress, ctx.cancelled)
            library.searcher.refresh()
            return done

        self._entities_only = True
        self._run(work, self._entities_done, 0)
        return True

    def _run(self, work: Callable[[JobContext], Any], done: Callable[[Any], None], n: int) -> None:
        self.last_progress = None
        self._job = run_job(work, done, self._error, self._progress, pool=self.pool, context=self)
        self.started.emit(n)

    def cancel(self) -> None:
        """Stop after the current file (or batch of entities); queued imports are dropped."""
        self._queued.clear()
        if self._job is not None:
            self._job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (for shutting down)."""
        return self.pool.waitForDone(msecs)

    def _progress(self, progress: ImportProgress) -> None:
        before = self.last_progress
        self.last_progress = progress
        # the window shows what is searchable as it becomes so: after each commit of the
        # index while files are read (seconds apart), and when every file is read
        more = progress.phase != ENTITIES and progress.searchable > (
            before.searchable if before is not None else 0
        )
        if more or (progress.phase == ENTITIES and before is not None and before.phase != ENTITIES):
            self.searchable.emit()
        self.progressed.emit(progress)

    def _done(self, report: ImportReport) -> None:
        self._job = None
        self.last_report = report
        self.finished.emit(report)
        self._next()

    def _next(self) -> None:
        """Start the import that was dropped while the last one ran."""
        if self._queued and self._job is None:
            library, items = self._queued.pop(0)
            self.start(library, items)

    def _entities_done(self, count: int) -> None:
        self._job = None
        self.entities_finished.emit(count)
        self._next()  # files dropped meanwhile (they waited for ever before)

    def _error(self, error: JobError) -> None:
        self._job = None
        self.failed.emit(error.message)
        self._next()


def format_duration(seconds: float | None) -> str:
    """Rough time left: 'about 40 s', 'about 3 min', 'about 1 h 20 min'."""
    if seconds is None:
        return "estimating time left…"
    s = max(0, round(seconds))
    if s < 60:
        return f"about {max(1, s)} s left"
    if s < 3600:
        return f"about {round(s / 60)} min left"
    return f"about {s // 3600} h {round(s % 3600 / 60)} min left"


class ImportProgressView(QFrame):
    """Progress bar (files done of total), the current file, the time left and Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel("Importing…")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setAccessibleName("Import progress")
        self.counts = plain(QLabel())
        self.current = plain(QLabel())  # a file name is text, whatever it holds
        self.current.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop after the current file; what is imported stays")

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.bar, 1)
        top.addWidget(self.cancel_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.counts)
        bottom.addWidget(self.current, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.setVisible(False)

    def begin(self) -> None:
        """Show as busy until the first file is done (the entity model may be loading)."""
        self.heading.setText("Importing…")
        self.bar.setRange(0, 0)
        self.counts.setText("Preparing the import…")
        self.current.setText("")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        self.setVisible(True)

    def update_progress(self, p: ImportProgress) -> None:
        """One more file (or article, when finding entities) done."""
        if p.phase == WAITING:
            self.heading.setText("Waiting…")
            self.bar.setRange(0, 0)
            self.counts.setText("waiting for another import to finish")
            self.current.setText("")
            return
        self.bar.setRange(0, max(1, p.total))
        self.bar.setValue(p.done)
        left = format_duration(p.eta_s)
        if p.phase == ENTITIES:
            self.heading.setText("Finding entities…")
            self.bar.setFormat(f"{p.done:,} of {p.total:,} articles")
            self.counts.setText(f"places, people and organisations · {left}")
            self.current.setText("· the articles are searchable already")
            self.current.setToolTip("")
            return
        extra = f" · {p.failed:,} failed" if p.failed else ""
        dup = f" · {p.duplicates:,} duplicates" if p.duplicates else ""
        if p.total and p.done >= p.total:  # every file read: the entity finder starts up
            self.bar.setRange(0, 0)
            self.current.setText("")
            if p.searchable < p.imported:  # the index's last commit is still being written
                self.heading.setText("Importing…")
                self.counts.setText(f"{p.imported:,} imported{dup}{extra} · making them searchable")
                return
            self.heading.setText("Finding entities…")
            self.counts.setText(
                f"{p.imported:,} imported{dup}{extra} · starting the entity finder "
                "(the articles are searchable already)"
            )
            return
        self.heading.setText("Importing…")
        self.bar.setFormat(f"{p.done:,} of {p.total:,} files")
        ready = f" ({p.searchable:,} searchable)" if 0 < p.searchable < p.imported else ""
        self.counts.setText(f"{p.imported:,} imported{ready}{dup}{extra} · {left}")
        self.current.setText(f"· {Path(p.current).name}")  # clipped by the layout if long
        self.current.setToolTip(tip(p.current))

    def cancelling(self) -> None:
        """Cancel was pressed: say so until the worker stops."""
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")

    def end(self) -> None:
        """Hide the panel."""
        self.setVisible(False)
