"""Choosing a web page's publication date from its evidence (:mod:`.pagedates`).

The rules, in order:

1. The page's own local day: a UTC stamp is read at the offset the page's other
   stamps give; with no offset known, the day before or after is still allowed
   when the page shows it.
2. What the page shows a reader (the date line under the headline, a dateline in
   the text) decides between the machine-written stamps it agrees with.
3. Machine-written publication stamps (meta tags, the article's JSON-LD, microdata)
   that agree are taken; when they disagree, the address, htmldate or the page's
   shown date must side with one of them, else the page stays undated.
4. Without such stamps: the address, a marked-up publication element, a shown date,
   and htmldate's answer when something on the page confirms it.

The answer keeps its evidence: ``published_from`` names the clue that won.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .pagedates import Clue, Seen
from .shown_dates import shows_day
from .stamps import Stamp

#: JSON-LD keys of things embedded in the page (a video, an event), not the article.
_EMBEDDED = ("uploadDate", "startDate")
#: How far after the headline (in date-like elements) a shown date still belongs to it.
_NEAR_HEADING = 25


@dataclass
class DateEvidence:
    """Everything a page says about its dates.

    The page's visible text and htmldate's answer cost a few milliseconds each and
    most pages are decided without them: they are computed on first use.
    """

    machine: list[Clue] = field(default_factory=list)  # meta tags and JSON-LD
    seen: list[Seen] = field(default_factory=list)  # elements, in page order
    heading: int | None = None  # order of the page's first h1 among ``seen``
    url: Clue | None = None
    dateline: dt.date | None = None  # a date line at the top of the article's text
    text_of: Callable[[], str] = lambda: ""  # the page's visible text
    article_text_of: Callable[[], str] = lambda: ""  # the same without comments, sidebars...
    htmldate_of: Callable[[], dt.date | None] = lambda: None  # htmldate's (original) date

    @cached_property
    def text(self) -> str:
        """The page's visible text."""
        return self.text_of()

    @cached_property
    def article_text(self) -> str:
        """The page's visible text without comments, related links, sidebars, footer."""
        return self.article_text_of()

    @cached_property
    def htmldate(self) -> dt.date | None:
        """htmldate's answer for the page (original date, extensive search)."""
        return self.htmldate_of()


def page_offset(stamps: Iterable[Stamp]) -> int | None:
    """The page's own UTC offset (minutes), from its stamps that name one other than UTC."""
    offsets = Counter(s.offset for s in stamps if s.time is not None and s.offset)
    return offsets.most_common(1)[0][0] if offsets else None


def local_days(stamp: Stamp, offset: int | None) -> tuple[dt.date, ...]:
    """The day(s) a stamp may fall on where the page is: its best guess first."""
    if not stamp.utc:
        return (stamp.day,)
    if offset is not None:
        return (stamp.at_offset(offset),)
    assert stamp.time is not None
    other = stamp.day + dt.timedelta(days=-1 if stamp.time.hour < 12 else 1)
    return (stamp.day, other)


def shown_near_heading(ev: DateEvidence) -> list[tuple[dt.date, str]]:
    """Dates a reader sees with the article: the dateline, then date lines by the headline."""
    shown: list[tuple[dt.date, str]] = []
    if ev.dateline:
        shown.append((ev.dateline, "dateline"))
    visible = [s for s in ev.seen if s.visible and not s.noise and s.clue.claim != "modified"]
    if ev.heading is not None:
        # right by the headline even a date styled as a teaser is the article's own
        h = ev.heading
        after = [s for s in visible if h < s.order <= h + _NEAR_HEADING and _unlisted(s, h)]
        before = [s for s in visible if h - 8 <= s.order < h and _unlisted(s, h)]
        visible = after + before[::-1]
    else:
        visible = [s for s in visible if not s.listed]
    shown += [(s.clue.stamp.day, s.clue.source) for s in visible[:3]]
    return shown


def _unlisted(seen: Seen, heading: int) -> bool:
    return not seen.listed or abs(seen.order - heading) <= 3


def _agreeing(day: dt.date, clues: list[Clue], offset: int | None) -> Clue | None:
    return next((c for c in clues if day in local_days(c.stamp, offset)), None)


def _publication_stamps(ev: DateEvidence) -> list[Clue]:
    """The page's machine-written publication stamps, without copies of its update stamp."""
    main = [c for c in ev.machine if c.claim == "published" and c.strength >= 3]
    primary = [c for c in main if not c.source.endswith(_EMBEDDED)] or main
    updates = {c.stamp for c in ev.machine if c.claim == "modified" and c.stamp.time}
    original = [c for c in primary if c.stamp not in updates]
    if original and len(original) < len(primary):
        earliest = min(c.stamp.day for c in original)
        if all(c.stamp.day > earliest for c in primary if c.stamp in updates):
            return original  # "published" rewritten with each update: the rest is the original
    return primary


def choose_date(ev: DateEvidence) -> tuple[dt.date | None, str | None]:
    """The publication day and the evidence that won, or ``(None, None)`` when unsure."""
    stamps = [c.stamp for c in ev.machine] + [s.clue.stamp for s in ev.seen]
    offset = page_offset(stamps)
    primary = _publication_stamps(ev)
    marked = [
        s.clue
        for s in ev.seen
        if s.clue.claim == "published" and s.clue.strength >= 2 and not s.listed
    ]
    witnesses = [c for c in (ev.url, *marked) if c is not None]
    near = shown_near_heading(ev)
    if primary:
        for day, _where in near:
            clue = _agreeing(day, primary, offset)
            if clue:
                return day, f"{clue.source}, as the page shows it"
        days = {local_days(c.stamp, offset)[0] for c in primary}
        if len(days) == 1:
            day = days.pop()
            if not shows_day(ev.text, day):
                other = _shown_instead(ev, primary, witnesses, offset)
                if other:
                    return other
            return day, primary[0].source
        for witness in witnesses:
            if clue := _agreeing(witness.stamp.day, primary, offset):
                return witness.stamp.day, f"{clue.source}, confirmed by the {witness.source}"
        shown = [d for d in sorted(days) if shows_day(ev.text, d)]
        if len(shown) == 1:
            clue = _agreeing(shown[0], primary, offset)
            return shown[0], f"{clue.source if clue else 'meta'}, as the page shows it"
        # htmldate only breaks a near tie (a day or two: time zones, a late edit); stamps
        # years apart are a page whose publication date nobody can tell
        close = (max(days) - min(days)).days <= 2
        if close and ev.htmldate and (clue := _agreeing(ev.htmldate, primary, offset)):
            return ev.htmldate, f"{clue.source}, confirmed by htmldate"
        return None, None
    if ev.url:
        return ev.url.stamp.day, "URL"
    if marked:
        return marked[0].stamp.day, marked[0].source
    if near:
        return near[0]
    loose = [c for c in ev.machine if c.claim == "date"]
    if loose:
        return local_days(loose[0].stamp, offset)[0], loose[0].source
    if ev.htmldate and shows_day(ev.article_text, ev.htmldate):
        return ev.htmldate, "htmldate, as the page shows it"
    return None, None


def _shown_instead(
    ev: DateEvidence, primary: list[Clue], witnesses: list[Clue], offset: int | None
) -> tuple[dt.date, str] | None:
    """The day the page shows when its agreed publication stamp is nowhere on it.

    The local day of a UTC stamp named by the address or a marked-up element; or
    the update the page shows as its only date.
    """
    for clue in primary:
        for alt in local_days(clue.stamp, None)[1:]:
            witness = next((w for w in witnesses if w.stamp.day == alt), None)
            if witness and offset is None:
                return alt, f"{clue.source}, local day as the {witness.source} gives it"
    for clue in ev.machine:
        if clue.claim == "modified":
            for day in local_days(clue.stamp, offset):
                if shows_day(ev.text, day):
                    return day, f"{clue.source}, the only date the page shows"
    return None
