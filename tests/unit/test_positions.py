"""The word positions beside a folder's index (search/positions.py): a quoted phrase's hits
without reading any text, and always the hits the literal pattern finds in the texts."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from desktop.library import Library
from desktop.maintenance import check
from desktop.querying import SearchRequest
from search.engines import ENGINE_ENV, available_engines
from search.phrase_files import PhraseFiles
from search.positions import COMPLETE, POSITIONS_DIR, PositionFile, phrase_words, text_tokens
from search.query import Phrase
from tests.helpers.libraries import ids_by_name, library_of

# letters that fold (dotted capital İ, dotless ı, long ſ, Kelvin sign, both sigmas), digits,
# and every kind of separator the pattern treats apart (".", "_", a combining accent,
# the marks' own characters "^" and "$")
_LETTERS = ["a", "b", "c", "A", "B", "İ", "i", "ı", "I", "ſ", "s", "S", "\u212a", "k", "σ", "ς"]
_LETTERS += ["Σ", "1", "2", "é"]
_SEPARATORS = [" ", " ", " ", ".", "_", "-", ", ", "\n", "’", "\u0301", "^", "$", "._", " ."]


def _random_text(rng: random.Random) -> str:
    words = ["".join(rng.choice(_LETTERS) for _ in range(rng.randint(1, 3))) for _ in range(12)]
    out = rng.choice(["", ".", "_", " "])
    for w in words:
        out += w + rng.choice(_SEPARATORS)
    return out


def _truth(phrase: str, texts: list[tuple[str, str]]) -> set[int]:
    holds = Phrase(tuple(phrase.split()), phrase, quoted=True).counter(first=True)
    return {i for i, (title, text) in enumerate(texts, 1) if holds(title) or holds(text)}


def test_the_positions_answer_exactly_what_the_literal_pattern_finds(tmp_path: Path) -> None:
    """Over 400 random texts of folding letters and every kind of separator, each of 600
    phrases taken from them (and their neighbours' words) is held by exactly the articles in
    which ``Phrase.literal`` finds it: no text left out, none too many. A phrase the
    positions cannot say (a word of two runs, one word) answers None."""
    rng = random.Random(20261206)
    texts = [(_random_text(rng)[:20], _random_text(rng)) for _ in range(400)]
    files = PositionFile(tmp_path)
    PositionFile.create(tmp_path)
    for i, (title, text) in enumerate(texts, 1):
        files.add(i, [text_tokens(title), text_tokens(text)], replace=False)
    assert files.commit()
    said = 0
    for _ in range(600):
        title, text = rng.choice(texts)
        words = text.replace("$", " ").replace("^", " ").split()
        if len(words) < 3:
            continue
        k = rng.randrange(len(words) - 2)
        phrase = " ".join(words[k : k + rng.randint(2, 3)])
        answer = files.hits(phrase, {"title": 2.0, "text": 1.0})
        if answer is None:
            assert phrase_words(phrase) is None, phrase
            continue
        said += 1
        ids, scores = answer
        assert set(ids.tolist()) == _truth(phrase, texts), phrase
        assert list(ids) == sorted(ids) and len(scores) == len(ids) and (scores > 0).all()
    assert said > 200  # most of them said by the positions (257 of 600)
    # the boundaries the marks keep: after "." or "_" no phrase starts, before "_" none ends
    cases = ["x.the company said", "_the company said", "the company said_x", "the company said."]
    files2 = PositionFile(tmp_path / "b")
    PositionFile.create(tmp_path / "b")
    for i, text in enumerate(cases, 1):
        files2.add(i, ["", text_tokens(text)], replace=False)
    assert files2.commit()
    answer = files2.hits("the company said", {"text": 1.0})
    assert answer is not None and answer[0].tolist() == [4]
    assert phrase_words("U.S economy") is None and phrase_words("said_the") is None
    assert phrase_words("economy") is None


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_a_phrase_is_answered_from_the_positions_and_follows_every_change(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a library, a quoted phrase reads no text: its hits come from the positions. A
    title edited, an article deleted for good: the positions forget the old words (a
    stale position would be a wrong hit, where a stale pair only widened the candidates)."""
    if engine not in available_engines():
        pytest.skip(f"{engine} is not installed here")
    monkeypatch.setenv(ENGINE_ENV, engine)
    articles = {
        "quote": "Plant closes\nThe company said it would close the plant.",
        "other": "Budget vote\nThe minister said the company would pay.",
        "gone": "Merger talks\nThe company said talks had ended.",
    }
    with library_of(tmp_path, articles, entities=False) as lib:
        ids = ids_by_name(lib)
        read: list[object] = []
        reading = lib.searcher.reads.literal_chunks
        monkeypatch.setattr(
            lib.searcher.reads, "literal_chunks", lambda *a: read.append(a) or reading(*a)
        )

        def hits(query: str) -> set[str]:
            names = {v: k for k, v in ids.items()}
            lib.searcher.drop_caches()
            result = lib.searcher.search(SearchRequest(query=query, limit=10))
            return {names[i] for i in result.ids.tolist()}

        assert hits('"the company said"') == {"quote", "gone"}
        assert hits('"plant closes"') == {"quote"}
        assert not read  # no text read
        lib.documents.edit([ids["quote"]], title="Factory shuts")
        lib.flush_index()
        assert hits('"factory shuts"') == {"quote"}
        lib.documents.edit([ids["quote"]], title="Works closed")
        lib.flush_index()
        assert hits('"factory shuts"') == set()  # the title it had: forgotten
        assert hits('"works closed"') == {"quote"}
        lib.documents.trash([ids["gone"]])
        lib.documents.empty_trash()
        lib.flush_index()
        assert hits('"the company said"') == {"quote"}
        said = Phrase(("the", "company", "said"), "the company said", quoted=True)
        answer = lib.index.literal_hits(said, {"title": 2.0, "text": 1.0})
        assert answer is not None and answer[0].tolist() == [ids["quote"]]  # gone from them
        assert not read


def test_positions_that_failed_to_be_written_leave_the_texts_to_decide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write of positions that fails (a full disk) marks them incomplete before the index
    commits: the phrase is then decided by the texts, found all the same; ``check`` says
    so, and its repair writes them again from the store, after which no text is read."""
    articles = {"a": "One\nThe company said yes.", "b": "Two\nShares fell, the company said."}
    with library_of(tmp_path, articles, entities=False) as lib:
        ids = ids_by_name(lib)
        assert lib.index.pairs_complete()
        files = lib.index._pairs
        assert isinstance(files, PhraseFiles)

        def full_disk(*args: object, **kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(files.positions, "_open_writer", full_disk)
        report = lib.import_paths([_article(tmp_path, "c", "Three\nThe company said no.")])
        assert len(report.imported) == 1
        lib.flush_index()
        assert not (tmp_path / "lib" / "index" / POSITIONS_DIR / COMPLETE).exists()
        monkeypatch.undo()
        ids = ids_by_name(lib)
        lib.searcher.drop_caches()
        result = lib.searcher.search(SearchRequest(query='"the company said"', limit=10))
        assert set(result.ids.tolist()) == {ids["a"], ids["b"], ids["c"]}
        (found,) = [f for f in check(lib).findings if f.what == "phrase pairs"]
        assert not found.ok
        (found,) = [f for f in check(lib, repair=True).findings if f.what == "phrase pairs"]
        assert found.repaired and lib.index.pairs_complete()
        answer = lib.index.literal_hits(
            Phrase(("the", "company", "said"), "the company said", quoted=True), {"text": 1.0}
        )
        assert answer is not None and set(answer[0].tolist()) == {ids["a"], ids["b"], ids["c"]}


def test_a_library_from_before_the_positions_gets_them_and_keeps_its_pairs(
    tmp_path: Path,
) -> None:
    """A library indexed before this version has pairs and no positions: its phrases are
    decided by the texts, the same hits, until the positions are written (the window does
    it once, in the background); the pairs are not written again."""
    articles = {"a": "One\nInterest rates rose.", "b": "Two\nRates of interest fell."}
    with library_of(tmp_path, articles, entities=False):
        pass
    index = tmp_path / "lib" / "index"
    shutil.rmtree(index / POSITIONS_DIR)
    pairs_written = (index / "pairs.sqlite").stat().st_mtime_ns
    with Library.open(tmp_path / "lib") as lib:
        ids = ids_by_name(lib)
        assert lib.index.pairs_complete() is False
        phrase = Phrase(("interest", "rates"), "interest rates", quoted=True)
        assert lib.index.literal_hits(phrase, {"text": 1.0}) is None
        result = lib.searcher.search(SearchRequest(query='"interest rates"', limit=10))
        assert result.ids.tolist() == [ids["a"]]
        assert "Phrase index written" in lib.write_phrase_pairs().summary
        assert lib.index.pairs_complete()
        answer = lib.index.literal_hits(phrase, {"text": 1.0})
        assert answer is not None and answer[0].tolist() == [ids["a"]]
        assert (index / "pairs.sqlite").stat().st_mtime_ns == pairs_written
        assert np.array_equal(
            lib.searcher.search(SearchRequest(query='"interest rates"', limit=10)).ids,
            result.ids,
        )


def _article(root: Path, name: str, text: str) -> Path:
    folder = root / "more"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_positions_a_writer_died_before_writing_are_written_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that dies between the engine's commit and the positions' leaves their
    marker aside: the texts decide meanwhile, and the next writer, tidying what the dead
    one left, writes the positions again from the store (``check`` is then healthy)."""
    with library_of(tmp_path, {"a": "One\nThe company said yes."}, entities=False):
        pass
    with Library.open(tmp_path / "lib") as lib:
        files = lib.index._pairs
        assert isinstance(files, PhraseFiles)
        monkeypatch.setattr(files.positions, "commit", lambda: True)  # dies before it
        lib.import_paths([_article(tmp_path, "b", "Two\nThe company said no.")], entities=False)
    monkeypatch.undo()
    with Library.open(tmp_path / "lib") as lib:
        ids = ids_by_name(lib)
        said = Phrase(("the", "company", "said"), "the company said", quoted=True)
        assert lib.index.literal_hits(said, {"text": 1.0}) is None  # the texts decide
        result = lib.searcher.search(SearchRequest(query='"the company said"', limit=10))
        assert set(result.ids.tolist()) == {ids["a"], ids["b"]}
        with lib.writing():  # the next writer tidies
            pass
        answer = lib.index.literal_hits(said, {"text": 1.0})
        assert answer is not None and set(answer[0].tolist()) == {ids["a"], ids["b"]}
        (found,) = [f for f in check(lib).findings if f.what == "phrase pairs"]
        assert found.ok


def test_without_tantivy_an_import_and_its_phrases_still_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where Tantivy cannot be loaded (a platform without its wheel), the positions are
    neither written nor read: the articles are indexed all the same and their phrases are
    decided by the texts."""
    import search.positions

    def missing() -> None:
        raise ImportError("no tantivy here")

    with library_of(tmp_path, {"a": "One\nThe company said yes."}, entities=False) as lib:
        monkeypatch.setattr(search.positions, "_tantivy", missing)
        report = lib.import_paths([_article(tmp_path, "b", "Two\nThe company said no.")])
        assert len(report.imported) == 1 and not report.failed
        lib.flush_index()
        ids = ids_by_name(lib)
        said = Phrase(("the", "company", "said"), "the company said", quoted=True)
        assert lib.index.literal_hits(said, {"text": 1.0}) is None
        lib.searcher.drop_caches()
        result = lib.searcher.search(SearchRequest(query='"the company said"', limit=10))
        assert set(result.ids.tolist()) == {ids["a"], ids["b"]}
