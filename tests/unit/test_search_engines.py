"""Both engines give the same answers: analysis, query semantics, filters, engine choice."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from whoosh.searching import Searcher

from bench.microbench import CORPORA, base_articles, pick_queries, synthetic_docs
from search import IndexDoc, SearchIndex, available_engines, hit_spans, open_index, parse
from search.analysis import TOKEN_PATTERN, tantivy_tokens, tokens, whoosh_analyzer
from search.engines import ENGINE_ENV, remembered_engine
from search.query import And, Everything, Node, Not, Or, Pattern, Phrase, Term
from tests.helpers import SEEDS

ENGINES = available_engines()
needs_tantivy = pytest.mark.skipif("tantivy" not in ENGINES, reason="tantivy is not installed")

TEXTS = [
    "Partisans derailed the armored train; the partisan's train was running late.",
    "When run the numbers, running runners ran. Kherson’s mayor spoke; Kherson's forces left.",
    "A well-known, long-range strike on the e-mail server of U.S. Steel cost $3.5 billion.",
    "Café owners in Zürich and Łódź; naïve coöperation; ЗЕЛЕНСЬКИЙ та Київ; Dnipró.",
    "Die Straße nach Kyiv. Happiness, happily, happier; studies, studying, studied.",
    "The generously sized fishing boats: agreed, agreement, national nationalism.",
]

DOCS = [IndexDoc(i + 1, f"Title {i}", text) for i, text in enumerate(TEXTS)]


def root(text: str) -> Node:
    q = parse(text)
    assert q.root is not None
    return q.root


def test_the_analyzers_agree_token_for_token() -> None:
    """What queries and hit marking analyse in Python is what each engine indexes."""
    texts = [*TEXTS, *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))]
    for text in texts:
        ours = tokens(text)
        whoosh = [(t.text, t.startchar, t.endchar) for t in whoosh_analyzer()(text, chars=True)]
        assert ours == whoosh, text
        if "tantivy" in ENGINES:
            assert ours == tantivy_tokens(text), text


def test_analysis_keeps_stop_words_and_stems_snowball() -> None:
    words = [t.text for t in whoosh_analyzer()("When run the generously happily studies’")]
    assert words == ["when", "run", "the", "generous", "happili", "studi"]


def test_indexing_finds_the_terms_and_positions_the_analyzer_chain_does() -> None:
    """The one-pass ``word_values`` writes what Whoosh's own (a Token through the analyzer's
    generators) writes: terms, frequencies, weights, positions. Fails if a word is lowered
    or stemmed differently, or a position is counted another way."""
    from whoosh.formats import Positions

    from search.schema import ArrayPositions, term_positions
    from search.whoosh_write import TermPool

    odd = "İSTANBUL, Straße ΣΟΦΟΣ ſtate U.S. 3.5% e-mail O'Neill’s partisan's__x ½ ２０２０"
    texts = [*TEXTS, odd, "", " ", *(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))]
    ours, whoosh = ArrayPositions(field_boost=2.0), Positions(field_boost=2.0)
    for text in texts:
        fast = list(ours.word_values(text, whoosh_analyzer()))
        chain = list(whoosh.word_values(text, whoosh_analyzer()))
        assert [(w, f, wt, ours.decode_positions(v)) for w, f, wt, v in fast] == [
            (w, f, wt, whoosh.decode_positions(v)) for w, f, wt, v in chain
        ], text[:80]
        # what the index's writer puts in its pool at once: the same, its terms in UTF-8
        pool = TermPool(1 << 30)
        pool.add_positions("text", 7, term_positions(text), ours)
        assert list(pool.terms()) == sorted(
            ("text", w.encode(), [(7, wt, v)]) for w, _f, wt, v in fast
        )


def test_a_texts_terms_are_each_words_term_however_often_seen() -> None:
    """``whoosh_terms`` keeps each word's term once; the terms are ``whoosh_term``'s, the
    first time, from then on, and after the kept words are let go."""
    from search import analysis

    text = " ".join([*TEXTS, "İSTANBUL Straße ſtate O'Neill’s ２０２０"])
    expected = [analysis.whoosh_term(w) for w in analysis.words(text)]
    assert analysis.whoosh_terms(text) == expected
    assert analysis.whoosh_terms(text) == expected
    analysis._TERMS.update({str(n): "x" for n in range(200_001)})
    assert analysis.whoosh_terms(text) == expected
    assert len(analysis._TERMS) < 1_000


def test_stems_are_the_compiled_snowball_and_match_its_python_port() -> None:
    """Indexing stems in C (PyStemmer), 15x quicker, and every stem is the generated Python's.

    Both are built from the same Snowball English; an index written with one is searched with
    the other (a library indexed before PyStemmer was a dependency), so a word that stemmed
    differently would silently stop matching."""
    import snowballstemmer
    from snowballstemmer.english_stemmer import EnglishStemmer

    from search.analysis import stem

    assert type(snowballstemmer.stemmer("english")).__module__ == "Stemmer"
    texts = [*TEXTS, *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))]
    words = {w.lower() for text in texts for w in re.findall(TOKEN_PATTERN, text)}
    words |= {"international", "generously", "dying", "skies", "news", "cañón", "kyiv's", "1980s"}
    python = EnglishStemmer()
    assert len(words) > 800
    assert {w: stem.__wrapped__(w) for w in words} == {w: python.stemWord(w) for w in words}


@pytest.fixture(scope="module", params=ENGINES)
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    ix = open_index(tmp_path_factory.mktemp("ix"), str(request.param))
    ix.add_all(DOCS)
    yield ix
    ix.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("running", {1, 2}),  # run, running, runs -> run
        ("ran", {2}),  # irregular forms are not stemmed together
        ('"when run"', {2}),
        ('"the numbers"', {2}),
        ("partisan's", {1}),  # a word the analysis splits is a phrase: partisan + s
        ("well known", {3}),
        ('"Kherson\'s forces"', {2}),
        ("Kherson’s", {2}),
        ("well-known", {3}),
        ('"long-range strike"', {3}),
        ("e-mail", {3}),
        ("U.S.", {3}),
        ("3.5", {3}),
        ("café", {4}),
        ("cafe", set()),  # no accent folding, on either side
        ("Zürich", {4}),
        ("зеленський", {4}),
        ("Київ", {4}),
        ("straße", {5}),
        ("happiness", {5}),
        ("happy", {5}),  # Snowball: happy, happiness, happily -> happi
        ("studying", {5}),
        ("nationalism", {6}),
        ("national", {6}),
        ("agreement", {6}),
        ("generous", {6}),
        ("stud*", {5}),
        ("happ*", {5}),
        ("h?ppily", {5}),
        ("title:title", {1, 2, 3, 4, 5, 6}),
        ("Kyiv -train", {5}),
        ("Kiev", set()),  # no spelling is folded in by the index
        ("(partisan OR café) AND NOT train", {4}),
        ('"train was running"~2', {1}),
    ],
)
def test_queries_mean_the_same_on_every_engine(
    index: SearchIndex, query: str, expected: set[int]
) -> None:
    q = root(query)
    assert set(index.match_ids(q).tolist()) == expected
    assert {i for i, _ in index.ranked(q, None, 10)} == expected


def test_hit_spans_follow_the_analysis() -> None:
    text = TEXTS[1] + " " + TEXTS[3]
    spans = hit_spans(root('running OR "Kherson\'s forces" OR café'), text)
    words = [text[s:e] for s, e in spans]
    assert words == ["run", "running", "Kherson", "s", "forces", "Café"]


def _bulk(n: int) -> list[IndexDoc]:
    return [
        IndexDoc(i, f"report {i}", "train " * (1 + i % 7) + f"station number{i % 10} text")
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_allowed_filters_even_when_the_best_hits_are_not_allowed(
    tmp_path: Path, engine: str
) -> None:
    ix = open_index(tmp_path, engine)
    ix.add_all(_bulk(600))
    q = root("train")
    best = ix.ranked(q, None, 5)
    assert len(best) == 5 and [s for _, s in best] == sorted((s for _, s in best), reverse=True)
    rare = np.array([3, 10, 17], dtype=np.int64)  # few train words: far down the ranking
    assert sorted(i for i, _ in ix.ranked(q, rare, 10)) == [3, 10, 17]
    many = np.arange(1, 601, 2, dtype=np.int64)
    got = ix.ranked(q, many, 20)
    assert len(got) == 20 and all(i % 2 == 1 for i, _ in got)
    assert len(ix.ranked(q, np.array([], dtype=np.int64), 5)) == 0
    ix.close()


@needs_tantivy
def test_tantivy_broad_results_and_filters_take_the_short_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many hits: the non-matches are fetched instead; filters use the shorter id list."""
    import search.tantivy_index as ti

    monkeypatch.setattr(ti, "BROAD", 10)
    ix = open_index(tmp_path, "tantivy")
    ix.add_all(_bulk(300))
    q = root("train -number3")
    expected = [i for i in range(1, 301) if i % 10 != 3]
    assert ix.match_ids(q).tolist() == expected
    assert ix.match_ids(q) is ix.match_ids(q)  # kept until the next write
    few = np.array([13, 5, 250], dtype=np.int64)  # 13: excluded by the query
    assert sorted(i for i, _ in ix.ranked(q, few, 10)) == [5, 250]
    most = np.array([i for i in range(1, 301) if i not in (2, 4)], dtype=np.int64)
    got = ix.ranked(q, most, 280)
    assert sorted(i for i, _ in got) == [i for i in expected if i not in (2, 4)]
    monkeypatch.setattr(ti, "over_fetch", lambda limit: limit)
    got = ix.ranked(q, most, 250)  # through the "all but 2 and 4" filter
    assert len(got) == 250 and {i for i, _ in got} <= set(expected) - {2, 4}
    with ix.writer() as w:
        w.delete(1)
    assert 1 not in ix.match_ids(q).tolist()
    ix.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_failed_write_leaves_nothing(tmp_path: Path, engine: str) -> None:
    ix = open_index(tmp_path, engine)
    ix.add_all(DOCS[:2])
    with pytest.raises(RuntimeError), ix.writer() as w:
        w.add(DOCS[2])
        w.delete(1)
        raise RuntimeError("boom")
    assert sorted(ix.indexed_ids().tolist()) == [1, 2]
    with ix.writer() as w:  # the lock was released
        w.add(DOCS[2])
        w.add(DOCS[2])  # twice in one transaction: still one document
        w.add(DOCS[3])
        w.delete(4)  # added, then deleted
    assert sorted(ix.indexed_ids().tolist()) == [1, 2, 3]
    assert len(ix.match_ids(root("zürich"))) == 0
    ix.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_an_article_indexed_again_replaces_its_old_copy_and_new_ones_are_added(
    tmp_path: Path, engine: str
) -> None:
    """Whoosh adds an article whose id is above every id in the index without looking for
    an old copy (an import's), and replaces one at or below it (an edited article; one
    deleted and added again): never two copies, never a lost one."""
    ix = open_index(tmp_path, engine)
    ix.add_all([IndexDoc(i, f"Story {i}", f"Grain leaves Odesa, part {i}.") for i in (1, 2, 3)])
    with ix.writer() as w:
        w.delete(3)
    with ix.writer() as w:
        w.add(IndexDoc(2, "Story 2", "Ferries return to Kherson."))  # edited
        w.add(IndexDoc(3, "Story 3", "Ferries return to Kherson again."))  # back from the trash
        w.add(IndexDoc(9, "Story 9", "Ferries return to Kherson, a new one."))
    assert sorted(ix.indexed_ids().tolist()) == [1, 2, 3, 9]
    assert sorted(ix.match_ids(root("odesa")).tolist()) == [1]
    assert sorted(ix.match_ids(root("kherson")).tolist()) == [2, 3, 9]
    assert ix.doc_count() == 4
    ix.close()


def _whoosh(node: Node) -> object:
    """The same query as Whoosh's own query objects (to score it the Whoosh way)."""
    from whoosh import query as wq

    def fields(field: str | None, make):  # type: ignore[no-untyped-def]
        if field:
            return make(field, 1.0)
        return wq.Or([make("title", 2.0), make("text", 1.0)])

    if isinstance(node, Term):
        return fields(node.field, lambda f, b: wq.Term(f, node.term, boost=b))
    if isinstance(node, Phrase):
        return fields(node.field, lambda f, b: wq.Phrase(f, list(node.terms), boost=b))
    if isinstance(node, And):
        return wq.And([_whoosh(c) for c in node.children])
    if isinstance(node, Or):
        return wq.Or([_whoosh(c) for c in node.children])
    raise AssertionError(node)


def test_whoosh_scores_are_whooshs_own(tmp_path: Path) -> None:
    """The numpy evaluator ranks as Whoosh's BM25F does, across segments and deletions."""
    ix = open_index(tmp_path, "whoosh")
    docs = _bulk(300)
    ix.add_all(docs[:150])
    ix.add_all(docs[150:])
    with ix.writer() as w:
        w.delete(7)
        w.add(IndexDoc(8, "train report", "train train"))
    for text in ["train", "station", "report train", "title:report", "number3 OR number4"]:
        q = root(text)
        ours = sorted(ix.ranked(q, None, 1000), key=lambda p: (-p[1], p[0]))
        s = Searcher(ix.reader())  # type: ignore[attr-defined]
        ids = ix._ids_by_docnum()  # type: ignore[attr-defined]
        theirs = [(int(ids[h.docnum]), h.score) for h in s.search(_whoosh(q), limit=None)]
        theirs.sort(key=lambda p: (-p[1], p[0]))
        assert [i for i, _ in ours] == [i for i, _ in theirs], text
        assert np.allclose([x for _, x in ours], [x for _, x in theirs], rtol=1e-5)
        assert sorted(ix.match_ids(q).tolist()) == sorted(i for i, _ in theirs)
    for text in ['"train train"', '"train station"', '"train train train station"', '"report 9"']:
        q = root(text)  # phrases: positions checked by numpy, and by Whoosh
        wq = _whoosh(q)
        theirs = [int(ids[d]) for d in wq.docs(Searcher(ix.reader()))]  # type: ignore[attr-defined]
        assert sorted(ix.match_ids(q).tolist()) == sorted(theirs) and theirs, text
    ix.close()


@needs_tantivy
def test_the_folder_remembers_its_engine_and_can_switch(tmp_path: Path) -> None:
    ix = open_index(tmp_path, "tantivy")
    ix.add_all(DOCS)
    ix.close()
    assert json.loads((tmp_path / "engine.json").read_text())["engine"] == "tantivy"
    again = open_index(tmp_path)
    assert again.engine == "tantivy" and again.doc_count() == len(DOCS)
    assert remembered_engine(tmp_path) == "tantivy"
    again.close()
    switched = open_index(tmp_path, "whoosh")  # another engine: empty, to be rebuilt
    assert switched.engine == "whoosh" and switched.doc_count() == 0
    switched.clear()
    assert json.loads((tmp_path / "engine.json").read_text())["engine"] == "whoosh"
    switched.close()


def test_default_engine_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(ENGINE_ENV, ENGINES[-1])
    assert open_index(tmp_path / "a").engine == ENGINES[-1]
    monkeypatch.setenv(ENGINE_ENV, "nonsense")
    assert open_index(tmp_path / "b").engine == "whoosh"
    with pytest.raises(ValueError, match="unknown search engine"):
        open_index(tmp_path / "c", "lucene")


def test_an_index_without_engine_file_is_started_again(tmp_path: Path) -> None:
    """An index from before engine.json (other stemming) comes back empty, to be rebuilt."""
    ix = open_index(tmp_path, "whoosh")
    ix.add_all(DOCS)
    ix.close()
    (tmp_path / "engine.json").unlink()
    assert remembered_engine(tmp_path) is None
    again = open_index(tmp_path)
    assert again.doc_count() == 0
    again.close()


def test_a_folder_of_other_files_is_not_thrown_away(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not a search index"):
        open_index(tmp_path)
    assert (tmp_path / "notes.txt").exists()


@pytest.mark.corpus
@pytest.mark.slow
@needs_tantivy
@pytest.mark.skipif(not CORPORA.is_dir(), reason="needs ../shared/corpora")
def test_the_engines_agree_on_real_news(tmp_path: Path) -> None:
    """1,500 real articles, ~240 queries of every kind: the same documents on both engines."""
    base = base_articles()
    docs = [d for d, _ in synthetic_docs(1500, base[::12])]
    engines = [open_index(tmp_path / name, name) for name in ("whoosh", "tantivy")]
    for ix in engines:
        ix.add_all(docs)
    queries = [q for qs in pick_queries(base[::12]).values() for q in qs]
    queries += ["said -year", '"the company" OR "the bank"', "title:oil*", "u.s.", "*"]
    for text in queries:
        got = []
        for ix in engines:
            q = parse(text).root
            got.append(set(ix.match_ids(q).tolist()) if q is not None else None)
        assert got[0] == got[1], text
    for ix in engines:
        ix.close()


def test_every_kind_of_query_node_means_the_same(index: SearchIndex) -> None:
    train, run = Term("train", "train"), Term("run", "run")
    cases: list[tuple[Node, set[int]]] = [
        (And((train, run)), {1}),
        (Or((train, Term("kyiv", "Kyiv"))), {1, 5}),
        (Not(train), {2, 3, 4, 5, 6}),
        (And((Not(train), Not(run))), {3, 4, 5, 6}),
        (Or((train, Not(Everything()))), {1}),
        (Phrase(("train",), "train"), {1}),
        (Pattern("h?ppi*", "h?ppi*"), {5}),
        (Pattern("ra?", "ra?", "text"), {2}),
        (Everything(), {1, 2, 3, 4, 5, 6}),
    ]
    for q, expected in cases:
        assert set(index.match_ids(q).tolist()) == expected, q


@pytest.mark.parametrize("engine", ENGINES)
def test_refresh_sees_what_another_writer_committed(tmp_path: Path, engine: str) -> None:
    reader = open_index(tmp_path, engine)
    reader.add_all(DOCS[:2])
    q = root("zürich")
    assert len(reader.match_ids(q)) == 0
    other = open_index(tmp_path)  # as another process would open it
    other.add_all([DOCS[3]])
    other.close()
    reader.refresh()
    assert reader.match_ids(q).tolist() == [4]
    assert reader.doc_count() == 3
    reader.close()


@needs_tantivy
def test_a_library_on_an_engine_no_longer_installed_falls_back_to_whoosh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import search.engines as engines

    open_index(tmp_path, "tantivy").close()
    monkeypatch.setattr(engines, "available_engines", lambda: ["whoosh"])
    ix = open_index(tmp_path)  # the index is a cache: it comes back empty, to be rebuilt
    assert ix.engine == "whoosh" and ix.doc_count() == 0
    ix.close()
    with pytest.raises(ValueError, match="not installed"):
        open_index(tmp_path, "tantivy")
