"""Word pairs (search/pairs.py): a quoted phrase's candidates, and why none is ever lost."""

from __future__ import annotations

import _sre
import contextlib
import random
import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

import search.pairs
from desktop.library import Library
from desktop.maintenance import check
from desktop.querying import SearchRequest
from search.engines import ENGINE_ENV, available_engines
from search.pairs import (
    ANY_PHRASE,
    LETTER_MARKS,
    MAX_RUNS,
    PAIRS_NAME,
    ROW_PAIRS,
    PairFile,
    fold,
    phrase_pairs,
    text_pairs,
)
from search.positions import POSITIONS_DIR
from search.query import Phrase
from tests.helpers.libraries import ids_by_name, library_of, write_articles


def _re_classes() -> list[list[int]]:
    """Characters ``re.IGNORECASE`` takes as the same, grouped: by re's own lower case,
    joined by its table of further equivalences."""
    from re import _casefix  # type: ignore[attr-defined]

    by_lower: dict[int, list[int]] = {}
    for cp in range(sys.maxunicode + 1):
        if not 0xD800 <= cp <= 0xDFFF:
            by_lower.setdefault(_sre.unicode_tolower(cp), []).append(cp)
    parent = {low: low for low in by_lower}

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for low, others in _casefix._EXTRA_CASES.items():
        for other in others:
            parent[root(_sre.unicode_tolower(other))] = root(low)
    classes: dict[int, list[int]] = {}
    for low, members in by_lower.items():
        classes.setdefault(root(low), []).extend(members)
    return list(classes.values())


def test_folding_makes_one_letter_of_what_case_insensitive_matching_takes_as_one() -> None:
    """Over every Unicode character: folding keeps one character for one and a letter or
    digit one, and gives one letter to each class re's IGNORECASE matches together (the
    classes with a mark that is no letter excepted: a phrase with one is not narrowed)."""
    checked = 0
    for members in _re_classes():
        chars = [chr(c) for c in members]
        folded = [fold(c) for c in chars]
        assert all(len(f) == 1 for f in folded), chars
        assert all(f.isalnum() == c.isalnum() for f, c in zip(folded, chars, strict=True))
        if len(chars) == 1:
            continue
        assert all(re.fullmatch(re.escape(chars[0]), c, re.IGNORECASE) for c in chars)
        letters = [f for f, c in zip(folded, chars, strict=True) if c.isalnum()]
        if not letters:
            continue  # marks only ("Ⓐ", "ⓐ"): separators on both sides
        assert len(set(letters)) == 1, chars
        checked += 1
        assert all(c in LETTER_MARKS for c in chars if not c.isalnum())  # letters too
    assert checked > 1000  # the cased letters of many scripts
    assert fold("İSTANBUL ſtraße ΟΔΟΣ K") == fold("istanbul STRAßE οδοσ k")


WORDS = [
    "the", "The", "THE", "company", "Company", "said", "SAID", "İstanbul", "ıstanbul",
    "istanbul", "Straße", "STRASSE", "straße", "ΟΔΟΣ", "οδος", "ſtate", "state", "U.S.",
    "u.s", "foo_bar", "2007-2008", "naïve", "NAÏVE", "K", "k", "x", "α\u0345β", "αιβ",
    "ΑΙΒ", "ᾳ",
]  # fmt: skip
SEPARATORS = [" ", "  ", "-", "_", ".", ", ", "\n", " — ", "’", "'", "/", "…"]


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(n)).strip()


def test_a_text_holding_a_phrase_holds_every_pair_of_it() -> None:
    """The superset that keeps a narrowed phrase exact, over thousands of made-up texts
    mixing case, scripts, dotted and joined words and every kind of separator."""
    rng = random.Random(16)
    held = narrowed = 0
    for _ in range(4000):
        text = _text(rng, 12)
        if rng.random() < 0.6:  # a stretch of the text, cased anew, or any words
            words = re.findall(r"\S+", text)
            at = rng.randrange(max(1, len(words) - 3))
            phrase = " ".join(words[at : at + rng.randint(2, 4)])
            phrase = rng.choice([phrase, phrase.upper(), phrase.lower(), phrase.title()])
        else:
            phrase = _text(rng, rng.randint(2, 3))
        quoted = Phrase(("x",), phrase, None, True)
        keys = phrase_pairs(phrase)
        if keys is None or not quoted.occurs_in(text):
            continue
        held += 1
        narrowed += len(keys) > 0
        held_pairs = text_pairs("a title", text)
        assert set(keys) <= held_pairs or ANY_PHRASE in held_pairs, (phrase, text)
    assert held > 500 and narrowed == held


def test_pairs_are_not_made_across_the_title_and_the_text() -> None:
    assert phrase_pairs("rise Markets")[0] not in text_pairs("Shares rise", "Markets fell")  # type: ignore[index]
    assert phrase_pairs("a word") is not None and phrase_pairs("word") is None


ARTICLES = {
    "together": "Talks\nThe interest rates rose again in June.",
    "apart": "Notes\nRates of interest were cut, the bank said.",
    "dash": "Bank\nInterest-rates fell, the company said.",
    "newline": "Markets\nThe interest\nrates moved.",
    "caps": "WIRE\nINTEREST RATES UP, THE COMPANY SAID",
    "joined": "Code\nsee x_interest rates_y and the.company said so",
    "turkish": "Haber\nDİYARBAKIR Belediyesi açıklama yaptı.",
    "greek": "Νέα\nΗ ΟΔΟΣ ΣΤΑΔΙΟΥ έκλεισε.",
    "said": "Results\nThe company said profits rose.",
    "other": "Shares\nA company said the shares fell; the company reported.",
    **{f"filler{i}": f"Weather {i}\nThe rain fell on the town for day {i}." for i in range(4)},
}
PHRASES = [
    "interest rates", "the company said", "company said", "diyarbakır belediyesi",
    "odos", "οδος σταδιου", "rates of interest", "the rain", "x interest", "rates y",
]  # fmt: skip


def _truth(phrase: str) -> set[str]:
    quoted = Phrase(("x",), phrase, None, True)
    return {name for name, article in ARTICLES.items() if quoted.occurs_in(article)}


def _hits(lib: Library, phrase: str) -> set[str]:
    names = {v: k for k, v in ids_by_name(lib).items()}
    result = lib.searcher.search(SearchRequest(query=f'"{phrase}"', limit=100))
    return {names[i] for i in result.ids.tolist()}


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_a_phrase_reads_only_the_texts_with_its_pairs_and_finds_every_one(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder library's phrases, on either engine: exactly the articles whose text holds
    them (as the literal check over every article says), found among those with the
    phrase's pairs only ("apart" has both words of "interest rates", not side by side).
    Tantivy's positions had lost 5 of these 10 phrases' hits (joined words, İ, Greek)."""
    if engine not in available_engines():
        pytest.skip(f"{engine} is not installed here")
    monkeypatch.setenv(ENGINE_ENV, engine)
    with library_of(tmp_path, ARTICLES, entities=False) as lib:
        assert lib.index.engine == engine
        ids = ids_by_name(lib)
        for phrase in PHRASES:
            assert _hits(lib, phrase) == _truth(phrase), phrase
        assert _truth("interest rates") == {"together", "dash", "newline", "caps"}
        assert _truth("diyarbakır belediyesi") == {"turkish"}
        quoted = lib.searcher.parse('"interest rates"').root
        assert isinstance(quoted, Phrase)
        candidates, paired = lib.index.literal_candidates(quoted)
        read = {n for n, i in ids.items() if i in set(candidates)}
        assert paired
        assert read == {"together", "dash", "newline", "caps", "joined"}


def test_an_index_that_lost_its_pairs_finds_phrases_by_their_words_until_rebuilt(
    tmp_path: Path,
) -> None:
    """Never from a partial table: without its pairs (and its positions) a phrase's
    candidates are the articles with its words, as before the pairs (never a wrong hit, the
    plain phrases all found; what the words cannot see, words joined by "." or "_" or a
    dotted capital İ, was lost that way); ``check`` says so, and its repair (a rebuild)
    brings them back."""
    with library_of(tmp_path, ARTICLES, entities=False) as lib:
        with_pairs = {p: _hits(lib, p) for p in PHRASES}
    (tmp_path / "lib" / "index" / PAIRS_NAME).unlink()
    shutil.rmtree(tmp_path / "lib" / "index" / POSITIONS_DIR)
    with Library.open(tmp_path / "lib") as lib:
        by_words = {p: _hits(lib, p) for p in PHRASES}
        for phrase in PHRASES:
            assert with_pairs[phrase] == _truth(phrase)
            assert by_words[phrase] <= _truth(phrase)
        for phrase in ("interest rates", "company said", "the rain", "rates of interest"):
            assert by_words[phrase] == _truth(phrase)
        assert "joined" not in by_words["the company said"] and not by_words["x interest"]
        assert not by_words["diyarbakır belediyesi"]
        (found,) = [f for f in check(lib).findings if f.what == "phrase pairs"]
        assert not found.ok and "found by their words" in found.detail
        (found,) = [f for f in check(lib, repair=True).findings if f.what == "phrase pairs"]
        assert found.repaired and lib.index.pairs_complete()
        assert {p: _hits(lib, p) for p in PHRASES} == with_pairs
        assert all(f.ok for f in check(lib).findings if f.what == "phrase pairs")


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_an_index_from_before_the_pairs_is_kept_and_given_them(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library indexed before this version has no pair file: opening it keeps its index
    (no rebuild, no wait: it answers phrases by their words meanwhile), and
    ``write_phrase_pairs`` (the window runs it in the background) writes the pairs from the
    store, the engine's own files untouched."""
    if engine not in available_engines():
        pytest.skip(f"{engine} is not installed here")
    monkeypatch.setenv(ENGINE_ENV, engine)
    with library_of(tmp_path, ARTICLES, entities=False) as lib:
        with_pairs = {p: _hits(lib, p) for p in PHRASES}
    folder = tmp_path / "lib" / "index"
    (folder / PAIRS_NAME).unlink()

    def engine_files() -> dict[str, int]:
        return {
            p.name: p.stat().st_mtime_ns
            for p in folder.iterdir()
            if not p.name.startswith(PAIRS_NAME) and "lock" not in p.name.lower()
        }

    kept = engine_files()
    with Library.open(tmp_path / "lib", tidy=True) as lib:  # as the window opens it
        assert lib.index.pairs_complete() is False
        assert _hits(lib, "interest rates") == _truth("interest rates")
        change = lib.write_phrase_pairs()
        assert "Phrase index written" in change.summary and lib.index.pairs_complete()
        assert {p: _hits(lib, p) for p in PHRASES} == with_pairs
    assert engine_files() == kept and len(kept) > 1  # the engine's own files untouched


def test_a_pair_file_that_cannot_be_read_leaves_phrases_to_their_words(tmp_path: Path) -> None:
    with library_of(tmp_path, ARTICLES, entities=False) as lib:
        before = {p: _hits(lib, p) for p in ("interest rates", "the rain")}
        pair_file = tmp_path / "lib" / "index" / PAIRS_NAME
        shutil.copyfile(tmp_path / "articles" / "said.txt", pair_file)  # not a database
        lib.searcher.drop_caches()
        assert {p: _hits(lib, p) for p in ("interest rates", "the rain")} == before


def test_pairs_that_cannot_be_written_never_stop_an_import_nor_lose_a_hit(
    tmp_path: Path,
) -> None:
    """A write of the pairs that fails (here SQLite refuses every new row, as on a full
    disk) leaves the import and the index whole: the file is marked incomplete first, and
    phrases are found by their words from then on."""
    with library_of(tmp_path, ARTICLES, entities=False) as lib:
        pair_file = tmp_path / "lib" / "index" / PAIRS_NAME
        with sqlite3.connect(pair_file) as c:
            c.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON pairs "
                "BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
            )
        late = write_articles(tmp_path / "late", {"late": "Late\nThe interest rates held."})
        report = lib.import_paths(late, entities=False)
        assert len(report.imported) == 1 and not report.failed
        assert "late" in _hits(lib, "interest rates")
        with sqlite3.connect(pair_file) as c:
            assert c.execute("SELECT complete FROM state").fetchone() == (0,)
        assert lib.index.pairs_complete() is False


@pytest.mark.parametrize("phrase", ["", "word", "2007", " — "])
def test_a_phrase_of_one_run_has_no_pairs_to_narrow_it(phrase: str) -> None:
    assert phrase_pairs(phrase) is None


def test_a_text_with_a_mark_taken_for_a_letter_is_a_candidate_of_every_phrase() -> None:
    """The combining iota subscript is a separator between runs, and re takes it for an
    iota too: where a text has one, its pairs cannot say."""
    text = "η πολ\u0345ς ανοιξε"
    assert Phrase(("x",), "πολις ανοιξε", None, True).occurs_in(text)
    assert Phrase(("x",), "πολ ς", None, True).occurs_in(text)
    assert ANY_PHRASE in text_pairs(text) and ANY_PHRASE not in text_pairs("η πολις")


@pytest.mark.parametrize("row_pairs", [ROW_PAIRS, 4], ids=["rows-as-shipped", "small-rows"])
def test_the_pairs_of_many_writes_merged_find_exactly_the_articles_holding_them(
    tmp_path: Path, row_pairs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thirty writes (a run each, the smallest merged past ``MAX_RUNS``), some articles
    written again, one holding the mark taken for a letter: a look-up returns exactly the
    articles whose pairs hold every key, as a set computation over ``text_pairs`` says.
    With small rows, runs of many buckets (more than a merge's slices of the keys)."""
    monkeypatch.setattr(search.pairs, "ROW_PAIRS", row_pairs)
    rng = random.Random(18)
    PairFile.create(tmp_path)
    pairs = PairFile(tmp_path)
    held: dict[int, set[int]] = {}
    for write in range(30):
        for _ in range(rng.randint(1, 12)):
            doc = rng.randint(1, 150) if write and rng.random() < 0.2 else len(held) + 1
            texts = (_text(rng, 3), _text(rng, rng.randint(1, 40)))
            pairs.add(doc, texts)
            held.setdefault(doc, set()).update(text_pairs(*texts))
        pairs.commit()
        with sqlite3.connect(tmp_path / PAIRS_NAME) as c:
            (runs,) = c.execute("SELECT count(*) FROM runs").fetchone()
        assert runs <= MAX_RUNS
    with sqlite3.connect(tmp_path / PAIRS_NAME) as c:
        (bits,) = c.execute("SELECT max(bits) FROM runs").fetchone()
    assert bits >= (8 if row_pairs < ROW_PAIRS else 3)
    everywhere = {doc for doc, keys in held.items() if ANY_PHRASE in keys}
    assert everywhere and len(held) > 100
    looked = 0
    for doc_keys in rng.sample(list(held.values()), 40):
        keys = rng.sample(sorted(doc_keys - {ANY_PHRASE}), min(3, len(doc_keys) - 1))
        if not keys:
            continue
        truth = {doc for doc, have in held.items() if set(keys) <= have} | everywhere
        assert pairs.holding(keys) == sorted(truth)
        looked += 1
    assert looked > 30 and pairs.holding([12345]) == sorted(everywhere)
    pairs.close()


def test_a_pair_file_of_an_earlier_layout_is_written_again_from_the_store(
    tmp_path: Path,
) -> None:
    """The pairs of an earlier version (a row a pair and article) say nothing to this one:
    phrases are found by their words, ``check`` says the pairs are missing, and writing
    them (the window does, in the background) brings every hit back."""
    with library_of(tmp_path, ARTICLES, entities=False) as lib:
        with_pairs = {p: _hits(lib, p) for p in PHRASES}
    pair_file = tmp_path / "lib" / "index" / PAIRS_NAME
    for old in pair_file.parent.glob(PAIRS_NAME + "*"):
        old.unlink()
    with contextlib.closing(sqlite3.connect(pair_file)) as c:  # as the version before wrote it
        c.execute(
            "CREATE TABLE pairs (pair INTEGER NOT NULL, doc INTEGER NOT NULL, "
            "PRIMARY KEY (pair, doc)) WITHOUT ROWID"
        )
        c.execute("CREATE TABLE state (complete INTEGER NOT NULL)")
        c.execute("INSERT INTO state VALUES (1)")
        c.execute("INSERT INTO pairs VALUES (7, 1)")
        c.commit()
    with Library.open(tmp_path / "lib") as lib:
        assert lib.index.pairs_complete() is False
        assert _hits(lib, "interest rates") == _truth("interest rates")
        (found,) = [f for f in check(lib).findings if f.what == "phrase pairs"]
        assert not found.ok
        assert "Phrase index written" in lib.write_phrase_pairs().summary
        assert lib.index.pairs_complete()
        assert {p: _hits(lib, p) for p in PHRASES} == with_pairs
