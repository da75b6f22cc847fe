"""The one text analysis both engines use: words, lower case, Snowball English stems.

Whoosh runs it in Python (``RegexTokenizer | LowercaseFilter | StemFilter``
with the English stemmer of the ``snowballstemmer`` package); Tantivy runs the
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
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import snowballstemmer
from whoosh.analysis import Analyzer, LowercaseFilter, RegexTokenizer, StemFilter, Token, Tokenizer

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


class TantivyTokenizer(Tokenizer):
    """Whoosh tokens made by the Tantivy analyzer, so Whoosh's query parser stems like Tantivy."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if not tokenize:  # wildcards: the text as it is, lower-cased and stemmed
            items = [(tantivy_text_analyzer(True).analyze(value)[0], 0, 0, len(value))]
        else:
            items = [
                (tok.text, tok.position, tok.char_offset_from, tok.char_offset_to)
                for tok in tantivy_text_analyzer().pre_tokenize(value).tokens
            ]
        for text, pos, start, end in items:
            t.text = text
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def tantivy_analyzer() -> Analyzer:
    """The Tantivy analyzer seen as a Whoosh analyzer (for parsing queries and hit spans)."""
    return TantivyTokenizer()


def spans(analyzer: Analyzer, text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``text`` that are in ``terms``."""
    if not terms:
        return []
    return [
        (t.startchar, t.endchar)
        for t in analyzer(text, chars=True, mode="query")
        if t.text in terms
    ]


_WORDS = re.compile(TOKEN_PATTERN)


def whoosh_term(word: str) -> str:
    """The term the Python analyzer makes of one word."""
    return stem(word.lower())


def fast_term(word: str) -> str:
    """:func:`whoosh_term` computed in Rust when Tantivy is installed (the same Snowball
    English stemmer, see the module's notes): snippets of a fresh search stem thousands of
    distinct words, 20-50 µs each in Python, holding the GIL the window needs."""
    try:
        return tantivy_term(word)
    except ImportError:
        return whoosh_term(word)


@lru_cache(maxsize=200_000)
def tantivy_term(word: str) -> str:
    """The term the Rust analyzer makes of one word."""
    return str(tantivy_text_analyzer(True).analyze(word)[0])


def word_spans(term_of: Callable[[str], str], text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Like :func:`spans`, fast: each distinct word is analysed once (cached across texts),
    then only the words that make a wanted term are looked up, in C.

    Snippets for a page of 20 hits used to analyse every token of 20 texts through the
    Python filter chain (about 14 ms per search at 100,000 articles).
    """
    if not terms:
        return []
    wanted = {w for w in set(_WORDS.findall(text)) if term_of(w) in terms}
    if not wanted:
        return []
    return [m.span() for m in _WORDS.finditer(text) if m.group() in wanted]
