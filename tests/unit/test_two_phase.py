"""Import in two phases: text searchable first, entities after (in workers for big batches)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import extraction
from desktop.ingest.pipeline import ImportProgress
from desktop.library import Library
from desktop.querying import SearchRequest
from tests.conftest import SEEDS


def places(lib: Library) -> dict[str, int]:
    return dict(lib.search(SearchRequest(limit=0)).facets["place"])


def test_text_is_searchable_before_entities(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        report = lib.import_paths([SEEDS], entities=False)
        assert len(report.imported) == 5
        assert lib.pending_entities() == 5
        assert lib.search(SearchRequest("Kherson")).total == 4
        assert places(lib) == {}
        seen: list[int] = []
        assert lib.extract_entities(lambda p: seen.append(p.done)) == 5
        assert seen[-1] == 5 and lib.pending_entities() == 0
        assert places(lib)["Kherson"] == 4
        assert lib.search(SearchRequest("place:Kiev")).total == 2


def test_progress_reports_both_phases(tmp_path: Path) -> None:
    events: list[ImportProgress] = []
    with Library.open(tmp_path) as lib:
        lib.import_paths(sorted(SEEDS.glob("00[01]*.txt")), on_progress=events.append)
    reading = [e for e in events if e.phase == "reading"]
    finding = [e for e in events if e.phase == "entities"]
    assert [e.done for e in reading] == [1, 2] and reading[-1].imported == 2
    assert finding and finding[-1].done == finding[-1].total == 2


def test_reextract_keeps_the_users_decisions(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    lib.ignore_entity("Jeppe W")
    lib.merge_entities("Oleksiy Arestovych", "Volodymyr Zelensky")
    lib.set_entity_kind("Atesh", "place")
    lib.rename_entity("Azovstal", "Azovstal Iron and Steel Works")
    assert lib.reextract() == 5
    actors = dict(lib.search(SearchRequest(limit=0)).facets["actor"])
    assert "Jeppe W" not in actors and "Oleksiy Arestovych" not in actors
    assert "Atesh" not in actors and places(lib)["Atesh"] == 1
    assert places(lib)["Azovstal Iron and Steel Works"] == 2
    zelensky = {m.text for m in lib.document(1).entities if m.canonical == "Volodymyr Zelensky"}
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
            ours = [(m.start, m.end, m.canonical) for m in lib.document(doc_id).entities]
            theirs = [(m.start, m.end, m.canonical) for m in seed_library.document(doc_id).entities]
            assert ours == theirs
