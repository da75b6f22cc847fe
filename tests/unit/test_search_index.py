"""The index on its own, every engine: plain documents in; ids, ranks, snippets, hit spans out."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from search import IndexDoc, SearchIndex, available_engines, hit_spans, open_index, parse, snippet
from search.highlight import hit_runs, spans_of
from search.query import (
    FOLDS_TO_ASCII,
    JoinedTexts,
    LiteralCounts,
    Node,
    Phrase,
    literal_counts,
)

ENGINES = available_engines()

DOCS = [
    IndexDoc(1, "Armored train derailed", "Partisans derailed an armored train near Melitopol."),
    IndexDoc(
        2, "Kherson retreat", "Russian forces are running from Kherson; the train was stopped."
    ),
    IndexDoc(3, "Kiev talks", "Talks in Kiev. When run the numbers, partisan activity rose."),
]


def root(text: str) -> Node:
    q = parse(text)
    assert q.root is not None
    return q.root


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
    return set(ix.match_ids(root(text)).tolist())


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
        ("title:(train OR retreat)", {1, 2}),
        ("Kyiv", set()),  # the index holds the words of the text, nothing else
        ("deraile*", {1}),
        ('"train near"', {1}),
        ('text:"armored train"', {1}),
        ('title:"armored train"', {1}),
        ('title:"train derailed"', {1}),
        ('title:"train near"', set()),
        ("*", {1, 2, 3}),
    ],
)
def test_query_table(index: SearchIndex, query: str, expected: set[int]) -> None:
    assert ids(index, query) == expected


def test_the_index_refuses_values_it_does_not_hold(index: SearchIndex) -> None:
    with pytest.raises(ValueError, match="only for words"):
        index.match_ids(parse("place:Kiev", ("place",)).root)  # type: ignore[arg-type]


def test_ranking_prefers_title_and_respects_allowed(index: SearchIndex) -> None:
    q = root("train")
    ranked = index.ranked(q, None, 10)
    assert {i for i, _ in ranked} == {1, 2}
    assert ranked[0][0] == 1  # "train" is in its title
    import numpy as np

    assert [i for i, _ in index.ranked(q, np.array([2]), 10)] == [2]


def test_snippet_marks_hits() -> None:
    text = DOCS[0].text
    snip = snippet(text, hit_spans(root("derailed"), text))
    assert snip.hits
    assert all(snip.text[s:e].lower().startswith("derail") for s, e in snip.hits)


@pytest.mark.parametrize(
    ("query", "text", "marked"),
    [
        ('"armored train"', "an armored train; a train", ["armored", "train"]),
        # a phrase marks its words only where they stand together
        ('"Ron Howard"', "Michael Howard met Ron Howard.", ["Ron", "Howard"]),
        ("Howard", "Michael Howard met Ron Howard.", ["Howard", "Howard"]),
        ("title:flee", "They flee.", []),  # a title query marks nothing in the body
        ("text:flee", "They flee.", ["flee"]),
        ("Blair -Cherie", "Cherie Blair and Tony Blair", ["Blair", "Blair"]),
        ("derail*", "derailed, derails, rail", ["derailed", "derails"]),
        ("well-known", "well known and well-known", ["well", "known", "well", "known"]),
        ("partisan's", "the partisan's train; partisan s", ["partisan", "s", "partisan", "s"]),
    ],
)
def test_hit_spans_mark_only_what_matched(query: str, text: str, marked: list[str]) -> None:
    assert [text[s:e] for s, e in hit_spans(root(query), text)] == marked


TRICKY = (
    "U.S. and u.s.a. oil-prices, oil.Prices 3.5 oil_x _oil Oil's OIL oil2 2oil end.oil "
    "oiled OILS. Oil\noil\toil (oil) oil.. .oil 3.5oil U.S.oil rates, Rates; RATE-rises"
)


@pytest.mark.parametrize(
    "query", ["oil", "OIL rates", "oil AND rate", "U.S", "3.5", "oil_x", "u.s.a", "oil -rates"]
)
def test_words_are_marked_where_a_token_of_the_text_has_their_term(query: str) -> None:
    """The marks of words alone (found by their first letters in ASCII text) are the
    definition's: every token of the text whose term a word of the query has."""
    from search.analysis import TOKEN_PATTERN, term
    from search.query import Term, positive_leaves

    wanted = {leaf.term for leaf in positive_leaves(root(query)) if isinstance(leaf, Term)}
    tokens = re.finditer(TOKEN_PATTERN, TRICKY)
    assert hit_spans(root(query), TRICKY) == [m.span() for m in tokens if term(m.group()) in wanted]
    assert hit_spans(root(query), TRICKY)  # something was marked


def test_title_hits_are_marked_in_the_title() -> None:
    assert hit_spans(root("title:flee"), "Soldiers flee", field="title") == [(9, 13)]


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
    reopened = open_index(tmp_path)  # the folder remembers its engine
    assert reopened.engine == engine
    assert sorted(reopened.indexed_ids().tolist()) == [1, 2]
    reopened.close()


@pytest.mark.parametrize(
    ("phrase", "text", "held"),
    [
        # the longest word ("company") is looked for first; the phrase still decides
        ("the company said", "Shares fell. The Company, said Mr Smith, would cut jobs.", True),
        ("the company said", "The companies said little; a company said more.", False),
        ("the company said", "Its company said nothing.", False),
        ("the company said", "the company\nsaid", True),
        ("the company said", "the company saidthat", False),
        ("Tony Blair", "Mr Blair and Tony Blairs", False),
        ("Tony Blair", "TONY BLAIR spoke", True),
        ("der Bürgermeister sagte", "Der BÜRGERMEISTER sagte am Montag", True),
        ("der Bürgermeister sagte", "Der Bürgermeister hat gesagt", False),
    ],
)
def test_a_quoted_phrase_holds_only_where_its_words_stand_together(
    phrase: str, text: str, held: bool
) -> None:
    quoted = Phrase(tuple(phrase.lower().split()), phrase, None, True)
    assert quoted.occurs_in(text) is held
    assert bool(quoted.literal().search(text)) is held  # the one definition, unhurried


def test_a_quoted_phrase_is_counted_as_its_one_definition_counts_it() -> None:
    """``count_in`` (what ranks a phrase's hits) is ``literal().finditer``'s count, over
    texts of repeats, overlaps, joined words, cases, other scripts and separators."""
    import random

    rng = random.Random(16)
    pieces = [
        "the", "The", "THE", "company", "Company", "companys", "said", "saidx", "a", "A",
        "Straße", "STRASSE", "straße", "İstanbul", "istanbul", "πόλις", "ΠΌΛΙΣ", "ς", "σ",
        "x.the", "_the", "company_said", "said.", "the-company", "ſaid", "\u212aey",
        "ıstanbul", "café", "“the", "company”", "\ud800",
    ]  # fmt: skip
    seps = [" ", "  ", ", ", "\n", "-", ".", "_", "", " — "]
    phrases = ["the company said", "a a", "company said", "straße a", "istanbul the",
               "πόλις the", "said the company said", "the — company", "company’s said"]  # fmt: skip
    texts = []
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(1, 14)))
        texts.append(text)
        for p in phrases:
            quoted = Phrase(tuple(p.split()), p, None, True)
            want = len(list(quoted.literal().finditer(text)))
            assert quoted.count_in(text) == want, (p, text)
            assert quoted.occurs_in(text) is (want > 0), (p, text)
    # many texts at once, as a phrase's candidates are counted: joined (the ASCII ones
    # counted where they lie, by a pattern of bytes, the others decoded one by one), in
    # pieces as the store gives them, a NUL inside a text as any other separator
    texts += ["the\x00company said", "x.\x00the company said", "said\x00the company"]
    for p in [*phrases, "key the", "said key", "the company"]:
        quoted = Phrase(tuple(p.split()), p, None, True)
        want = [len(list(quoted.literal().finditer(t))) for t in texts]
        for start in range(0, len(texts), 700):
            piece = texts[start : start + 700]
            joined = JoinedTexts.of_rows(list(enumerate(piece)), 1)
            counts, lengths = quoted.count_joined(joined.texts[0], joined.sizes[0])
            assert counts.tolist() == want[start : start + 700], p
            assert lengths.tolist() == [len(t) for t in piece]


def test_joined_texts_are_counted_each_on_its_own() -> None:
    """Texts joined end to end are counted as if each stood alone: a phrase split across
    two neighbours is in neither, a "." ending one does not hide the phrase opening the
    next (its look-behind sees no character), and a text holding the NUL that joins them
    is sized, not split."""
    quoted = Phrase(("the", "company", "said"), "the company said", None, True)
    texts = ["x. The company", "said so", "e.g.", "the company said", "", "THE\x00COMPANY SAID"]
    joined = JoinedTexts.of_rows([(i, t) for i, t in enumerate(texts)], 1)
    assert joined.texts[0].count(b"\0") == len(texts)  # five between them, one inside
    counts, lengths = quoted.count_joined(joined.texts[0], joined.sizes[0])
    assert counts.tolist() == [0, 0, 0, 1, 0, 1]
    assert lengths.tolist() == [len(t) for t in texts]
    with pytest.raises(ValueError):  # sizes that do not add up are refused, never guessed
        quoted.count_joined(joined.texts[0] + b"x", joined.sizes[0])


def test_lower_case_folds_as_case_insensitivity_but_for_four_letters() -> None:
    """What lets an ASCII phrase be counted in lower case in a text with other letters
    (curly quotes, "café"): lower-casing any character but the four of FOLDS_TO_ASCII
    gives one character, not ASCII, as much a letter or digit as it was, and none of them
    is an ASCII letter or digit to case-insensitive matching; each of the four is not so."""
    ascii_alnum = re.compile("[a-z0-9]", re.IGNORECASE)

    def differs(ch: str) -> bool:
        low = ch.lower()
        return (
            len(low) != 1
            or low.isascii()
            or low.isalnum() != ch.isalnum()
            or ascii_alnum.fullmatch(ch) is not None
        )

    found = [c for c in map(chr, range(0x80, sys.maxunicode + 1)) if differs(c)]
    assert found == sorted(FOLDS_TO_ASCII)


def test_a_phrases_hits_are_counted_text_by_text_with_their_lengths() -> None:
    """What ranks a literal phrase's hits: of rows of (id, title, text), in any order, those
    where a text holds the phrase, by id, with its count and the length of each text (a
    missing title counts as an empty one); rows of one text column alike."""
    quoted = Phrase(("the", "company", "said"), "the company said", None, True)
    rows = [
        (9, "The company said no", "The board met. The company said so, the company said."),
        (3, None, "Its company said nothing, and the company said more."),
        (5, "Weather", "Rain; the company, it said, was closed."),
        (4, "THE COMPANY SAID", "Nothing else."),
    ]
    size = {i: (len(title or ""), len(text)) for i, title, text in rows}

    def table(counted: LiteralCounts) -> list[tuple[int, tuple[int, ...], tuple[int, ...]]]:
        return [
            (int(i), tuple(map(int, c)), tuple(map(int, n)))
            for i, c, n in zip(counted.ids, counted.counts, counted.lengths, strict=True)
        ]

    assert table(literal_counts(iter(rows), quoted)) == [
        (3, (0, 1), size[3]),
        (4, (1, 0), size[4]),
        (9, (1, 2), size[9]),
    ]
    texts = [(r[0], r[2]) for r in rows]
    assert table(literal_counts(texts, quoted)) == [(3, (1,), size[3][1:]), (9, (2,), size[9][1:])]
    assert table(literal_counts([], quoted)) == []


def test_a_quoted_phrase_is_one_hit_marked_word_by_word() -> None:
    """The hits one steps through: each occurrence of a quoted phrase whole, across any
    separators (a line break too), even two in a row; its words stay marked one by one;
    another word's marks stay as they are."""
    text = "The company said: the company,\nsaid so. Shares fell, the company said."
    quoted = Phrase(("the", "company", "said"), "the company said", None, True)
    shares = parse("shares").root
    assert shares is not None
    words = spans_of([quoted, shares], text)
    assert [text[s:e] for s, e in words][:3] == ["The", "company", "said"]  # word by word
    runs = hit_runs([quoted, shares], text, words)
    assert [text[s:e] for s, e in runs] == [
        "The company said",
        "the company,\nsaid",
        "Shares",
        "the company said",
    ]
    assert hit_runs([shares], text, words) == words  # no phrase: the marks themselves
    assert hit_runs([quoted], text, []) == runs[:2] + runs[3:]
