"""Curated notable people: names the small NER model misses or misspells.

``data/people.tsv`` has one person a row: canonical name, aliases (other spellings
of the full name, and the bare surname only where it names this person alone:
"Zelensky" yes, "Fedorov" no, since Ivan and Mykhailo Fedorov are both in the
news) and a note. Full names also match through ``translit_key``, so "Valerii
Zaluzhnyi" finds Valeriy Zaluzhny without being listed.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from search.frozen import frozen

from .names import (
    NAME_PARTICLES,
    ROMAN_NUMERALS,
    name_key,
    read_rows,
    split_list,
    strip_person_title,
    translit_key,
)
from .spelling import translit_match


@frozen
class Person:
    """One row of ``people.tsv``."""

    canonical: str
    aliases: tuple[str, ...]
    note: str


@cache
def people() -> tuple[Person, ...]:
    """All curated people, read once."""
    return tuple(
        Person(canonical, tuple(split_list(aliases)), note)
        for canonical, aliases, note in read_rows("people.tsv", 3)
    )


@frozen
class _Index:
    by_key: dict[str, str]  # name_key of every spelling -> canonical
    full_by_key: dict[str, str]  # the same, full names only (what scan_people looks for)
    by_translit: dict[str, tuple[str, str]]  # translit_key -> (canonical, the listed spelling)
    last_words: frozenset[str]  # translit_key of the last word of every full name


_AMBIGUOUS = ""  # marks a translit key shared by two people


@cache
def _index() -> _Index:
    by_key: dict[str, str] = {}
    full: dict[str, str] = {}
    translit: dict[str, tuple[str, str]] = {}
    for p in people():
        for n in (p.canonical, *p.aliases):
            key = name_key(n)
            by_key.setdefault(key, p.canonical)
            if len(n.split()) > 1:
                full.setdefault(key, p.canonical)
            tk = translit_key(n)
            if translit.get(tk, (p.canonical, n))[0] != p.canonical:
                translit[tk] = (_AMBIGUOUS, n)
            else:
                translit.setdefault(tk, (p.canonical, n))
    last = frozenset(translit_key(k).rsplit(" ", 1)[-1] for k in full)
    return _Index(by_key, full, {k: v for k, v in translit.items() if v[0]}, last)


def _by_translit(idx: _Index, text: str) -> str | None:
    """The curated person whose listed spelling is a transliteration variant of ``text``
    (never an English name or word that only folds alike: "Moody" is not Modi)."""
    hit = idx.by_translit.get(translit_key(text))
    if hit is None or not translit_match(text, hit[1]):
        return None
    return hit[0]


def lookup_person(name: str) -> str | None:
    """Canonical name of a curated person from a full name or an unambiguous surname.

    Titles are ignored ("President Volodymyr Zelensky"), and transliterations fold
    ("Zelenskij", "Ivan Federov"). A name without a capital letter is never a match.
    """
    whole = " ".join(name.split())
    if not any(c.isupper() for c in whole):
        return None
    idx = _index()
    for text in dict.fromkeys((whole, strip_person_title(whole))):  # "Patriarch Kirill"
        hit = idx.by_key.get(name_key(text)) or _by_translit(idx, text)
        if hit is not None:
            return hit
    return None


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_GAP = re.compile(r"\.?[ \t\u00a0]+")
_MAX_WORDS = 5
_POSSESSIVE = re.compile(r"['’]s?$")
_POSSESSIVE_ENDS = ("'", "’", "s")  # (most words end otherwise: no pattern to run)


def _runs(text: str) -> list[list[tuple[int, int, str]]]:
    """Runs of capitalised words (and name particles) on one line, possessives cut off."""
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] = []
    prev_end = -1
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        possessive = _POSSESSIVE.search(word) if word.endswith(_POSSESSIVE_ENDS) else None
        if possessive:
            end -= len(possessive.group())
            word = word[: len(word) - len(possessive.group())]
        capital = word[:1].isupper()
        if not capital and word.lower() not in NAME_PARTICLES:
            if run:
                runs.append(run)
            run, prev_end = [], -1
            continue
        gap = text[prev_end:start] if run else ""
        joined = bool(run) and _GAP.fullmatch(gap) is not None
        if joined and gap.startswith(".") and len(run[-1][2]) > 2:
            joined = False  # a full stop after a word, not after an initial
        if run and not joined:
            runs.append(run)
            run = []
        run.append((start, end, word))
        prev_end = end
        if possessive:  # "Putin's Kremlin": the name ends here
            runs.append(run)
            run, prev_end = [], -1
    if run:
        runs.append(run)
    return runs


@lru_cache(maxsize=50_000)
def _word_key(word: str) -> str:
    """translit_key of a name's last word ("Thomas-Greenfield" -> "grenfield")."""
    return translit_key(word).rsplit(" ", 1)[-1]


def scan_people(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, canonical)`` of full-name mentions of curated people, by position.

    Looks at runs of capitalised words ("President Volodymyr Zelensky", "of Chechnya
    Ramzan Kadyrov"), longest window first; a window matches by ``name_key`` or by
    ``translit_key`` of a curated full name. Bare surnames are left to the caller.
    """
    idx = _index()
    found: list[tuple[int, int, str]] = []
    for run in _runs(text):
        i = 0
        while i < len(run) - 1:
            for size in range(min(_MAX_WORDS, len(run) - i), 1, -1):
                window = run[i : i + size]
                if not (window[0][2][:1].isupper() and window[-1][2][:1].isupper()):
                    continue
                if _word_key(window[-1][2]) not in idx.last_words:
                    continue
                after = run[i + size][2] if i + size < len(run) else ""
                if after.lower() in ROMAN_NUMERALS:  # "Queen Elizabeth I" is not Elizabeth II
                    continue
                start, end = window[0][0], window[-1][1]
                span = text[start:end]
                hit = idx.full_by_key.get(name_key(span)) or _by_translit(idx, span)
                if hit is not None:
                    found.append((start, end, hit))
                    i += size
                    break
            else:
                i += 1
    return found
