"""Full-text search behind a small interface: our query language, index, facets, snippets.

Queries are parsed into our own tree (:mod:`search.query`) and evaluated by an engine:
Whoosh (pure Python, the default) or Tantivy (Rust), chosen per index folder
(:func:`open_index`). Nothing of SQLAlchemy or Qt.
"""

from . import whoosh_lean  # noqa: F401  (first: Whoosh without urllib and asyncio)
from .engines import ENGINES, available_engines, default_engine, open_index, remembered_engine
from .facets import FacetFilters, FacetIndex
from .highlight import Snippet, hit_spans, snippet
from .index import SearchIndex
from .query import Query, QueryError, parse
from .schema import IndexDoc

__all__ = [
    "ENGINES",
    "FacetFilters",
    "FacetIndex",
    "IndexDoc",
    "Query",
    "QueryError",
    "SearchIndex",
    "Snippet",
    "available_engines",
    "default_engine",
    "hit_spans",
    "open_index",
    "parse",
    "remembered_engine",
    "snippet",
]
