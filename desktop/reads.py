"""What the read side asks of the store, as plain rows: one set of questions, two answerers.

The searcher, the lookup of spellings and the facet arrays ask the store these questions
and nothing else. :class:`~desktop.sqlite_reads.SqliteReads` answers them with Python's
sqlite3 module: the fast path, used for every SQLite library (a ``search`` command then
never imports SQLAlchemy, a quarter of a second of its start, and a search in the window
spends no time building ORM statements and rows). :class:`~desktop.orm_reads.OrmReads`
answers the same questions through SQLAlchemy, for any database the store may live in.
``tests/unit/test_reads.py`` holds the two to the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

import numpy as np

from search.frozen import frozen
from search.query import JoinedTexts

#: One row whose values change whenever any process commits documents, mentions or curation
#: (each a lookup on an index or a table's count: cheap at every size).
GENERATION_SQL = (
    "SELECT (SELECT max(id) FROM documents), (SELECT count(*) FROM documents),"
    " (SELECT count(*) FROM documents WHERE trashed_at IS NOT NULL),"
    " (SELECT max(id) FROM mentions),"
    " (SELECT max(id) FROM curation_log), (SELECT count(*) FROM index_queue),"
    " (SELECT count(*) FROM curation_log WHERE undone),"
    " (SELECT count(*) FROM document_versions)"
)

#: (id, name) of an entity or an outlet.
Named = tuple[int, str]


@frozen
class HitRow:
    """What a result row shows of a document."""

    id: int
    filename: str
    title: str
    source: str | None
    published: dt.date | None
    text: str
    author: str | None


@frozen
class DocumentRow:
    """Every stored field of a document the reader shows."""

    id: int
    filename: str
    title: str
    source: str | None
    source_raw: str | None
    author: str | None
    published: dt.date | None
    published_from: str | None
    language: str | None
    format: str
    text: str
    original_sha256: str
    original_path: str
    imported_at: dt.datetime
    url: str | None
    entities_status: str | None
    edited: str | None
    trashed: bool
    entities_pending: bool  # never looked at for entities (no version, no status)


#: (start, end, text, kind, canonical name, entity id, mention id, link, link detail)
MentionRow = tuple[int, int, str, str, str, int, int, str | None, str | None]
#: (document id, start, end, mention text, entity id, entity name)
NamedRow = tuple[int, int, int, str, int, str]


#: Articles a piece of :meth:`Reads.literal_chunks`: a piece is read while the one before
#: is counted (500: "the company said" at 100k in 27.1-29.2 ms; 250 and 1,000 1-3 ms more).
CHUNK_ARTICLES = 500


class Reads(Protocol):
    """The store's answers to the read side (thread-safe; no method writes)."""

    def close(self) -> None:
        """Release connections (the library is closing)."""

    def snapshot(self) -> AbstractContextManager[None]:
        """Answers given inside come from one consistent state of the store."""

    def generation(self) -> tuple[int, ...]:
        """Changes whenever any process commits documents, mentions or curation."""

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """Rows of a plain, portable SELECT with ``?`` parameters (the small tables of the
        workbench: desktop/mark_reads.py)."""

    def max_document_id(self) -> int:
        """The highest document id (0 for an empty library)."""

    def facet_documents(self) -> np.ndarray:
        """(id, source id or -1, proleptic ordinal of the date or 0) of every document not
        in the trash, as an (n, 3) integer array."""

    def facet_pairs(self, kinds: Collection[str]) -> np.ndarray:
        """Distinct (document id, entity id) of the entities of ``kinds`` not ignored."""

    def entity_labels(self, kinds: Collection[str]) -> list[tuple[int, str, str]]:
        """(id, name, kind) of the live entities (not ignored, not merged) of ``kinds``."""

    def source_labels(self) -> list[Named]:
        """(id, name) of every outlet."""

    def entities_by_keys(self, kinds: Collection[str], keys: Collection[str]) -> list[Named]:
        """Live entities of ``kinds`` with a spelling of the same kind whose key is one of
        ``keys``, by id."""

    def has_entities(self, kinds: Collection[str]) -> bool:
        """Whether the library holds any live entity of ``kinds`` (not ignored or merged)."""

    def entities_by_like(self, kinds: Collection[str], like: str) -> list[Named]:
        """Live entities of ``kinds`` with a spelling whose key matches a LIKE pattern
        (escape character ``\\``), by id."""

    def people_by_fold(self, kinds: Collection[str], fold_key: str, surname: bool) -> list[Named]:
        """Live people (if ``kinds`` has person) whose transliteration-folded full name
        (``surname``: surname) is ``fold_key``, by id."""

    def sources_by_keys(self, keys: Collection[str]) -> list[Named]:
        """Outlets whose key is one of ``keys``, by id."""

    def sources_by_like(self, like: str) -> list[Named]:
        """Outlets whose key matches a LIKE pattern (escape ``\\``), by id."""

    def literal_rows(
        self, ids: Sequence[int], columns: Sequence[str], like: str
    ) -> Iterator[tuple[int, ...]]:
        """(id, the ``columns``…) of the documents among ``ids`` where one of the columns
        matches a LIKE pattern (escape ``\\``; case folded as the database folds it)."""

    def literal_chunks(
        self, ids: Sequence[int], columns: Sequence[str], like: str
    ) -> Iterator[JoinedTexts]:
        """:meth:`literal_rows` as :class:`~search.query.JoinedTexts`, in pieces of
        :data:`CHUNK_ARTICLES` candidates."""

    def hit_rows(self, ids: Sequence[int]) -> list[HitRow]:
        """Result rows of these documents (in any order; missing ids are left out)."""

    def named_rows(self, doc_ids: Sequence[int], entity_ids: Collection[int]) -> list[NamedRow]:
        """Mentions of these entities in these documents, by document and start."""

    def document(self, doc_id: int) -> DocumentRow | None:
        """One document's stored fields, or None."""

    def mentions(self, doc_id: int) -> list[MentionRow]:
        """The mentions of one document's entities that are not ignored, by start."""


def parse_date(value: object) -> dt.date | None:
    """A stored date ("2022-05-07") as a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def parse_datetime(value: object) -> dt.datetime | None:
    """A stored timestamp ("2026-11-22 10:00:00.123456") as a naive datetime."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


#: What numpy converts in one call. It holds the GIL through a call, and a window's GUI
#: thread waits for it: at 100,000 articles the actors' pairs are 4.8 MB of text (18 ms
#: parsed at once) and the versions 93,000 rows (26 ms). A slice is ~2-3 ms, and the
#: interpreter can hand the GIL over between slices.
_TEXT_AT_ONCE = 1 << 20
_ROWS_AT_ONCE = 10_000


def int_rows(listed: str | None, columns: int) -> np.ndarray:
    """The integers of a ``group_concat`` text as rows of ``columns`` (numpy parses them
    without a Python object per value), a megabyte at a time."""
    if not listed:
        return np.zeros((0, columns), dtype=np.int64)
    parts = []
    start = 0
    while start < len(listed):
        cut = listed.find(",", start + _TEXT_AT_ONCE)
        end = len(listed) if cut < 0 else cut
        parts.append(np.fromstring(listed[start:end], dtype=np.int64, sep=","))
        start = end + 1
    return np.concatenate(parts).reshape(-1, columns)


def int_array(rows: Sequence[Sequence[int]], columns: int) -> np.ndarray:
    """Rows of ``columns`` integers as an array, converted a slice at a time."""
    if not rows:
        return np.zeros((0, columns), dtype=np.int64)
    return np.concatenate(
        [
            np.array(rows[i : i + _ROWS_AT_ONCE], dtype=np.int64).reshape(-1, columns)
            for i in range(0, len(rows), _ROWS_AT_ONCE)
        ]
    )
