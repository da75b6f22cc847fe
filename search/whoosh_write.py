"""Whoosh's segment writing, a document's postings and a term's posting list at a time.

Profiled (issue 16): of the index child's CPU on 5,951 Reuters articles (606,075
postings), Whoosh's ``FieldWriter.add_postings`` took ~45 %: for each posting three method
calls, four ``assert``s and a read of the document's field length from the new segment's
length column on disk; and its ``add_document`` handed each posting to the pool by a call
that asserts and sizes it. :class:`BulkFieldWriter` reads each field's lengths once, takes a
term's postings together and fills Whoosh's own block buffer a block at a time, which
Whoosh's own code then writes (``_write_block``, ``finish_term``); :class:`BulkSegmentWriter`
adds a document's postings to the pool at once; a segment being merged in is read at
the end, a block at a time, its terms merged in order with the pool's, where Whoosh put
every one of its postings through the pool (pickled to runs on disk and read back once the
pool's 128 MB were full). A merge of a 23k library's six segments: Whoosh's 33.4-34.0 s
and 203 MB, 15.1-15.3 s and 67 MB. A merged segment's term is read as its one stretch of
the postings file, not through Whoosh's matcher (a fifth of an import's merging time).
The files are byte for byte Whoosh's (``tests/unit/test_whoosh_write.py`` compares them,
merges and deletions included; the 23k merge gave the same files too), but for the one
liberty :class:`BulkPostingsWriter` takes where asked (``small``): a block of a few dozen
bytes is kept uncompressed, which Whoosh's format allows and its reader reads.
"""

from __future__ import annotations

import heapq
import io
import pickle
import tempfile
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, groupby, repeat
from operator import itemgetter
from typing import Any

from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3PostingsWriter,
)
from whoosh.fields import ID, KEYWORD, TEXT
from whoosh.reading import SegmentReader
from whoosh.system import pack_int
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from .schema import ONE_POSITION, ArrayPositions, term_positions

_TERM = itemgetter(0, 1)


class _Positioned:
    """A segment's file being written, that keeps its own position. Whoosh asks the
    postings and term files where they are three times a term (a posting list's start and
    end, the term table's entry), and a buffered file asks the system each time (an
    ``lseek``). The index child alone on 23,108 stored articles, 2,000 a batch: 21.5-22.5
    -> 21.3-22.2 s of CPU, three runs alternated (~1 %)."""

    __slots__ = ("_file", "_pos")

    def __init__(self, file: Any) -> None:
        self._file = file
        self._pos: int = file.tell()

    def write(self, data: Any) -> int:
        written: int = self._file.write(data)  # bytes, whatever ``data`` is
        self._pos += written
        return written

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._pos = self._file.seek(offset, whence)
        return self._pos

    def __getattr__(self, name: str) -> Any:  # flush, close, fileno, truncate…
        return getattr(self._file, name)


class BulkFieldWriter(W3FieldWriter):
    """``W3FieldWriter`` with ``add_postings`` a posting list at a time, its files keeping
    their own position (:class:`_Positioned`)."""

    def _create_file(self, ext: str) -> Any:
        structfile = super()._create_file(ext)
        structfile.file = _Positioned(structfile.file)
        return structfile

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[tuple]) -> None:
        self.add_terms(schema, lengths, _by_term(items))

    def add_terms(self, schema: Any, lengths: Any, terms: Iterable[Term]) -> None:
        """Write ``(fieldname, btext, postings)`` in order, ``postings`` Whoosh's posting
        tuples of that term in document order (what ``add_postings`` gets, grouped)."""
        field_lengths: dict[str, Sequence[int]] = {}
        lastfn: str | None = None
        lasttext: bytes | None = None
        for fieldname, btext, postings in terms:
            if fieldname != lastfn:
                if lastfn is not None and fieldname < lastfn:
                    raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfn, lasttext = fieldname, None
                if fieldname not in field_lengths:
                    field_lengths[fieldname] = _lengths_of(lengths, fieldname)
            elif lasttext is not None and btext < lasttext:
                raise OutOfOrderError(f"Term {fieldname}:{lasttext!r} .. {fieldname}:{btext!r}")
            if postings[0][0] == -1:  # a spelling word (none in our schema): sorted first
                postings = [p for p in postings if p[0] != -1]
                if not postings:
                    continue
            self.start_term(btext)
            lasttext = btext
            _fill(self._postwriter, postings, field_lengths[fieldname])
            self.finish_term()
        if lastfn is not None:
            self.finish_field()


#: A term and its postings in document order: (fieldname, btext, [(docnum, weight, value)]).
Term = tuple[str, bytes, list[tuple[int, float, Any]]]
#: The same with the term as bytes or as text (the pool's runs).
AnyTerm = tuple[str, Any, list[tuple[int, float, Any]]]


def _by_term(items: Iterable[tuple]) -> Iterator[Term]:
    """Whoosh's sorted posting tuples (fieldname, btext, docnum, weight, value), a term at
    a time."""
    for (fieldname, btext), group in groupby(items, _TERM):
        yield fieldname, btext, [p[2:] for p in group]


def _lengths_of(lengths: Any, fieldname: str) -> Sequence[int]:
    """Every document's length of this field in the new segment, as Whoosh's
    ``add_postings`` asks for each posting (0 without lengths)."""
    if not lengths:
        return defaultdict(int)  # type: ignore[return-value]
    dfl = lengths.doc_field_length
    return [dfl(docnum, fieldname) for docnum in range(lengths.doc_count_all())]


def _fill(pw: Any, postings: list[tuple], lengths: Sequence[int]) -> None:
    """What ``pw.add_posting`` did for each posting, a block at a time: a full block is
    written before the next one starts; the last one stays buffered for ``finish_term``."""
    limit = pw._blocklimit
    for start in range(0, len(postings), limit):
        if start:
            pw._write_block()
        block = postings[start : start + limit]
        pw._ids = array("I", [p[0] for p in block])
        weights = [p[1] for p in block]
        pw._weights = array("f", weights)
        pw._values = [p[2] for p in block if p[2]]
        pw._maxweight = max(0, max(weights))
        sizes = [n for n in (lengths[p[0]] for p in block) if n]
        pw._minlength = min(sizes) if sizes else None
        pw._maxlength = max(sizes) if sizes else 0


class BulkPostingsWriter(W3PostingsWriter):
    """Whoosh's posting-list writer; a block whose pickle is shorter than ``small`` bytes is
    written uncompressed (its block info says so, as Whoosh's format allows for any block,
    and both Whoosh and :mod:`search.whoosh_eval` read it so). Whoosh compressed every
    block: three in four of an import's are a term's one or two postings, 50-100 bytes that
    zlib shortens by a byte or two (and lengthens under 64), at ~10 us a call, a tenth of
    the index child's time (docs/performance.md, issue 16, seventeenth session)."""

    def __init__(self, *args: Any, small: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._small = small

    def _write_block(self, last: bool = False) -> None:
        """Whoosh's ``_write_block``, the same bytes (given the same compression), in one
        write."""
        ids = self._ids
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, 2)
        comp = self._compression if len(databytes) >= self._small else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        info = (
            len(ids),
            ids[-1],
            self._maxweight,
            comp,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = pickle.dumps(info, 2)
        blocklength = len(infobytes) + len(databytes)
        head = b"" if self._blockcount else WHOOSH3_HEADER_MAGIC
        self._postfile.write(
            head + pack_int(-blocklength if last else blocklength) + infobytes + databytes
        )
        self._blockcount += 1
        self._new_block()


class BulkCodec(W3Codec):
    """Whoosh's codec, its fields written by :class:`BulkFieldWriter`, a block of fewer
    than ``small`` bytes uncompressed (:class:`BulkPostingsWriter`).

    Pickled (in the index's table of contents, with each segment) as Whoosh's own codec:
    the files are Whoosh's, and reading them needs nothing of ours."""

    def __init__(self, *args: Any, small: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.small = small

    def __reduce__(self) -> tuple[Any, ...]:
        state = dict(self.__dict__)
        del state["small"]
        return W3Codec, (), state

    def field_writer(self, storage: Any, segment: Any) -> BulkFieldWriter:
        return BulkFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> BulkPostingsWriter:
        return BulkPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
            small=self.small,
        )


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter``; a document whose fields are all indexed and unstored
    (no vectors, no spelling, no boosts: the schema's, :func:`search.schema.make_schema`)
    has its postings added to a :class:`TermPool` together; any other takes Whoosh's own way
    (its pool, with ours added to it when the segment is written)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: the segments merged in: (segment, its first document's number here, its docmap)
        self._merging: list[tuple[Any, int, Any]] = []
        #: the new documents' postings, a term at a time (Whoosh's pool: any other's)
        self._terms = TermPool(self.pool.limit)

    def add_document(self, **fields: Any) -> None:
        schema = self.schema
        if any(
            name.startswith("_") or name not in schema or not _plain(schema[name])
            for name in fields
        ):
            super().add_document(**fields)
            return
        self._check_state()
        pdw, terms, docnum = self.perdocwriter, self._terms, self.docnum
        pdw.start_doc(docnum)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if (
                    field.indexed
                    and isinstance(field.format, ArrayPositions)
                    and isinstance(value, str)
                ):  # our texts: each term's positions straight into the pool
                    found = term_positions(value)
                    if field.scorable:
                        length = sum(map(len, found.values()))
                    terms.add_positions(name, docnum, found, field.format)
                elif field.indexed:
                    items = list(field.index(value))
                    if field.scorable:
                        length = sum(item[1] for item in items)
                    terms.add(name, docnum, items)
                pdw.add_field(name, field, None, length)
                column = field.column_type
                if column:
                    pdw.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        """A segment being merged in: its postings are read when the new segment is
        written, each term's merged with the pool's (:meth:`_flush_segment`), instead of
        going through the pool (its runs on disk pickle and read back every posting: most of
        a large merge's time)."""
        if not isinstance(reader, SegmentReader):
            super().add_postings_to_pool(reader, startdoc, docmap)
            return
        self._merging.append((reader.segment(), startdoc, docmap))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        readers = [SegmentReader(self.storage, self.schema, seg) for seg, _s, _d in self._merging]
        pool = self.pool
        if pool.current or pool.runs:  # Whoosh's own way was taken too: all in its order
            for fieldname, btext, postings in self._terms.terms():
                for p in postings:
                    pool.add((fieldname, btext, *p))
            ours = _by_term(pool.iter_postings())
        else:
            ours = self._terms.terms()
        try:
            streams = [ours] + [
                _segment_terms(reader, self.schema, startdoc, docmap)
                for reader, (_seg, startdoc, docmap) in zip(readers, self._merging, strict=True)
            ]
            self.fieldwriter.add_terms(self.schema, pdr, _merge_terms(streams))
        finally:
            for reader in readers:
                reader.close()
        self.fieldwriter.close()
        if pdr:
            pdr.close()

    def _finish(self) -> None:
        self._terms.close()
        super()._finish()


def _segment_terms(reader: Any, schema: Any, startdoc: int, docmap: Any) -> Iterator[Term]:
    """A segment's live postings, a term at a time in the term table's order (sorted, as
    written), their documents numbered as in the new segment."""
    terms, deleted = reader._terms, reader.deleted_docs_set
    for (fieldname, btext), info in terms.items():
        if fieldname not in schema:
            continue
        fmt = schema[fieldname].format
        postings = _stretch_postings(terms, info, fmt.fixed_value_size())
        if postings is None:  # inlined, or not Whoosh 3's blocks: Whoosh's own matcher
            m = terms._codec.postings_reader(terms._postfile, info, fmt, term=(fieldname, btext))
            postings = _term_postings(m)
        if deleted:
            postings = [p for p in postings if p[0] not in deleted]
        if not postings:
            continue
        if docmap is not None:
            yield fieldname, btext, [(docmap[d], w, v) for d, w, v in postings]
        elif startdoc:
            yield fieldname, btext, [(startdoc + d, w, v) for d, w, v in postings]
        else:
            yield fieldname, btext, postings


def _merge_terms(streams: list[Iterator[AnyTerm]]) -> Iterator[AnyTerm]:
    """The terms of sorted streams in order, a term's postings from every stream that
    has it, in the streams' order (the pool's new documents first, then each merged
    segment's, as the new segment numbers them)."""
    merged = heapq.merge(*streams, key=_TERM)  # stable: a term's streams in their order
    for (fieldname, btext), group in groupby(merged, _TERM):
        parts = [t[2] for t in group]
        yield fieldname, btext, parts[0] if len(parts) == 1 else list(chain.from_iterable(parts))


def _stretch_postings(terms: Any, info: Any, fixed: int | None) -> list[tuple] | None:
    """(docnum, weight, value) of each of a term's postings, as Whoosh's matcher yields them,
    from its stretch of the postings file read at once (Whoosh's matcher reads each block
    by ~26 small reads through the compound file: a fifth of an import's merge time), or
    None where the term's postings are not such a stretch."""
    from .whoosh_eval import _frames, _stretch

    if info.is_inlined():
        return None
    raw = _stretch(terms, info)
    frames = _frames(raw)
    if frames is None:
        return None
    view = memoryview(raw)
    out: list[tuple] = []
    for start, stop in frames:
        head = io.BytesIO(view[start:stop])
        count, _last, _w, compressed, _mn, _mx = pickle.load(head)
        data = view[start + head.tell() : stop]
        deltas, weights, values = pickle.loads(zlib.decompress(data) if compressed else data)
        ids = accumulate(deltas)
        if weights is None or isinstance(weights, float):
            weights = repeat(1.0 if weights is None else weights, count)
        if fixed == 0:
            values = repeat(None, count)
        elif fixed is not None and fixed > 0:
            values = [values[i : i + fixed] for i in range(0, len(values), fixed)]
        out.extend(zip(ids, weights, values, strict=True))
    return out


def _term_postings(m: Any) -> list[tuple[int, Any, Any]]:
    """(docnum, weight, value) of each of a term's postings through Whoosh's matcher ``m``."""
    out = []
    while m.is_active():
        out.append((m.id(), m.weight(), m.value()))
        m.next()
    return out


def _plain(field: Any) -> bool:
    """Unstored, no vectors, no spelling, and any terms text (the pool keeps terms as text:
    a numeric field's are bytes that need not be UTF-8)."""
    text_terms = not field.indexed or isinstance(field, ID | KEYWORD | TEXT)
    return text_terms and not (field.stored or field.vector or field.separate_spelling())


class TermPool:
    """The new segment's postings, a term at a time: each term's list of (docnum, weight,
    value), in document order as the documents come. Whoosh's pool keeps a tuple a posting
    (field, term, docnum, weight, value) and sorts them all when the segment is written:
    with the grouping of the sorted tuples back into terms, a sixth of the index child's
    time (docs/performance.md, issue 16, eighteenth session); here only the terms are
    sorted. Past ``limit`` bytes (counted as Whoosh counts them) the terms are written in
    order to a run in a temporary file, read back as the segment is written."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        #: field -> term (as text; UTF-8 sorts as its text does) -> postings
        self._fields: dict[str, dict[str, list[tuple[int, float, Any]]]] = {}
        self._size = 0
        self._runs: list[Any] = []

    def _terms_of(self, fieldname: str) -> dict[str, list[tuple[int, float, Any]]]:
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
        return terms

    def add(self, fieldname: str, docnum: int, items: list[tuple[bytes, int, float, Any]]) -> None:
        """One document's postings of one field: (btext, frequency, weight, value), the
        terms text in UTF-8 (Whoosh's text and id fields)."""
        terms = self._terms_of(fieldname)
        size = 0
        for btext, _freq, weight, value in items:
            term = btext.decode()
            posting = (docnum, weight * 1.0, value)
            postings = terms.get(term)
            if postings is None:
                terms[term] = [posting]
                size += _TERM_BYTES + 2 * len(btext)
            else:
                postings.append(posting)
            size += _POSTING_BYTES + len(value or "")
        self._grew(size)

    def add_positions(
        self, fieldname: str, docnum: int, found: dict[str, list[int]], fmt: ArrayPositions
    ) -> None:
        """One document's terms of one field and their positions, written as ``fmt``
        writes them (what :meth:`add` gets from ``field.index``, without Whoosh's generator
        and tuple a term, nor the term's bytes made for each)."""
        terms = self._terms_of(fieldname)
        boost, encode, one = fmt.field_boost, fmt.encode, ONE_POSITION.pack
        size = 0
        for term, poslist in found.items():
            n = len(poslist)
            value = one(1, poslist[0]) if n == 1 else encode(poslist)
            postings = terms.get(term)
            if postings is None:
                terms[term] = [(docnum, n * boost, value)]
                size += _TERM_BYTES + 2 * len(term)
            else:
                postings.append((docnum, n * boost, value))
            size += _POSTING_BYTES + len(value)
        self._grew(size)

    def _grew(self, size: int) -> None:
        self._size += size
        if self._size > self.limit:
            self._spill()

    def _sorted(self) -> Iterator[tuple[str, str, list[tuple[int, float, Any]]]]:
        for fieldname in sorted(self._fields):
            terms = self._fields[fieldname]
            for term in sorted(terms):
                yield fieldname, term, terms[term]

    def _spill(self) -> None:
        run = tempfile.TemporaryFile()  # noqa: SIM115 - read back when the segment is written
        for item in self._sorted():  # each its own pickle: a memo of them all is large
            pickle.dump(item, run, pickle.HIGHEST_PROTOCOL)
        run.flush()
        self._runs.append(run)
        self._fields, self._size = {}, 0

    def terms(self) -> Iterator[Term]:
        """Every term in order, its postings in document order (the runs' first)."""
        streams: list[Iterator[AnyTerm]] = [_read_run(run) for run in self._runs]
        streams.append(self._sorted())
        merged = streams[0] if len(streams) == 1 else _merge_terms(streams)
        return ((fieldname, term.encode(), postings) for fieldname, term, postings in merged)

    def close(self) -> None:
        for run in self._runs:
            run.close()
        self._runs, self._fields = [], {}


#: The bytes a posting and a new term count against the limit, as Whoosh's pool counts a
#: posting besides its term and value (a tuple, a str, two ints and a float as CPython 2
#: sized them).
_POSTING_BYTES = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21
_TERM_BYTES = 64


def _read_run(run: Any) -> Iterator[AnyTerm]:
    run.seek(0)
    while True:
        try:
            yield pickle.load(run)
        except EOFError:
            return
