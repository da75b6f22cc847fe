"""What a query matched in one text, and a snippet around it.

Only what matched is marked: a phrase marks its words where they stand together (not every
"Howard" for "Ron Howard"), a field query marks only its field (``title:flee`` marks the
title, not the body), and nothing under a NOT is marked. Each distinct word is analysed
once (cached across texts), so marking a page of results costs little.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .analysis import TOKEN_PATTERN, term
from .frozen import frozen
from .query import Node, Pattern, Phrase, Term, positive_leaves

Span = tuple[int, int]
_WORDS = re.compile(TOKEN_PATTERN)


@frozen
class Snippet:
    """A short passage around the hits: plain text and the hit spans within it."""

    text: str
    hits: list[Span]


def text_leaves(root: Node | None, field: str) -> list[Node]:
    """The positive word, phrase and pattern leaves that look in ``field``."""
    return [
        leaf
        for leaf in positive_leaves(root)
        if isinstance(leaf, Term | Phrase | Pattern) and leaf.field in (None, field)
    ]


def hit_spans(root: Node | None, text: str, field: str = "text") -> list[Span]:
    """Character spans in ``text`` (the article's ``field``) of what ``root`` matched."""
    return spans_of(text_leaves(root, field), text)


def spans_of(leaves: Iterable[Node], text: str) -> list[Span]:
    """Spans in ``text`` of the given text leaves, sorted, without overlaps."""
    wanted_terms: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    patterns: list[re.Pattern[str]] = []
    literal: list[Span] = []
    for leaf in leaves:
        if isinstance(leaf, Phrase) and leaf.quoted:  # the words as written, not their stems
            literal += _literal_spans(leaf, text)
        elif isinstance(leaf, Term):
            wanted_terms.add(leaf.term)
        elif isinstance(leaf, Phrase):
            phrases.append(leaf.terms)
        elif isinstance(leaf, Pattern):
            patterns.append(re.compile(leaf.regex()))
    if not (wanted_terms or phrases or patterns):
        return sorted(literal)
    if not (phrases or patterns) and text.isascii():
        found = _word_spans(wanted_terms, text)
        return merge_spans(found, literal) if literal else found
    phrase_terms = {t for p in phrases for t in p}
    # A stem starts with its word's first letter (Snowball changes endings only), so only
    # the words that start like a wanted term need stemming: a fresh process (a `search`
    # command) would otherwise stem every distinct word of every hit
    firsts = None if patterns else {t[:1] for t in wanted_terms | phrase_terms}
    distinct = {
        w: term(w) for w in set(_WORDS.findall(text)) if firsts is None or w.lower()[:1] in firsts
    }
    interesting = {
        w
        for w, t in distinct.items()
        if t in wanted_terms or t in phrase_terms or any(p.fullmatch(t) for p in patterns)
    }
    if not interesting:
        return sorted(literal)
    if not phrases:  # the words alone: found by one regular expression, in C
        found = [m.span() for m in _whole_words(interesting).finditer(text)]
        return merge_spans(found, literal) if literal else found
    toks = [(m.start(), m.end(), distinct.get(m.group(), "")) for m in _WORDS.finditer(text)]
    marked = [False] * len(toks)
    for i, (_, _, t) in enumerate(toks):
        if t in wanted_terms or (patterns and any(p.fullmatch(t) for p in patterns)):
            marked[i] = True
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(toks) - n + 1):
            if toks[i][2] == phrase[0] and all(toks[i + k][2] == phrase[k] for k in range(n)):
                for k in range(n):
                    marked[i + k] = True
    found = [(s, e) for (s, e, _), hit in zip(toks, marked, strict=True) if hit]
    return merge_spans(found, literal) if literal else found


def _word_spans(wanted: set[str], text: str) -> list[Span]:
    """The tokens of an ASCII ``text`` whose terms are ``wanted``: only the tokens that start
    with a wanted term's first letter are looked at (a stem starts with its word's first
    letter), found by one expression that the regular expression engine scans for that
    letter in C; tokenising the whole text first took half the time of marking a page of
    long articles."""
    found = []
    for m in _token_starting(frozenset(t[:1] for t in wanted if t[:1].isascii())).finditer(text):
        if term(m.group()) in wanted:
            found.append(m.span())
    return found


@lru_cache(maxsize=256)
def _token_starting(firsts: frozenset[str]) -> re.Pattern[str]:
    """Whole tokens of :data:`TOKEN_PATTERN` (in ASCII text) that start with one of ``firsts``
    in either case. A token starts at a word character with neither a word character nor
    a word character and a dot (``U.S``) before it: checked after its first character, so
    the engine looks only where that character is."""
    letters = "".join(sorted({c for f in firsts for c in (f, f.upper())}))
    if not letters:
        return re.compile(r"(?!)")
    return re.compile(rf"[{re.escape(letters)}](?<!\w.)(?<!\w\..)\w*(?:\.?\w+)*")


def _whole_words(words: set[str]) -> re.Pattern[str]:
    """Any of ``words`` where it is a whole token of :data:`TOKEN_PATTERN` (a token never
    starts after a word character or "x.", nor ends before one or ".x")."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?<!\w\.)(?:{alternatives})(?!\w)(?!\.\w)")


def _literal_spans(phrase: Phrase, text: str) -> list[Span]:
    """Each word of each literal occurrence of a quoted phrase, as a span."""
    out: list[Span] = []
    for m in phrase.literal().finditer(text):
        out += [(w.start() + m.start(), w.end() + m.start()) for w in _WORDS.finditer(m.group())]
    return out


def merge_spans(*groups: Iterable[Span]) -> list[Span]:
    """Spans of several sources, sorted; a span inside or across another is joined to it."""
    out: list[Span] = []
    for s, e in sorted(span for group in groups for span in group):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def hit_runs(leaves: Iterable[Node], text: str, spans: Iterable[Span]) -> list[Span]:
    """The hits a reader steps through and counts, in ``text``: each occurrence of a quoted
    phrase among ``leaves`` whole (:func:`spans_of` marks it word by word, its separators
    unmarked), every other span of ``spans`` as it is, overlapping ones joined. An article
    that says "the company said" five times has five hits, not fifteen; said twice in a
    row ("the company said: the company said"), two."""
    whole = [
        m.span()
        for leaf in leaves
        if isinstance(leaf, Phrase) and leaf.quoted
        for m in leaf.literal().finditer(text)
    ]
    return merge_spans(whole, spans)


def snippet(
    text: str, found: list[Span], chars: int = 240, body: int = 0, whole: Iterable[Span] = ()
) -> Snippet:
    """A passage of ``text`` around the densest hits of ``found``; without hits, the opening
    of the body, which starts at ``body`` (after the lines a result row already shows).
    ``whole``: spans the passage never cuts (a quoted phrase's occurrences, whose words
    ``found`` marks one by one: "…company said" for "The company said")."""
    if not found:
        lead = "…" if body > 0 else ""
        return Snippet(lead + _opening(text[body:], chars), [])
    start, end = _densest_window(found, chars)
    start, end = _widen(text, start, end, chars)
    if body and found[0][0] >= body and start < body:  # widened back into the title lines
        start, end = body, min(len(text), max(end, body + chars))
        prev = text.rfind(" ", start, end)
        end = prev if end < len(text) and prev > end - 30 else end
    for s, e in whole:
        start = s if s < start < e else start
        end = e if s < end < e else end
    passage = text[start:end]
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    hits = [
        (s - start + len(lead), e - start + len(lead)) for s, e in found if s >= start and e <= end
    ]
    return Snippet(_oneline(lead + passage + tail), hits)


def _densest_window(found: list[Span], chars: int) -> Span:
    """The stretch of at most ``chars`` characters that holds the most hits."""
    best, best_n, j = (found[0][0], found[0][1]), 0, 0
    for i, (s, _) in enumerate(found):
        while found[j][0] < s - chars:
            j += 1
        if i - j + 1 > best_n:
            best_n, best = i - j + 1, (found[j][0], found[i][1])
    return best


def _opening(text: str, chars: int) -> str:
    out = text[:chars]
    if len(text) > chars:
        cut = out.rfind(" ")
        out = (out[:cut] if cut > chars // 2 else out) + "…"
    return _oneline(out)


def _widen(text: str, start: int, end: int, chars: int) -> Span:
    """Grow a fragment to about ``chars`` characters, on word boundaries."""
    spare = max(0, chars - (end - start))
    start = max(0, start - spare // 2)
    end = min(len(text), end + spare - spare // 2)
    if start > 0:
        nxt = text.find(" ", start)
        start = nxt + 1 if 0 <= nxt < start + 30 else start
    if end < len(text):
        prev = text.rfind(" ", start, end)
        end = prev if prev > end - 30 else end
    return start, end


def _oneline(text: str) -> str:
    """Newlines become spaces, keeping offsets (one character for one)."""
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ")
