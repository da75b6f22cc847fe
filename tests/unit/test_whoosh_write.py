"""The index's writer writes Whoosh's own files, byte for byte, only quicker (issue 16).

``search.whoosh_write`` replaces the per-posting loops of Whoosh's ``SegmentWriter`` and
``FieldWriter`` with a document's and a term's postings at a time. Each test here writes the
same documents through Whoosh's own classes and through ours and compares what lands on
disk, so a block cut one posting late, a length statistic taken from the wrong document or
a posting left out of the pool fails it.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from search.schema import make_schema
from search.whoosh_write import BulkCodec, BulkSegmentWriter
from tests.helpers import SEEDS

Row = tuple[int, str, str]


def _rows() -> list[Row]:
    """400 articles cut from the seed articles' sentences: common words in hundreds of them
    (posting lists of several blocks), texts of a few words to a few thousand (lengths
    beyond a byte's), and the odd ones: no title, no text, letters outside ASCII."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    rng = random.Random(16)
    rows = []
    for i in range(1, 401):
        size = rng.choice([1, 2, 5, 20, 60])
        body = " ".join(rng.choice(sentences) for _ in range(size))
        title = "" if i % 37 == 0 else rng.choice(sentences)[:70]
        rows.append((i, title, body))
    rows.append((401, "Київ, Zürich, Łódź: naïve coöperation", ""))
    rows.append((402, "", "İSTANBUL Straße ΣΟΦΟΣ ſtate U.S. 3.5% e-mail O'Neill’s ½ ２０２０"))
    return rows


def _write(folder: Path, writer: type, codec: W3Codec, rows: list[Row], limitmb: int) -> None:
    """Three commits (the second replaces some articles), one with deletions, then one
    that replaces and adds articles and merges every segment: the ways an import, a
    re-index and Whoosh's merging write."""
    ix = windex.create_in(str(folder), make_schema(), indexname="t")
    parts = [rows[:150], rows[100:300], rows[300:]]
    for part in parts:
        w = writer(ix, codec=codec, limitmb=limitmb, compound=False)
        for doc_id, title, text in part:
            w.update_document(id=str(doc_id), num=doc_id, title=title, text=text)
        w.commit(merge=False)
    w = writer(ix, codec=codec, compound=False)
    for doc_id in (3, 150, 402):
        w.delete_by_term("id", str(doc_id))
    w.commit(merge=False)
    w = writer(ix, codec=codec, compound=False)  # new and replaced articles, all merged
    for doc_id, title, text in [*rows[40:43], (403, "A new one", rows[7][2])]:
        w.update_document(id=str(doc_id), num=doc_id, title=title, text=text + " again")
    w.commit(optimize=True)
    ix.close()


def _files(folder: Path) -> dict[str, bytes]:
    """The segment's files by what they hold (postings, terms, each column), without the
    segment's random name: ``t_<segment id>.pst`` -> ``pst``, ``…._text_len.col``."""
    return {
        f.name.split(".", 1)[1]: f.read_bytes()
        for f in folder.iterdir()
        if f.suffix in {".pst", ".trm", ".col"}
    }


@pytest.mark.parametrize("limitmb", [128, 1], ids=["in-memory", "runs-on-disk"])
def test_the_files_are_whooshs_own_byte_for_byte(tmp_path: Path, limitmb: int) -> None:
    rows = _rows()
    (theirs := tmp_path / "whoosh").mkdir()
    (ours := tmp_path / "ours").mkdir()
    _write(theirs, SegmentWriter, W3Codec(compression=3), rows, limitmb)
    _write(ours, BulkSegmentWriter, BulkCodec(compression=3), rows, limitmb)
    expected, written = _files(theirs), _files(ours)
    # one merged segment, uncompounded: postings, terms, the lengths, the id column and
    # the (empty) stored fields
    assert set(expected) == {
        "pst",
        "trm",
        "_title_len.col",
        "_text_len.col",
        "num.col",
        "_stored.col",
    }
    for kind in expected:
        assert written[kind] == expected[kind], kind


def test_each_segment_before_merging_is_whooshs_own(tmp_path: Path) -> None:
    """A segment written from the documents themselves, not from a merge's postings."""
    rows = _rows()
    for name, writer, codec in (
        ("whoosh", SegmentWriter, W3Codec(compression=3)),
        ("ours", BulkSegmentWriter, BulkCodec(compression=3)),
    ):
        (tmp_path / name).mkdir()
        ix = windex.create_in(str(tmp_path / name), make_schema(), indexname="t")
        w = writer(ix, codec=codec, compound=False)
        for doc_id, title, text in rows:
            w.add_document(id=str(doc_id), num=doc_id, title=title, text=text)
        w.commit(merge=False)
        ix.close()
    assert _files(tmp_path / "ours") == _files(tmp_path / "whoosh")


def test_documents_taking_whooshs_own_way_beside_ours_make_whooshs_segment(
    tmp_path: Path,
) -> None:
    """A field whose terms are not text (a number) sends its documents Whoosh's own way, into
    Whoosh's pool; the others' postings, in ours, are put into Whoosh's pool when the
    segment is written, so every term's postings stay in document order."""
    from whoosh.fields import NUMERIC

    rows = _rows()[:120]
    for name, writer, codec in (
        ("whoosh", SegmentWriter, W3Codec(compression=3)),
        ("ours", BulkSegmentWriter, BulkCodec(compression=3)),
    ):
        (tmp_path / name).mkdir()
        schema = make_schema()
        schema.add("year", NUMERIC(int))
        ix = windex.create_in(str(tmp_path / name), schema, indexname="t")
        w = writer(ix, codec=codec, compound=False)
        for doc_id, title, text in rows:
            fields = dict(id=str(doc_id), num=doc_id, title=title, text=text)
            if doc_id % 3 == 0:
                fields["year"] = 1990 + doc_id % 30
            w.add_document(**fields)
        w.commit(merge=False)
        ix.close()
    assert _files(tmp_path / "ours") == _files(tmp_path / "whoosh")


def test_the_index_names_only_whooshs_codec_and_whoosh_reads_it(tmp_path: Path) -> None:
    """The table of contents keeps each segment's codec: ours is pickled as Whoosh's, so
    reading an index never needs this module, and Whoosh alone opens it."""
    _write(tmp_path, BulkSegmentWriter, BulkCodec(compression=3), _rows(), 128)
    toc = next(tmp_path.glob("*.toc")).read_bytes()
    assert b"W3Codec" in toc
    assert b"whoosh_write" not in toc and b"BulkCodec" not in toc
    ix = windex.open_dir(str(tmp_path), indexname="t")
    with ix.searcher() as s:
        assert s.doc_count() == 403 - 3
        assert s.document_number(id="401") is not None
        assert s.document_number(id="150") is None
        assert s.doc_frequency("text", "the") > 128  # several blocks
    ix.close()


def _postings(folder: Path) -> dict[tuple[str, bytes], list[tuple[int, float, bytes]]]:
    """Every term's postings as Whoosh itself reads them: (docnum, weight, value)."""
    ix = windex.open_dir(str(folder), indexname="t")
    out = {}
    with ix.reader() as r:
        for fieldname, btext in r.all_terms():
            m = r.postings(fieldname, btext)
            items = []
            while m.is_active():
                items.append((m.id(), m.weight(), m.value()))
                m.next()
            out[fieldname, btext] = items
    ix.close()
    return out


def _blocks(folder: Path) -> list[tuple[int, bytes]]:
    """(compression level, data) of every posting block in the merged segment's file."""
    import pickle

    from search.whoosh_eval import _frames, _stretch

    ix = windex.open_dir(str(folder), indexname="t")
    out = []
    with ix.reader() as r:
        terms = r._terms
        for _key, info in terms.items():
            raw = _stretch(terms, info)
            for start, stop in _frames(raw):
                head = io.BytesIO(raw[start:stop])
                comp = pickle.load(head)[3]
                out.append((comp, raw[start + head.tell() : stop]))
    ix.close()
    return out


def test_a_small_block_is_kept_uncompressed_and_read_the_same(tmp_path: Path) -> None:
    """zlib gains nothing on a posting block of a few dozen bytes (most of an import's) and
    costs ~10 us a call: below ``small`` bytes a block is written as it is, its block info
    saying so, and Whoosh reads every posting as it reads its own files."""
    import zlib

    rows = _rows()
    (theirs := tmp_path / "whoosh").mkdir()
    (ours := tmp_path / "ours").mkdir()
    _write(theirs, SegmentWriter, W3Codec(compression=3), rows, 128)
    _write(ours, BulkSegmentWriter, BulkCodec(compression=3, small=128), rows, 128)
    assert _postings(ours) == _postings(theirs)
    blocks = _blocks(ours)
    plain = [data for comp, data in blocks if comp == 0]
    packed = [data for comp, data in blocks if comp]
    assert plain and packed
    assert all(len(data) < 128 for data in plain)
    assert all(len(zlib.decompress(data)) >= 128 for data in packed)
    assert all(comp for comp, _data in _blocks(theirs))  # Whoosh compresses every one
