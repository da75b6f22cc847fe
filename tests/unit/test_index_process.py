"""An import of many files is indexed by a child process while the importer stores the next
ones (desktop/index_process.py); a child that dies leaves its batch to the importer."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from pathlib import Path

import pytest

from desktop.index_process import FILES_FOR_A_CHILD, ChildIndexing, Indexing
from desktop.ingest.pipeline import Importer, ImportProgress
from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.store.models import IndexQueue
from tests.helpers.libraries import write_articles


def make_articles(folder: Path, n: int) -> Path:
    text = "Report {i} from Odesa\n\nOfficials in Odesa said the port reopened ({i})."
    write_articles(folder, {f"a{i:04d}": text.format(i=i) for i in range(n)})
    return folder


def all_indexed(lib: Library, n: int) -> None:
    """What a user sees after the import: every article found, nothing waiting."""
    lib.searcher.invalidate()
    assert lib.searcher.search(SearchRequest("officials")).total == n
    stats = lib.stats()
    assert stats.index_documents == stats.documents == n and stats.index_pending == 0


def test_a_large_import_is_indexed_by_a_child_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = FILES_FOR_A_CHILD + 20
    folder = make_articles(tmp_path / "articles", n)
    with Library.open(tmp_path / "lib") as lib:
        writers_here: list[int] = []
        real = type(lib.index).writer

        def writer(self, *args, **kwargs):
            writers_here.append(threading.get_ident())
            return real(self, *args, **kwargs)

        monkeypatch.setattr(type(lib.index), "writer", writer)
        report = lib.import_paths([folder], entities=False)
        assert len(report.imported) == n and not report.failed
        assert writers_here == [], "the importing process wrote the index itself"
        all_indexed(lib, n)


@pytest.mark.parametrize("fails", [False, True], ids=["written", "failing"])
def test_the_last_articles_are_indexed_by_the_importer_beside_the_childs_last_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: bool
) -> None:
    """When the storing ends, the importer (idle until the index has everything) indexes
    the newest of the articles still to index into a segment apart while the child takes
    the others; every article is then found, by its words and as a quoted phrase, nothing
    waits, and no folder of the tail is left. Its writing failing leaves its articles to
    be indexed as any others."""
    import desktop.index_process as index_process
    from search.whoosh_index import TAIL_PREFIX

    n = FILES_FOR_A_CHILD + 200
    folder = make_articles(tmp_path / "articles", n)
    # no batch handed while the files are stored, however slowly (a loaded machine): all
    # are left at the end, and the importer takes half (the child runs no batch then)
    monkeypatch.setattr(index_process, "FIRST_BATCH", 10**6)
    monkeypatch.setattr(index_process, "BATCH_AT_ONCE", 10**6)
    with Library.open(tmp_path / "lib") as lib:
        paced = lib.import_indexing
        monkeypatch.setattr(lib, "import_indexing", lambda files: paced(files, 3600.0))
        tails: list[list[int]] = []
        real = type(lib.index).build_tail

        def build_tail(self, docs, between=None):
            tails.append([])
            if fails:
                raise OSError(28, "No space left on device")
            tail = real(self, docs, between)
            tails[-1] = tail.ids
            return tail

        monkeypatch.setattr(type(lib.index), "build_tail", build_tail)
        report = lib.import_paths([folder], entities=False)
        assert len(report.imported) == n and not report.failed and not report.warnings
        all_indexed(lib, n)
        assert lib.searcher.search(SearchRequest('"the port reopened"')).total == n
        assert not list(lib.index.path.glob(TAIL_PREFIX + "*"))
        (ids,) = tails
        if not fails:
            every = lib.searcher.search(SearchRequest("officials", limit=n)).hits
            newest = sorted(hit.id for hit in every)[-len(ids) :]
            assert len(ids) == n // 2 and ids == newest


def test_batches_become_searchable_while_the_import_goes_on(tmp_path: Path) -> None:
    n = FILES_FOR_A_CHILD + 20
    folder = make_articles(tmp_path / "articles", n)
    made: list[ChildIndexing] = []
    seen: list[tuple[int, int]] = []  # (searchable reported, found by a search then)

    def indexing(files: int) -> ChildIndexing:
        child = lib.import_indexing(files, 0.3)  # a batch at most every 0.3 s
        assert isinstance(child, ChildIndexing)
        made.append(child)
        return child

    def progress(p: ImportProgress) -> None:
        threading.Event().wait(0.005)  # ~2 s of storing in all
        running = made[0]._running
        if p.done == n // 2 and running is not None:
            running[0].result(timeout=60)  # the first batch, committed by now
        grew = p.searchable > max((s for s, _ in seen), default=0) and len(seen) < 4
        if grew or running is None:
            if running is not None:  # the child takes the next batch at once: waited for
                running[0].result(timeout=60)  # (Whoosh's readers leak the files of a
            lib.searcher.invalidate()  # commit they raced with)
            seen.append((p.searchable, lib.searcher.search(SearchRequest("officials")).total))

    with Library.open(tmp_path / "lib") as lib:
        with lib.writing():
            Importer(lib.sessions, lib.originals).run([folder], progress, indexing=indexing)
        all_indexed(lib, n)
    reported = [s for s, _ in seen]
    assert reported == sorted(reported)
    assert any(0 < s < n for s in reported), "nothing was searchable before the end"
    assert all(found >= s for s, found in seen)


def test_a_child_killed_mid_import_leaves_its_batch_to_the_importer(tmp_path: Path) -> None:
    n = FILES_FOR_A_CHILD + 20
    folder = make_articles(tmp_path / "articles", n)
    made: list[ChildIndexing] = []
    killed: list[int] = []

    def indexing(_: int) -> ChildIndexing:
        child = lib.import_indexing(FILES_FOR_A_CHILD, 0.0)
        assert isinstance(child, ChildIndexing)
        made.append(child)
        return child

    def progress(p: ImportProgress) -> None:
        child = made[0]
        pool = child._pool
        if not killed and child._running is not None and pool is not None:
            for proc in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGKILL)
                    killed.append(proc.pid)

    with Library.open(tmp_path / "lib") as lib:
        with lib.writing():
            report = Importer(lib.sessions, lib.originals).run([folder], progress, None, indexing)
        assert killed, "no batch ran in a child"
        assert made[0].broken
        assert len(report.imported) == n and not report.failed and not report.warnings
        all_indexed(lib, n)


@pytest.mark.both_backends
def test_few_files_or_a_server_library_are_indexed_by_the_importer(new_library: str) -> None:
    with Library.open(new_library) as lib:
        assert type(lib.import_indexing(FILES_FOR_A_CHILD - 1)) is Indexing
        many = lib.import_indexing(FILES_FOR_A_CHILD)
        if lib.home.kind == "folder":
            assert isinstance(many, ChildIndexing)
        else:  # the server indexes with each change: no batches to hand over
            assert type(many) is Indexing
        many.close()


@pytest.mark.parametrize("n", [12, FILES_FOR_A_CHILD + 20])
def test_the_last_report_of_the_reading_says_every_file_is_searchable(
    tmp_path: Path, n: int
) -> None:
    """When every file is read, the last batch is written to the index after the last
    file's report: one more report says so, and a search made on it finds every article
    (a window showed the new articles only when the entity phase first reported, seconds
    later, under "the articles are searchable already")."""
    folder = make_articles(tmp_path / "articles", n)
    last: list[tuple[ImportProgress, int]] = []

    def progress(p: ImportProgress) -> None:
        if p.done == p.total:
            lib.searcher.invalidate()
            last.append((p, lib.searcher.search(SearchRequest("officials")).total))

    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([folder], on_progress=progress, entities=False)
        assert len(report.imported) == n
    p, found = last[-1]
    assert (p.imported, p.searchable, found) == (n, n, n)
    assert last[0][0].searchable < n  # the last file's own report came before that commit


def test_an_imports_run_of_commits_keeps_few_segments_and_merges_only_small_ones(
    tmp_path: Path,
) -> None:
    """An import's batches (``batches=True``), growing as an import's do, are committed by
    search.whoosh_index's merge_tiers: never more than TIER_SEGMENTS segments, and no commit
    merges more than TIER_SHARE of the articles (Whoosh's own policy let these reach 11
    segments, then merged 880 of 1,170 articles in one commit); every article is found."""
    from search import IndexDoc, open_index, parse
    from search.whoosh_index import TIER_SEGMENTS, TIER_SHARE

    ix = open_index(tmp_path / "ix", "whoosh")
    next_id = 1
    before: dict[str, int] = {}
    for n in range(30, 170, 10):
        with ix.writer(batches=True) as w:
            for _ in range(n):
                w.add(IndexDoc(next_id, f"Report {next_id}", f"Officials in Odesa {next_id}"))
                next_id += 1
        segments = {s.segment_id(): s.doc_count_all() for s in ix._ix._segments()}  # type: ignore[attr-defined]
        assert len(segments) <= TIER_SEGMENTS
        merged = sum(count for seg, count in before.items() if seg not in segments)
        assert merged <= TIER_SHARE * sum(before.values())
        found = ix.match_ids(parse("officials").root)  # type: ignore[arg-type]
        assert sorted(found.tolist()) == list(range(1, next_id))
        before = segments
    ix.close()


def test_the_last_commit_of_an_imports_run_merges_nothing(tmp_path: Path) -> None:
    """The import's last batch (``merge=False``) is written beside the segments there,
    none merged (a merge in the last commit held the last articles back ~3 s of a 23k
    import); the next run's first commit merges as before."""
    from search import IndexDoc, open_index, parse
    from search.whoosh_index import TIER_SEGMENTS

    ix = open_index(tmp_path / "ix", "whoosh")

    def commit(n: int, merge: bool) -> dict[str, int]:
        first = ix.doc_count() + 1
        with ix.writer(batches=True, merge=merge) as w:
            for i in range(first, first + n):
                w.add(IndexDoc(i, f"Report {i}", f"Officials in Odesa {i}"))
        return {s.segment_id(): s.doc_count_all() for s in ix._ix._segments()}  # type: ignore[attr-defined]

    for _ in range(TIER_SEGMENTS):
        before = commit(20, merge=True)
    assert len(before) == TIER_SEGMENTS
    after = commit(20, merge=False)
    assert len(after) == TIER_SEGMENTS + 1 and set(before) < set(after)
    assert len(commit(20, merge=True)) < TIER_SEGMENTS + 1
    found = ix.match_ids(parse("officials").root)  # type: ignore[arg-type]
    assert sorted(found.tolist()) == list(range(1, 20 * (TIER_SEGMENTS + 2) + 1))
    ix.close()


def test_the_child_takes_a_large_backlog_at_once_and_waits_for_a_small_one(
    tmp_path: Path,
) -> None:
    """The first batch goes once FIRST_BATCH files (here 2) are stored: the first articles
    are searchable soon. When the child commits a batch and BATCH_AT_ONCE files (here 3)
    were stored meanwhile, the step that collects it hands them over at once (waiting 2 s
    after each commit, the child sat idle for a fifth of a 23,000-article import); fewer
    wait for the pause after the commit (saved web pages come a few at a time: a commit for
    each few cost a third of their import; a quick import's child kept up in small batches
    and merged their segments)."""
    from desktop.ingest.files import read_file
    from desktop.ingest.pipeline import ImportReport

    folder = make_articles(tmp_path / "articles", 7)
    paths = sorted(folder.iterdir())
    with Library.open(tmp_path / "lib") as lib, lib.writing():
        importer, report = Importer(lib.sessions, lib.originals), ImportReport()
        child = lib.import_indexing(FILES_FOR_A_CHILD)  # a pause of 2 s after a commit
        assert isinstance(child, ChildIndexing)
        child.first_batch, child.batch_at_once = 2, 3
        try:

            def store(few: list[Path]) -> None:
                for path in few:
                    importer.store(path, *read_file(path), report)

            store(paths[:2])
            assert child.step(2) is None and child._running is not None  # the first batch
            child._running[0].result(timeout=120)
            store(paths[2:4])
            assert child.step(4) == 2  # the first batch's two are searchable ...
            assert child._running is None  # ... and two more files wait for the pause
            store(paths[4:5])
            assert child.step(5) is None and child._running is not None  # three: at once
            child._running[0].result(timeout=120)
            store(paths[5:])
            child.finish(7)
        finally:
            child.close()
        all_indexed(lib, 7)


def test_a_batch_handed_near_the_end_is_what_the_child_indexes_by_then(tmp_path: Path) -> None:
    """Near the end of the storing, a batch takes no more than the child indexes (at its
    last batch's rate) by the time the storing ends (at its rate so far), the oldest
    first: what is left then is split between the child and the importer. Here 8 of 12
    files stored in 8 s, the child at 0.5 articles a second: 2 of the 6 queued."""
    import time

    folder = make_articles(tmp_path / "articles", 12)
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths(sorted(folder.iterdir())[:8], entities=False)
        assert len(report.imported) == 8
        ids = sorted(h.id for h in lib.searcher.search(SearchRequest("officials", limit=8)).hits)
        with lib.writing():
            child = ChildIndexing(  # as import_indexing makes it for an import of 12 files
                lib.root, lib.sessions, lib.flush_index, lib.searcher.refresh,
                index=lib.index, files=12,
            )  # fmt: skip
            try:
                child.first_batch = 2
                child._start = time.monotonic() - 8.0
                child._rate = 0.5
                with lib.sessions.begin() as session:  # the last six queued again
                    for doc_id in ids[2:]:
                        session.add(IndexQueue(document_id=doc_id, deleted=False))
                child._submit(8)
                assert child._running is not None and child._running[1] == ids[2:4]
                child._running[0].result(timeout=120)
                child._collect()
                child._rate = None  # no batch timed yet: every one queued
                child._submit(8)
                assert child._running is not None and child._running[1] == ids[4:]
                child._running[0].result(timeout=120)
                child._collect()
            finally:
                child.close()
        all_indexed(lib, 8)
