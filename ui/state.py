"""Search state helpers: ``SearchRequest`` to and from JSON, active filters, short labels.

The window's search state *is* the core's frozen ``SearchRequest``; this module
only adds what the window needs around it (chips, recent searches, settings).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace

from desktop import request_json
from desktop.facets import FACET_BY_NAME, FACET_NAMES
from desktop.querying import SearchRequest
from search.frozen import frozen

SORTS = ("relevance", "date", "oldest")
SORT_LABELS = {"relevance": "Relevance", "date": "Newest first", "oldest": "Oldest first"}


@frozen
class ActiveFilter:
    """One removable filter shown as a chip: a facet value, the date range, or 'undated'."""

    facet: str  # place | actor | source | date | undated
    value: str = ""

    @property
    def label(self) -> str:
        """The chip text, e.g. ``Place: Melitopol``."""
        if self.facet == "undated":
            return "Undated"
        if self.facet == "date":
            return f"Date: {self.value}"
        return f"{FACET_BY_NAME[self.facet].label}: {self.value}"


def selected(req: SearchRequest, facet: str) -> tuple[str, ...]:
    """The values selected in a facet."""
    return req.selected(facet)


def with_selection(req: SearchRequest, facet: str, values: tuple[str, ...]) -> SearchRequest:
    """The request with a facet's selection replaced."""
    return req.with_selected(facet, values)


def toggled(req: SearchRequest, facet: str, value: str) -> SearchRequest:
    """The request with one facet value added or removed."""
    values = selected(req, facet)
    new = tuple(v for v in values if v != value) if value in values else (*values, value)
    return with_selection(req, facet, new)


def active_filters(req: SearchRequest) -> list[ActiveFilter]:
    """Every narrowing filter of a request except the query text, in display order."""
    out = [ActiveFilter(f, v) for f in FACET_NAMES for v in selected(req, f)]
    if req.undated:
        out.append(ActiveFilter("undated"))
    elif req.date_from or req.date_to:
        out.append(ActiveFilter("date", date_range_label(req.date_from, req.date_to)))
    return out


def without(req: SearchRequest, flt: ActiveFilter) -> SearchRequest:
    """The request with one filter removed."""
    if flt.facet in FACET_BY_NAME:
        return with_selection(
            req, flt.facet, tuple(v for v in selected(req, flt.facet) if v != flt.value)
        )
    return replace(req, date_from=None, date_to=None, undated=False)


def with_dates(
    req: SearchRequest, date_from: dt.date | None, date_to: dt.date | None
) -> SearchRequest:
    """The request limited to a date range (None, None: any date); 'undated' is dropped."""
    return replace(req, date_from=date_from, date_to=date_to, undated=False)


def undated_toggled(req: SearchRequest) -> SearchRequest:
    """Only undated articles, or back to any date."""
    return replace(req, date_from=None, date_to=None, undated=not req.undated)


def cleared(req: SearchRequest) -> SearchRequest:
    """The request without any filter (query text and sort kept)."""
    for facet in FACET_NAMES:
        req = req.with_selected(facet, ())
    return replace(req, date_from=None, date_to=None, undated=False)


def following(
    req: SearchRequest, resolved: dict[str, dict[str, tuple[str, ...]]]
) -> tuple[SearchRequest, list[str]]:
    """The request with each facet value as the library now names it (after a rename or a
    merge, the new name; after an ignore, gone), and the values that went."""
    gone: list[str] = []
    for facet in FACET_NAMES:
        names = resolved.get(facet, {})
        values: list[str] = []
        for value in selected(req, facet):
            now = names.get(value, (value,))
            if not now:
                gone.append(value)
            elif len(now) == 1:
                values.append(now[0])
            else:
                values.append(value)
        req = req.with_selected(facet, tuple(dict.fromkeys(values)))
    return req, gone


def month_start(month: str) -> dt.date:
    """``"2022-03"`` -> 2022-03-01."""
    year, mon = month.split("-")
    return dt.date(int(year), int(mon), 1)


def month_end(month: str) -> dt.date:
    """``"2022-03"`` -> 2022-03-31."""
    start = month_start(month)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def date_range_label(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """Whole months read as months: ``Mar 2022 – May 2022``; open ends as 'since'/'until'."""

    def fmt_from(d: dt.date) -> str:
        return d.strftime("%b %Y") if d.day == 1 else d.isoformat()

    def fmt_to(d: dt.date) -> str:
        last = calendar.monthrange(d.year, d.month)[1]
        return d.strftime("%b %Y") if d.day == last else d.isoformat()

    if date_from and date_to:
        a, b = fmt_from(date_from), fmt_to(date_to)
        return a if a == b else f"{a} – {b}"
    if date_from:
        return f"since {fmt_from(date_from)}"
    if date_to:
        return f"until {fmt_to(date_to)}"
    return "any"


def describe(req: SearchRequest) -> str:
    """A one-line label for a request (recent searches menu)."""
    parts = [req.query.strip() or "(all articles)"]
    parts += [f.label for f in active_filters(req)]
    return " · ".join(parts)


# the JSON form lives in the core (saved searches keep it in the store)
to_json = request_json.to_json
from_json = request_json.from_json
dumps = request_json.dumps
loads = request_json.loads


def date_span(canonical: str) -> tuple[dt.date, dt.date] | None:
    """A date entity's canonical text (YYYY, YYYY-MM, YYYY-MM-DD) as an inclusive range."""
    try:
        parts = canonical.split("-")
        if len(parts) == 1:
            year = int(parts[0])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(parts) == 2:
            month = f"{int(parts[0]):04d}-{int(parts[1]):02d}"
            return month_start(month), month_end(month)
        day = dt.date.fromisoformat(canonical)
        return day, day
    except ValueError:
        return None
