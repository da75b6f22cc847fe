"""The one text analysis both engines use: words, lower case, Snowball English stems.

Whoosh runs it in Python (``RegexTokenizer | LowercaseFilter | StemFilter``
with the English stemmer of the ``snowballstemmer`` package, which hands the
work to the same algorithm compiled, PyStemmer, when it is installed: it is a
dependency, ~15x quicker, and gave the same stem for all 571,659 distinct
words of ``../shared/corpora``); Tantivy runs the
same recipe in Rust (``regex`` tokenizer, ``lowercase``, ``stemmer("english")``).
Both stemmers are generated from the current Snowball English ("Porter2")
algorithm: on the 39,702 titles and texts of the Reuters and BBC corpora they
gave the same 3.4 million tokens with the same offsets. (Whoosh's bundled
Snowball port is older and differs: "international" -> "intern" vs "internat".)
Stop words are kept in both, so a phrase such as "when run" stays exact. Each
engine analyses queries with the analyzer it indexed with, so the two sides of
one engine can never stem differently.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from whoosh.analysis import Analyzer, LowercaseFilter, RegexTokenizer, StemFilter

#: Words: runs of letters/digits, joined by single dots ("U.S", "3.5").
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
#: Written into each index; an index analysed another way is rebuilt.
ANALYZER_VERSION = "words-lower-snowball2_en/1"
#: The name the Tantivy analyzer is registered under.
TANTIVY_ANALYZER = "sd_en"


_local = threading.local()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word (thread-safe, cached)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:  # a generated stemmer keeps state while it works: one per thread
        import snowballstemmer  # (not in a search that needs none)

        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))


def whoosh_analyzer() -> Analyzer:
    """The analyzer in Python (Whoosh)."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | StemFilter(stem, cachesize=0)


@lru_cache(maxsize=2)
def tantivy_text_analyzer(whole: bool = False) -> Any:
    """The analyzer in Rust (a ``tantivy.TextAnalyzer``); ``whole``: the text is one token."""
    import tantivy

    tokenizer = tantivy.Tokenizer.raw() if whole else tantivy.Tokenizer.regex(TOKEN_PATTERN)
    return (
        tantivy.TextAnalyzerBuilder(tokenizer)
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def tantivy_tokens(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) of every token, as the Rust analyzer makes them (for tests)."""
    return [
        (tok.text, tok.char_offset_from, tok.char_offset_to)
        for tok in tantivy_text_analyzer().pre_tokenize(text).tokens
    ]


_WORDS = re.compile(TOKEN_PATTERN)


def words(text: str) -> list[str]:
    """The words of ``text`` as the tokenizer cuts them, before lower case and stems."""
    return _WORDS.findall(text)


def analyse(text: str) -> list[str]:
    """The index terms of ``text``, in order (what both engines index it as)."""
    return [term(w) for w in words(text)]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) of every token of ``text``."""
    return [(term(m.group()), m.start(), m.end()) for m in _WORDS.finditer(text)]


def pattern_term(text: str) -> str:
    """A wildcard pattern as index terms are written: lower case and stemmed.

    "running*" looks for the terms starting with the stem of "running" ("run"), and
    "h?ppily" for "h?ppili", as Snowball writes "happily"."""
    text = text.lower()
    head = text[:-1]
    if text.endswith("*") and "*" not in head and "?" not in head:
        return stem(head) + "*"
    return stem(text)


def whoosh_term(word: str) -> str:
    """The term the Python analyzer makes of one word."""
    return stem(word.lower())


class _Terms(dict[str, str]):
    """Word -> :func:`whoosh_term`, each word analysed once: a known word is a dict look-up
    in C, where a call of ``whoosh_term`` is a Python call and two (issue 16: the index child
    makes ~1 million a 6,000-article import)."""

    def __missing__(self, word: str) -> str:
        term = self[word] = whoosh_term(word)
        return term


_TERMS = _Terms()


def whoosh_terms(text: str) -> list[str]:
    """The term of every word of ``text``, in order, as :func:`whoosh_term` makes each."""
    if len(_TERMS) > 200_000:  # as many as the stems' cache holds
        _TERMS.clear()
    return list(map(_TERMS.__getitem__, words(text)))


@lru_cache(maxsize=200_000)
def tantivy_term(word: str) -> str:
    """The term the Rust analyzer makes of one word."""
    return str(tantivy_text_analyzer(True).analyze(word)[0])


def _pick_term() -> Callable[[str], str]:
    """Snowball's English compiled in C (PyStemmer, under snowballstemmer) where it is
    installed: 0.45 µs a new word and ~1 ms to import, where Tantivy's in Rust is 0.8 µs
    and ~3 ms to import (a ``search`` process of a Whoosh library then loads no Tantivy);
    else Tantivy's; else snowballstemmer's own Python (20-50 µs a word). The same stems
    from each (tests/unit/test_search_engines.py)."""
    from importlib.util import find_spec

    if find_spec("Stemmer") is not None:
        return whoosh_term
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return whoosh_term
    return tantivy_term


#: The term of one word: the same Snowball English stem whichever makes it (snippets of a
#: fresh search stem thousands of distinct words, holding the GIL the window needs).
term: Callable[[str], str] = _pick_term()
