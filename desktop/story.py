"""An entity's story: its mentions per month, the entities that appear with it most, and
its spellings (``sourcedesk story ENTITY``; the window's entity menus).

The timeline and the co-occurrences come from the facet arrays (a slice and a count over
the (document, entity) pairs), so they open at once even in a library of 100,000 articles;
the spellings come from the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field

import numpy as np

from search.frozen import frozen

from .curation import get_one
from .facet_lookup import docs_of
from .facets import ACTOR_KINDS
from .searcher import Searcher

TOP = 15


@frozen
class Companion:
    """An entity that appears with the story's entity: in how many of its articles."""

    name: str
    facet: str  # "place" or "actor": the filter a click adds
    articles: int

    def to_json(self) -> dict[str, object]:
        """``story --json`` rows."""
        return {"name": self.name, "facet": self.facet, "articles": self.articles}


@frozen
class Story:
    """Everything the story view shows of one entity."""

    entity_id: int
    name: str
    kind: str
    facet: str  # the facet its articles are filtered by
    label: str  # its facet value (says its kind where a name has several)
    articles: int
    months: list[tuple[str, int]]  # ("2022-05", articles), in time order, gaps included
    undated: int
    companions: list[Companion] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """``story ENTITY --json``."""
        return {
            "id": self.entity_id,
            "name": self.name,
            "kind": self.kind,
            "filter": {"facet": self.facet, "value": self.label},
            "articles": self.articles,
            "months": [[m, n] for m, n in self.months],
            "undated": self.undated,
            "with": [c.to_json() for c in self.companions],
        }


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def find(searcher: Searcher, ref: str, kind: str | None = None) -> tuple[int, str, str]:
    """(id, name, kind) of the one entity ``ref`` names (``CurationError`` otherwise)."""
    with searcher.sessions() as session:
        entity = get_one(session, ref, kind)
        return entity.id, entity.name, entity.kind


def story(searcher: Searcher, entity_id: int, name: str, kind: str) -> Story:
    """The story of one entity, from the facet arrays."""
    fd = searcher.facet_data()
    facet = "actor" if kind in ACTOR_KINDS else "place"
    docs = docs_of(fd, facet, [entity_id])
    docs = docs[fd.index.present[docs]]
    months = fd.index.dates.months[docs]
    dated = months[months >= 0]
    timeline: list[tuple[str, int]] = []
    if len(dated):
        counts = np.bincount(dated - dated.min())
        timeline = [(_month(int(dated.min()) + i), int(n)) for i, n in enumerate(counts)]
    mask = np.zeros(fd.index.n_docs, dtype=bool)
    mask[docs] = True
    companions: list[Companion] = []
    for name_ in ("place", "actor"):
        values, counts = fd.index.facets[name_].ranked(mask)
        keep = values != entity_id if name_ == facet else np.ones(len(values), dtype=bool)
        values, counts = values[keep][:TOP], counts[keep][:TOP]
        labelled = fd.labelled(name_, values, counts)
        companions += [Companion(label, name_, n) for label, n in labelled]
    companions.sort(key=lambda c: -c.articles)
    own = fd.labelled(facet, np.array([entity_id]), np.array([0]))[0][0]
    return Story(
        entity_id, name, kind, facet, own, len(docs), timeline, int((months < 0).sum()),
        companions[:TOP],
    )  # fmt: skip


def month_range(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a "YYYY-MM" month (a click on a bar)."""
    import calendar

    year, mon = (int(x) for x in month.split("-"))
    return dt.date(year, mon, 1), dt.date(year, mon, calendar.monthrange(year, mon)[1])
