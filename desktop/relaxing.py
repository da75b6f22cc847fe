"""When a search finds nothing: what to drop or change to find something, and how much.

Each relaxation is a request one step away from the user's (a filter dropped, the query
dropped, a quoted phrase as words, a bare name searched as a place or actor of any
spelling) with the number of articles it would find, the most useful first.
"""

from __future__ import annotations

from dataclasses import replace

from search.frozen import frozen
from search.query import Phrase, Term, leaves, parse, straight_quotes

from .facets import ACTOR_KINDS, FACET_BY_NAME, FACET_NAMES
from .querying import SearchRequest
from .searcher import Searcher

MAX_OFFERS = 4


@frozen
class Relaxation:
    """A nearby search: what changes (for a button), the request, and its total."""

    label: str
    request: SearchRequest
    total: int


def relaxations(searcher: Searcher, request: SearchRequest) -> list[Relaxation]:
    """The nearby searches that find something, the one finding most first."""
    base = replace(request, limit=0, offset=0)
    offers: list[tuple[str, SearchRequest]] = []
    for facet in FACET_NAMES:
        for value in base.selected(facet):
            kept = tuple(v for v in base.selected(facet) if v != value)
            offers.append(
                (f"without {FACET_BY_NAME[facet].label}: {value}", base.with_selected(facet, kept))
            )
    if base.undated or base.date_from or base.date_to:
        offers.append(("any date", replace(base, date_from=None, date_to=None, undated=False)))
    if base.query.strip() and offers:
        offers.append((f"without the words {base.query.strip()}", replace(base, query="")))
    offers += _query_offers(searcher, base)
    found: dict[SearchRequest, Relaxation] = {}
    for label, req in offers:
        if req in found or req == base:
            continue
        try:
            total = searcher.search(req).total
        except ValueError:  # a query that cannot be understood
            continue
        if total:
            found[req] = Relaxation(label, req, total)
    return sorted(found.values(), key=lambda r: -r.total)[:MAX_OFFERS]


def _query_offers(searcher: Searcher, base: SearchRequest) -> list[tuple[str, SearchRequest]]:
    text = straight_quotes(base.query.strip())  # “…” is a phrase as "…" is
    try:
        root = parse(text, FACET_NAMES).root
    except ValueError:
        return []
    out: list[tuple[str, SearchRequest]] = []
    if '"' in text:
        loose = text.replace('"', " ")
        out.append((f"the words of {text} anywhere", replace(base, query=loose)))
    words = [
        leaf for leaf in leaves(root) if isinstance(leaf, Term | Phrase) and leaf.field is None
    ]
    for leaf in words:
        written = leaf.word if isinstance(leaf, Term) else leaf.text
        for field, kinds in (("actor", ACTOR_KINDS), ("place", ("place",))):
            named = searcher.lookup.entities(kinds, written)
            if named.ids:
                query = text.replace(f'"{written}"', written, 1).replace(
                    written, f'{field}:"{written}"', 1
                )
                who = ", ".join(named.labels[:3])
                out.append((f"{field}:{written} ({who}, any spelling)", replace(base, query=query)))
                break
    return out
