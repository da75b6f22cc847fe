"""The searcher as a reporter meets it: literal phrases, folding only where asked, hits that
say where they came from, and queries that are never slow or refused for a typo."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.library import Library
from desktop.querying import SearchRequest
from search import QueryError
from search.query import COMMON_SHARE, And, Phrase, Term, words_of
from tests.helpers.libraries import ids_by_name, library_of, location_for

ARTICLES = {
    "blairs": """Blair and Brown at the conference
Tony Blair spoke first. Cherie Blair sat in the front row, and Mr Blair thanked her.
Gordon Brown said little.""",
    "tony": """Prime minister visits Leeds
Tony Blair visited a school in Leeds. Mr Blair praised the teachers.""",
    "howards": """Conservatives choose a leader
Michael Howard was elected. Mr Howard promised lower taxes; Howard spoke for an hour.""",
    "film": """Director on set
Ron Howard began filming in Toronto on Monday.""",
    "bonds": """Ratings agency acts
Moody's cut the rating of the bonds. Moody said the outlook was negative.""",
    "kiev": """Talks in the capital
Delegations met in Kiev on Tuesday to discuss grain exports.""",
    "kyiv": """Air raid sirens
Sirens sounded across Kyiv overnight as drones approached.""",
}


pytestmark = pytest.mark.both_backends


@pytest.fixture(scope="module")
def lib(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Library]:
    folder = tmp_path_factory.mktemp("searcher")
    library = library_of(folder, ARTICLES, location=location_for(backend, request, folder))
    yield library
    library.close()


@pytest.fixture(scope="module")
def ids(lib: Library) -> dict[str, int]:
    return ids_by_name(lib)


def found(lib: Library, ids: dict[str, int], query: str = "", **filters: object) -> set[str]:
    names = {v: k for k, v in ids.items()}
    result = lib.searcher.search(SearchRequest(query=query, limit=100, **filters))  # type: ignore[arg-type]
    assert result.total == len(result.ids)
    return {names[i] for i in result.ids.tolist()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a quoted phrase is literal: only the articles that contain it
        ('"Cherie Blair"', {"blairs"}),
        ('"Tony Blair"', {"blairs", "tony"}),
        ('"Gordon Brown"', {"blairs"}),
        ('"Ron Howard"', {"film"}),
        ('"Michael Howard"', {"howards"}),
        # a bare word is the word: no entity's other names come with it
        ("Modi", set()),
        ("Cherie", {"blairs"}),
        ("Howard", {"howards", "film"}),
        # a place word that the gazetteer certainly spells two ways finds both spellings
        ("Kiev", {"kiev", "kyiv"}),
        ("Kyiv", {"kiev", "kyiv"}),
        ('"Kyiv"', {"kyiv"}),  # quoted: literal
        ("place:Kiev", {"kiev", "kyiv"}),
        ("place:Kyiv", {"kiev", "kyiv"}),
        ("Kyiv -drones", {"kiev"}),
        ("place:Kiev -drones", {"kiev"}),
        ("Kherson", set()),
        ("place:Atlantis", set()),
        ("place:*", {"kiev", "kyiv", "film", "tony"}),  # every article with some place
        # operators a person types on the way to a query
        ("Blair AND", {"blairs", "tony"}),
        ("Blair OR", {"blairs", "tony"}),
        ("Blair NOT", {"blairs", "tony"}),
        ("NOT NOT NOT", set(ARTICLES)),
        ("NOT Blair", set(ARTICLES) - {"blairs", "tony"}),
        ("*", set(ARTICLES)),
        ("**", set(ARTICLES)),
        ("title:*", set(ARTICLES)),
        ("Blair OR *", set(ARTICLES)),
        ("[a TO z]", set()),
        ("title:leader", {"howards"}),
        ("title:(leader OR director)", {"howards", "film"}),
    ],
)
def test_what_each_query_finds(lib: Library, ids: dict[str, int], query: str, expected: set[str]):
    assert found(lib, ids, query) == expected


def test_facet_filters_fold_spellings(lib: Library, ids: dict[str, int]) -> None:
    assert found(lib, ids, places=("Kiev",)) == {"kiev", "kyiv"}
    assert found(lib, ids, "sirens", places=("Kiev",)) == {"kyiv"}


def test_the_reader_marks_only_what_matched(lib: Library, ids: dict[str, int]) -> None:
    doc = lib.searcher.document(ids["howards"], '"Ron Howard"')
    assert doc.hits == []  # "Howard" alone is not the phrase
    doc = lib.searcher.document(ids["film"], '"Ron Howard"')
    assert [doc.text[s:e] for s, e in doc.hits] == ["Ron", "Howard"]
    doc = lib.searcher.document(ids["howards"], "title:leader")
    assert doc.hits == [] and [doc.title[s:e] for s, e in doc.title_hits] == ["leader"]
    doc = lib.searcher.document(ids["tony"], "Blair -Cherie")
    assert [doc.text[s:e] for s, e in doc.hits] == ["Blair", "Blair"]


def test_a_hit_through_another_spelling_says_so(lib: Library, ids: dict[str, int]) -> None:
    doc = lib.searcher.document(ids["kiev"], "Kyiv")
    assert [doc.text[s:e] for s, e in doc.hits] == ["Kiev"]
    (note,) = doc.hit_notes
    assert doc.text[note.start : note.end] == "Kiev"
    assert "Kyiv" in note.note and "found for Kyiv" in note.note
    doc = lib.searcher.document(ids["kyiv"], "place:Kiev")
    (note,) = doc.hit_notes
    assert "Kiev → Kyiv" in note.note
    # the word itself needs no note
    doc = lib.searcher.document(ids["kyiv"], "Kyiv")
    assert [doc.text[s:e] for s, e in doc.hits] == ["Kyiv"] and doc.hit_notes == []


def test_snippets_mark_the_other_spelling(lib: Library, ids: dict[str, int]) -> None:
    (hit,) = lib.searcher.hits([ids["kiev"]], "Kyiv")
    assert [hit.snippet[s:e] for s, e in hit.snippet_hits] == ["Kiev"]


def test_results_come_with_every_id_in_order(lib: Library, ids: dict[str, int]) -> None:
    result = lib.searcher.search(SearchRequest(query="Blair", limit=1))
    assert len(result.hits) == 1 and result.total == 2
    assert result.hits[0].id == result.ids[0]
    rows = lib.searcher.hits(result.ids[1:].tolist(), "Blair")
    assert {h.id for h in rows} == {ids["blairs"], ids["tony"]} - {result.hits[0].id}


def test_a_facet_limit_names_the_values_with_most_articles_and_counts_the_rest_alike(
    lib: Library,
) -> None:
    """A script's ``search --facet-limit N`` names only the first N values of each facet
    (the rest of a large library's names are never read): the same values, in the same
    order, with the same counts as the first N of every value."""
    every = lib.searcher.search(SearchRequest(query=""))
    assert sum(len(v) > 2 for v in every.facets.values()) >= 2  # facets worth cutting
    for limit in (0, 1, 2):
        cut = lib.searcher.search(SearchRequest(query="", facet_limit=limit))
        for facet, values in every.facets.items():
            expected = values if facet == "date" else values[:limit]
            assert cut.facets[facet] == expected, (facet, limit)
        assert cut.total == every.total and list(cut.ids) == list(every.ids)


@pytest.mark.parametrize(
    "query",
    ["*", "**", "*" * 80, "title:*", "[a TO z]", "{a TO z}", "NOT NOT NOT", "a*", "?", "t*"],
)
@pytest.mark.timing
def test_no_query_is_slow(lib: Library, query: str) -> None:
    start = time.monotonic()
    lib.searcher.search(SearchRequest(query=query))
    assert time.monotonic() - start < 2.0


@pytest.mark.parametrize("query", ["nosuchfield:x", "x" * 2100, " ".join(["w"] * 201)])
def test_what_cannot_be_meant_is_refused_with_a_message(lib: Library, query: str) -> None:
    with pytest.raises(QueryError) as err:
        lib.searcher.search(SearchRequest(query=query))
    assert str(err.value)


def test_unknown_values_are_reported(lib: Library) -> None:
    result = lib.searcher.search(SearchRequest(query="place:Atlantis", places=("Narnia",)))
    assert result.unknown == {"place": ["Atlantis", "Narnia"]}


def test_a_wildcard_with_too_many_words_says_what_it_searched(
    tmp_path: Path, new_library: str
) -> None:
    import search.whoosh_eval as we

    words = " ".join(f"zeta{i}" for i in range(30))
    with library_of(
        tmp_path, {"many": f"Many words\n{words}"}, entities=False, location=new_library
    ) as lib:
        limit = we.MAX_EXPANSION
        try:
            we.MAX_EXPANSION = 10
            lib.index.drop_caches()
            lib.index.refresh()
            result = lib.searcher.search(SearchRequest(query="zeta*"))
        finally:
            we.MAX_EXPANSION = limit
        if lib.index.engine == "whoosh":
            assert result.total == 1
            assert any("zeta*" in n and "most frequent" in n for n in result.notes)


def test_snippets_do_not_repeat_what_the_row_shows(tmp_path: Path, new_library: str) -> None:
    article = (
        "Forces leave the city\nBy Jane Roe\n12 November 2022\n\n"
        "Residents watched the last convoy cross the river at dawn."
    )
    with library_of(tmp_path, {"a": article}, entities=False, location=new_library) as lib:
        (hit,) = lib.searcher.hits(lib.searcher.all_ids(SearchRequest()).tolist())
        assert hit.snippet.startswith("…Residents watched")
        assert "Jane Roe" not in hit.snippet and "November" not in hit.snippet


def test_a_snippet_shows_the_hits_of_the_body_before_those_of_the_title_line(
    tmp_path: Path, new_library: str
) -> None:
    article = "Oil prices fall\n\n" + "Filler words here. " * 30 + "Crude oil slipped again."
    with library_of(tmp_path, {"a": article}, entities=False, location=new_library) as lib:
        (hit,) = lib.searcher.hits(lib.searcher.all_ids(SearchRequest()).tolist(), "oil")
        assert "Crude oil slipped" in hit.snippet and "Oil prices fall" not in hit.snippet


def test_a_search_that_finds_nothing_is_offered_nearby_ones(lib: Library, ids) -> None:
    from desktop.relaxing import relaxations

    offers = relaxations(lib.searcher, SearchRequest(query="Blair", places=("Kiev",)))
    assert {(o.label, o.total) for o in offers} == {
        ("without the words Blair", 2),
        ("without Place: Kiev", 2),
    }
    (phrase,) = relaxations(lib.searcher, SearchRequest(query='"Blair Leeds"'))
    assert phrase.label == 'the words of "Blair Leeds" anywhere' and phrase.total == 1
    (curled,) = relaxations(lib.searcher, SearchRequest(query="“Blair Leeds”"))
    assert curled == phrase  # the same phrase, typed with curly quotes
    offers = relaxations(lib.searcher, SearchRequest(query="Federov"))
    assert offers == []  # no one of that name here: nothing invented


def test_a_quoted_phrase_is_the_words_as_written_not_their_stems(
    tmp_path: Path, new_library: str
) -> None:
    articles = {
        "un": "Vote\nThe United Nations voted on Monday.",
        "uniting": "Rally\nUniting nations against hunger was the theme.",
        "fed": "Rates\nThe Federal Reserve held rates; federal reserves of gold rose.",
    }
    with library_of(tmp_path, articles, entities=False, location=new_library) as lib:
        ids = ids_by_name(lib)
        assert found(lib, ids, '"United Nations"') == {"un"}
        assert found(lib, ids, "United Nations") == {"un", "uniting"}  # unquoted: stems
        assert found(lib, ids, '"federal reserves"') == {"fed"}
        doc = lib.searcher.document(ids["fed"], '"Federal Reserve"')
        assert [doc.text[s:e] for s, e in doc.hits] == ["Federal", "Reserve"]
        assert found(lib, ids, 'title:"vote"') == {"un"}


def test_a_snippet_does_not_widen_back_into_the_title(tmp_path: Path) -> None:
    article = (
        "BIOSPHERICS INC <BINC> QUOTES TO BE LISTED\n1987-03-04T15:53:56\n\n"
        "Biospherics Inc said its common stock quotations will appear in the NASDAQ table."
    )
    with library_of(tmp_path, {"a": article}, entities=False) as lib:
        (hit,) = lib.searcher.hits(lib.searcher.all_ids(SearchRequest()).tolist(), "NASDAQ")
        assert hit.snippet.startswith("…Biospherics Inc said") and "1987" not in hit.snippet
        assert hit.title == "BIOSPHERICS INC <BINC> QUOTES TO BE LISTED"


def test_a_phrase_with_a_word_in_most_articles_finds_exactly_the_phrase(
    tmp_path: Path, new_library: str
) -> None:
    """Whoosh leaves "the" (in every article) out of the phrase's candidates, which only
    widens them; the stored text still decides, so the answer is the literal phrase."""
    articles = {
        "said": "Results\nThe company said profits rose, and the board agreed.",
        "comma": "Merger\nThe company, which the bank owns, said it would merge.",
        "other": "Shares\nA company said the shares fell on the day.",
        "start": "The company said the plant reopens.\nBody of the article.",
        "apart": "Notes\nThe board met. Company said little, the chair said more.",
        **{f"filler{i}": f"Weather {i}\nThe rain fell on the town for day {i}." for i in range(6)},
    }
    with library_of(tmp_path, articles, entities=False, location=new_library) as lib:
        ids = ids_by_name(lib)
        assert found(lib, ids, '"the company said"') == {"said", "start"}
        assert found(lib, ids, '"company said"') == {"said", "other", "start", "apart"}
        # typographic quotes, as pasted from an article or curled by the keyboard, are
        # quotes: the phrase, not its words anywhere ("comma", "other", "apart")
        for curled in ("“the company said”", "„the company said“",
                       "« the company said »"):  # fmt: skip
            assert found(lib, ids, curled) == {"said", "start"}, curled
        # a single curly quote is an apostrophe too: no phrase, words as typed
        assert found(lib, ids, "‘the company said’") == {
            "said", "comma", "other", "start", "apart"
        }  # fmt: skip
        if lib.searcher.index.engine == "whoosh":  # the path this test is for
            the = Term("the", "the")
            assert lib.searcher.index.share(the) > COMMON_SHARE
            assert words_of(
                lib.searcher.parse('"the company said"').root, lib.searcher.index.share
            ) == And((Term("compani", "company"), Term("said", "said")))


def test_words_of_keeps_the_rarest_word_when_every_word_is_common() -> None:
    phrase = Phrase(("of", "the"), "of the", quoted=True)
    shares = {"of": 0.9, "the": 0.99}
    assert words_of(phrase, lambda t: shares[t.term]) == Term("of", "of")
    assert words_of(phrase) == And((Term("of", "of"), Term("the", "the")))


def test_a_phrase_asked_again_is_answered_from_memory_until_the_caches_are_dropped(
    lib: Library, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark times every query cold: ``drop_caches`` must forget the answers kept
    for a phrase (the searcher's and, on a server library, the index's kept ids), or a
    repeat is answered from memory and flatters the figures. (A folder library answers
    from its word positions, a server library from its texts.)"""
    texts_read: list[str] = []
    for owner, name in (
        (lib.searcher.reads, "literal_chunks"),
        (lib.index, "phrase_matches"),
        (lib.index, "literal_hits"),
    ):
        if hasattr(owner, name):
            reading = getattr(owner, name)

            def counted(*args: object, _f: object = reading, _n: str = name) -> object:
                answer = _f(*args)  # type: ignore[operator]
                if answer is not None:  # (positions that cannot say answer None)
                    texts_read.append(_n)
                return answer

            monkeypatch.setattr(owner, name, counted)
    lib.searcher.drop_caches()
    assert found(lib, ids, '"Tony Blair"') == {"blairs", "tony"}
    assert len(texts_read) == 1
    assert found(lib, ids, '"Tony Blair"') == {"blairs", "tony"}
    assert len(texts_read) == 1  # kept
    lib.searcher.drop_caches()
    assert found(lib, ids, '"Tony Blair"') == {"blairs", "tony"}
    assert len(texts_read) == 2  # read again
    kept = getattr(lib.index, "_answers", None)
    if kept is not None:  # a server library: its kept ids and ranks went too
        lib.searcher.drop_caches()
        assert not kept._ids and not kept._ranks


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_a_quoted_phrase_ranks_the_articles_that_say_it_most_first(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quoted phrase's hits are ranked by the phrase, counted in the texts (and in a title,
    which weighs more), not by how often its words stand anywhere: the article that
    repeats "company" and "said" apart comes after the one that quotes the phrase."""
    from search.engines import ENGINE_ENV, available_engines

    if engine not in available_engines():
        pytest.skip(f"{engine} is not installed here")
    monkeypatch.setenv(ENGINE_ENV, engine)
    articles = {
        "words": "Annual report\nCompany staff said yes; company chiefs said no; company "
        "lawyers said maybe. Later the company said it would hire.",
        "thrice": "Plant closes\nThe company said it would close. The company said "
        "forty jobs go. The company said sorry.",
        "title": "The company said no\nThe board met on Monday and voted against the offer.",
        "once": "Shares fall\nShares fell after the company said profits would fall.",
        "none": "Weather\nRain fell; the company, it said, was closed.",
        **{f"filler{i}": f"Weather {i}\nThe rain fell on the town for day {i}." for i in range(8)},
    }
    with library_of(tmp_path, articles, entities=False) as lib:
        assert lib.index.engine == engine
        names = {v: k for k, v in ids_by_name(lib).items()}
        result = lib.searcher.search(SearchRequest(query='"the company said"', limit=10))
        order = [names[h.id] for h in result.hits]
        assert set(order[:2]) == {"thrice", "title"}  # a title weighs twice a body
        assert set(order) == {"thrice", "title", "once", "words"}
        assert order.index("once") < order.index("words")  # the phrase once in fewer words
        scores = [h.score for h in result.hits]
        assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_a_snippet_never_cuts_an_occurrence_of_the_quoted_phrase(
    tmp_path: Path, new_library: str
) -> None:
    """The densest stretch of hits began at "company" of "The company said" and ended
    inside a later one: the row showed "…company said" and "The company…" marked."""
    body = (
        "Sales rose in the quarter against the same quarter of the year before, and more. "
        "The company said sales rose " + "with more stores " * 10 + "this year, the company "
        "said. The company said it expects more."
    )
    article = "Chain sales increased\n\n" + body
    with library_of(tmp_path, {"a": article}, entities=False, location=new_library) as lib:
        ids = lib.searcher.all_ids(SearchRequest()).tolist()
        (hit,) = lib.searcher.hits(ids, '"the company said"')
        marked = [hit.snippet[s:e].lower() for s, e in hit.snippet_hits]
        assert marked == ["the", "company", "said"] * 3, (hit.snippet, marked)
        assert "…company" not in hit.snippet
