"""The index on its own, every engine: plain documents in; ids, ranks, snippets, hit spans out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from search import IndexDoc, QueryError, SearchIndex, available_engines, open_index

ENGINES = available_engines()

DOCS = [
    IndexDoc(
        1,
        "Armored train derailed",
        "Partisans derailed an armored train near Melitopol.",
        names=["Melitopol"],
        places=["e1"],
        actors=["e3"],
        source="s1",
    ),
    IndexDoc(
        2,
        "Kherson retreat",
        "Russian forces are running from Kherson; the train was stopped.",
        names=["Kherson"],
        places=["e2"],
        source="s2",
    ),
    IndexDoc(
        3,
        "Kiev talks",
        "Talks in Kiev. When run the numbers, partisan activity rose.",
        names=["Kyiv", "Kiev"],
        places=["e4"],
        actors=["e3"],
    ),
]

TOKENS = {
    ("place", "melitopol"): ["e1"],
    ("place", "kyiv"): ["e4"],
    ("place", "kiev"): ["e4"],
    ("actor", "ivan fedorov"): ["e3"],
    ("source", "cnn"): ["s1"],
}


def resolve(field: str, text: str, pattern: bool) -> list[str]:
    if pattern:
        return [
            t for (f, k), toks in TOKENS.items() if f == field and k.startswith(text) for t in toks
        ]
    return TOKENS.get((field, text.lower()), [])


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Iterator[SearchIndex]:
    ix = open_index(tmp_path_factory.mktemp("ix"), engine)
    assert ix.engine == engine
    assert ix.add_all(DOCS) == 3
    yield ix
    ix.close()


def ids(ix: SearchIndex, text: str) -> set[int]:
    q = ix.parse(text, resolve)
    assert q is not None
    return set(ix.match_ids(q).tolist())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("train", {1, 2}),
        ("trains", {1, 2}),  # stemmed
        ("partisan", {1, 3}),
        ('"armored train"', {1}),
        ('"when run"', {3}),  # stop words are kept, so the phrase is exact
        ('"run when"', set()),
        ("train AND Kherson", {2}),
        ("Melitopol OR Kherson", {1, 2}),
        ("train NOT Kherson", {1}),
        ("train -Kherson", {1}),
        ("title:Kherson", {2}),
        ("title:train", {1}),
        ("place:Melitopol", {1}),
        ('actor:"Ivan Fedorov"', {1, 3}),
        ("place:Kiev", {3}),
        ("place:Kyiv", {3}),
        ("Kyiv", {3}),  # a bare word also finds the entity names
        ("place:Mel*", {1}),
        ("deraile*", {1}),
        ("source:CNN", {1}),
        ("place:Atlantis", set()),
    ],
)
def test_query_table(index: SearchIndex, query: str, expected: set[int]) -> None:
    assert ids(index, query) == expected


def test_empty_query_is_none(index: SearchIndex) -> None:
    assert index.parse("   ", resolve) is None


@pytest.mark.parametrize("bad", ["nosuchfield:x", "x" * 3000])
def test_bad_queries_give_a_message(index: SearchIndex, bad: str) -> None:
    with pytest.raises(QueryError) as err:
        index.parse(bad, resolve)
    assert str(err.value)


@pytest.mark.parametrize("odd", ['"unbalanced', "AND", "OR OR", ")(", "((train", "*"])
def test_odd_queries_do_not_crash(index: SearchIndex, odd: str) -> None:
    q = index.parse(odd, resolve)
    if q is not None:
        index.match_ids(q)


def test_ranking_prefers_title_and_respects_allowed(index: SearchIndex) -> None:
    q = index.parse("train", resolve)
    assert q is not None
    ranked = index.ranked(q, None, 10)
    assert {i for i, _ in ranked} == {1, 2}
    assert ranked[0][0] == 1  # "train" is in its title
    import numpy as np

    assert [i for i, _ in index.ranked(q, np.array([2]), 10)] == [2]


def test_snippet_marks_hits(index: SearchIndex) -> None:
    q = index.parse("derailed", resolve)
    snip = index.snippet(q, DOCS[0].text)
    assert snip.hits
    assert all(snip.text[s:e].lower().startswith("derail") for s, e in snip.hits)


def test_hit_spans_in_text(index: SearchIndex) -> None:
    q = index.parse('"armored train"', resolve)
    text = DOCS[0].text
    assert [text[s:e] for s, e in index.hit_spans(q, text)] == ["armored", "train"]


def test_update_replaces_and_delete_removes(tmp_path: Path, engine: str) -> None:
    ix = open_index(tmp_path, engine)
    ix.add_all(DOCS)
    with ix.writer() as w:
        w.add(IndexDoc(2, "Kherson", "nothing about locomotives"))
        w.delete(3)
    assert ix.doc_count() == 2
    assert sorted(ix.indexed_ids().tolist()) == [1, 2]
    assert ids(ix, "train") == {1}
    ix.close()
    reopened = SearchIndex(tmp_path)  # the folder remembers its engine
    assert reopened.engine == engine
    assert sorted(reopened.indexed_ids().tolist()) == [1, 2]
    reopened.close()
