"""The index is a cache of the store: rebuilt, repaired by the next writer (or on opening
with ``tidy``, as the window does), never the only copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.errors import LibraryError
from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.store import IndexQueue


def titles(lib: Library, query: str) -> set[str]:
    return {h.title for h in lib.searcher.search(SearchRequest(query=query, limit=50)).hits}


def test_missing_index_is_rebuilt_on_open(fresh_seed_library: Library) -> None:
    root = fresh_seed_library.root
    before = titles(fresh_seed_library, "Kherson")
    fresh_seed_library.close()
    shutil.rmtree(root / "index")
    with Library.open(root, tidy=True) as lib:
        assert lib.index.doc_count() == 5
        assert titles(lib, "Kherson") == before and len(before) == 4


def test_stale_index_is_repaired_on_open(fresh_seed_library: Library) -> None:
    """A crash after the store committed but before the index did: the queue row survives."""
    lib = fresh_seed_library
    with lib.index.writer() as w:
        w.delete(3)
    with lib.sessions.begin() as session:
        session.add(IndexQueue(document_id=3))
    assert lib.index.doc_count() == 4
    root = lib.root
    lib.close()
    with Library.open(root) as reader:  # reading repairs nothing, it never writes
        assert reader.index.doc_count() == 4 and reader.stats().index_pending == 1
    with Library.open(root, tidy=True) as reopened:
        assert reopened.index.doc_count() == 5
        assert reopened.stats().index_pending == 0


def test_index_with_unknown_document_is_cleaned(fresh_seed_library: Library) -> None:
    from search import IndexDoc

    lib = fresh_seed_library
    with lib.index.writer() as w:
        w.add(IndexDoc(999, "Ghost", "Kherson ghost text"))
    root = lib.root
    lib.close()
    with Library.open(root) as reader, reader.writing():  # the next writer cleans it
        pass
    with Library.open(root) as reopened:
        assert reopened.index.doc_count() == 5
        assert "Ghost" not in titles(reopened, "Kherson")


def test_reindex_gives_the_same_answers(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    queries = ["Kherson", '"armored train"', "partisan", "place:Kyiv", "actor:Fedorov"]
    before = {q: titles(lib, q) for q in queries}
    assert lib.reindex() == 5
    assert {q: titles(lib, q) for q in queries} == before


def test_corrupt_index_is_rebuilt(fresh_seed_library: Library) -> None:
    root = fresh_seed_library.root
    fresh_seed_library.close()
    for f in (root / "index").rglob("*"):  # the engine's files, its pairs and positions
        if f.is_file():
            f.write_bytes(b"garbage")
    with Library.open(root, tidy=True) as lib:
        assert lib.index.doc_count() == 5
        assert len(titles(lib, "Kherson")) == 4
        assert len(titles(lib, '"Kherson region"')) == 1  # (seed 003 alone says it)


def test_library_location_overrides(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.paths import default_library_dir, resolve_library_dir

    monkeypatch.setenv("SOURCEDESK_LIBRARY", str(tmp_path / "env"))
    assert resolve_library_dir(None) == tmp_path / "env"
    assert resolve_library_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv("SOURCEDESK_LIBRARY")
    assert resolve_library_dir(None) == default_library_dir()
    assert "Sourcedesk" in str(default_library_dir())


def test_counts_only_request_with_a_query(seed_library: Library) -> None:
    result = seed_library.searcher.search(SearchRequest(query="Kherson", limit=0))
    assert result.total == 4 and result.hits == []
    assert dict(result.facets["place"])["Kherson"] == 4


def test_hits_by_id_keep_the_order_and_mark_the_query(seed_library: Library) -> None:
    hits = seed_library.searcher.hits([4, 1], query="Kherson")
    assert [h.id for h in hits] == [4, 1]
    for h in hits:
        assert h.snippet_hits
        assert all(h.snippet[s:e] == "Kherson" for s, e in h.snippet_hits)


QUERIES = ("Kherson", '"armored train"', "place:Kyiv", "Fedorov OR Zelensky", "title:train")


def answers(lib: Library) -> dict[str, list[int]]:
    return {
        q: [h.id for h in lib.searcher.search(SearchRequest(query=q, limit=50)).hits]
        for q in QUERIES
    }


def test_a_library_moves_to_the_other_engine_and_back_with_the_same_answers(
    fresh_seed_library: Library,
) -> None:
    """``sourcedesk reindex --engine``: the store stays, the index is built beside the old one
    and swapped in; a process that opens the library later searches with the new engine."""
    lib = fresh_seed_library
    root, first = lib.root, lib.index.engine
    other = "tantivy" if first == "whoosh" else "whoosh"
    before = answers(lib)
    assert any(before.values())
    assert lib.move_index(other) == 5
    assert lib.index.engine == other and answers(lib) == before
    left = {p.name for p in root.iterdir() if p.name.startswith("index")} - {"index.lock"}
    assert left == {"index"}  # nothing of the move beside it
    lib.close()
    with Library.open(root) as again:  # remembered by the index folder
        assert again.index.engine == other and again.stats().search_engine == other
        assert answers(again) == before
        assert again.move_index(first) == 5 and answers(again) == before


def test_an_engine_that_is_not_installed_leaves_the_index_as_it_was(
    fresh_seed_library: Library,
) -> None:
    lib = fresh_seed_library
    before, engine = answers(lib), lib.index.engine
    with pytest.raises(LibraryError, match="no search engine called 'lucene'"):
        lib.move_index("lucene")
    assert lib.index.engine == engine and answers(lib) == before


KILLED_MOVE = """
import os, signal, sys
from desktop.library import Library

lib = Library.open(sys.argv[1])
other = "tantivy" if lib.index.engine == "whoosh" else "whoosh"
lib.move_index(other, lambda done, total: os.kill(os.getpid(), signal.SIGKILL))
"""


def test_a_move_killed_half_way_keeps_the_old_index_and_the_next_writer_clears_it(
    fresh_seed_library: Library,
) -> None:
    import signal
    import subprocess
    import sys

    from desktop.maintenance import check
    from tests.helpers import ROOT

    lib = fresh_seed_library
    root, engine, before = lib.root, lib.index.engine, answers(lib)
    lib.close()
    res = subprocess.run(
        [sys.executable, "-c", KILLED_MOVE, str(root)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert res.returncode == -signal.SIGKILL, res.stderr
    assert (root / "index.building").is_dir()  # the half-built index, as the kill left it
    with Library.open(root, tidy=True) as again:  # the window's open: the next writer
        assert not (root / "index.building").exists()
        assert again.index.engine == engine and answers(again) == before
        assert check(again).healthy


def test_searches_during_a_move_all_answer(fresh_seed_library: Library) -> None:
    """The window searches on its own threads while a move swaps the index: a search that
    the closed old index failed runs again on the new one (before: ~1 in 300 failed)."""
    import threading

    lib = fresh_seed_library
    expected = answers(lib)
    failures: list[str] = []
    wrong: list[str] = []
    stop = threading.Event()

    def keep_searching() -> None:
        while not stop.is_set():
            for q in QUERIES:
                try:
                    got = [h.id for h in lib.searcher.search(SearchRequest(q, limit=50)).hits]
                except Exception as exc:
                    failures.append(f"{q}: {type(exc).__name__}: {exc}")
                else:
                    if got != expected[q]:
                        wrong.append(q)

    threads = [threading.Thread(target=keep_searching) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for engine in ["tantivy", "whoosh"] * 6:
            lib.move_index(engine)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert failures == [] and wrong == []
