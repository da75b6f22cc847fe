"""Whole-index query evaluation over Whoosh's postings with numpy.

Whoosh walks its matchers one document at a time in Python; that is what made a
common word cost ~50 ms and a phrase a second at 100,000 articles. Here each
term's postings are read block by block straight into arrays (a block is one
pickle), a query becomes boolean masks and BM25F score arrays over document
numbers, and a phrase checks positions for all candidate documents at once.
Scores follow Whoosh's BM25F (same idf, length normalisation and boosts), so
ranking matches Whoosh's own for term queries.

This leans on the on-disk format of whoosh-reloaded 2.7.5 (pinned); anything it
does not recognise falls back to Whoosh's own matchers. Every access to Whoosh's
private structures is in this module.
"""

from __future__ import annotations

import io
import pickle
import re
import zlib
from collections import OrderedDict
from collections.abc import Callable
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from .query import And, Everything, Node, Not, Or, Pattern, Phrase, Term
from .schema import DEFAULT_FIELDS, ArrayPositions, bm25, bm25_idf

if TYPE_CHECKING:
    import numpy.typing as npt

Mask: TypeAlias = "npt.NDArray[np.bool_]"
Scores: TypeAlias = "npt.NDArray[np.float32]"
Docs: TypeAlias = "npt.NDArray[np.int64]"

_BLOCKS_HEADER = b"W3Bl"  # a term's postings start with it (whoosh.codec.whoosh3)
_LENGTHS = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
_CACHE_POSTINGS = 4_000_000  # cached (doc, tf) pairs per reader: ~50 MB at most
_SHIFT = 24  # phrase keys: docnum << 24 | position
_CACHE_PHRASES = 32  # phrase answers (masks) per reader
#: A wildcard stands for at most this many index terms (the most frequent ones) ...
MAX_EXPANSION = 1000
#: ... found among at most this many terms sharing its literal start.
MAX_SCAN = 50_000


class Evaluator:
    """Masks and scores for queries against one Whoosh reader (one commit)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.schema = reader.schema
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
        self._expansions: dict[tuple[str, str], tuple[list[bytes], bool]] = {}

    def forget(self) -> None:
        """Drop the cached postings."""
        self._cache.clear()
        self._cached = 0
        self._phrases.clear()
        self._expansions.clear()

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
        fmt = self.schema[field].format
        for seg, off in self.leaves:
            part = None if want is None else want[off : off + int(seg.doc_count_all())]
            for ids, weights, vs in _segment_blocks(seg, field, btext, fmt, part, values):
                docs.append(ids + off)
                tfs.append(weights)
                if values:
                    vals.append(vs)
        if not docs:
            return np.zeros(0, np.int64), np.zeros(0, np.float32), []
        return np.concatenate(docs), np.concatenate(tfs), list(chain.from_iterable(vals))

    def postings(self, field: str, text: str | bytes) -> tuple[Docs, Scores]:
        """(document numbers, term frequencies) of one term, cached for this commit."""
        btext = text if isinstance(text, bytes) else self.schema[field].to_bytes(text)
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

    def doc_frequency(self, field: str, text: str) -> int:
        """Documents holding the term in ``field``, from the term table (no postings read)."""
        if field not in self.schema:
            return 0
        return int(self.reader.doc_frequency(field, self.schema[field].to_bytes(text)))

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

    def _bm25(self, field: str, docs: Docs, tfs: Scores) -> Scores:
        # the term's postings, deleted documents included, are its document frequency as
        # Whoosh counts it (each segment's term info: one posting a document), without
        # looking the term up in every segment again
        idf = bm25_idf(self.n, len(docs))
        avgfl = (self.reader.field_length(field) / (self.n or 1)) or 1.0
        return bm25(idf, tfs, self.lengths(field)[docs], avgfl).astype(np.float32)

    # -- evaluation -----------------------------------------------------------------

    def mask(self, root: Node) -> Mask:
        """Live documents matching ``root``."""
        return self._eval(root, scored=False)[0] & self.live

    def scored(self, root: Node) -> tuple[Mask, Scores]:
        """Live documents matching ``root`` and their scores."""
        m, s = self._eval(root, scored=True)
        return m & self.live, s

    def _new(self) -> tuple[Mask, Scores]:
        return np.zeros(self.n, dtype=bool), np.zeros(self.n, dtype=np.float32)

    def _eval(self, node: Node, scored: bool) -> tuple[Mask, Scores]:
        if isinstance(node, Term):
            return self._in_fields(node.field, lambda f, b: self._term(f, node.term, b, scored))
        if isinstance(node, Phrase):
            return self._in_fields(node.field, lambda f, b: self._phrase(f, node.terms, b, scored))
        if isinstance(node, Pattern):
            return self._in_fields(node.field, lambda f, b: self._pattern(f, node, b))
        if isinstance(node, And | Or):
            parts = [self._eval(c, scored) for c in node.children]
            return _combine(isinstance(node, And), parts, self.n)
        if isinstance(node, Not):
            m, _ = self._eval(node.child, False)
            return ~m, np.zeros(self.n, dtype=np.float32)
        if isinstance(node, Everything):
            return self.live.copy(), np.ones(self.n, dtype=np.float32)
        raise ValueError(f"the search index cannot evaluate {node!r}")

    def _in_fields(
        self, field: str | None, one: Callable[[str, float], tuple[Mask, Scores]]
    ) -> tuple[Mask, Scores]:
        """One field, or every default field with its boost (scores add up)."""
        if field is not None:
            return one(field, 1.0)
        return _combine(False, [one(f, boost) for f, boost in DEFAULT_FIELDS.items()], self.n)

    def _term(self, field: str, text: str, boost: float, scored: bool) -> tuple[Mask, Scores]:
        m, s = self._new()
        if field not in self.schema:
            return m, s
        docs, tfs = self.postings(field, text)
        m[docs] = True
        if scored and len(docs):
            s[docs] = self._bm25(field, docs, tfs) * boost
        return m, s

    def expansion(self, field: str, node: Pattern) -> tuple[list[bytes], bool]:
        """The index terms a pattern stands for (the most frequent ``MAX_EXPANSION``), and
        whether there were more (cached for this commit)."""
        key = (field, node.pattern)
        got = self._expansions.get(key)
        if got is None:
            regex = re.compile(node.regex())
            found: list[tuple[int, bytes]] = []
            scanned = 0
            for btext, info in self.reader.iter_prefix(field, node.prefix):
                scanned += 1
                if scanned > MAX_SCAN:
                    break
                if regex.fullmatch(btext.decode("utf-8", "replace")):
                    found.append((-int(info.doc_frequency()), btext))
            found.sort()
            more = len(found) > MAX_EXPANSION or scanned > MAX_SCAN
            got = ([b for _, b in found[:MAX_EXPANSION]], more)
            self._expansions[key] = got
        return got

    def _pattern(self, field: str, node: Pattern, boost: float) -> tuple[Mask, Scores]:
        """Every document with a term the pattern matches; a constant score, as Whoosh."""
        m, s = self._new()
        if field not in self.schema:
            return m, s
        for btext in self.expansion(field, node)[0]:
            m[self.postings(field, btext)[0]] = True
        s[m] = boost
        return m, s

    def _phrase(
        self, field: str, terms: tuple[str, ...], boost: float, scored: bool
    ) -> tuple[Mask, Scores]:
        words = list(terms)
        if not words or field not in self.schema:
            return self._new()
        # read each word's postings once, positions included, unless already cached
        schema_field = self.schema[field]
        values: dict[str, tuple[Docs, list]] = {}
        for w in dict.fromkeys(words):
            btext = schema_field.to_bytes(w)
            if (field, btext) not in self._cache and len(words) > 1:
                docs, tfs, vals = self._raw(field, btext, values=True)
                self._remember((field, btext), docs, tfs)
                values[w] = (docs, vals)
        parts = [self._term(field, w, boost, scored) for w in words]
        cand: Mask = np.logical_and.reduce([p[0] for p in parts])
        score: Scores = np.sum([p[1] for p in parts], axis=0).astype(np.float32)
        if len(words) < 2 or not cand.any():
            return cand, score
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
        schema_field = self.schema[field]
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


def ids_by_docnum(reader: Any) -> Docs:
    """The document id (the ``num`` column) of every document number of a reader (deleted
    documents included), read in bulk."""
    out = np.zeros(reader.doc_count_all(), dtype=np.int64)
    for seg, off in reader.leaf_readers():
        dc = seg.doc_count_all()
        if not dc:
            continue
        col = seg.column_reader("num", translate=False)
        try:
            raw = col._dbfile.get(col._basepos, dc * 8)
            out[off : off + dc] = np.frombuffer(raw, dtype=">u8")
        except (AttributeError, ValueError):
            out[off : off + dc] = np.fromiter((int(col[i]) for i in range(dc)), np.int64, count=dc)
    return out


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


def _combine(conjunction: bool, parts: list[tuple[Mask, Scores]], n: int) -> tuple[Mask, Scores]:
    """AND (every part) or OR (any part) of masks; scores add up, as in Whoosh."""
    if not parts:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=np.float32)
    masks = [p[0] for p in parts]
    reduce = np.logical_and.reduce if conjunction else np.logical_or.reduce
    return reduce(masks), np.sum([p[1] for p in parts], axis=0).astype(np.float32)


def _segment_blocks(
    seg: Any, field: str, btext: bytes, fmt: Any, want: Mask | None, values: bool = True
) -> Any:
    """(ids, weights, values) per posting block of a term in one segment (none when the
    segment lacks it), as :func:`_blocks` gives them; without ``values``, the values may be
    None (read only when reading them costs nothing more).

    A term's postings lie in one stretch of the segment's postings file: it is read at once
    and its blocks are cut from it (:func:`_extent_blocks`). Whoosh's own matcher reads each
    block's length, its info and its data through separate small reads and pickle loads
    from the file (~26 reads a block through its compound file: a fifth of the time of
    "bank AND rates" at 100,000 articles) and looks the term up twice."""
    terms = seg._terms
    try:
        info = terms.term_info(field, btext)
    except TermNotFound:
        return ()
    if not info.is_inlined():
        raw = _stretch(terms, info)
        frames = _frames(raw)
        if frames is not None:
            return _extent_blocks(raw, frames, want, fmt.fixed_value_size(), values)
    matcher = terms._codec.postings_reader(terms._postfile, info, fmt, term=(field, btext))
    return _blocks(matcher, want)


def _stretch(terms: Any, info: Any) -> bytes:
    """The bytes of a term's postings in a segment's postings file, read at once."""
    offset, length = info.extent()
    length = length[0] if isinstance(length, tuple) else length  # a 1-tuple in 2.7.5
    return terms._postfile.get(offset, length)


def _frames(raw: bytes) -> list[tuple[int, int]] | None:
    """Where each block of a term's postings lies in ``raw`` ((start, end) of its info and
    data), or None when ``raw`` is not the whole stretch Whoosh 2.7's codec writes: the
    header, then blocks each led by its signed length, the last one negative."""
    if raw[:4] != _BLOCKS_HEADER:
        return None
    frames = []
    pos, end = 4, len(raw)
    while pos + 4 <= end:
        size = int.from_bytes(raw[pos : pos + 4], "big", signed=True)
        start, stop = pos + 4, pos + 4 + abs(size)
        if stop > end:
            return None
        frames.append((start, stop))
        if size < 0:
            return frames if stop == end else None
        pos = stop
    return None


def _extent_blocks(
    raw: bytes,
    frames: list[tuple[int, int]],
    want: Mask | None,
    fixed: int | None,
    values: bool = True,
) -> Any:
    """:func:`_blocks` over the blocks :func:`_frames` found in ``raw``: each block is its
    info (count, last id, max weight, compression, min and max length) pickled, then its
    data (ids as deltas, weights, values) pickled and maybe compressed. Without
    ``values``, a block's values are left unread where :func:`_ids_and_weights` can
    (yielded as None)."""
    view = memoryview(raw)
    low = 0
    for start, stop in frames:
        head = io.BytesIO(view[start:stop])
        count, last_id, _, compressed, _, _ = pickle.load(head)
        high = int(last_id) + 1
        if want is None or want[low:high].any():
            data = view[start + head.tell() : stop]
            got = None if values else _ids_and_weights(data, compressed, count)
            if got is None:
                deltas, weights, vs = pickle.loads(zlib.decompress(data) if compressed else data)
            else:
                (deltas, weights), vs = got, None
            ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
            if weights is None or isinstance(weights, float):
                w = np.full(count, 1.0 if weights is None else weights, dtype=np.float32)
            else:
                w = np.asarray(weights, dtype=np.float32)
            if vs is None or (fixed is not None and fixed == 0):
                vs = (None,) * count
            elif fixed is not None and fixed > 0:
                vs = tuple(vs[i : i + fixed] for i in range(0, len(vs), fixed))
            yield ids, w, vs
        low = high


#: Where a block's values begin in its pickle: the mark of their tuple, then the first
#: value's bytes, which protocol 2 pickles as a call of ``_codecs.encode`` (the positions of
#: a posting: ``search.schema.ArrayPositions``).
_VALUES_START = b"(c_codecs\nencode\n"
#: How much of a block's pickle holds its ids and weights at most, a posting: 5 bytes an id
#: delta (an int opcode), 9 a weight (a float opcode); and the pickle's own few bytes.
_IDS_WEIGHTS_BYTES = 14
_IDS_WEIGHTS_SLACK = 64


def _ids_and_weights(data: memoryview, compressed: int, count: int) -> tuple[Any, Any] | None:
    """A block's (id deltas, weights) without unpickling its values, or None when the block
    is not as expected (the caller unpickles it whole).

    A block's pickle is the 3-tuple (deltas, weights, values); the values (each posting's
    positions) are most of it and cost ~75 % of unpickling it ("bank AND rates" at 100k:
    270 blocks). Only the start of the block is decompressed, up to where the values
    begin; the pickle cut there, with "make a pair, stop" put after it, gives the first
    two. The values' start cannot be met earlier: a tuple of ints or floats holds only
    int and float opcodes and their bytes, and the mark of a tuple never follows one of
    them; nor can it be mistaken inside a float's or an int's bytes, as none of those
    opcodes is among the marker's bytes. What comes back is checked: two tuples, or
    ``count`` deltas and a weight (None: all 1.0)."""
    if count < 4:  # tuples of up to three are pickled without a mark
        return None
    limit = _IDS_WEIGHTS_BYTES * count + _IDS_WEIGHTS_SLACK
    try:
        head = zlib.decompressobj().decompress(data, limit) if compressed else bytes(data[:limit])
        at = head.find(_VALUES_START)
        if at < 0:
            return None
        deltas, weights = pickle.loads(head[:at] + b"\x86.")  # TUPLE2, STOP
    except Exception:  # not a block as Whoosh 2.7 writes it: read it whole
        return None
    if not isinstance(deltas, tuple) or len(deltas) != count:
        return None
    many = isinstance(weights, tuple) and len(weights) == count
    if not (weights is None or isinstance(weights, float) or many):
        return None
    return deltas, weights


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
