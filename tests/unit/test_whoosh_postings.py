"""Whoosh's postings as the evaluator reads them (a term's whole stretch of the postings file
at once, its blocks cut from it) are the postings Whoosh's own matcher walks, one document at
a time: every term of an index of several segments, with deletions, terms of one document
and terms of many blocks."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from search import IndexDoc, open_index
from search.whoosh_eval import _frames, _ids_and_weights, _stretch

pytest.importorskip("whoosh")

WORDS = [f"w{i}" for i in range(60)]


def _docs(first: int, count: int, rng: random.Random) -> list[IndexDoc]:
    docs = []
    for i in range(first, first + count):
        # "common" in every text (several blocks of postings), some words in many, one word
        # of its own (a term of one document), repeats (term frequencies above one)
        body = ["common"] + rng.choices(WORDS, k=rng.randint(3, 30)) + [f"only{i}"]
        title = rng.choices(WORDS[:10], k=3)
        docs.append(IndexDoc(i, " ".join(title), " ".join(body)))
    return docs


def test_the_postings_read_at_once_are_whooshs_own(tmp_path: Path) -> None:
    rng = random.Random(7)
    ix = open_index(tmp_path, "whoosh")
    ix.add_all(_docs(1, 400, rng))
    ix.add_all(_docs(401, 300, rng))  # a second segment
    with ix.writer() as w:
        for doc_id in range(5, 700, 9):
            w.delete(doc_id)
    ev = ix._evaluator()  # type: ignore[attr-defined]
    assert len(ev.leaves) >= 2
    checked = blocks = 0
    for field in ("title", "text"):
        for word in ["common", *WORDS, "only3", "only650", "absent"]:
            btext = ev.schema[field].to_bytes(word)
            docs, tfs, values = ev._raw(field, btext, values=True)
            live = ev.live[docs]  # the raw postings keep deleted documents; Whoosh's skip them
            docs, tfs, values = (
                docs[live],
                tfs[live],
                [v for v, k in zip(values, live, strict=True) if k],
            )
            want_docs, want_tfs, want_values = [], [], []
            for seg, off in ev.leaves:
                if (field, btext) not in seg:
                    continue
                m = seg.postings(field, btext)  # Whoosh's matcher
                while m.is_active():
                    want_docs.append(m.id() + off)
                    want_tfs.append(m.weight())
                    want_values.append(m.value())
                    m.next()
            assert docs.tolist() == want_docs, (field, word)
            assert np.allclose(tfs, want_tfs), (field, word)
            assert list(values) == want_values, (field, word)
            # a word query reads the ids and weights without the values: the same postings
            only_docs, only_tfs, _ = ev._raw(field, btext, values=False)
            assert only_docs[ev.live[only_docs]].tolist() == want_docs, (field, word)
            assert np.allclose(only_tfs[ev.live[only_docs]], want_tfs), (field, word)
            checked += bool(want_docs)
            blocks += len(want_docs) > 128 * len(ev.leaves)
    assert checked > 70 and blocks >= 1  # the words were there, "common" in several blocks
    # the stretches read at once held one block and several (the codec's inline limit of 1
    # keeps no postings inside the term table: that path is Whoosh's own matcher)
    kinds = set()
    for seg, _ in ev.leaves:
        for word in ("common", "only3", "only650"):
            btext = ev.schema["text"].to_bytes(word)
            if (("text", btext)) not in seg:
                continue
            info = seg._terms.term_info("text", btext)
            assert not info.is_inlined()
            frames = _frames(_stretch(seg._terms, info))
            assert frames is not None
            kinds.add("blocks" if len(frames) > 1 else "block")
    assert kinds == {"block", "blocks"}
    # and the documents a query asks about are read the same way
    ev.forget()
    assert set(ix.match_ids(_term("common")).tolist()) == set(range(1, 701)) - set(range(5, 700, 9))
    ix.close()


def _term(word: str):  # type: ignore[no-untyped-def]
    from search import parse

    return parse(word).root


def test_a_stretch_that_is_not_whole_is_left_to_whooshs_own_matcher(tmp_path: Path) -> None:
    """The framing of a term's postings is trusted only when the whole stretch is as Whoosh
    2.7 writes it; anything else (cut short, another header, no last block) gives None and
    the term is read by Whoosh's own matcher."""
    ix = open_index(tmp_path, "whoosh")
    ix.add_all(_docs(1, 400, random.Random(3)))
    ev = ix._evaluator()  # type: ignore[attr-defined]
    seg, _ = ev.leaves[0]
    info = seg._terms.term_info("text", b"common")
    raw = _stretch(seg._terms, info)
    frames = _frames(raw)
    assert frames is not None and len(frames) >= 3 and frames[-1][1] == len(raw)
    assert _frames(raw[:-1]) is None  # the last block cut short
    assert _frames(raw + b"\0\0\0\0") is None  # something after the last block
    assert _frames(b"W3Bx" + raw[4:]) is None  # not Whoosh 2.7's header
    start = frames[-1][0] - 4  # the last block's length, made positive: no last block
    last = int.from_bytes(raw[start : start + 4], "big", signed=True)
    assert last < 0
    assert _frames(raw[:start] + (-last).to_bytes(4, "big", signed=True) + raw[start + 4 :]) is None
    ix.close()


def _blocks_of(ev, field: str, word: str) -> list[tuple[int, int, bytes]]:  # type: ignore[no-untyped-def]
    """(count, compression, data) of each block of a word's postings in the first segment."""
    import io
    import pickle

    seg, _ = ev.leaves[0]
    raw = _stretch(seg._terms, seg._terms.term_info(field, ev.schema[field].to_bytes(word)))
    out = []
    for start, stop in _frames(raw) or []:
        head = io.BytesIO(raw[start:stop])
        count, _, _, compressed, _, _ = pickle.load(head)
        out.append((count, compressed, raw[start + head.tell() : stop]))
    return out


def test_a_blocks_ids_and_weights_are_read_without_its_values(tmp_path: Path) -> None:
    """The ids and weights read from the start of a block, its values left unread, are
    those of the whole block unpickled: weights of 1.0 (None), of repeats (a tuple);
    anything not as Whoosh 2.7 writes it is left to the whole unpickling (None)."""
    import pickle
    import zlib

    ix = open_index(tmp_path, "whoosh")
    ix.add_all(_docs(1, 400, random.Random(5)))
    ev = ix._evaluator()  # type: ignore[attr-defined]
    seen = set()
    for field, word in (("text", "common"), ("text", "w3"), ("title", "w1")):
        for count, compressed, data in _blocks_of(ev, field, word):
            whole = pickle.loads(zlib.decompress(data) if compressed else data)
            got = _ids_and_weights(memoryview(data), compressed, count)
            if count < 4:
                assert got is None  # pickled without a mark: read whole
                continue
            assert got == whole[:2], (field, word)
            seen.add(type(whole[1]).__name__)
    assert {"tuple", "NoneType"} <= seen  # weights of repeats, and of ones only
    count, compressed, data = _blocks_of(ev, "text", "common")[0]
    assert compressed and count == 128
    body = zlib.decompress(data)
    assert _ids_and_weights(memoryview(data[:40]), compressed, count) is None  # cut short
    assert _ids_and_weights(memoryview(data), compressed, count + 1) is None  # not its count
    # values not pickled as _codecs.encode calls (another pickle protocol): no start found
    other = pickle.dumps(pickle.loads(body), 4)
    assert _ids_and_weights(memoryview(other), 0, count) is None
    ix.close()
