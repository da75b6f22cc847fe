"""Versions of a wire brief: a headline with (almost) no body.

A wire brief ("FRENCH 13-WEEK T-BILL AVERAGE RATE FALLS TO 7.69 PCT FROM 7.82 PCT") is all
headline; re-run by another outlet it keeps the headline, often trimmed at its end and
under a label ("Update:", "UPDATE 1-", "REFILE-"). Its body has too few words for the text
comparison of :mod:`desktop.versions_index` (which leaves the headline out, because a re-run
of a story with a body changes it), so briefs are compared by headline instead:

two briefs (a body of fewer than ``BRIEF_WORDS`` words) are versions when they were
published on the same day, each headline has at least ``MIN_HEADLINE`` words once a wire
label is taken off, and every window of ``WINDOW`` consecutive words of the shorter
headline is one of the longer's (one contains the other).

Why these limits: a headline of seven words or more that the other contains word for word,
on the same day, is one wire item; shorter headlines ("U.S. DIVIDEND MEETINGS - MARCH 3")
recur as a genre every day, and two briefs of different days are different items even
with one headline (a weekly rate). Briefs with different figures or names ("X CORP 4TH QTR
SHR 8.17 DLRS" / "Y CORP 4TH QTR SHR 1.02 DLRS") differ in every window that holds them.
Briefs without a date are never grouped this way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from search.frozen import frozen

from .entities.names import name_key
from .versions_index import signs_off

BRIEF_WORDS = 10  # a body of fewer words is a brief
MIN_HEADLINE = 7  # words of a headline (without its label) to compare it at all
WINDOW = 5  # words per headline window

_WORD = re.compile(r"\w+")
#: wire labels that head a re-run's headline: "Update:", "UPDATE 2-", "REFILE-", "RPT-"
_LABEL = re.compile(
    r"^\s*(?:(?:update[sd]?|refile|corrected|correction|rpt|repeat|urgent|flash|wrapup)"
    r"(?:\s+\d+)?\s*[:\-\u2013\u2014|]\s*)+",
    re.I,
)


@frozen
class Brief:
    """A brief's identity for grouping: its id, day and headline windows."""

    id: int
    published: dt.date
    windows: frozenset[tuple[str, ...]]


def body_words(text: str, title: str, source: str | None = None, author: str | None = None) -> int:
    """Words in an article's body: not in the lines that head it (headline, date line,
    outlet, byline) or sign it off (a footer, an item marker)."""
    from .searcher import body_start

    start = body_start(text, title, source, author)
    first = text.lstrip().split("\n", 1)[0]
    if start == 0 and title and name_key(first) == name_key(title):
        return 0  # every line heads the text (body_start then says 0)
    lines = [line for line in text[start:].split("\n") if line.strip()]
    while lines and signs_off(lines[-1]):
        lines.pop()
    return len(_WORD.findall("\n".join(lines)))


def headline_windows(title: str) -> frozenset[tuple[str, ...]] | None:
    """The headline's windows of ``WINDOW`` words (its label taken off); None when it has
    fewer than ``MIN_HEADLINE`` words."""
    words = _WORD.findall(_LABEL.sub("", title).casefold())
    if len(words) < MIN_HEADLINE:
        return None
    return frozenset(tuple(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1))


def brief(
    doc_id: int,
    title: str | None,
    text: str,
    published: dt.date | None,
    source: str | None = None,
    author: str | None = None,
) -> Brief | None:
    """The article as a brief, or None when it is not one (a body, a short headline, no
    date)."""
    if published is None or not title:
        return None
    if body_words(text, title, source, author) >= BRIEF_WORDS:
        return None
    found = headline_windows(title)
    return Brief(doc_id, published, found) if found is not None else None


def same_item(a: Brief, b: Brief) -> bool:
    """Two briefs of one wire item: one day, and one headline contains the other."""
    if a.published != b.published:
        return False
    return a.windows <= b.windows or b.windows <= a.windows


def similarity(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """The share of headline windows two briefs have in common."""
    return len(a & b) / len(a | b) if a and b else 0.0


def edges(new: Iterable[Brief], old: Iterable[Brief]) -> dict[tuple[int, int], float]:
    """Pairs of ids (lower first) of briefs of one item, at least one of each pair new, with
    the share of their headline windows in common."""
    by_day: dict[dt.date, list[Brief]] = {}
    for b in old:
        by_day.setdefault(b.published, []).append(b)
    fresh = list(new)
    for b in fresh:
        by_day.setdefault(b.published, []).append(b)
    new_ids = {b.id for b in fresh}
    found: dict[tuple[int, int], float] = {}
    for day in {b.published for b in fresh}:
        group = by_day[day]
        # sharing a window is necessary (every window of the shorter is in the longer)
        by_window: dict[tuple[str, ...], list[Brief]] = {}
        for b in group:
            for w in b.windows:
                by_window.setdefault(w, []).append(b)
        for b in group:
            if b.id not in new_ids:
                continue
            partners = {o.id: o for w in b.windows for o in by_window[w]}
            for o in partners.values():
                if o.id != b.id and same_item(b, o):
                    found[(min(b.id, o.id), max(b.id, o.id))] = similarity(b.windows, o.windows)
    return found
