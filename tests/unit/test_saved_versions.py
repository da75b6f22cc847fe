"""Saved searches that watch, and syndicated versions grouped after an import."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.versions_index import body_of, similarity, windows
from desktop.workbench_base import WorkbenchError
from tests.helpers import SEEDS
from tests.helpers.libraries import ids_by_name, write_articles


def replica(text: str, seed: int, headline: str) -> str:
    """What a syndication does: another headline, 3 % of word pairs swapped, a line
    dropped, a footer added."""
    rng = random.Random(seed)
    lines = text.split("\n")[1:]
    del lines[rng.randrange(1, len(lines))]
    out = []
    for line in lines:
        words = line.split(" ")
        for i in range(len(words) - 1):
            if rng.random() < 0.03:
                words[i], words[i + 1] = words[i + 1], words[i]
        out.append(" ".join(words))
    footer = "\n\nFollow us on Twitter and Facebook for the latest news and updates."
    return headline + "\n" + "\n".join(out) + footer


def test_saved_search_counts_what_arrived_since_it_was_opened(
    fresh_seed_library: Library, tmp_path: Path
) -> None:
    lib, saved = fresh_seed_library, fresh_seed_library.workbench.saved
    saved.add("Melitopol", SearchRequest(query="Melitopol", actors=("Ivan Fedorov",)))
    saved.add("Kherson retreat", SearchRequest(places=("Kherson",), sort="date", collapse=True))
    before = {s.name: (s.total, s.new) for s in saved.list()}
    assert before == {"Melitopol": (2, 0), "Kherson retreat": (4, 0)}
    assert saved.request("kherson RETREAT") == SearchRequest(
        places=("Kherson",), sort="date", collapse=True
    )
    lib.import_paths(write_articles(tmp_path / "new", {
        "later": "Melitopol mayor speaks\n\nIvan Fedorov, the mayor of Melitopol, said on "
                 "Friday that the partisans in Melitopol had struck again near the station.",
    }))  # fmt: skip
    after = {s.name: (s.total, s.new) for s in saved.list()}
    assert after == {"Melitopol": (3, 1), "Kherson retreat": (4, 0)}
    saved.mark_opened("Melitopol")
    assert {s.name: s.new for s in saved.list()}["Melitopol"] == 0
    with pytest.raises(WorkbenchError, match="exists already"):
        saved.add("melitopol", SearchRequest(query="x"))
    with pytest.raises(ValueError, match="unknown field"):
        saved.add("bad", SearchRequest(query="foo:bar"))
    saved.remove("Melitopol")
    assert [s.name for s in saved.list()] == ["Kherson retreat"]
    lib.undo_curation()
    assert [s.name for s in saved.list()] == ["Melitopol", "Kherson retreat"]


@pytest.fixture(scope="module")
def versions_library(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The seeds, two replicas of seed 003 under other headlines and one of seed 004."""
    root = tmp_path_factory.mktemp("versions")
    base = (SEEDS / "003_f5d6eae2d84e7c47.txt").read_text("utf-8")
    other = (SEEDS / "004_90168afd947e35b7.txt").read_text("utf-8")
    arts = {
        "wire-a": replica(base, 1, "Deserters flee Kherson, partisans say"),
        "wire-b": replica(base, 2, "Atesh: Russian soldiers desert in the south"),
        "mariupol-copy": replica(other, 3, "Azovstal talks begin"),
    }
    lib = Library.open(root / "lib")
    lib.import_paths(sorted(SEEDS.glob("*.txt")), entities=False)
    lib.import_paths(write_articles(root / "arts", arts), entities=False)
    yield lib
    lib.close()


def test_replicas_are_grouped_and_different_articles_are_not(versions_library: Library) -> None:
    lib = versions_library
    names = ids_by_name(lib)
    base, a, b = names["003_f5d6eae2d84e7c47"], names["wire-a"], names["wire-b"]
    versions = lib.workbench.versions.of(a)
    assert {v.id for v in versions} == {base, a, b}
    # undated, so the head is the first imported
    assert versions[0].id == base and versions[0].head and sum(v.head for v in versions) == 1
    assert all(0.4 <= v.similarity <= 1 for v in versions)
    assert {v.id for v in lib.workbench.versions.of(names["mariupol-copy"])} == {
        names["004_90168afd947e35b7"], names["mariupol-copy"],
    }  # fmt: skip
    # the seeds are five different articles (two about Kherson): none is a version of another
    for seed in ("000_7c70147f503d4823", "001_53bdf8a33f697a68", "002_1980e6867da380cf"):
        assert lib.workbench.versions.of(names[seed]) == []
    hits = {h.id: h for h in lib.searcher.hits([base, names["002_1980e6867da380cf"]])}
    assert hits[base].versions == 3 and hits[names["002_1980e6867da380cf"]].versions == 1
    assert lib.workbench.versions.pending() == 0


def test_a_search_can_collapse_versions(versions_library: Library) -> None:
    lib = versions_library
    names = ids_by_name(lib)
    found = lib.searcher.search(SearchRequest(query="Atesh", limit=10))
    collapsed = lib.searcher.search(SearchRequest(query="Atesh", limit=10, collapse=True))
    group = {names["003_f5d6eae2d84e7c47"], names["wire-a"], names["wire-b"]}
    assert group <= set(found.ids.tolist())
    kept = group & set(collapsed.ids.tolist())
    assert len(kept) == 1 and collapsed.total == found.total - 2
    assert collapsed.hits[0].versions == 3
    assert lib.searcher.all_ids(SearchRequest(query="Atesh", collapse=True)).tolist() == (
        collapsed.ids.tolist()
    )


def test_two_versions_side_by_side(versions_library: Library) -> None:
    lib = versions_library
    names = ids_by_name(lib)
    diff = lib.workbench.versions.diff(names["003_f5d6eae2d84e7c47"], names["wire-a"])
    changed_right = "".join(t for t, c in diff.right if c)
    assert "Deserters flee Kherson, partisans say" in changed_right  # the new headline
    assert "Follow us on Twitter" in changed_right  # the footer
    left = "".join(t for t, _ in diff.left)
    assert left == lib.searcher.document(names["003_f5d6eae2d84e7c47"]).text
    assert 0.8 < diff.same_share < 1


def test_windows_ignore_word_order_inside_and_the_headline() -> None:
    text = "Headline\nThe quick brown fox jumps over the lazy dog near the river bank today"
    swapped = (
        "Other headline\nThe quick brown fox jumps over lazy the dog near the river bank today"
    )
    a = windows(body_of(text, "Headline"))
    b = windows(body_of(swapped, "Other headline"))
    assert similarity(a, b) > 0.6
    assert similarity(a, windows("an entirely different text about Kherson and the war")) == 0


def test_a_version_in_the_trash_is_no_version(versions_library: Library) -> None:
    lib = versions_library
    names = ids_by_name(lib)
    original, copy = names["004_90168afd947e35b7"], names["mariupol-copy"]
    lib.documents.trash([copy])
    try:
        assert lib.workbench.versions.of(original) == []
        assert lib.searcher.hits([original])[0].versions == 1
    finally:
        lib.documents.restore([copy])
    assert len(lib.workbench.versions.of(original)) == 2
    assert lib.searcher.hits([original])[0].versions == 2


def test_a_search_process_collapses_versions_from_the_facet_file(
    versions_library: Library,
) -> None:
    """The facet file keeps the groups of versions: a search process that reads it (the
    second here; the window's search above may already have left it) collapses as the
    window does (the file once lacked them, and ``search --collapse`` failed)."""
    import json
    import subprocess
    import sys

    from desktop.facet_cache import CACHE_NAME

    lib = versions_library
    expected = lib.searcher.search(SearchRequest(query="Atesh", limit=10, collapse=True))
    for _ in range(2):
        res = subprocess.run(
            [sys.executable, "-m", "desktop", "--library", str(lib.root), "search", "Atesh",
             "--collapse", "--json"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert res.returncode == 0, res.stderr[-2000:]
        assert (lib.root / CACHE_NAME).is_file()
        data = json.loads(res.stdout)
        assert data["total"] == expected.total
        assert [h["id"] for h in data["hits"]] == expected.ids.tolist()
        assert data["hits"][0]["versions"] == 3
