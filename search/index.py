"""The Whoosh index on disk: writing, matching, ranking, snippets and hit spans.

The index is a cache of the store: it can be deleted and rebuilt at any time.
All Whoosh specifics stay in this package so the engine could be swapped.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as windex
from whoosh import query as wq
from whoosh.searching import Searcher

from .facets import IdArray
from .query import QueryError, Resolver, make_parser, parse_query, text_terms
from .schema import IndexDoc, make_schema, text_analyzer

INDEX_NAME = "sourcedesk"
#: How often a cached searcher checks for commits by other processes (seconds).
STALE_CHECK_S = 0.25


@dataclass(frozen=True)
class Snippet:
    """A short passage around the hits: plain text and the hit spans within it."""

    text: str
    hits: list[tuple[int, int]]


class IndexWriter:
    """Adds and deletes documents inside one Whoosh write transaction."""

    def __init__(self, writer: object) -> None:
        self._w = writer

    def add(self, doc: IndexDoc) -> None:
        """Add or replace the document with ``doc.id``."""
        self._w.update_document(  # type: ignore[attr-defined]
            id=str(doc.id),
            num=doc.id,
            title=doc.title,
            text=doc.text,
            names="\n".join(doc.names),
            place=",".join(doc.places),
            actor=",".join(doc.actors),
            source=doc.source or "",
        )

    def delete(self, doc_id: int) -> None:
        """Remove the document with this id, if present."""
        self._w.delete_by_term("id", str(doc_id))  # type: ignore[attr-defined]


class SearchIndex:
    """One index folder. Thread-safe for readers; one writer at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._checked = 0.0
        self._id_array: IdArray | None = None
        if windex.exists_in(str(path), indexname=INDEX_NAME):
            self._ix = windex.open_dir(str(path), indexname=INDEX_NAME)
        else:
            self._ix = self._create()
        self._parser = make_parser(self._ix.schema)

    def _create(self) -> windex.Index:
        self.path.mkdir(parents=True, exist_ok=True)
        return windex.create_in(str(self.path), make_schema(), indexname=INDEX_NAME)

    @staticmethod
    def exists(path: Path) -> bool:
        """True when a readable index is in ``path``."""
        try:
            return windex.exists_in(str(path), indexname=INDEX_NAME)
        except Exception:
            return False

    def clear(self) -> None:
        """Throw the index away and start an empty one (before a rebuild)."""
        with self._lock:
            self._close_searcher()
            self._ix.close()
            shutil.rmtree(self.path, ignore_errors=True)
            self._ix = self._create()

    def close(self) -> None:
        """Release the searcher and the index files."""
        with self._lock:
            self._close_searcher()
            self._ix.close()

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._id_array = None

    @contextmanager
    def writer(self, timeout: float = 30.0) -> Iterator[IndexWriter]:
        """A write transaction, committed on success and cancelled on error."""
        w = self._ix.writer(timeout=timeout, limitmb=128)
        try:
            yield IndexWriter(w)
        except BaseException:
            w.cancel()
            raise
        w.commit()
        with self._lock:
            self._close_searcher()

    def add_all(self, docs: Iterable[IndexDoc]) -> int:
        """Write many documents in one commit; returns how many."""
        n = 0
        with self.writer() as w:
            for doc in docs:
                w.add(doc)
                n += 1
        return n

    def searcher(self) -> Searcher:
        """A searcher on the latest commit, also one made by another process."""
        with self._lock:
            now = time.monotonic()
            if self._searcher is not None and now - self._checked > STALE_CHECK_S:
                self._checked = now
                if not self._searcher.up_to_date():
                    self._close_searcher()
            if self._searcher is None:
                self._searcher = self._ix.searcher()
                self._checked = now
            return self._searcher

    def refresh(self) -> None:
        """Drop the cached searcher so the next query sees every commit."""
        with self._lock:
            self._close_searcher()

    def _ids_by_docnum(self) -> IdArray:
        with self._lock:
            if self._id_array is None:
                reader = self.searcher().reader()
                column = reader.column_reader("num")
                self._id_array = np.fromiter(
                    (int(column[i]) for i in range(reader.doc_count_all())), dtype=np.int64
                )
            return self._id_array

    def doc_count(self) -> int:
        """Live documents in the index."""
        return int(self.searcher().doc_count())

    def indexed_ids(self) -> IdArray:
        """Ids of every live document in the index."""
        reader = self.searcher().reader()
        docnums = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
        return self._ids_by_docnum()[docnums] if len(docnums) else docnums

    def parse(self, text: str, resolve: Resolver) -> wq.Query | None:
        """Parse user query text (``None`` for an empty query); raises ``QueryError``."""
        return parse_query(self._parser, text, resolve)

    def match_ids(self, q: wq.Query) -> IdArray:
        """Ids of all documents matching ``q``, unscored (for facets and filters)."""
        s = self.searcher()
        docnums = np.fromiter(q.docs(s), dtype=np.int64)
        return self._ids_by_docnum()[docnums] if len(docnums) else docnums

    def ranked(self, q: wq.Query, allowed: IdArray | None, limit: int) -> list[tuple[int, float]]:
        """The best ``limit`` (id, score) for ``q`` among ``allowed`` ids (``None``: any)."""
        s = self.searcher()
        flt = None
        if allowed is not None:
            ids = self._ids_by_docnum()
            flt = set(np.flatnonzero(np.isin(ids, allowed)).tolist())
            if not flt:
                return []
        results = s.search(q, limit=limit, filter=flt)
        ids = self._ids_by_docnum()
        return [(int(ids[hit.docnum]), float(hit.score or 0.0)) for hit in results]

    def snippet(self, q: wq.Query | None, text: str, chars: int = 240) -> Snippet:
        """A passage of ``text`` around the best hits of ``q`` (the opening if none)."""
        spans = self.hit_spans(q, text)
        if not spans:
            return Snippet(_opening(text, chars), [])
        start, end = _densest_window(spans, chars)
        start, end = _widen(text, start, end, chars)
        passage = text[start:end]
        lead = "…" if start > 0 else ""
        tail = "…" if end < len(text) else ""
        hits = [
            (s - start + len(lead), e - start + len(lead))
            for s, e in spans
            if s >= start and e <= end
        ]
        return Snippet(_oneline(lead + passage + tail), hits)

    def hit_spans(self, q: wq.Query | None, text: str) -> list[tuple[int, int]]:
        """Character spans in ``text`` of the words ``q`` looks for."""
        terms = text_terms(q)
        if not terms:
            return []
        return [
            (t.startchar, t.endchar)
            for t in text_analyzer()(text, chars=True, mode="query")
            if t.text in terms
        ]


def _densest_window(spans: list[tuple[int, int]], chars: int) -> tuple[int, int]:
    """The stretch of at most ``chars`` characters that holds the most hits."""
    best, best_n, j = (spans[0][0], spans[0][1]), 0, 0
    for i, (s, _) in enumerate(spans):
        while spans[j][0] < s - chars:
            j += 1
        if i - j + 1 > best_n:
            best_n, best = i - j + 1, (spans[j][0], spans[i][1])
    return best


def _opening(text: str, chars: int) -> str:
    out = text[:chars]
    if len(text) > chars:
        cut = out.rfind(" ")
        out = (out[:cut] if cut > chars // 2 else out) + "…"
    return _oneline(out)


def _widen(text: str, start: int, end: int, chars: int) -> tuple[int, int]:
    """Grow a fragment to about ``chars`` characters, on word boundaries."""
    spare = max(0, chars - (end - start))
    start = max(0, start - spare // 2)
    end = min(len(text), end + spare - spare // 2)
    if start > 0:
        nxt = text.find(" ", start)
        start = nxt + 1 if 0 <= nxt < start + 30 else start
    if end < len(text):
        prev = text.rfind(" ", start, end)
        end = prev if prev > end - 30 else end
    return start, end


def _oneline(text: str) -> str:
    """Newlines become spaces, keeping offsets (one character for one)."""
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ")


__all__ = ["IndexWriter", "QueryError", "SearchIndex", "Snippet"]
