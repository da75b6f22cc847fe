"""Search state as a value, results as plain data, and facet arrays built from the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from search import FacetIndex
from search.facets import IdArray

from .store.db import int_table
from .store.models import ACTOR_KINDS, Document, Entity, Source

Sort = Literal["relevance", "date", "oldest"]
FACETS = ("place", "actor", "source")


@dataclass(frozen=True)
class SearchRequest:
    """Everything that defines a search: query text, facet selections, date range, sort, page."""

    query: str = ""
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated: bool = False
    sort: Sort = "relevance"
    limit: int = 20
    offset: int = 0

    def selections(self) -> dict[str, tuple[str, ...]]:
        """Facet name -> selected values."""
        return {"place": self.places, "actor": self.actors, "source": self.sources}


@dataclass(frozen=True)
class Hit:
    """One result row."""

    id: int
    filename: str
    title: str
    source: str | None
    published: dt.date | None
    snippet: str
    snippet_hits: list[tuple[int, int]]
    score: float

    def to_json(self) -> dict[str, object]:
        """The ``search --json`` hit shape."""
        return {
            "id": self.id,
            "filename": self.filename,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "snippet": self.snippet,
            "snippet_hits": [list(h) for h in self.snippet_hits],
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class SearchResult:
    """The page of hits, the total, and facet counts over the whole result set."""

    total: int
    library_total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    unknown: dict[str, list[str]] = field(default_factory=dict)  # facet values that name nothing

    def to_json(self) -> dict[str, object]:
        """The ``search --json`` shape documented in the README."""
        return {
            "total": self.total,
            "library_total": self.library_total,
            "hits": [h.to_json() for h in self.hits],
            "facets": {k: [[v, n] for v, n in vals] for k, vals in self.facets.items()},
        }


class FacetData:
    """Facet arrays plus the names of their values, built from the store in one pass."""

    def __init__(self, session: Session) -> None:
        max_id = session.scalar(select(func.max(Document.id))) or 0
        # id, source (-1: none), proleptic ordinal of the date (0: undated), read the same way
        docs = int_table(
            session,
            "SELECT group_concat(id || ',' || COALESCE(source_id, -1) || ',' || "
            "COALESCE(CAST(julianday(published) - 1721424.5 AS INTEGER), 0)) FROM documents",
            3,
        )
        present, source_ids, ordinals = docs[:, 0], docs[:, 1], docs[:, 2]
        # Millions of (document, entity) pairs at 100k articles: SQLite joins and lists them
        # in C (without the GIL) and numpy parses them, no Python object per row (through
        # ORM rows this took 3.5 s of GIL-holding work after every import commit).
        places = _pairs(session, ("place",))
        actors = _pairs(session, ACTOR_KINDS)
        has_source = source_ids >= 0
        sources = np.column_stack((present[has_source], source_ids[has_source]))
        self.index = FacetIndex(
            max_id + 1,
            present,
            {"place": places, "actor": actors, "source": sources},
            (present, ordinals),
        )
        entity_names = select(Entity.id, Entity.name)
        # value id -> name, as arrays indexed by id (see labelled)
        self._labels = {
            "place": _labels(session, entity_names.where(Entity.kind == "place")),
            "actor": _labels(session, entity_names.where(Entity.kind.in_(ACTOR_KINDS))),
            "source": _labels(session, select(Source.id, Source.name)),
        }
        self.library_total = len(present)

    def labelled(self, facet: str, values: IdArray, counts: IdArray) -> list[tuple[str, int]]:
        """(name, documents) for ranked value ids, looked up in bulk (a whole library's
        entities are tens of thousands of values)."""
        table = self._labels[facet]
        names = np.full(len(values), None, dtype=object)
        inside = values < len(table)
        names[inside] = table[values[inside]]
        labels = names.tolist()
        if None in labels:
            ids = values.tolist()
            labels = [n if n is not None else f"#{v}" for n, v in zip(labels, ids, strict=True)]
        return list(zip(labels, counts.tolist(), strict=True))


def _pairs(session: Session, kinds: tuple[str, ...] | frozenset[str]) -> np.ndarray:
    """Distinct (document id, entity id) pairs of the entities of ``kinds`` not ignored."""
    wanted = ",".join(f"'{k}'" for k in sorted(kinds) if k.isalpha())  # our own constants
    return int_table(
        session,
        "SELECT group_concat(pair) FROM (SELECT DISTINCT m.document_id || ',' || "
        "m.entity_id AS pair FROM mentions m JOIN entities e ON e.id = m.entity_id "
        f"WHERE e.ignored = 0 AND e.kind IN ({wanted}))",
        2,
    )


def _labels(session: Session, query: Select[tuple[int, str]]) -> np.ndarray:
    """Names indexed by id (``None`` where an id has none)."""
    names = {int(i): str(n) for i, n in session.execute(query)}
    table = np.full(max(names, default=-1) + 1, None, dtype=object)
    if names:
        table[np.fromiter(names, dtype=np.int64, count=len(names))] = list(names.values())
    return table
