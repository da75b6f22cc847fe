"""The search interface every engine implements: writing, matching, ranking, snippets.

The index is a cache of the store: it can be deleted and rebuilt at any time.
``SearchIndex(path)`` opens the engine remembered in ``path/engine.json`` (a new
folder gets the default engine: ``SOURCEDESK_ENGINE`` or Whoosh);
:func:`search.open_index` also switches an index to another engine. An index
written by another engine or with another text analysis is thrown away on open
and comes back empty, so the library rebuilds it from the store.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from whoosh import query as wq
from whoosh.analysis import Analyzer

from .analysis import ANALYZER_VERSION, word_spans
from .facets import IdArray
from .query import QueryError, Resolver, make_parser, parse_query, text_terms
from .schema import IndexDoc, make_schema

META_FILE = "engine.json"
#: Answers of ``match_ids`` kept until the next write.
MATCH_CACHE = 16


@dataclass(frozen=True)
class Snippet:
    """A short passage around the hits: plain text and the hit spans within it."""

    text: str
    hits: list[tuple[int, int]]


class IndexWriter(Protocol):
    """What :meth:`SearchIndex.writer` yields."""

    def add(self, doc: IndexDoc) -> None:
        """Add or replace the document with ``doc.id``."""

    def delete(self, doc_id: int) -> None:
        """Remove the document with this id, if present."""


def read_meta(path: Path) -> dict[str, Any] | None:
    """The engine and analysis an index folder was written with (``None``: unknown)."""
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


#: How often a searcher checks for commits made by another process (seconds).
STALE_CHECK_S = 0.25


class SearchIndex:
    """One index folder. Thread-safe for readers; one writer at a time.

    Calling ``SearchIndex(path)`` gives the engine's own subclass, which provides
    the methods below that raise ``NotImplementedError`` here.
    """

    engine: ClassVar[str] = ""
    #: Bumped when an engine's on-disk layout changes (the index is then rebuilt).
    layout: ClassVar[int] = 1

    def __new__(cls, path: Path) -> SearchIndex:  # noqa: D102
        if cls is SearchIndex:
            from .engines import engine_class, pick_engine

            cls = engine_class(pick_engine(path, None))
        return super().__new__(cls)

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._matches: OrderedDict[str, IdArray] = OrderedDict()
        self._generation = 0
        self._checked = 0.0
        self._seen: int | None = None
        meta = read_meta(self.path)
        fresh = meta == self._meta()
        if not fresh and _looks_like_index(self.path) and os.access(self.path, os.W_OK):
            shutil.rmtree(self.path)  # another engine or analysis: a cache, so start again
        # (in a read-only library an older index is used as it is)
        if not self._exists(self.path):
            self._create()
        self._open()
        self._parser = make_parser(make_schema(self.analyzer()))

    def _create(self) -> None:
        """Make an empty index in ``self.path`` and remember its engine."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True, exist_ok=True)
        self._create_files()
        (self.path / META_FILE).write_text(json.dumps(self._meta()), encoding="utf-8")

    def _meta(self) -> dict[str, Any]:
        return {"engine": self.engine, "layout": self.layout, "analyzer": ANALYZER_VERSION}

    @staticmethod
    def exists(path: Path) -> bool:
        """True when a readable index of the engine named in ``path`` is there."""
        from .engines import ENGINES, engine_class

        meta = read_meta(path)
        if not meta or meta.get("engine") not in ENGINES:
            return False
        try:
            return engine_class(str(meta["engine"]))._exists(path)
        except Exception:
            return False

    # -- what each engine provides ----------------------------------------------------

    @classmethod
    def _exists(cls, path: Path) -> bool:
        """The engine's own files are in ``path``."""
        raise NotImplementedError

    def _create_files(self) -> None:
        """Write an empty index into the (empty) folder."""
        raise NotImplementedError

    def _open(self) -> None:
        """Open the index in ``self.path``."""
        raise NotImplementedError

    def analyzer(self) -> Analyzer:
        """The text analysis of this engine, as a Whoosh analyzer (queries, hit spans)."""
        raise NotImplementedError

    def term(self, word: str) -> str:
        """The term this engine's analysis makes of one word (as :meth:`analyzer` would)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Throw the index away and start an empty one (before a rebuild)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the searcher and the index files."""
        raise NotImplementedError

    def writer(self, timeout: float = 30.0) -> AbstractContextManager[IndexWriter]:
        """A write transaction, committed on success and cancelled on error."""
        raise NotImplementedError

    def doc_count(self) -> int:
        """Live documents in the index."""
        raise NotImplementedError

    def indexed_ids(self) -> IdArray:
        """Ids of every live document in the index."""
        raise NotImplementedError

    def _match_ids(self, q: wq.Query) -> IdArray:
        """Ids of all documents matching ``q`` (uncached)."""
        raise NotImplementedError

    def ranked(self, q: wq.Query, allowed: IdArray | None, limit: int) -> list[tuple[int, float]]:
        """The best ``limit`` (id, score) for ``q`` among ``allowed`` ids (``None``: any)."""
        raise NotImplementedError

    # -- shared -------------------------------------------------------------------------

    def match_ids(self, q: wq.Query) -> IdArray:
        """Ids of all documents matching ``q``, unscored (for facets and filters).

        The last few answers are kept until the next write: choosing facets one
        after another repeats the same query. The array is read-only.
        """
        self._keep_fresh()
        key = repr(q)
        with self._lock:
            hit = self._matches.get(key)
            if hit is not None:
                self._matches.move_to_end(key)
                return hit
            generation = self._generation
        ids = self._match_ids(q)
        ids.setflags(write=False)
        with self._lock:
            if generation == self._generation:
                self._matches[key] = ids
                while len(self._matches) > MATCH_CACHE:
                    self._matches.popitem(last=False)
        return ids

    def refresh(self) -> None:
        """See what another process committed since (the next query reads the latest commit)."""
        raise NotImplementedError

    def _keep_fresh(self) -> None:
        """Notice commits by another process (an import in a child, the command line).

        Both engines commit by writing new files into the folder, which changes its
        modification time; checked at most every ``STALE_CHECK_S``.
        """
        now = time.monotonic()
        if now - self._checked < STALE_CHECK_S:
            return
        self._checked = now
        try:
            seen = os.stat(self.path).st_mtime_ns
        except OSError:
            return
        if self._seen is not None and seen != self._seen:
            self.refresh()
        self._seen = seen

    def drop_caches(self) -> None:
        """Forget cached answers and postings (to time queries cold)."""
        self._changed()

    def _changed(self) -> None:
        """Forget cached answers (after a commit or a clear)."""
        with self._lock:
            self._generation += 1
            self._matches.clear()

    def add_all(self, docs: Iterable[IndexDoc]) -> int:
        """Write many documents in one commit; returns how many."""
        n = 0
        with self.writer() as w:
            for doc in docs:
                w.add(doc)
                n += 1
        return n

    def parse(self, text: str, resolve: Resolver) -> wq.Query | None:
        """Parse user query text (``None`` for an empty query); raises ``QueryError``."""
        return parse_query(self._parser, text, resolve)

    def hit_spans(self, q: wq.Query | None, text: str) -> list[tuple[int, int]]:
        """Character spans in ``text`` of the words ``q`` looks for."""
        return word_spans(self.term, text, text_terms(q))

    def snippet(self, q: wq.Query | None, text: str, chars: int = 240) -> Snippet:
        """A passage of ``text`` around the best hits of ``q`` (the opening if none)."""
        found = self.hit_spans(q, text)
        if not found:
            return Snippet(_opening(text, chars), [])
        start, end = _densest_window(found, chars)
        start, end = _widen(text, start, end, chars)
        passage = text[start:end]
        lead = "…" if start > 0 else ""
        tail = "…" if end < len(text) else ""
        hits = [
            (s - start + len(lead), e - start + len(lead))
            for s, e in found
            if s >= start and e <= end
        ]
        return Snippet(_oneline(lead + passage + tail), hits)


def _looks_like_index(path: Path) -> bool:
    """Index files of some engine are in ``path`` (so it may be thrown away)."""
    if not path.is_dir():
        return False
    names = [p.name for p in path.iterdir()]
    if names and not any(
        n in (META_FILE, "meta.json", ".managed.json") or n.endswith((".toc", ".seg", "_WRITELOCK"))
        for n in names
    ):
        raise ValueError(f"{path} holds files that are not a search index")
    return bool(names)


def over_fetch(limit: int) -> int:
    """How many unfiltered hits to take before falling back to a filtered search."""
    return max(4 * limit, 200)


def _densest_window(found: list[tuple[int, int]], chars: int) -> tuple[int, int]:
    """The stretch of at most ``chars`` characters that holds the most hits."""
    best, best_n, j = (found[0][0], found[0][1]), 0, 0
    for i, (s, _) in enumerate(found):
        while found[j][0] < s - chars:
            j += 1
        if i - j + 1 > best_n:
            best_n, best = i - j + 1, (found[j][0], found[i][1])
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


__all__ = ["IndexWriter", "QueryError", "SearchIndex", "Snippet", "over_fetch", "read_meta"]
