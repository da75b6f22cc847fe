"""A quoted phrase on a server library: the stored text decides, read as little as possible.

A quoted phrase is literal (:meth:`search.query.Phrase.occurs_in`): its words as written,
in order, only separators between. PostgreSQL's phrase match (:func:`search.query.
phrase_candidates`) narrows the candidates to the articles with the words' stems next to
each other, and only those texts are read and checked here. Nearly every such candidate
holds the phrase, so the database's own case-insensitive ``ILIKE`` would drop almost none
of them at a higher price (measured at 100,000 articles: ~70 µs an article, more than
sending the text); the check is the same as a folder library's.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from search.facets import IdArray
from search.query import Phrase, literal_hits

from ..reads import Reads

_COLUMNS = ("title", "text")


def holding(reads: Reads, ids: IdArray, columns: Sequence[str], phrase: Phrase) -> IdArray:
    """Those of ``ids`` whose stored ``columns`` hold the phrase (sorted)."""
    cols = [c for c in columns if c in _COLUMNS]  # our own names, checked
    if not len(ids) or not cols:
        return np.zeros(0, dtype=np.int64)
    rows = reads.rows(
        f"SELECT id, {', '.join(cols)} FROM documents "
        "WHERE id = ANY(CAST(string_to_array(?, ',') AS integer[]))",
        [",".join(map(str, np.asarray(ids, dtype=np.int64).tolist()))],
    )
    return np.array(literal_hits(rows, phrase), dtype=np.int64)


__all__ = ["holding"]
