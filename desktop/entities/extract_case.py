"""True-casing of shouted text (upper-case headlines and datelines) before the model reads it.

The small model takes most upper-case words for organisations ("BAHIA COCOA REVIEW",
"LONDON 1996-08-30"). :func:`truecase` gives a copy of the text, of the same length so
offsets stay valid, where each word of an upper-case line, or of an upper-case run that
opens a line ("SALVADOR, Feb 26 -"), takes the casing the same document uses for it
elsewhere; a word the document does not use otherwise is capitalised when the curated lists
know it as a name (place, person, organisation) and written in lower case when not; short
words without vowels stay as acronyms.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# {2,}+ takes a whole upper-case word at once: split in every way, "AAAA…a" took 0.3 s at
# 40 letters and hours at a few hundred
_SHOUT_RUN = re.compile(
    r"^[ \t\"'(]*((?:[^\W\d_a-z]{2,}+[ \t.,'’-]*){1,6})(?=[,:-]|\s-|\s\d|$)", re.M
)


@cache
def _known_name(word: str) -> bool:
    """Whether the curated lists know the word as a name: a place, person or organisation."""
    from .gazetteer import get_gazetteer
    from .orgs import lookup_org
    from .people import lookup_person

    name = word.capitalize()
    return bool(get_gazetteer().prominent(name) or lookup_person(name) or lookup_org(name))


def _is_shouted_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)


def _votes(text: str, shouted: list[tuple[int, int]]) -> dict[str, Counter[str]]:
    """How the document writes each word outside shouted parts (sentence starts not counted)."""
    votes: dict[str, Counter[str]] = {}
    k = 0
    for m in _WORD.finditer(text):
        while k < len(shouted) and shouted[k][1] <= m.start():
            k += 1
        if k < len(shouted) and shouted[k][0] <= m.start():
            continue
        word = m.group()
        before = text[max(0, m.start() - 4) : m.start()].rstrip(" \t")
        if word[0].isupper() and (not before or before[-1] in '\n.!?:"”'):
            continue  # a sentence or line start says nothing about the word
        votes.setdefault(word.lower(), Counter())[word] += 1
    return votes


def _recase(word: str, first: bool, votes: dict[str, Counter[str]]) -> str:
    seen = votes.get(word.lower())
    if seen:
        best = seen.most_common(1)[0][0]
        return best[0].upper() + best[1:] if first else best
    if len(word) <= 3 and not any(c in "AEIOUY" for c in word):
        return word  # "BBC", "CNN": an acronym
    if first or _known_name(word):
        return word.capitalize()
    return word.lower()


def truecase(text: str) -> str:
    """``text`` with shouted lines and line-opening runs re-cased (same length)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if _is_shouted_line(line):
            spans.append((pos, pos + len(line)))
        else:
            m = _SHOUT_RUN.match(line)
            if m and sum(c.isalpha() for c in m.group(1)) >= 4:
                spans.append((pos + m.start(1), pos + m.end(1)))
        pos += len(line) + 1
    if not spans:
        return text
    votes = _votes(text, spans)
    out = list(text)
    for start, end in spans:
        first = True
        for m in _WORD.finditer(text, start, end):
            word = m.group()
            cased = _recase(word, first, votes) if word.isupper() else word
            if len(cased) == len(word):
                out[m.start() : m.end()] = cased
            first = False
    return "".join(out)
