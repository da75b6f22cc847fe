"""From a facet value to its articles in microseconds: the (document, value) pairs of each
facet sorted by value once per state of the library (for name lists and entity stories,
which ask for hundreds of values at a time)."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from .querying import FacetData

if TYPE_CHECKING:
    import numpy.typing as npt

IdArray: TypeAlias = "npt.NDArray[np.int64]"


class _ByValue:
    def __init__(self, fd: FacetData) -> None:
        self.docs: dict[str, IdArray] = {}
        self.starts: dict[str, IdArray] = {}
        for name, facet in fd.index.facets.items():
            order = np.argsort(facet.value_ids, kind="stable")
            self.docs[name] = facet.doc_ids[order]
            values = facet.value_ids[order]
            self.starts[name] = np.searchsorted(values, np.arange(facet.n_values + 1))


_CACHE: weakref.WeakKeyDictionary[FacetData, _ByValue] = weakref.WeakKeyDictionary()


def docs_of(fd: FacetData, facet: str, value_ids: list[int] | tuple[int, ...]) -> IdArray:
    """The distinct articles that have any of these values of a facet, sorted."""
    index = _CACHE.get(fd)
    if index is None:
        index = _CACHE[fd] = _ByValue(fd)
    starts, docs = index.starts[facet], index.docs[facet]
    parts = [docs[starts[v] : starts[v + 1]] for v in value_ids if 0 <= v < len(starts) - 1]
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(parts))
