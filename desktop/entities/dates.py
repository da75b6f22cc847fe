"""Dates mentioned in the text, resolved against the publication date when there is one.

A resolved date is named by ISO precision: "2022-11-11" (day), "2022-02" (month)
or "2014" (year). Weekdays and "today"/"yesterday" need the publication date;
without it they are left out rather than guessed.
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


def _infer_year(month: int, day: int, published: dt.date) -> int:
    """The year that puts month/day closest before (or shortly after) publication."""
    year = published.year
    cand = _safe_date(year, month, day)
    if cand is not None and (cand - published).days > 60:
        year -= 1
    return year


def resolve_date(text: str, published: dt.date | None) -> str | None:
    """The ISO name of the date ``text`` refers to, or ``None`` if it is not a calendar date."""
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
            year = _infer_year(month, dayn or 1, published)
        if month is None:
            return f"{year:04d}"
        if dayn is None:
            return f"{year:04d}-{month:02d}"
        day = _safe_date(year, month, dayn)
        return day.isoformat() if day else None
    return None
