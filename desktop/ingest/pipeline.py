"""The import pipeline: files -> articles -> entities -> one store transaction per file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from sqlalchemy import Insert, Table, bindparam, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from search.frozen import frozen

from ..entities.names import name_key
from ..entities.outlets import normalize_outlet
from ..index_process import Indexing
from ..store.models import Document, IndexQueue, Source
from ..store.originals import Originals, sha256_hex
from .article import Article
from .files import display_name
from .metatext import plain_metadata
from .readers import SUPPORTED_SUFFIXES
from .savedpages import is_page_assets
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


# The import's statements, built once and given their values at each file: SQLAlchemy
# builds and keys a statement written in place again at every call, which was most of the
# duplicate check's time (343 -> 60 us a call), and rows written as rows skip the ORM's
# unit of work (docs/performance.md, issue 16, the seventh session of 4 December). They
# run on the session's connection (SQLAlchemy Core): the ORM's execution path around each
# was ~0.1 ms of a file's CPU (docs/performance.md, issue 16, fifteenth session).
_SAME_BYTES = Document.original_sha256 == bindparam("original_sha")
_SAME_BYTES_ONLY = select(Document.id).where(_SAME_BYTES).limit(1)
#: one statement (a round trip less per file): the same bytes first, then the same text
_SAME_BYTES_OR_TEXT = (
    select(Document.id)
    .where(_SAME_BYTES | (Document.text_sha256 == bindparam("text_sha")))
    .order_by(_SAME_BYTES.desc(), Document.id)
    .limit(1)
)
_SOURCE_BY_KEY = select(Source).where(Source.key == bindparam("key"))
_SOURCE_ID_BY_KEY = select(Source.id).where(Source.key == bindparam("key"))
_NEW_DOCUMENT = insert(cast(Table, Document.__table__))
_QUEUED_FOR_INDEX = insert(cast(Table, IndexQueue.__table__))


def _new_row(session: Session, statement: Insert, values: dict[str, object]) -> int:
    """Insert one row (inside the session's transaction) and return its id."""
    result = session.connection().execute(statement, values)
    key = result.inserted_primary_key
    if key is None or key[0] is None:  # reported for the file like any refused write
        raise SQLAlchemyError("the library gave the new row no id")
    return int(key[0])


def source_id_for(session: Session, raw: str | None) -> int | None:
    """:func:`source_for`'s id: an outlet the library knows is looked up without loading
    its row."""
    name = normalize_outlet(raw)
    if not name:
        return None
    known = session.connection().execute(_SOURCE_ID_BY_KEY, {"key": name_key(name)}).scalar()
    if known is not None:
        return int(known)
    source = source_for(session, raw)
    return source.id if source is not None else None


def source_for(session: Session, raw: str | None) -> Source | None:
    """The normalised outlet row for a raw outlet string (created if new)."""
    name = normalize_outlet(raw)
    if not name:
        return None
    key = name_key(name)
    source = session.scalars(_SOURCE_BY_KEY, {"key": key}).first()
    if source is None:
        source = Source(name=name, key=key)
        session.add(source)
        session.flush()
    return source


class Importer:
    """Phase 1 of an import: files to stored, searchable documents (one writer at a time).

    Entities come in phase 2 (:mod:`desktop.extraction`), so a large drop is
    searchable long before the model has read every article.
    """

    def __init__(self, sessions: sessionmaker[Session], originals: Originals) -> None:
        self.sessions = sessions
        self.originals = originals

    def duplicate_of(self, session: Session, original_sha: str, text_sha: str | None) -> int | None:
        """Id of a document with the same bytes or the same normalised text."""
        conn = session.connection()
        if text_sha is None:
            return conn.execute(_SAME_BYTES_ONLY, {"original_sha": original_sha}).scalar()
        values = {"original_sha": original_sha, "text_sha": text_sha}
        return conn.execute(_SAME_BYTES_OR_TEXT, values).scalar()

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
            # the duplicate check inside the write transaction: one transaction per file
            # (on a server each is a pool checkout, a ping, BEGIN and ROLLBACK: a quarter of
            # an import's round trips)
            with self.sessions.begin() as session:
                dup = self.duplicate_of(session, digest, text_sha)
                if dup is not None:
                    report.duplicates.append(DuplicateFile(display_name(str(path)), dup))
                    return None
                self.originals.keep(session, data)  # a server library: in this transaction
                source_id = source_id_for(session, article.source)
                # written as rows, not through the ORM's unit of work (nothing else of the
                # session's needs the new objects): two flushes a file less
                row = dict(
                    filename=display_name(path.name),
                    original_path=display_name(str(path.resolve())),
                    original_sha256=digest,
                    original_size=len(data),
                    text_sha256=text_sha,
                    format=article.format,
                    title=title,
                    source_id=source_id,
                    source_raw=article.source,
                    author=article.author,
                    published=article.published,
                    published_from=article.published_from if article.published else None,
                    language=article.language,
                    url=article.url,
                    text=article.text,
                    imported_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    imported_by=session.info.get("provenance"),
                )
                doc_id = _new_row(session, _NEW_DOCUMENT, row)
                queued = {"document_id": doc_id, "deleted": False}
                session.connection().execute(_QUEUED_FOR_INDEX, queued)
        except IntegrityError:
            # another writer added the same text between our check and commit
            with self.sessions() as session:
                dup = self.duplicate_of(session, digest, text_sha)
            if dup is not None:
                report.duplicates.append(DuplicateFile(display_name(str(path)), dup))
            else:
                report.failed.append(
                    FailedFile(display_name(str(path)), "the library refused the document")
                )
            return None
        except (OSError, SQLAlchemyError) as exc:
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

        try:
            with ReaderPool() as readers:
                for i, outcome in enumerate(readers.read_all(files)):
                    if should_cancel and should_cancel():
                        report.cancelled = True  # reading stops here; what is stored stays
                        break
                    report.done_files += 1
                    try:
                        self._take(outcome, report)
                    except DiskFull:
                        stop_for_full_disk(report, files[i + 1 :])
                        break
                    if index is not None:
                        now = index.step(len(report.imported))
                        searchable = searchable if now is None else now
                    if on_progress:
                        on_progress(progress(str(outcome.path), searchable))
            if index is not None:
                index.finish(len(report.imported))
                if on_progress and searchable < len(report.imported):
                    # the last files are in the index now: a window shows them at once,
                    # not when the entity phase first reports (seconds later)
                    on_progress(progress("", len(report.imported)))
        finally:
            if index is not None:
                index.close()  # an error: what the child had not committed stays queued
        return report

    def _take(self, outcome: ReadOutcome, report: ImportReport) -> None:
        """One file's outcome into the report; whatever goes wrong fails this file only."""
        if outcome.error is not None or outcome.data is None or outcome.article is None:
            report.failed.append(
                FailedFile(display_name(str(outcome.path)), outcome.error or "unreadable")
            )
            return
        try:
            self.store(outcome.path, outcome.data, outcome.article, report)
        except DiskFull:
            raise
        except Exception as exc:  # a bug of ours must not end the run for the other files
            report.failed.append(
                FailedFile(display_name(str(outcome.path)), unexpected_reason(exc))
            )
