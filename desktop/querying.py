"""Search state as a value, results as plain data, and facet arrays built from the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import field, replace
from typing import Any, Literal

import numpy as np

from search import FacetIndex
from search.facets import IdArray
from search.frozen import frozen

from . import mark_reads
from .facets import FACET_BY_NAME, FACET_NAMES, FACETS, Facet, split_kind
from .reads import Reads

__all__ = ["FACET_NAMES", "FacetData", "Hit", "SearchRequest", "SearchResult", "split_kind"]

Sort = Literal["relevance", "date", "oldest"]
SORTS: tuple[Sort, ...] = ("relevance", "date", "oldest")


@frozen
class SearchRequest:
    """Everything that defines a search: query text, facet selections, date range, sort, page."""

    query: str = ""
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()  # "starred", "noted", "quoted"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated: bool = False
    sort: Sort = "relevance"
    limit: int = 20
    offset: int = 0
    collapse: bool = False  # one row per group of versions (desktop/versions.py)
    #: the values of each facet to name, most documents first (None: every one); a script's
    #: page of 50 need not have the library's thousands of names read for each search
    facet_limit: int | None = None

    def selected(self, facet: str) -> tuple[str, ...]:
        """The values selected in a facet."""
        return tuple(getattr(self, FACET_BY_NAME[facet].request_field))

    def with_selected(self, facet: str, values: tuple[str, ...]) -> SearchRequest:
        """The request with a facet's selection replaced."""
        changes: dict[str, Any] = {FACET_BY_NAME[facet].request_field: tuple(values)}
        return replace(self, **changes)

    def selections(self) -> dict[str, tuple[str, ...]]:
        """Facet name -> selected values."""
        return {f.name: self.selected(f.name) for f in FACETS}


@frozen
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
    #: the reporter's marks and the article's versions (desktop/workbench_rows.py)
    starred: bool = False
    tags: tuple[str, ...] = ()
    versions: int = 1

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
            "starred": self.starred,
            "tags": list(self.tags),
            "versions": self.versions,
        }


@frozen
class SearchResult:
    """Every matching id in order, the first page of hits, and facet counts over them all."""

    total: int
    library_total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    unknown: dict[str, list[str]] = field(default_factory=dict)  # values that name nothing
    ids: IdArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    notes: tuple[str, ...] = ()  # what the user should know about how it was searched
    #: facet -> selected value -> the names of what it selected (a renamed or merged value
    #: selects its new name; an ignored one nothing)
    resolved: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The ``search --json`` shape documented in the README."""
        return {
            "total": self.total,
            "library_total": self.library_total,
            "hits": [h.to_json() for h in self.hits],
            "facets": {k: [[v, n] for v, n in vals] for k, vals in self.facets.items()},
            "notes": list(self.notes),
        }


class FacetData:
    """Facet arrays plus the names of their values, built from the store in one pass."""

    def __init__(self, store: Reads | Any) -> None:
        """``store``: the library's :class:`~desktop.reads.Reads` (or an open ORM session)."""
        reads: Reads = store if hasattr(store, "facet_pairs") else _session_reads(store)
        max_id = reads.max_document_id()
        # id, source (-1: none), proleptic ordinal of the date (0: undated), read the same way;
        # an article in the trash is found by nothing
        docs = reads.facet_documents()
        present, source_ids, ordinals = docs[:, 0], docs[:, 1], docs[:, 2]
        has_source = source_ids >= 0
        # Millions of (document, entity) pairs at 100k articles: the database joins and lists
        # them in C (without the GIL) and numpy parses them, no Python object per row (through
        # ORM rows this took 3.5 s of GIL-holding work after every import commit).
        pairs = {
            f.name: reads.facet_pairs(f.kinds)
            if f.is_entity
            else mark_reads.pairs(reads, f)
            if f.is_mark
            else np.column_stack((present[has_source], source_ids[has_source]))
            for f in FACETS
        }
        self.index = FacetIndex(max_id + 1, present, pairs, (present, ordinals))
        # value id -> label, as arrays indexed by id (see labelled)
        self._labels = {f.name: _labels(reads, f) for f in FACETS}
        self.library_total = len(present)
        #: group of versions per document id, -1 for none (desktop/versions_collapse.py)
        self.groups = mark_reads.group_array(reads, max_id + 1)

    def labelled(self, facet: str, values: IdArray, counts: IdArray) -> list[tuple[str, int]]:
        """(label, documents) for ranked value ids, looked up in bulk (a whole library's
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


def _session_reads(session: Any) -> Reads:
    from .orm_reads import OrmReads

    return OrmReads.of_session(session)


def _labels(reads: Reads, facet: Facet) -> np.ndarray:
    """Labels indexed by value id (``None`` where an id has none). A name that several
    kinds of entity share says its kind: "Welsh (person)", "Welsh (organization)"."""
    if facet.is_entity:
        rows = reads.entity_labels(facet.kinds)
        kinds_of: dict[str, set[str]] = {}
        for _, name, kind in rows:
            kinds_of.setdefault(name, set()).add(kind)
        names = {int(i): f"{n} ({k})" if len(kinds_of[n]) > 1 else str(n) for i, n, k in rows}
    elif facet.is_mark:
        names = mark_reads.labels(reads, facet)
    else:
        names = {int(i): str(n) for i, n in reads.source_labels()}
    table = np.full(max(names, default=-1) + 1, None, dtype=object)
    if names:
        table[np.fromiter(names, dtype=np.int64, count=len(names))] = list(names.values())
    return table
