"""The Whoosh engine (the default): pure Python, queries evaluated with numpy.

What profiling at 100,000 articles showed and what is done about it:

- Matching and ranking walked Whoosh's matchers per document in Python. Now
  :class:`~search.whoosh_eval.Evaluator` reads postings block by block into
  arrays, combines masks, scores BM25F in numpy and checks phrase positions for
  all candidates at once; it is cached with the reader until the next commit,
  together with the document-number -> id array and per-term postings.
- ``ranked`` with ``allowed`` built a Python set of document numbers; now the
  allowed ids become a boolean mask by two array look-ups.
- Writing: an article whose id is above every id in the index (a rebuild's, an
  import's) takes ``add_document`` rather than ``update_document`` (no per-document
  delete look-up); nothing is stored; the id
  column is a plain column rather than a numeric field indexed at four
  precisions; positions are packed integers, not pickles
  (:class:`~search.schema.ArrayPositions`); segments written and merged a posting
  list at a time, the same files (:mod:`search.whoosh_write`).
- Kept as they are: one process (``procs`` > 1 forks writer processes, which a
  bundled desktop app should not do), Whoosh's merge policy for a lone commit (an
  import's run of batches merges by :func:`merge_tiers`), zlib on posting blocks
  (``COMPRESSION = 0`` makes phrases ~2x faster for an index ~2x larger) but for the
  smallest (:data:`SMALL_BLOCK`: three in four blocks, 0.6 % of the index's size).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage

from .facets import IdArray
from .index import SearchIndex, Tail
from .phrase_files import PhraseFiles, phrase_runs
from .query import And, Node, Pattern, Term, is_literal, leaves, words_of
from .schema import DEFAULT_FIELDS, IndexDoc, make_schema
from .whoosh_eval import MAX_EXPANSION, Evaluator, ids_by_docnum
from .whoosh_tables import install as _one_read_directories

if TYPE_CHECKING:
    import numpy.typing as npt

_one_read_directories()  # each segment opened with one read for its term table's directory

INDEX_NAME = "sourcedesk"
#: The folders inside the index's where an import's tail is written (:meth:`build_tail`).
TAIL_PREFIX = ".tail-"
#: The writer's in-memory postings before it spills a run to disk (Whoosh's default). At 256
#: the importing process held ~300 MB through the entity phase of a folder of long PDFs (each
#: entity batch re-indexes its articles), enough to take the import's tree over 1 GB.
WRITER_MB = 128
#: zlib level of posting blocks (Whoosh's default is 3).
COMPRESSION = 3
#: A posting block whose pickle is shorter than this is written uncompressed (zlib gains a
#: byte or two on it, at ~10 us a block: :class:`search.whoosh_write.BulkPostingsWriter`).
SMALL_BLOCK = 128
#: An import's run of commits keeps at most this many segments; past it, the smallest are
#: merged into one, up to :data:`TIER_SHARE` of the index's documents (:func:`merge_tiers`).
TIER_SEGMENTS = 12
TIER_SHARE = 0.3


def merge_tiers(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merge policy for a run of commits (an import's batches, each one after the
    other): at most :data:`TIER_SEGMENTS` segments, the smallest merged when there would be
    more, up to :data:`TIER_SHARE` of the documents. Whoosh's own policy (``MERGE_SMALL``)
    keeps every segment until the sum of the smallest is under a Fibonacci number of their
    count, then merges them all at once: with an import's batches one after the other, the
    18 segments of 23,000 articles were merged in its last commit (24 s, where the other
    batches took 0.4-9 s each; docs/performance.md, issue 16, sixteenth session)."""
    if len(segments) < TIER_SEGMENTS:  # the commit adds one
        return segments
    from whoosh.reading import SegmentReader

    total = sum(seg.doc_count_all() for seg in segments)
    merged: list[Any] = []
    docs = 0
    for seg in sorted(segments, key=lambda seg: seg.doc_count_all()):
        count = seg.doc_count_all()
        if len(merged) >= 2 and docs + count > TIER_SHARE * total:
            break
        merged.append(seg)
        docs += count
    for seg in merged:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if all(seg is not m for m in merged)]


def _writer(ix: Any, **kwargs: Any) -> Any:
    """Whoosh's writer, its segment written a posting list at a time (``whoosh_write``;
    imported here: a search never writes, and Whoosh's writing modules cost it ~5 ms)."""
    from .whoosh_write import BulkCodec, BulkSegmentWriter

    return BulkSegmentWriter(
        ix, codec=BulkCodec(compression=COMPRESSION, small=SMALL_BLOCK), **kwargs
    )


def _highest_id(writer: Any) -> int:
    """The highest document id in the index ``writer`` writes to, deleted documents
    included (0: empty)."""
    reader = writer.reader()
    try:
        ids = ids_by_docnum(reader)
    finally:
        reader.close()
    return int(ids.max()) if len(ids) else 0


class WhooshWriter:
    """Adds and deletes documents inside one Whoosh write transaction."""

    def __init__(self, writer: Any, above: int, pairs: PhraseFiles | None) -> None:
        self._w = writer
        self._pairs = pairs
        #: no document of the index has an id above this: one that has is new to it, with no
        #: old copy to replace (an import's articles; every one of a rebuild)
        self._above = above
        self._added: set[int] = set()
        #: ids added earlier in this transaction and then added again (True) or deleted
        #: (False): Whoosh cannot delete what it has not committed, so tidied after commit
        self.redone: dict[int, bool] = {}

    def add(self, doc: IndexDoc) -> None:
        """Add or replace the document with ``doc.id``."""
        fields = dict(id=str(doc.id), num=doc.id, title=doc.title, text=doc.text)
        if self._pairs is not None:
            replace = doc.id <= self._above or doc.id in self._added
            self._pairs.add(doc.id, (doc.title, doc.text), replace)
        if doc.id in self._added:
            self.redone[doc.id] = True
        if doc.id > self._above:  # Whoosh's update looks for an old copy: ~0.15 ms
            self._w.add_document(**fields)
        else:
            self._w.update_document(**fields)
        self._added.add(doc.id)

    def delete(self, doc_id: int) -> None:
        """Remove the document with this id, if present."""
        self._w.delete_by_term("id", str(doc_id))
        if self._pairs is not None:
            self._pairs.delete(doc_id)
        if doc_id in self._added:
            self.redone[doc_id] = False


class WhooshIndex(SearchIndex):
    """The Whoosh engine."""

    engine = "whoosh"
    tails = True
    layout = 3  # 2: positions as arrays (schema.ArrayPositions); 3: title and text only

    @classmethod
    def _exists(cls, path: Path) -> bool:
        try:
            return bool(windex.exists_in(str(path), indexname=INDEX_NAME))
        except Exception:
            return False

    def _create_files(self) -> None:
        windex.create_in(str(self.path), make_schema(), indexname=INDEX_NAME).close()

    def _open(self) -> None:
        self._closed = False
        self._reader: Any = None  # Whoosh's reader of the latest commit
        self._eval: Evaluator | None = None
        self._id_array: IdArray | None = None
        # Without mmap: Whoosh wraps a mapped compound segment in BytesIO, which copies the
        # whole postings file into memory on every open (158 MB at 100,000 articles, again
        # after each commit); plain reads go through the OS page cache instead.
        self._ix = FileStorage(str(self.path), supports_mmap=False).open_index(INDEX_NAME)

    def clear(self) -> None:
        """Throw the index away and start an empty one (before a rebuild)."""
        with self._lock:
            self._close_reader()
            self._ix.close()
            self._create()
            self._open()

    def close(self) -> None:
        """Release the reader and the index files. A search still running on another
        thread then fails (and the library runs it again on the index that replaced this
        one) instead of opening the closed index's files again and leaving them open."""
        with self._lock:
            self._closed = True
            self._close_reader()
            self._ix.close()
            self._close_pairs()

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self._reader = None
        self._eval = None
        self._id_array = None
        self._changed()

    @contextmanager
    def writer(
        self, timeout: float = 30.0, batches: bool = False, merge: bool = True
    ) -> Iterator[WhooshWriter]:
        """A write transaction, committed on success and cancelled on error; ``batches``
        commits by :func:`merge_tiers`, else by Whoosh's own policy; ``merge=False`` merges
        nothing (the segments stay as they are, with the new one beside them)."""
        from whoosh.writing import NO_MERGE  # (loaded by _writer already)

        w = _writer(self._ix, timeout=timeout, limitmb=WRITER_MB)
        try:
            with self._pair_writes() as pairs:
                ours = WhooshWriter(w, above=_highest_id(w), pairs=pairs)
                yield ours
        except BaseException:
            w.cancel()
            raise
        try:
            w.commit(mergetype=(merge_tiers if batches else None) if merge else NO_MERGE)
        except BaseException:
            self._settle_phrases(False)
            raise
        self._settle_phrases(True)
        if ours.redone:
            self._tidy(ours.redone, timeout)
        with self._lock:
            self._close_reader()

    def build_tail(
        self, docs: Iterable[IndexDoc], between: Callable[[], None] | None = None
    ) -> Tail | None:
        """A segment of ``docs`` written in a folder of its own inside the index's (named
        ``.tail-…``: Whoosh's commits, which delete every file of a segment they do not
        list, pass it by), as a one-segment index of the same schema; its pairs kept to
        be written when it is adopted. A folder left by an import killed meanwhile is
        removed first (the library's writer is the only one to build tails)."""
        import shutil
        import tempfile

        from whoosh.writing import NO_MERGE

        self.drop_tails()
        folder = Path(tempfile.mkdtemp(prefix=TAIL_PREFIX, dir=self.path))
        try:
            storage = FileStorage(str(folder), supports_mmap=False)
            ix = storage.create_index(self._ix.schema, indexname=INDEX_NAME)
            w = _writer(ix, limitmb=WRITER_MB)
            ids, runs = [], []
            try:
                ours = WhooshWriter(w, above=0, pairs=None)  # every one new to the index
                for doc in docs:
                    ours.add(doc)
                    ids.append(doc.id)
                    runs.append(phrase_runs(doc.id, (doc.title, doc.text)))
                    if between is not None and len(ids) % 64 == 0:
                        between()
            except BaseException:
                w.cancel()
                raise
            if not ids:
                w.cancel()
                ix.close()
                shutil.rmtree(folder, ignore_errors=True)
                return None
            w.commit(mergetype=NO_MERGE)
            (segment,) = ix._read_toc().segments
            ix.close()
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return Tail(ids, folder, segment, runs)

    def adopt_tail(self, tail: Tail, timeout: float = 30.0) -> None:
        """The tail's pairs committed (as any write's, before the engine's commit), its
        segment's files moved beside the index's, and the segment listed by a commit that
        adds nothing else. A failure before that commit leaves the moved files unlisted:
        the next commit deletes them."""
        import shutil

        from whoosh.writing import NO_MERGE

        try:
            w = _writer(self._ix, timeout=timeout, limitmb=WRITER_MB)
            try:
                with self._pair_writes() as pairs:
                    if pairs is not None:
                        for runs in tail.runs:
                            pairs.add_runs(runs)
                prefix = tail.segment.segment_id()
                for name in os.listdir(tail.folder):
                    if name.startswith(prefix):
                        os.replace(tail.folder / name, self.path / name)
            except BaseException:
                w.cancel()
                self._settle_phrases(False)  # (a move that failed: the positions as they were)
                raise
            try:
                w.commit(
                    mergetype=lambda writer, segments: [*NO_MERGE(writer, segments), tail.segment]
                )
            except BaseException:
                self._settle_phrases(False)
                raise
            self._settle_phrases(True)
        finally:
            shutil.rmtree(tail.folder, ignore_errors=True)
        with self._lock:
            self._close_reader()

    def drop_tails(self) -> None:
        """Remove the folders of tails never adopted (an import killed while it built one)."""
        import shutil

        for folder in self.path.glob(TAIL_PREFIX + "*"):
            shutil.rmtree(folder, ignore_errors=True)

    def _tidy(self, redone: dict[int, bool], timeout: float) -> None:
        """Keep only the last copy of a document written twice in one transaction."""
        w = _writer(self._ix, timeout=timeout)
        try:
            with self._ix.searcher() as s:
                for doc_id, keep_last in redone.items():
                    docnums = sorted(s.document_numbers(id=str(doc_id)))
                    for docnum in docnums[:-1] if keep_last else docnums:
                        w.delete_document(docnum)
        except BaseException:
            w.cancel()
            raise
        w.commit()

    def reader(self) -> Any:
        """Whoosh's reader of the latest commit (cached until the next write). Not its
        ``Searcher``: nothing of ours searches through Whoosh's own queries, and
        ``whoosh.searching`` with ``whoosh.query`` (20 modules) cost a ``search`` process
        ~4 ms to import (docs/performance.md, issue 16, twentieth session)."""
        with self._lock:
            if self._closed:
                raise ValueError("this search index is closed")
            if self._reader is None:
                self._reader = self._ix.reader()
            return self._reader

    def _evaluator(self) -> Evaluator:
        with self._lock:
            if self._eval is None:
                self._eval = Evaluator(self.reader())
            return self._eval

    def refresh(self) -> None:
        """See what another process committed since (the next query reads the latest commit)."""
        with self._lock:
            self._close_reader()

    def drop_caches(self) -> None:
        """Forget cached answers and postings (to time queries cold)."""
        super().drop_caches()
        with self._lock:
            if self._eval is not None:
                self._eval.forget()

    def _ids_by_docnum(self) -> IdArray:
        with self._lock:
            if self._id_array is None:
                self._id_array = ids_by_docnum(self.reader())
            return self._id_array

    def doc_count(self) -> int:
        """Live documents in the index."""
        return int(self.reader().doc_count())

    def indexed_ids(self) -> IdArray:
        """Ids of every live document in the index."""
        return self._ids_by_docnum()[np.flatnonzero(self._evaluator().live)]

    def _match_ids(self, root: Node) -> IdArray:
        """Ids of all documents matching ``root`` (uncached)."""
        with self._lock:  # Whoosh's file reads are not thread-safe
            ev = self._evaluator()
            return self._ids_by_docnum()[np.flatnonzero(ev.mask(root))]

    def share(self, term: Term) -> float:
        """The share of documents holding ``term`` in its most common field."""
        with self._lock:
            ev = self._evaluator()
            fields = [term.field] if term.field else list(DEFAULT_FIELDS)
            return max(ev.doc_frequency(f, term.term) for f in fields) / max(1, ev.n)

    def notes(self, root: Node) -> list[str]:
        """Wildcards that stand for more words than are searched."""
        out = []
        with self._lock:
            ev = self._evaluator()
            for leaf in leaves(root):
                if not isinstance(leaf, Pattern):
                    continue
                fields = [leaf.field] if leaf.field else list(DEFAULT_FIELDS)
                if any(ev.expansion(f, leaf)[1] for f in fields):
                    out.append(
                        f"{leaf.text} stands for more than {MAX_EXPANSION:,} words: "
                        f"the {MAX_EXPANSION:,} most frequent were searched"
                    )
        return out

    def ranked(self, root: Node, allowed: IdArray | None, limit: int) -> list[tuple[int, float]]:
        """The best ``limit`` (id, score) for ``root`` among ``allowed`` ids (``None``: any)."""
        ids, scores = self.ranked_arrays(root, allowed, limit)
        return list(zip(ids.tolist(), scores.tolist(), strict=True))

    def ranked_arrays(
        self, root: Node, allowed: IdArray | None, limit: int
    ) -> tuple[IdArray, npt.NDArray[np.float64]]:
        """The best ``limit`` ids for ``root`` among ``allowed`` (``None``: any), best first
        (ties by document number), and their scores."""
        if allowed is not None:  # the literal phrases are decided: their words score them
            root = _literal_phrases_as_words(root, self.share)
        with self._lock:
            mask, scores = self._evaluator().scored(root)
            ids = self._ids_by_docnum()
        if allowed is not None:
            mask &= _allowed_mask(ids, allowed)
        docs = np.flatnonzero(mask)
        if not len(docs) or limit <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        s = scores[docs]
        if len(docs) > limit:  # the best ``limit``, and every tie of the last of them
            kth = np.partition(s, len(s) - limit)[len(s) - limit]
            keep = s >= kth
            docs, s = docs[keep], s[keep]
        order = np.lexsort((docs, -s))[:limit]
        return ids[docs[order]].astype(np.int64), s[order].astype(np.float64)


def _literal_phrases_as_words(node: Node, share: Callable[[Term], float]) -> Node:
    """``node`` with each literal phrase that every hit must hold (the root, or under ANDs
    only) scored by its words: the ``allowed`` hits hold it already, so its score (the sum
    of its words' scores, as Whoosh scores a phrase) is the same without reading positions.
    A word in most documents is left out, as for the candidates (its weight is near 0)."""
    if is_literal(node):
        return words_of(node, share)  # type: ignore[arg-type]
    if isinstance(node, And):
        return And(tuple(_literal_phrases_as_words(c, share) for c in node.children))
    return node


def _allowed_mask(ids: IdArray, allowed: IdArray) -> np.ndarray:
    """Document numbers whose id is in ``allowed``."""
    if not len(ids):
        return np.zeros(0, dtype=bool)
    top = int(max(ids.max(), allowed.max() if len(allowed) else 0)) + 1
    by_id = np.zeros(top, dtype=bool)
    by_id[allowed[(allowed >= 0) & (allowed < top)]] = True
    return by_id[ids]
