"""The import pipeline: files -> articles -> entities; each file stored whole or not at all."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from search.frozen import frozen

from ..index_process import Indexing
from ..store.originals import HeldOriginals, Originals, OriginalStore, sha256_hex
from .article import Article
from .files import display_name
from .metatext import plain_metadata
from .readers import SUPPORTED_SUFFIXES
from .savedpages import is_page_assets
from .storewrites import CoreWrites, SqliteWrites, StoreWrites
from .validtext import valid_article
from .workers import ReaderPool, ReadOutcome
from .writefailure import DiskFull, is_disk_full, unexpected_reason


@frozen
class ImportedFile:
    """A file that became a new document."""

    id: int
    filename: str
    title: str
    path: str
    notes: tuple[str, ...] = ()  # how it was read ("pages 1-3 read by OCR")
    #: why its entities were not found, if they were not ("too_long", "failed")
    entities_status: str | None = None

    @property
    def entities_note(self) -> str | None:
        """The user's words for ``entities_status`` ("entities not found: took too long")."""
        from ..views import ENTITIES_STATUS_TEXT

        if self.entities_status is None:
            return None
        return ENTITIES_STATUS_TEXT.get(self.entities_status, "entities not found")


@frozen
class DuplicateFile:
    """A file whose text is already in the library, as document ``id``."""

    path: str
    id: int


@frozen
class FailedFile:
    """A file that could not be imported, and why (for the user)."""

    path: str
    error: str


@dataclass
class ImportReport:
    """What an import did, file by file."""

    imported: list[ImportedFile] = field(default_factory=list)
    duplicates: list[DuplicateFile] = field(default_factory=list)
    failed: list[FailedFile] = field(default_factory=list)
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)  # problems not tied to one file
    #: why the import stopped before the end (a full disk), or None
    stopped: str | None = None
    #: files found to import, and how many of them were done when it was cancelled
    total_files: int = 0
    done_files: int = 0
    #: articles of the library still waiting for their entities when the import ended
    entities_pending: int = 0

    def to_json(self) -> dict[str, object]:
        """The ``import --json`` shape documented in the README."""
        return {
            "imported": [
                {
                    "id": f.id,
                    "filename": f.filename,
                    "title": f.title,
                    "path": f.path,
                    "entities_status": f.entities_status,
                }
                | ({"notes": list(f.notes)} if f.notes else {})
                for f in self.imported
            ],
            "duplicates": [{"path": d.path, "id": d.id} for d in self.duplicates],
            "failed": [{"path": f.path, "error": f.error} for f in self.failed],
            "cancelled": self.cancelled,
            "total_files": self.total_files,
            "done_files": self.done_files,
            "entities_pending": self.entities_pending,
            "stopped": self.stopped,
            "warnings": self.warnings,
        }


@frozen
class ImportProgress:
    """Progress of a running import, reported after each file."""

    done: int
    total: int
    current: str
    imported: int
    duplicates: int
    failed: int
    elapsed_s: float
    phase: str = "reading"  # "reading" files, then finding "entities"
    #: files of this import committed to the index so far (searchable while the rest is read)
    searchable: int = 0

    @property
    def eta_s(self) -> float | None:
        """Estimated seconds left, once a few files are done."""
        if self.done < 2 or self.done >= self.total:
            return None if self.done < self.total else 0.0
        return self.elapsed_s / self.done * (self.total - self.done)


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[FailedFile]]:
    """Files to import: given files as they are, folders recursively (supported types only)."""
    files: list[Path] = []
    failed: list[FailedFile] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            visited: set[tuple[int, int]] = set()

            def unreadable(exc: OSError, top: Path = path) -> None:
                where = display_name(str(exc.filename or top))
                failed.append(FailedFile(where, f"cannot read this folder: {exc.strerror}"))

            walk = os.walk(path, onerror=unreadable, followlinks=True)
            for dirpath, dirnames, filenames in walk:
                st = os.stat(dirpath)
                if (st.st_dev, st.st_ino) in visited:  # a symlink loop
                    dirnames[:] = []
                    continue
                visited.add((st.st_dev, st.st_ino))
                dirnames[:] = sorted(
                    d
                    for d in dirnames
                    if not d.startswith(".") and not is_page_assets(Path(dirpath), d)
                )
                for name in sorted(filenames):
                    child = Path(dirpath) / name
                    if name.startswith(".") or child.suffix.lower() not in SUPPORTED_SUFFIXES:
                        continue
                    if not child.is_file():  # pipes, sockets, dangling links
                        continue
                    if child not in seen:
                        seen.add(child)
                        files.append(child)
        elif path.exists():
            if path not in seen:
                seen.add(path)
                files.append(path)
        else:
            failed.append(FailedFile(display_name(str(path)), "no such file or folder"))
    return files, failed


def stop_for_full_disk(report: ImportReport, rest: list[Path]) -> None:
    """The disk filled up: the import stops, and the files it did not get to are listed."""
    report.failed.extend(
        FailedFile(display_name(str(p)), "not imported: the import stopped, the disk is full")
        for p in rest
    )
    report.stopped = "disk full"
    report.warnings.append(
        f"the disk is full: the import stopped ({len(rest)} files not imported); free some "
        "space and import again (what was imported stays, and is skipped as a duplicate)"
    )


def text_fingerprint(text: str) -> str:
    """SHA-256 of the normalised text (NFC, whitespace collapsed): exact-duplicate identity."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


#: An import into a folder library commits its files a group at a time: at most this many
#: files, this many bytes of originals, this long since the group's first file; sooner when
#: the next file has not been read yet (``ReadOutcome.followed``). Each file is still
#: stored on its own (a savepoint: one that fails leaves the others), and a commit that
#: fails is made again a file at a time, so every file has its own verdict.
GROUP_FILES = 32
GROUP_BYTES = 32 << 20
GROUP_S = 0.25


@dataclass
class _Group:
    """The files stored since the last commit of an import (see ``GROUP_FILES``)."""

    originals: HeldOriginals
    outcomes: list[ReadOutcome] = field(default_factory=list)  # each file stored, in order
    report: ImportReport = field(default_factory=ImportReport)  # their verdicts
    began: float = 0.0

    def add(self, outcome: ReadOutcome) -> None:
        if not self.outcomes:
            self.began = time.monotonic()
        self.outcomes.append(outcome)

    def due(self, outcome: ReadOutcome) -> bool:
        """Whether to commit after ``outcome`` (the last file taken)."""
        return (
            not outcome.followed
            or len(self.outcomes) >= GROUP_FILES
            or self.originals.size >= GROUP_BYTES
            or time.monotonic() - self.began >= GROUP_S
        )


class Importer:
    """Phase 1 of an import: files to stored, searchable documents (one writer at a time).

    Entities come in phase 2 (:mod:`desktop.extraction`), so a large drop is
    searchable long before the model has read every article.
    """

    def __init__(self, sessions: sessionmaker[Session], originals: Originals) -> None:
        self.sessions = sessions
        self.originals = originals
        self._sqlite: SqliteWrites | None = None  # during :meth:`run`, on a SQLite library
        self._group: _Group | None = None  # during :meth:`run`, on a folder library

    def duplicate_of(self, session: Session, original_sha: str, text_sha: str | None) -> int | None:
        """Id of a document with the same bytes or the same normalised text."""
        return CoreWrites(session).duplicate_of(original_sha, text_sha)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[StoreWrites]:
        """One file's store transaction: on the import's own SQLite connection during
        :meth:`run` (:class:`SqliteWrites`), else through a session."""
        if self._sqlite is not None:
            held = self._group.originals.mark() if self._group is not None else 0
            try:
                with self._sqlite.transaction(grouped=self._group is not None) as writes:
                    yield writes
            except BaseException:
                if self._group is not None:  # this file's original, not the group's others
                    self._group.originals.drop_since(held)
                raise
        else:
            with self.sessions.begin() as session:
                yield CoreWrites(session)

    def store(self, path: Path, data: bytes, article: Article, report: ImportReport) -> int | None:
        """Store one read file as a document (one transaction); returns the new id, if any.

        Raises :class:`DiskFull` when the library's disk is full (the file is reported)."""
        # every string valid text, and a title, outlet or byline text, never markup
        article = plain_metadata(valid_article(article))
        digest = sha256_hex(data)
        text_sha = text_fingerprint(article.text)
        title = (article.title or path.stem).strip()[:1000]
        # a server keeps originals in the article's own transaction: nothing to tidy, no check
        kept_before = self.originals.root is None or self.originals.has(digest)
        try:
            # the duplicate check inside the file's write transaction (a savepoint of its
            # group's, during an import into a folder library); on a server a transaction
            # of its own was a pool checkout, a ping, BEGIN and ROLLBACK: a quarter of an
            # import's round trips
            with self._transaction() as writes:
                dup = writes.duplicate_of(digest, text_sha)
                if dup is not None:
                    report.duplicates.append(DuplicateFile(display_name(str(path)), dup))
                    return None
                if self._group is not None:  # put in place with the group's commit
                    self._group.originals.put(data)
                else:
                    self.originals.keep(writes.session, data)  # a server's: in this transaction
                # written as rows, not through the ORM's unit of work (nothing else of the
                # session's needs the new objects): two flushes a file less
                doc_id = writes.new_document(
                    dict(
                        filename=display_name(path.name),
                        original_path=display_name(str(path.resolve())),
                        original_sha256=digest,
                        original_size=len(data),
                        text_sha256=text_sha,
                        format=article.format,
                        title=title,
                        source_id=writes.source_id(article.source),
                        source_raw=article.source,
                        author=article.author,
                        published=article.published,
                        published_from=article.published_from if article.published else None,
                        language=article.language,
                        url=article.url,
                        text=article.text,
                        imported_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                        imported_by=writes.provenance,
                    )
                )
        except (IntegrityError, sqlite3.IntegrityError):
            # another writer added the same text between our check and commit (a server), or
            # the library refused the row; a folder library's writer is alone (its write
            # lock), so an original it wrote for this file is no other article's
            if not kept_before:
                self.originals.path_for(digest).unlink(missing_ok=True)
            with self.sessions() as session:
                dup = self.duplicate_of(session, digest, text_sha)
            if dup is not None:
                report.duplicates.append(DuplicateFile(display_name(str(path)), dup))
            else:
                report.failed.append(
                    FailedFile(display_name(str(path)), "the library refused the document")
                )
            return None
        except (OSError, SQLAlchemyError, sqlite3.Error) as exc:
            if not kept_before:  # no original without its article
                self.originals.path_for(digest).unlink(missing_ok=True)
            if is_disk_full(exc):
                report.failed.append(FailedFile(display_name(str(path)), "disk full"))
                raise DiskFull from exc
            reason = getattr(exc, "orig", None) or exc  # the database's own words
            report.failed.append(
                FailedFile(display_name(str(path)), f"could not write to the library: {reason}")
            )
            return None
        report.imported.append(
            ImportedFile(
                doc_id, display_name(path.name), title, display_name(str(path)), article.notes
            )
        )
        return doc_id

    def run(
        self,
        paths: Iterable[str | os.PathLike[str]],
        on_progress: Callable[[ImportProgress], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        indexing: Callable[[int], Indexing] | None = None,
    ) -> ImportReport:
        """Import files and folders; ``indexing`` (given the number of files) makes the
        stored files searchable as it goes (:mod:`desktop.index_process`)."""
        files, failed = collect_files(paths)
        report = ImportReport(failed=list(failed), total_files=len(files) + len(failed))
        report.done_files = len(failed)
        start = time.monotonic()
        index = indexing(len(files)) if indexing else None
        searchable = 0

        def progress(path: str, searchable: int) -> ImportProgress:
            return ImportProgress(
                report.done_files - len(failed),  # the files read by this run
                len(files),
                path,
                len(report.imported),
                len(report.duplicates),
                len(report.failed),
                time.monotonic() - start,
                searchable=searchable,
            )

        self._sqlite = SqliteWrites.for_sessions(self.sessions)
        if self._sqlite is not None and isinstance(self.originals, OriginalStore):
            self._group = _Group(HeldOriginals(self.originals))
        try:
            with ReaderPool() as readers:
                for i, outcome in enumerate(readers.read_all(files)):
                    if should_cancel and should_cancel():
                        report.cancelled = True  # reading stops here; what is stored stays
                        break
                    report.done_files += 1
                    try:
                        self._take(outcome, report)
                        if self._group is None or self._group.due(outcome):
                            self._commit(report)
                            # (only between commits: indexing dequeues on another connection)
                            if index is not None:
                                now = index.step(len(report.imported))
                                searchable = searchable if now is None else now
                    except DiskFull as full:
                        rest = full.rest
                        try:
                            self._commit(report)  # the files stored before this one stay
                        except DiskFull as again:
                            rest = [*again.rest, *rest]
                        stop_for_full_disk(report, [*rest, *files[i + 1 :]])
                        break
                    if on_progress:
                        on_progress(progress(str(outcome.path), searchable))
            try:
                self._commit(report)  # a cancelled import's last files too
            except DiskFull as full:
                stop_for_full_disk(report, full.rest)
            if index is not None:
                index.finish(len(report.imported))
                if on_progress and searchable < len(report.imported):
                    # the last files are in the index now: a window shows them at once,
                    # not when the entity phase first reports (seconds later)
                    on_progress(progress("", len(report.imported)))
        finally:
            if self._group is not None:  # an error: the group's files are not committed
                if self._sqlite is None or self._sqlite.pending:  # (rolled back just below)
                    self._group.originals.undo()
                else:  # (a commit that may have been made: its originals stay)
                    self._group.originals.undo(placed=False)
                self._group = None
            if self._sqlite is not None:
                self._sqlite.close()
                self._sqlite = None
            if index is not None:
                index.close()  # an error: what the child had not committed stays queued
        return report

    def _commit(self, report: ImportReport) -> None:
        """Commit the group's files (their originals synced and put in place first) and add
        their verdicts to ``report``. If that fails, each is stored again in a transaction
        of its own; a full disk then raises :class:`DiskFull` with the paths not stored."""
        group = self._group
        if group is None or not group.outcomes or self._sqlite is None:
            return
        try:
            group.originals.settle()
            self._sqlite.commit()
        except (OSError, sqlite3.Error):
            self._sqlite.rollback()
            group.originals.undo()
            self._group = None  # one transaction a file, as in a library with no group
            try:
                self._again(group.outcomes, report)
            finally:
                self._group = _Group(group.originals)
            return
        group.originals.committed()
        for name in ("imported", "duplicates", "failed"):
            getattr(report, name).extend(getattr(group.report, name))
        self._group = _Group(group.originals)

    def _again(self, outcomes: list[ReadOutcome], report: ImportReport) -> None:
        """A group whose commit failed, a file at a time."""
        for n, outcome in enumerate(outcomes):
            try:
                self._take(outcome, report)
            except DiskFull as full:
                raise DiskFull(rest=[o.path for o in outcomes[n + 1 :]]) from full

    def _take(self, outcome: ReadOutcome, report: ImportReport) -> None:
        """One file's outcome into the report (into its group's, until the group is
        committed); whatever goes wrong fails this file only."""
        if outcome.error is not None or outcome.data is None or outcome.article is None:
            report.failed.append(
                FailedFile(display_name(str(outcome.path)), outcome.error or "unreadable")
            )
            return
        if self._group is not None:
            self._group.add(outcome)
            report = self._group.report
        try:
            self.store(outcome.path, outcome.data, outcome.article, report)
        except DiskFull:
            raise
        except Exception as exc:  # a bug of ours must not end the run for the other files
            report.failed.append(
                FailedFile(display_name(str(outcome.path)), unexpected_reason(exc))
            )
