"""Whole-index query evaluation over Whoosh's postings with numpy.

Whoosh walks its matchers one document at a time in Python; that is what made a
common word cost ~50 ms and a phrase a second at 100,000 articles. Here each
term's postings are read block by block straight into arrays (a block is one
pickle), a query becomes boolean masks and BM25F score arrays over document
numbers, and a phrase checks positions for all candidate documents at once.
Scores follow Whoosh's BM25F (same idf, length normalisation and boosts), so
ranking matches Whoosh's own for term queries.

This leans on the on-disk format of whoosh-reloaded 2.7.5 (pinned); anything it
does not recognise falls back to Whoosh's own matchers.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh.matching import ListMatcher
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from .schema import ArrayPositions

Mask = npt.NDArray[np.bool_]
Scores = npt.NDArray[np.float32]
Docs = npt.NDArray[np.int64]

K1, B = 1.2, 0.75
_LENGTHS = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
_CACHE_POSTINGS = 4_000_000  # cached (doc, tf) pairs per searcher: ~50 MB at most
_SHIFT = 24  # phrase keys: docnum << 24 | position
_CACHE_PHRASES = 32  # phrase answers (masks) per searcher


class Evaluator:
    """Masks and scores for queries against one Whoosh searcher (one commit)."""

    def __init__(self, searcher: Searcher) -> None:
        self.s = searcher
        self.reader = searcher.reader()
        self.n = int(self.reader.doc_count_all())
        self.leaves: list[tuple[Any, int]] = [
            (seg, off) for seg, off in self.reader.leaf_readers() if seg.doc_count_all()
        ]
        self.live: Mask = np.zeros(self.n, dtype=bool)
        for seg, off in self.leaves:
            dc = int(seg.doc_count_all())
            self.live[off : off + dc] = True
            for d in seg.deleted_docs_set if seg.has_deletions() else ():
                self.live[off + d] = False
        self._lengths: dict[str, Scores] = {}
        self._cache: OrderedDict[tuple[str, bytes], tuple[Docs, Scores]] = OrderedDict()
        self._cached = 0
        self._phrases: OrderedDict[tuple[str, tuple[str, ...]], Mask] = OrderedDict()

    def forget(self) -> None:
        """Drop the cached postings."""
        self._cache.clear()
        self._cached = 0
        self._phrases.clear()

    # -- postings -------------------------------------------------------------------

    def _raw(
        self, field: str, btext: bytes, values: bool, want: Mask | None = None
    ) -> tuple[Docs, Scores, list]:
        """The postings of a term in every segment (deleted documents included).

        With ``want``, blocks holding none of those documents are skipped unread.
        """
        docs: list[Docs] = []
        tfs: list[Scores] = []
        vals: list = []
        fmt = self.s.schema[field].format
        for seg, off in self.leaves:
            if (field, btext) not in seg:
                continue
            m = seg._terms.matcher(field, btext, fmt)
            part = None if want is None else want[off : off + int(seg.doc_count_all())]
            for ids, weights, vs in _blocks(m, part):
                docs.append(ids + off)
                tfs.append(weights)
                if values:
                    vals.append(vs)
        if not docs:
            return np.zeros(0, np.int64), np.zeros(0, np.float32), []
        return np.concatenate(docs), np.concatenate(tfs), list(chain.from_iterable(vals))

    def postings(self, field: str, text: str | bytes) -> tuple[Docs, Scores]:
        """(document numbers, term frequencies) of one term, cached for this commit."""
        btext = text if isinstance(text, bytes) else self.s.schema[field].to_bytes(text)
        key = (field, btext)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        docs, tfs, _ = self._raw(field, btext, values=False)
        self._remember(key, docs, tfs)
        return docs, tfs

    def _remember(self, key: tuple[str, bytes], docs: Docs, tfs: Scores) -> None:
        self._cache[key] = (docs, tfs)
        self._cached += len(docs)
        while self._cached > _CACHE_POSTINGS and len(self._cache) > 1:
            _, (old, _) = self._cache.popitem(last=False)
            self._cached -= len(old)

    def lengths(self, field: str) -> Scores:
        """Each document's (quantised) length of ``field``, as Whoosh scores with."""
        got = self._lengths.get(field)
        if got is None:
            got = np.ones(self.n, dtype=np.float32)
            for seg, off in self.leaves:
                dc = int(seg.doc_count_all())
                got[off : off + dc] = _LENGTHS[_length_bytes(seg, field, dc)]
            self._lengths[field] = got
        return got

    def _bm25(self, field: str, text: str, docs: Docs, tfs: Scores) -> Scores:
        n = self.reader.doc_frequency(field, text)
        idf = math.log(self.n / (n + 1)) + 1
        avgfl = (self.reader.field_length(field) / (self.n or 1)) or 1.0
        fl = self.lengths(field)[docs]
        return (idf * (tfs * (K1 + 1)) / (tfs + K1 * ((1 - B) + B * fl / avgfl))).astype(np.float32)

    # -- evaluation -----------------------------------------------------------------

    def mask(self, q: wq.Query) -> Mask:
        """Live documents matching ``q``."""
        return self._eval(q, scored=False)[0] & self.live

    def scored(self, q: wq.Query) -> tuple[Mask, Scores]:
        """Live documents matching ``q`` and their scores."""
        m, s = self._eval(q, scored=True)
        return m & self.live, s

    def _new(self) -> tuple[Mask, Scores]:
        return np.zeros(self.n, dtype=bool), np.zeros(self.n, dtype=np.float32)

    def _eval(self, q: wq.Query, scored: bool) -> tuple[Mask, Scores]:
        if isinstance(q, wq.Term):
            return self._term(q, scored)
        if isinstance(q, wq.Phrase):
            return self._phrase(q, scored)
        if isinstance(q, wq.And | wq.Or | wq.DisjunctionMax):
            parts = [self._eval(c, scored) for c in q.subqueries]
            return _combine(q, parts, self.n)
        if isinstance(q, wq.Not):
            m, s = self._eval(q.query, False)
            return ~m, np.zeros(self.n, dtype=np.float32)
        if isinstance(q, wq.AndNot):
            (ma, sa), (mb, _) = self._eval(q.a, scored), self._eval(q.b, False)
            return ma & ~mb, sa
        if isinstance(q, wq.AndMaybe | wq.Require):
            (ma, sa), (mb, sb) = self._eval(q.a, scored), self._eval(q.b, scored)
            if isinstance(q, wq.Require):
                return ma & mb, sa
            return ma, sa + np.where(ma, sb, 0).astype(np.float32)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return self._new()
        if isinstance(q, wq.Every):
            return self.live.copy(), np.full(self.n, q.boost, dtype=np.float32)
        if isinstance(q, wq.MultiTerm):  # prefix, wildcard, range: constant score
            m, s = self._new()
            for btext in q._btexts(self.reader):
                m[self.postings(q.fieldname, btext)[0]] = True
            s[m] = q.boost
            return m, s
        return self._fallback(q)

    def _fallback(self, q: wq.Query) -> tuple[Mask, Scores]:
        m, s = self._new()
        docs = np.fromiter(q.docs(self.s), dtype=np.int64)
        m[docs] = True
        s[docs] = q.boost
        return m, s

    def _term(self, q: wq.Term, scored: bool) -> tuple[Mask, Scores]:
        m, s = self._new()
        if q.fieldname not in self.s.schema:
            return m, s
        docs, tfs = self.postings(q.fieldname, q.text)
        m[docs] = True
        if scored and len(docs) and self.s.schema[q.fieldname].scorable:
            s[docs] = self._bm25(q.fieldname, q.text, docs, tfs) * q.boost
        elif scored:
            s[docs] = q.boost
        return m, s

    def _phrase(self, q: wq.Phrase, scored: bool) -> tuple[Mask, Scores]:
        words = [w.decode() if isinstance(w, bytes) else str(w) for w in q.words]
        field = q.fieldname
        if not words or field not in self.s.schema:
            return self._new()
        # read each word's postings once, positions included, unless already cached
        schema_field = self.s.schema[field]
        values: dict[str, tuple[Docs, list]] = {}
        for w in dict.fromkeys(words):
            btext = schema_field.to_bytes(w)
            if (field, btext) not in self._cache and len(words) > 1 and q.slop == 1:
                docs, tfs, vals = self._raw(field, btext, values=True)
                self._remember((field, btext), docs, tfs)
                values[w] = (docs, vals)
        parts = [self._term(wq.Term(field, w, boost=q.boost), scored) for w in words]
        cand: Mask = np.logical_and.reduce([p[0] for p in parts])
        score: Scores = np.sum([p[1] for p in parts], axis=0).astype(np.float32)
        if len(words) < 2 or not cand.any():
            return cand, score
        if q.slop != 1:  # "…"~N: let Whoosh check the spans of the candidates
            cand &= self._fallback(q)[0]
            return cand, np.where(cand, score, 0).astype(np.float32)
        key = (field, tuple(words))
        found = self._phrases.get(key)
        if found is None:
            found = self._positions_match(field, words, cand, values)
            self._phrases[key] = found
            while len(self._phrases) > _CACHE_PHRASES:
                self._phrases.popitem(last=False)
        return found, np.where(found, score, 0).astype(np.float32)

    def _positions_match(
        self, field: str, words: list[str], cand: Mask, values: dict[str, tuple[Docs, list]]
    ) -> Mask:
        """The candidates in which the words stand next to each other, in order."""
        schema_field = self.s.schema[field]
        keys: Docs | None = None
        lead = len(words) - 1
        for i, w in enumerate(words):
            if w not in values:
                docs, _, vals = self._raw(field, schema_field.to_bytes(w), True, want=cand)
                values[w] = (docs, vals)
            docs, vals = values[w]
            pick = np.flatnonzero(cand[docs])
            got = [vals[j] for j in pick.tolist()]
            doc_of, pos = _positions(schema_field.format, got, docs[pick])
            k = (doc_of << _SHIFT) | (pos + lead - i)  # ascending: docs, then positions
            keys = k if keys is None else _intersect_sorted(keys, k)
        found = np.zeros(self.n, dtype=bool)
        if keys is not None and len(keys):
            found[keys >> _SHIFT] = True
        return found


def _positions(fmt: Any, vals: list[bytes], docs: Docs) -> tuple[Docs, Docs]:
    """(document, position) of every position in ``vals`` (one value per document)."""
    if not vals:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if isinstance(fmt, ArrayPositions):
        words = np.frombuffer(b"".join(vals), dtype=">u4").astype(np.int64)
        sizes = np.fromiter(map(len, vals), dtype=np.int64, count=len(vals)) // 4
        heads = np.cumsum(sizes) - sizes  # where each value's count is
        counts = words[heads]
        keep = np.ones(len(words), dtype=bool)
        keep[heads] = False
        deltas = words[keep]
        total = np.cumsum(deltas)
        firsts = np.cumsum(counts) - counts
        base = total[firsts] - deltas[firsts]
        return np.repeat(docs, counts), total - np.repeat(base, counts)
    poss = [fmt.decode_positions(v) for v in vals]
    counts = np.fromiter(map(len, poss), dtype=np.int64, count=len(poss))
    flat = np.fromiter(chain.from_iterable(poss), dtype=np.int64, count=int(counts.sum()))
    return np.repeat(docs, counts), flat


def _intersect_sorted(a: Docs, b: Docs) -> Docs:
    """The values in both ascending, duplicate-free arrays."""
    if not len(a) or not len(b):
        return a[:0]
    at = np.searchsorted(b, a)
    hit = b[np.minimum(at, len(b) - 1)] == a
    return a[hit]


def _combine(q: wq.Query, parts: list[tuple[Mask, Scores]], n: int) -> tuple[Mask, Scores]:
    if not parts:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=np.float32)
    masks = [p[0] for p in parts]
    scores = [p[1] for p in parts]
    if isinstance(q, wq.And):
        m = np.logical_and.reduce(masks)
        return m, np.sum(scores, axis=0).astype(np.float32)
    m = np.logical_or.reduce(masks)
    if isinstance(q, wq.DisjunctionMax):
        stack = np.stack(scores)
        best = stack.max(axis=0)
        return m, (best + q.tiebreak * (stack.sum(axis=0) - best)).astype(np.float32)
    return m, np.sum(scores, axis=0).astype(np.float32)


def _blocks(m: Any, want: Mask | None = None) -> Any:
    """(ids, weights, values) per posting block of a raw segment matcher.

    With ``want`` (a mask over the segment's documents), a block whose id range
    holds none of them is skipped without unpickling it.
    """
    if isinstance(m, ListMatcher):
        ids = np.asarray(m._ids, dtype=np.int64)
        w = m._weights
        weights = np.ones(len(ids), np.float32) if w is None else np.asarray(w, np.float32)
        yield ids, weights, list(m._values) if m._values is not None else [None] * len(ids)
        return
    low = 0
    while True:
        high = int(m._maxid) + 1
        if want is None or want[low:high].any():
            if m._data is None:
                m._read_data()
            ids = np.asarray(m._data[0], dtype=np.int64)
            if not m._byteids:
                ids = np.cumsum(ids)
            m._read_weights()
            m._read_values()
            yield ids, np.asarray(m._weights, dtype=np.float32), m._values
        if m._lastblock:
            return
        low = high
        m._next_block()


def _length_bytes(seg: Any, field: str, dc: int) -> npt.NDArray[np.uint8]:
    """The one-byte encoded field lengths of a segment's documents."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    perdoc = seg._perdoc
    name = _lenfield(field)
    if not perdoc.has_column(name):
        return np.zeros(dc, dtype=np.uint8)
    col = perdoc._cached_reader(name, LENGTHS_COLUMN)
    try:
        raw = col._dbfile.get(col._basepos, dc)
        out = np.frombuffer(raw, dtype=np.uint8)
        if len(out) == dc:
            return out
    except AttributeError:
        pass
    return np.fromiter((col[i] for i in range(dc)), dtype=np.uint8, count=dc)
