"""Full-text search behind a small interface: index, queries, facets, snippets.

Knows Whoosh and plain data classes; nothing of SQLAlchemy or Qt.
"""

from .facets import FacetFilters, FacetIndex
from .index import SearchIndex, Snippet
from .query import QueryError
from .schema import IndexDoc

__all__ = ["FacetFilters", "FacetIndex", "IndexDoc", "QueryError", "SearchIndex", "Snippet"]
