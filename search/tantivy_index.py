"""The Tantivy engine (Rust, through the ``tantivy`` Python package).

Same fields as the Whoosh schema: ``num`` (the id: indexed for replace/delete
and the allowed-ids filter, a fast field to read ids back), ``title`` and ``text``
with positions and the shared analysis (:mod:`search.analysis`). Nothing is stored.
Query trees are translated by :mod:`search.tantivy_query`.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from .analysis import TANTIVY_ANALYZER, tantivy_text_analyzer
from .facets import IdArray
from .index import SearchIndex, over_fetch
from .phrase_files import PhraseFiles
from .query import Node, Phrase, phrase_candidates
from .schema import IndexDoc
from .tantivy_query import translate

HEAP_BYTES = 128_000_000
THREADS = 2
#: Result sizes above which fetching every hit into Python gets costly (~1 us a hit).
BROAD = 5000
_EMPTY = np.zeros(0, dtype=np.int64)


def _without(tq: Any, excluded: Any = None) -> Any:
    """``tq`` AND NOT ``excluded``; alone (``excluded=None``): everything but ``tq``."""
    if excluded is None:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, tq)]
        )
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, tq), (tantivy.Occur.MustNot, excluded)]
    )


def make_schema() -> Any:
    """The Tantivy schema."""
    b = tantivy.SchemaBuilder()
    b.add_integer_field("num", stored=False, indexed=True, fast=True)
    for name in ("title", "text"):
        b.add_text_field(name, stored=False, tokenizer_name=TANTIVY_ANALYZER)
    return b.build()


class TantivyWriter:
    """Adds and deletes documents inside one Tantivy write transaction."""

    def __init__(self, writer: Any, fresh: bool, pairs: PhraseFiles | None) -> None:
        self._w = writer
        self._fresh = fresh
        self._pairs = pairs
        self._added: set[int] = set()

    def add(self, doc: IndexDoc) -> None:
        """Add or replace the document with ``doc.id``."""
        replace = not self._fresh or doc.id in self._added
        if replace:
            self._w.delete_documents_by_term("num", doc.id)
        self._added.add(doc.id)
        self._w.add_document(tantivy.Document(num=doc.id, title=doc.title, text=doc.text))
        if self._pairs is not None:
            self._pairs.add(doc.id, (doc.title, doc.text), replace)

    def delete(self, doc_id: int) -> None:
        """Remove the document with this id, if present."""
        self._w.delete_documents_by_term("num", doc_id)
        self._added.discard(doc_id)
        if self._pairs is not None:
            self._pairs.delete(doc_id)


class TantivyIndex(SearchIndex):
    """The Tantivy engine."""

    engine = "tantivy"
    layout = 2  # 2: title and text only

    def _phrase_candidates(self, phrase: Phrase) -> Node:
        """Positions are read in Rust: the articles where the phrase's stems stand next to
        each other, not every article with its words ("said on" at 23k: 84 → 11 ms, the
        same 432 hits); the stored text still decides each one."""
        return phrase_candidates(phrase)

    @classmethod
    def _exists(cls, path: Path) -> bool:
        try:
            return bool(tantivy.Index.exists(str(path)))
        except Exception:
            return False

    def _create_files(self) -> None:
        self._register(tantivy.Index(make_schema(), path=str(self.path), reuse=False))

    def _open(self) -> None:
        self._index = self._register(tantivy.Index.open(str(self.path)))
        self._index.config_reader(reload_policy="manual")
        self._schema = self._index.schema
        self._searcher: Any = None
        self._all: IdArray | None = None

    @staticmethod
    def _register(index: Any) -> Any:
        index.register_tokenizer(TANTIVY_ANALYZER, tantivy_text_analyzer())
        return index

    def clear(self) -> None:
        """Throw the index away and start an empty one (before a rebuild)."""
        with self._lock:
            self._release()
            self._create()
            self._open()

    def close(self) -> None:
        """Release the searcher and the index files."""
        with self._lock:
            self._release()
            self._close_pairs()

    def _release(self) -> None:
        self._searcher = None
        self._all = None
        self._changed()
        self._index = None
        gc.collect()  # drop the Rust handles now (Windows keeps open files locked)

    @contextmanager
    def writer(
        self, timeout: float = 30.0, batches: bool = False, merge: bool = True
    ) -> Iterator[TantivyWriter]:
        """A write transaction, committed on success and cancelled on error (Tantivy merges
        in its own threads, by its own policy, ``batches`` and ``merge`` or not)."""
        w = self._acquire(timeout)
        try:
            self.refresh()  # another process may have written since: is it really empty?
            with self._pair_writes() as pairs:
                yield TantivyWriter(w, fresh=self.doc_count() == 0, pairs=pairs)
        except BaseException:
            w.rollback()
            w.wait_merging_threads()
            raise
        try:
            w.commit()
            w.wait_merging_threads()
        except BaseException:
            self._settle_phrases(False)
            raise
        self._settle_phrases(True)
        self.refresh()

    def refresh(self) -> None:
        """See what another process committed since (the next query reads the latest commit)."""
        with self._lock:
            self._index.reload()
            self._searcher = None
            self._all = None
            self._changed()

    def _acquire(self, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._index.writer(heap_size=HEAP_BYTES, num_threads=THREADS)
            except ValueError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def searcher(self) -> Any:
        """A searcher on the latest commit (cached until the next write)."""
        with self._lock:
            if self._searcher is None:
                self._searcher = self._index.searcher()
            return self._searcher

    def doc_count(self) -> int:
        """Live documents in the index."""
        return int(self.searcher().num_docs)

    def _fetch_ids(self, tq: Any, limit: int) -> IdArray:
        hits = (
            self.searcher()
            .search(tq, limit=limit, count=False, order_by_field="num", order=tantivy.Order.Asc)
            .hits
        )
        return np.fromiter((h[0] for h in hits), dtype=np.int64, count=len(hits))

    def _count(self, tq: Any) -> int:
        return int(self.searcher().search(tq, limit=1, count=True).count or 0)

    def indexed_ids(self) -> IdArray:
        """Ids of every live document in the index."""
        with self._lock:
            if self._all is None:
                n = int(self.searcher().num_docs)
                self._all = self._fetch_ids(tantivy.Query.all_query(), n) if n else _EMPTY
            return self._all

    def _match_ids(self, root: Node) -> IdArray:
        """Ids of all documents matching ``root`` (uncached)."""
        tq = translate(root, self._schema)
        found = self._count(tq)
        n = int(self.searcher().num_docs)
        if not found:
            return _EMPTY
        if found > n // 2 and found > BROAD:
            # every hit costs ~1 us in the Python binding: fetch the fewer non-matches
            rest = self._fetch_ids(_without(tq), n - found) if found < n else _EMPTY
            return np.setdiff1d(self.indexed_ids(), rest, assume_unique=True)
        return self._fetch_ids(tq, found)

    def ranked(self, root: Node, allowed: IdArray | None, limit: int) -> list[tuple[int, float]]:
        """The best ``limit`` (id, score) for ``root`` among ``allowed`` ids (``None``: any)."""
        if limit <= 0:
            return []
        tq = translate(root, self._schema)
        if allowed is None:
            return self._top(tq, limit)
        ok = np.zeros(int(allowed.max()) + 1 if len(allowed) else 0, dtype=bool)
        ok[allowed[allowed >= 0]] = True

        def keep(pairs: list[tuple[int, float]]) -> list[tuple[int, float]]:
            return [(i, s) for i, s in pairs if i < len(ok) and ok[i]][:limit]

        # most filters keep many hits: the unfiltered best, filtered, are the answer
        first = self._top(tq, over_fetch(limit))
        kept = keep(first)
        if len(kept) >= limit or len(first) < over_fetch(limit):
            return kept
        found = self._count(tq)
        if found <= BROAD * 4:  # all the hits, filtered here
            return keep(self._top(tq, found))
        ids = allowed
        others = np.setdiff1d(self.indexed_ids(), allowed)
        if len(others) < len(ids):  # the shorter list of ids to filter with
            only = tantivy.Query.term_set_query(self._schema, "num", others.tolist())
            return self._top(_without(tq, only), limit)
        only = tantivy.Query.term_set_query(self._schema, "num", ids.tolist())
        zero = tantivy.Query.const_score_query(only, 0.0)
        return self._top(
            tantivy.Query.boolean_query([(tantivy.Occur.Must, tq), (tantivy.Occur.Must, zero)]),
            limit,
        )

    def _top(self, tq: Any, limit: int) -> list[tuple[int, float]]:
        s = self.searcher()
        hits = s.search(tq, limit=limit, count=False).hits
        if not hits:
            return []
        ids = s.fast_field_values("num", [addr for _, addr in hits])
        pairs = [(int(i), float(score)) for (score, _), i in zip(hits, ids, strict=True)]
        pairs.sort(key=lambda p: (-p[1], p[0]))
        return pairs
