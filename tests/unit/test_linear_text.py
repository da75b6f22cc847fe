"""What the model and our patterns read is linear to process: junk out, long texts windowed,
offsets kept, and the patterns that backtracked rewritten."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from desktop.entities.compact import MAX_TOKEN, compact, junk_runs
from desktop.entities.extract import extract_many
from desktop.entities.extract_case import truecase
from desktop.entities.windowed import extract_windowed, windows
from desktop.ingest.readers.text import read_text
from desktop.ingest.textmeta import analyse
from tests.helpers import SEEDS

NEWS = "Ships left the harbour of Odesa on Monday, officials in Kyiv said."


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@pytest.mark.parametrize(
    "junk",
    [
        "=" * 200,
        "[" * 100 + "]" * 100,
        "> " * 100,
        "*a **a " * 40,
        "![[]()" * 30,
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
        "https://www.example.com/world/europe/2022/05/07/ships-leave-the-harbour-of-odesa.html",
    ],
)
def test_junk_is_taken_out_and_the_text_around_it_kept(junk: str) -> None:
    text = f"{NEWS}\n{junk}\n{NEWS}"
    compacted = compact(text)
    assert compacted.text == f"{NEWS}\n\n\n{NEWS}"
    assert junk_runs(text) == [(len(NEWS) + 1, len(NEWS) + 1 + len(junk))]


def test_language_is_not_junk() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        assert compact(text).text == text, path.name
    for text in (
        "Kyiv, Kyiv, Kyiv, Kyiv",  # repeats, but few times
        " " * 500 + "blanks only are kept",
        "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz",  # a long word
        "--- a short rule ---",
    ):
        assert compact(text).text == text


def test_a_word_glued_to_a_separator_stays() -> None:
    assert compact("Odesa" + "=" * 500 + ".").text == "Odesa\n."
    assert compact("x" * (MAX_TOKEN + 1)).text == "\n"


def test_spans_map_back_to_the_original_and_none_crosses_junk() -> None:
    text = "Odesa" + "=" * 500 + " Kyiv and Lviv"
    compacted = compact(text)
    assert compacted.text == "Odesa\n Kyiv and Lviv"
    kyiv = compacted.text.index("Kyiv")
    assert compacted.restore([Span(kyiv, kyiv + 4)]) == [Span(506, 510)]
    assert text[506:510] == "Kyiv"
    assert compacted.restore([Span(0, 5)]) == [Span(0, 5)]
    assert compacted.restore([Span(0, 10)]) == []  # "Odesa\n Kyi" spans removed junk


def test_windows_cover_the_text_and_cut_at_paragraphs() -> None:
    text = "\n\n".join(f"Paragraph {i} about Odesa. " * 20 for i in range(100))
    parts = windows(text, size=2000)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
    assert all(0 < e - s <= 2000 for s, e in parts)
    assert all(text[s - 2 : s] == "\n\n" for s, _ in parts[1:])
    one_line = "word " * 2000
    assert all(one_line[e - 1] == " " for _, e in windows(one_line, size=1000)[:-1])


def test_short_articles_get_the_same_entities_as_before() -> None:
    items = [(p.read_text("utf-8"), None) for p in sorted(SEEDS.glob("*.txt"))]
    assert extract_windowed(items) == extract_many(items)


def test_mentions_after_junk_point_at_their_words() -> None:
    text = NEWS + "\n" + "=" * 60_000 + "\n" + NEWS
    (found,) = extract_windowed([(text, None)])
    assert [f.text for f in found if f.kind == "place"] == ["Odesa", "Kyiv", "Odesa", "Kyiv"]
    assert all(text[f.start : f.end] == f.text for f in found)
    assert found[-1].start > 60_000


def _seconds(fn, *args) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    fn(*args)
    return time.perf_counter() - began


@pytest.mark.parametrize(
    ("what", "fn", "text"),
    [
        # 40 upper-case letters took 0.3 s, 60 took minutes (the runs split in every way)
        ("shouted run", truecase, "A" * 5000 + "a\nnext line"),
        ("markdown link", lambda t: analyse(t, markdown=True), "[" * 50_000 + "a" + "]" * 50),
        ("markdown links", lambda t: read_text(t.encode(), markdown=True), "[a](b" * 20_000),
        ("byline blanks", analyse, "By Jane" + " " * 50_000 + "x | y\nBody text."),
        ("one long line", analyse, "Title\n" + "word " * 50_000),
    ],
)
@pytest.mark.timing
def test_patterns_are_linear_on_hostile_lines(what: str, fn, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _seconds(fn, text) < 1.0, what
