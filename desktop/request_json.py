"""A ``SearchRequest`` as JSON and back: the window's last and recent searches, saved
searches in the store, and the command line share one form.

Only what defines a search is kept (query, facet selections, dates, sort, collapse), not
the page. Anything malformed falls back to the default, so a settings file or a library
written by another version never stops a start.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .facets import FACET_BY_NAME, FACET_NAMES
from .querying import SORTS, SearchRequest


def to_json(req: SearchRequest) -> dict[str, Any]:
    """A JSON-safe dict of the parts of a request worth keeping (not the page)."""
    data: dict[str, Any] = {
        "query": req.query,
        **{FACET_BY_NAME[f].request_field: list(req.selected(f)) for f in FACET_NAMES},
        "date_from": req.date_from.isoformat() if req.date_from else None,
        "date_to": req.date_to.isoformat() if req.date_to else None,
        "undated": req.undated,
        "sort": req.sort,
    }
    if req.collapse:
        data["collapse"] = True
    return data


def from_json(data: Any) -> SearchRequest:
    """A request from :func:`to_json` output; anything malformed falls back to the default."""
    if not isinstance(data, dict):
        return SearchRequest()

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key)
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    def day(key: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(data[key]) if data.get(key) else None
        except (TypeError, ValueError):
            return None

    sort = data.get("sort")
    req = SearchRequest(
        query=str(data.get("query") or ""),
        date_from=day("date_from"),
        date_to=day("date_to"),
        undated=bool(data.get("undated")),
        sort=sort if sort in SORTS else "relevance",
        collapse=bool(data.get("collapse")),
    )
    for facet in FACET_NAMES:
        req = req.with_selected(facet, strings(FACET_BY_NAME[facet].request_field))
    return req


def dumps(req: SearchRequest) -> str:
    """The request as compact JSON text."""
    return json.dumps(to_json(req), ensure_ascii=False, sort_keys=True)


def loads(text: str | None) -> SearchRequest:
    """The inverse of :func:`dumps`; bad text gives the default request."""
    try:
        return from_json(json.loads(text or "null"))
    except (TypeError, ValueError):
        return SearchRequest()
