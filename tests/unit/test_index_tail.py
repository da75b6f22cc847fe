"""An import's last articles indexed apart by the importer while its child commits the rest
(search.SearchIndex.build_tail / adopt_tail): a segment written in a folder of its own,
then put in the index by a commit of its own, its word pairs first."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from search import IndexDoc, open_index, parse
from search.query import Phrase, leaves
from search.whoosh_index import TAIL_PREFIX


def docs(first: int, n: int, words: str) -> list[IndexDoc]:
    return [
        IndexDoc(i, f"Report {i}", f"Officials said {words} ({i}).")
        for i in range(first, first + n)
    ]


def found(index, query: str) -> list[int]:
    return sorted(np.asarray(index.match_ids(parse(query).root)).tolist())


def candidates(index, text: str) -> list[int]:
    (phrase,) = [leaf for leaf in leaves(parse(f'"{text}"').root) if isinstance(leaf, Phrase)]
    ids, by_pairs = index.literal_candidates(phrase)
    assert by_pairs  # what the word pairs say, not the engine's words anywhere
    return sorted(np.asarray(ids).tolist())


def tails(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir() if p.name.startswith(TAIL_PREFIX))


def test_a_tail_built_while_another_process_commits_joins_the_index(tmp_path: Path) -> None:
    """The importer writes its tail while the child commits its last batch (a commit deletes
    the files of every segment it does not list): once adopted, both are searchable, the
    tail's articles by their words and by their pairs (quoted phrases), and its folder is
    gone."""
    index = open_index(tmp_path / "ix", "whoosh")
    try:
        with index.writer(batches=True) as w:
            for doc in docs(1, 30, "the port reopened"):
                w.add(doc)
        tail = index.build_tail(docs(61, 20, "the bridge reopened"))
        assert tail is not None and tail.ids == list(range(61, 81))
        assert tails(index.path) == [tail.folder.name]
        with index.writer(batches=True, merge=False) as w:  # the child's last batch
            for doc in docs(31, 30, "the port reopened"):
                w.add(doc)
        index.refresh()
        assert found(index, "bridge") == []  # not in the index before it is adopted
        index.adopt_tail(tail)
        index.refresh()
        assert found(index, "officials") == list(range(1, 81))
        assert found(index, "bridge") == list(range(61, 81))
        assert candidates(index, "bridge reopened") == list(range(61, 81))
        assert candidates(index, "port reopened") == list(range(1, 61))
        assert index.doc_count() == 80
        assert tails(index.path) == []
        with index.writer(batches=True) as w:  # and the next commit keeps it
            w.add(IndexDoc(81, "Later", "Officials said nothing."))
        index.refresh()
        assert found(index, "bridge") == list(range(61, 81)) and index.doc_count() == 81
    finally:
        index.close()


def test_a_tail_left_by_a_killed_import_is_removed_by_the_next(tmp_path: Path) -> None:
    """A tail never adopted (its import killed) changes nothing searchable; the index's
    commits pass its folder by, and the next tail removes it."""
    index = open_index(tmp_path / "ix", "whoosh")
    try:
        left = index.build_tail(docs(1, 5, "the dam"))
        assert left is not None
        with index.writer() as w:
            w.add(IndexDoc(9, "Other", "Officials said little."))
        index.refresh()
        assert found(index, "officials") == [9]
        assert tails(index.path) == [left.folder.name]
        again = index.build_tail(docs(10, 5, "the dam"))
        assert again is not None and tails(index.path) == [again.folder.name]
        index.adopt_tail(again)
        index.refresh()
        assert found(index, "dam") == list(range(10, 15))
        stray = index.build_tail(docs(20, 2, "the dam"))  # and one a library repair finds
        assert stray is not None and tails(index.path) == [stray.folder.name]
        index.drop_tails()  # (desktop.indexing.reconcile, under the library's writer)
        assert tails(index.path) == [] and found(index, "dam") == list(range(10, 15))
    finally:
        index.close()


def test_a_tail_that_cannot_be_put_in_leaves_the_index_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its files cannot be moved (a full disk): the index is unchanged, the moved files are
    never listed (the next commit deletes them), its folder is gone; the articles are then
    indexed as any others."""
    index = open_index(tmp_path / "ix", "whoosh")
    try:
        with index.writer() as w:
            w.add(IndexDoc(1, "First", "Officials said the port reopened."))
        tail = index.build_tail(docs(2, 5, "the dam"))
        assert tail is not None
        real = os.replace

        def full(src, dst):
            if Path(src).parent == tail.folder:  # the tail's files; not the positions' marker
                raise OSError(28, "No space left on device")
            return real(src, dst)

        monkeypatch.setattr(os, "replace", full)
        with pytest.raises(OSError):
            index.adopt_tail(tail)
        monkeypatch.setattr(os, "replace", real)
        index.refresh()
        assert found(index, "officials") == [1] and index.doc_count() == 1
        assert tails(index.path) == []
        the_dam = Phrase(("the", "dam"), "the dam", quoted=True)
        # the positions as they were: complete, without the tail's articles
        hits = index.literal_hits(the_dam, {"text": 1.0})
        assert hits is not None and hits[0].tolist() == []
        with index.writer() as w:
            for doc in docs(2, 5, "the dam"):
                w.add(doc)
        index.refresh()
        assert found(index, "dam") == list(range(2, 7))
        assert candidates(index, "the dam") == list(range(2, 7))
        hits = index.literal_hits(the_dam, {"text": 1.0})
        assert hits is not None and hits[0].tolist() == list(range(2, 7))
    finally:
        index.close()


def test_an_engine_without_tails_indexes_the_last_articles_as_any(tmp_path: Path) -> None:
    index = open_index(tmp_path / "ix", "tantivy")
    try:
        assert index.build_tail(docs(1, 5, "the dam")) is None
    finally:
        index.close()
