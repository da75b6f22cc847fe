"""Dates mentioned in the text, resolved against the publication date when there is one.

A resolved date is named by ISO precision: "2022-11-11" (day), "2022-02" (month)
or "2014" (year). Weekdays and "today"/"yesterday" need the publication date;
without it they are left out rather than guessed. A date without its year ("Feb.
24", "in September") falls on or before the publication date -- what the article
reports has happened -- unless its sentence speaks of the future ("will vote in
September"): a date after publication is never invented for a past event.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
PATTERNS = [
    re.compile(rf"^(?P<iso>{_YEAR}-(?P<m2>[01]\d)-(?P<d2>[0-3]\d))$"),
    re.compile(rf"^{_MONTH}\s*{_DAY}(?:,|\s)\s*{_YEAR}$"),
    re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$"),
    re.compile(rf"^{_MONTH}\s*{_DAY}$"),
    re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH}$"),
    re.compile(rf"^(?:early|mid|late|in)?\s*-?\s*{_MONTH},?\s+(?:of\s+)?{_YEAR}$"),
    re.compile(rf"^(?:in\s+)?{_YEAR}$"),
    re.compile(rf"^(?:early|mid|late)?\s*-?\s*{_MONTH}$"),
]
_LEAD = re.compile(r"^(?:on|the|this|last|by|since|from|until|as of)\s+", re.I)


def _clean(text: str) -> str:
    text = " ".join(text.replace("\u2019", "'").split())
    text = (
        re.sub(
            r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)[,.]?\s+",
            "",
            text,
            flags=re.I,
        )
        if re.search(r"\d", text)
        else text
    )
    prev = None
    while prev != text:
        prev = text
        text = _LEAD.sub("", text)
    return text.strip(" .,;").lower()


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_FUTURE = re.compile(
    r"\b(?:will|shall|won't|'ll|next|upcoming|coming|scheduled|due\s+to|plans?\s+to"
    r"|planned|going\s+to|expected\s+to|expects?|intends?\s+to|from\s+now)\b",
    re.I,
)


def speaks_of_future(context: str) -> bool:
    """Whether the sentence around a date talks about what is still to come ("will",
    "next", "scheduled"); anything else is taken as a report of what happened."""
    return _FUTURE.search(context) is not None


def _infer_year(month: int, day: int | None, published: dt.date, future: bool = False) -> int:
    """The year of a month (and day) given without one, relative to the publication date.

    In the past of the publication (on or before it) unless ``future``; then on or after.
    """
    year = published.year
    if future:
        after = (month, day or 31) < (published.month, published.day)
        return year + 1 if after and month != published.month else year
    if (month, day or 1) > (published.month, published.day):
        year -= 1
    return year


def _sentence(context: str) -> str:
    """The sentence of a date's context (its text sits in the middle)."""
    middle = len(context) // 2
    left = max(context.rfind(c, 0, middle) for c in ".!?\n")
    rights = [i for i in (context.find(c, middle) for c in ".!?\n") if i != -1]
    return context[left + 1 : min(rights) if rights else len(context)]


def resolve_date(text: str, published: dt.date | None, context: str = "") -> str | None:
    """The ISO name of the date ``text`` refers to, or ``None`` if it is not a calendar date.

    ``context``: the text around the mention (its sentence decides past or future).
    """
    raw = text.strip().lower()
    if published is not None:
        if raw in RELATIVE:
            return (published + dt.timedelta(days=RELATIVE[raw])).isoformat()
        weekday = _clean(text)
        if weekday in WEEKDAYS:
            back = (published.weekday() - WEEKDAYS[weekday]) % 7
            return (published - dt.timedelta(days=back)).isoformat()
    cleaned = _clean(text)
    for pattern in PATTERNS:
        m = pattern.match(cleaned)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("iso"):
            day = _safe_date(int(groups["year"]), int(groups["m2"]), int(groups["d2"]))
            return day.isoformat() if day else None
        year = int(groups["year"]) if groups.get("year") else None
        month = MONTHS.get(groups["month"]) if groups.get("month") else None
        dayn = int(groups["day"]) if groups.get("day") else None
        if year is None and month is None:
            return None
        if year is None:
            if published is None or month is None:
                return None
            future = speaks_of_future(_sentence(context)) if context else False
            year = _infer_year(month, dayn, published, future)
        if month is None:
            return f"{year:04d}"
        if dayn is None:
            return f"{year:04d}-{month:02d}"
        day = _safe_date(year, month, dayn)
        return day.isoformat() if day else None
    return None
