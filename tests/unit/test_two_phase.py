"""Import in two phases: text searchable first, entities after (in workers for big batches)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import extraction
from desktop.index_process import Indexing
from desktop.ingest.pipeline import ImportProgress
from desktop.library import Library
from desktop.querying import SearchRequest
from tests.helpers import SEEDS


def places(lib: Library) -> dict[str, int]:
    return dict(lib.searcher.search(SearchRequest(limit=0)).facets["place"])


@pytest.mark.both_backends
def test_text_is_searchable_before_entities(new_library: str) -> None:
    with Library.open(new_library) as lib:
        report = lib.import_paths([SEEDS], entities=False)
        assert len(report.imported) == 5
        assert lib.pending_entities() == 5
        assert lib.searcher.search(SearchRequest("Kherson")).total == 4
        assert places(lib) == {}
        seen: list[int] = []
        assert lib.extract_entities(lambda p: seen.append(p.done)) == 5
        assert seen[-1] == 5 and lib.pending_entities() == 0
        assert places(lib)["Kherson"] == 4
        assert lib.searcher.search(SearchRequest("place:Kiev")).total == 2


def test_progress_reports_both_phases(tmp_path: Path) -> None:
    events: list[ImportProgress] = []
    with Library.open(tmp_path) as lib:
        lib.import_paths(sorted(SEEDS.glob("00[01]*.txt")), on_progress=events.append)
    reading = [e for e in events if e.phase == "reading"]
    finding = [e for e in events if e.phase == "entities"]
    # a report a file, then one when the last of them is in the index
    assert [(e.done, e.searchable) for e in reading][-1] == (2, 2) and reading[-1].imported == 2
    assert [e.done for e in reading] == [1, 2, 2]
    assert finding and finding[-1].done == finding[-1].total == 2


def test_progress_says_how_many_are_searchable_while_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After each commit of the index the progress counts the files searchable so far, and
    that many are: the window refreshes on it instead of looking empty until the end. (A
    commit a file, as when the readers are slower than the storing: with quicker readers
    the five seeds can share one group, committed once, and the first report says 0.)"""
    import desktop.ingest.pipeline as pipeline
    from desktop.ingest.pipeline import Importer

    monkeypatch.setattr(pipeline, "GROUP_FILES", 1)

    found: list[tuple[int, int]] = []  # (searchable reported, found by a search then)
    with Library.open(tmp_path) as lib:

        def progress(p: ImportProgress) -> None:
            lib.searcher.invalidate()
            found.append((p.searchable, lib.searcher.search(SearchRequest()).total))

        importer = Importer(lib.sessions, lib.originals)
        with lib.writing():  # commits paced from 0 s, as a long import's are from 2 s
            importer.run([SEEDS], progress, indexing=lambda _: Indexing(lib.flush_index, 0.0))
    reported = [n for n, _ in found]
    assert reported[0] == 1 and reported == sorted(reported)  # the first commit at once
    assert all(total >= n for n, total in found)


@pytest.mark.both_backends
def test_reextract_keeps_the_users_decisions(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    lib.ignore_entity("Leila Ibrahimova")
    lib.merge_entities("Oleksiy Arestovych", "Volodymyr Zelensky")
    lib.set_entity_kind("Atesh", "place")
    lib.rename_entity("Azovstal", "Azovstal Iron and Steel Works")
    assert len(lib.reextract().documents) == 5
    actors = dict(lib.searcher.search(SearchRequest(limit=0)).facets["actor"])
    assert "Leila Ibrahimova" not in actors and "Oleksiy Arestovych" not in actors
    assert "Atesh" not in actors and places(lib)["Atesh"] == 1
    assert places(lib)["Azovstal Iron and Steel Works"] == 2
    zelensky = {
        m.text for m in lib.searcher.document(1).entities if m.canonical == "Volodymyr Zelensky"
    }
    assert "Arestovych" in zelensky


@pytest.mark.slow
def test_worker_processes_give_the_same_entities(
    seed_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extraction, "POOL_MIN_DOCS", 1)
    monkeypatch.setattr(extraction, "BATCH", 2)
    with Library.open(tmp_path) as lib:
        lib.import_paths([SEEDS])
        for doc_id in range(1, 6):
            ours = [(m.start, m.end, m.canonical) for m in lib.searcher.document(doc_id).entities]
            theirs = [
                (m.start, m.end, m.canonical)
                for m in seed_library.searcher.document(doc_id).entities
            ]
            assert ours == theirs


def _actor_counts(lib: Library) -> dict[str, int]:
    return dict(lib.searcher.search(SearchRequest(limit=0)).facets["actor"])


@pytest.mark.both_backends
def test_spellings_fold_within_one_batch_and_across_batches(
    tmp_path: Path, new_library: str
) -> None:
    """The writer resolves a whole batch from maps read up front: a person created by the
    first article of a batch must still absorb a variant spelling in the third, and a later
    batch must find both through the library's aliases."""
    articles = tmp_path / "articles"
    articles.mkdir()
    lines = {
        "a.txt": "Mykola Petrenko, the mayor of Melitopol, spoke on Monday.",
        "b.txt": "Officials in Kyiv said little about the talks.",
        "c.txt": "Mikola Petrenko, the mayor of Melitopol, was freed, Kiev said.",
        "d.txt": "Mayor Mykola Petrenko of Melitopol met reporters in Kiev.",
    }
    for name, line in lines.items():
        (articles / name).write_text(f"{line}\n\n{line}\n", encoding="utf-8")
    with Library.open(new_library) as lib:
        lib.import_paths(sorted(articles.glob("[abc].txt")))
        lib.import_paths([articles / "d.txt"])
        actors = _actor_counts(lib)
        # no list knows him: only the writer's transliteration keys fold the two spellings
        petrenko = [name for name in actors if name.endswith("Petrenko")]
        assert petrenko == ["Mykola Petrenko"], actors
        assert actors["Mykola Petrenko"] == 3
        assert lib.searcher.search(SearchRequest('actor:"Mikola Petrenko"')).total == 3
        assert dict(lib.searcher.search(SearchRequest(limit=0)).facets["place"])["Kyiv"] == 3


@pytest.mark.both_backends
def test_a_failed_batch_writes_nothing(new_library: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch is one transaction: if writing it fails, none of its articles is marked done
    and no half of its mentions or entities stays behind; the next run does them all."""
    with Library.open(new_library) as lib:
        lib.import_paths([SEEDS], entities=False)
        real = extraction.EntityResolver.flush

        def broken(self: extraction.EntityResolver) -> None:
            real(self)
            raise OSError("disk full")

        monkeypatch.setattr(extraction.EntityResolver, "flush", broken)
        with pytest.raises(OSError):
            lib.extract_entities()
        assert lib.pending_entities() == 5
        assert places(lib) == {} and lib.entities() == []
        monkeypatch.setattr(extraction.EntityResolver, "flush", real)
        assert lib.extract_entities() == 5
        assert places(lib)["Kherson"] == 4


def test_a_slow_commit_spaces_out_the_next() -> None:
    """After a commit that took long (a Whoosh merge), the next waits ``ratio`` times as
    long, within the cap; quick commits keep the base pace."""
    import time

    from desktop.progress import FlushPacer

    pacer = FlushPacer(base_s=0.01, ratio=4.0, cap_s=0.3)
    pacer.run(lambda: None)
    assert pacer.interval == 0.01
    pacer.run(lambda: time.sleep(0.05))
    assert 0.2 <= pacer.interval <= 0.3 and not pacer.due()
    pacer.run(lambda: time.sleep(0.1))
    assert pacer.interval == 0.3
    time.sleep(0.31)
    assert pacer.due()


def test_counting_the_articles_waiting_for_entities_loads_no_extraction(tmp_path: Path) -> None:
    """The window asks at every open how many articles still wait for their entities. The
    answer must not load the extraction (the entity rules, the model's workers): that was
    ~50 ms of the interpreter on a reading thread, while the window took in its first
    answer (the 100,000-article window stalled 107-143 ms opening; 31-51 ms without)."""
    import subprocess
    import sys

    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        lib.import_paths([SEEDS], entities=False)
    heavy = ("desktop.extraction", "desktop.entity_workers", "desktop.entities.extract")
    code = (
        "import sys\nfrom desktop.library import Library\n"
        f"with Library.open({str(lib_dir)!r}) as lib:\n    print(lib.pending_entities())\n"
        f"print(sorted(m for m in sys.modules if m in {heavy!r}))\n"
    )
    root = Path(__file__).resolve().parents[2]
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.split("\n")[:2] == ["5", "[]"], res.stdout
