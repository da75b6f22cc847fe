"""Full-text search behind a small interface: index, queries, facets, snippets.

Two engines implement :class:`SearchIndex`: Whoosh (pure Python, the default)
and Tantivy (Rust); the engine is chosen per index folder (:func:`open_index`).
Queries are parsed by Whoosh's query parser in both. Nothing of SQLAlchemy or Qt.
"""

from whoosh.query import Query

from .engines import ENGINES, available_engines, default_engine, open_index, remembered_engine
from .facets import FacetFilters, FacetIndex
from .index import SearchIndex, Snippet
from .query import QueryError
from .schema import IndexDoc

#: A parsed query, opaque outside this package.
ParsedQuery = Query

__all__ = [
    "ENGINES",
    "FacetFilters",
    "FacetIndex",
    "IndexDoc",
    "ParsedQuery",
    "QueryError",
    "SearchIndex",
    "Snippet",
    "available_engines",
    "default_engine",
    "open_index",
    "remembered_engine",
]
