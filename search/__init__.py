"""Full-text search behind a small interface: index, queries, facets, snippets.

Knows Whoosh and plain data classes; nothing of SQLAlchemy or Qt.
"""

from whoosh.query import Query

from .facets import FacetFilters, FacetIndex
from .index import SearchIndex, Snippet
from .query import QueryError
from .schema import IndexDoc

#: A parsed query, opaque outside this package.
ParsedQuery = Query

__all__ = [
    "FacetFilters",
    "FacetIndex",
    "IndexDoc",
    "ParsedQuery",
    "QueryError",
    "SearchIndex",
    "Snippet",
]
