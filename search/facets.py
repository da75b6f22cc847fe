"""Facet counts over whole result sets, from per-document value arrays (numpy).

Whoosh's ``groupedby`` measured ~25x slower than counting here: each facet is a
CSR-style pair of arrays (document id -> value ids) and a result set is a
boolean mask over document ids, so a count is one gather and one ``bincount``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from .frozen import frozen

if TYPE_CHECKING:
    import numpy.typing as npt

IdArray: TypeAlias = "npt.NDArray[np.int64]"
Mask: TypeAlias = "npt.NDArray[np.bool_]"

UNDATED = "undated"


@frozen
class FacetFilters:
    """Selected facet values: OR within a facet, AND across facets, plus a date range."""

    values: Mapping[str, frozenset[int]] = field(default_factory=dict)  # facet -> value ids
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated_only: bool = False


class ValueFacet:
    """One multi-valued facet (place, actor, source): document id -> value ids."""

    def __init__(self, n_docs: int, pairs: Iterable[tuple[int, int]] | np.ndarray) -> None:
        if isinstance(pairs, np.ndarray):  # already distinct (n, 2) pairs, from SQL
            arr = pairs.astype(np.int64, copy=False).reshape(-1, 2)
        else:
            arr = np.fromiter((x for pair in pairs for x in pair), dtype=np.int64).reshape(-1, 2)
            arr = np.unique(arr, axis=0) if len(arr) else arr
        self.doc_ids: IdArray = arr[:, 0].copy()
        self.value_ids: IdArray = arr[:, 1].copy()
        self.n_docs = n_docs
        self.n_values = int(self.value_ids.max()) + 1 if len(self.value_ids) else 0

    def counts(self, mask: Mask) -> list[tuple[int, int]]:
        """(value id, documents) for documents in ``mask``, most frequent first."""
        values, counts = self.ranked(mask)
        return list(zip(values.tolist(), counts.tolist(), strict=True))

    def ranked(self, mask: Mask) -> tuple[IdArray, IdArray]:
        """:meth:`counts` as two arrays (value ids, documents), without Python objects."""
        empty = np.zeros(0, dtype=np.int64)
        if not len(self.doc_ids):
            return empty, empty
        hit = self.value_ids[mask[self.doc_ids]]
        if not len(hit):
            return empty, empty
        counts = np.bincount(hit, minlength=self.n_values)
        nz = np.flatnonzero(counts)
        values = nz[np.lexsort((nz, -counts[nz]))]
        return values, counts[values]

    def any_mask(self) -> Mask:
        """Documents with at least one value."""
        mask = np.zeros(self.n_docs, dtype=bool)
        mask[self.doc_ids] = True
        return mask

    def mask_for(self, value_ids: Iterable[int]) -> Mask:
        """Documents that have any of ``value_ids``."""
        mask = np.zeros(self.n_docs, dtype=bool)
        wanted = np.fromiter(value_ids, dtype=np.int64)
        wanted = wanted[(wanted >= 0) & (wanted < self.n_values)]
        if len(wanted) and len(self.doc_ids):
            # a table lookup, not np.isin: one pass, and isin's np.unique imports numpy.ma
            # (7 ms of a search process)
            table = np.zeros(self.n_values, dtype=bool)
            table[wanted] = True
            mask[self.doc_ids[table[self.value_ids]]] = True
        return mask


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class DateFacet:
    """Publication date per document id (0 = undated), counted by month."""

    def __init__(
        self, n_docs: int, dates: Iterable[tuple[int, dt.date | None]] | tuple[IdArray, IdArray]
    ) -> None:
        self.ordinals: IdArray = np.zeros(n_docs, dtype=np.int64)
        self.months: IdArray = np.full(n_docs, -1, dtype=np.int64)
        if isinstance(dates, tuple) and len(dates) == 2 and isinstance(dates[0], np.ndarray):
            # (document ids, proleptic ordinals, 0 = undated): no Python object per document
            ids, ordinals = dates
            dated = ordinals > 0
            ids, ordinals = ids[dated], ordinals[dated]
            self.ordinals[ids] = ordinals
            days = (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]")
            self.months[ids] = days.astype("datetime64[M]").astype(np.int64) + 1970 * 12
            return
        for doc_id, day in dates:
            if day is not None:
                self.ordinals[doc_id] = day.toordinal()
                self.months[doc_id] = day.year * 12 + day.month - 1

    def mask_for(self, date_from: dt.date | None, date_to: dt.date | None) -> Mask:
        """Dated documents within the inclusive range."""
        mask = self.ordinals > 0
        if date_from is not None:
            mask &= self.ordinals >= date_from.toordinal()
        if date_to is not None:
            mask &= self.ordinals <= date_to.toordinal()
        return mask

    def undated_mask(self) -> Mask:
        """Documents without a publication date."""
        return self.ordinals == 0

    def counts(self, mask: Mask, present: Mask) -> list[tuple[str, int]]:
        """("YYYY-MM", n) in time order, then ("undated", n) if any."""
        months = self.months[mask & present]
        out: list[tuple[str, int]] = []
        dated = months[months >= 0]
        if len(dated):
            values, counts = np.unique(dated, return_counts=True)
            out = [
                (f"{v // 12:04d}-{v % 12 + 1:02d}", int(c))
                for v, c in zip(values, counts, strict=True)
            ]
        undated = int((months < 0).sum())
        if undated:
            out.append((UNDATED, undated))
        return out


class FacetIndex:
    """All facets of a library, keyed by dense document ids ``0..n_docs-1``."""

    def __init__(
        self,
        n_docs: int,
        present: Sequence[int] | IdArray,
        values: Mapping[str, Iterable[tuple[int, int]] | np.ndarray],
        dates: Iterable[tuple[int, dt.date | None]] | tuple[IdArray, IdArray],
    ) -> None:
        self.n_docs = n_docs
        self.present: Mask = np.zeros(n_docs, dtype=bool)
        self.present[np.asarray(present, dtype=np.int64)] = True
        self.facets = {name: ValueFacet(n_docs, pairs) for name, pairs in values.items()}
        self.dates = DateFacet(n_docs, dates)

    def mask_of(self, doc_ids: IdArray | None) -> Mask:
        """A mask of the given ids (``None``: every document in the library)."""
        if doc_ids is None:
            return self.present.copy()
        mask = np.zeros(self.n_docs, dtype=bool)
        ids = doc_ids[(doc_ids >= 0) & (doc_ids < self.n_docs)]
        mask[ids] = True
        return mask & self.present

    def filter_masks(self, filters: FacetFilters) -> dict[str, Mask]:
        """One mask per active filter ("date" for the date range)."""
        masks = {
            name: self.facets[name].mask_for(ids)
            for name, ids in filters.values.items()
            if ids and name in self.facets
        }
        if filters.undated_only:
            masks["date"] = self.dates.undated_mask()
        elif filters.date_from is not None or filters.date_to is not None:
            masks["date"] = self.dates.mask_for(filters.date_from, filters.date_to)
        return masks

    def apply(self, base: Mask, masks: Mapping[str, Mask], skip: str | None = None) -> Mask:
        """``base`` narrowed by every filter mask except ``skip``'s."""
        out = base.copy()
        for name, mask in masks.items():
            if name != skip:
                out &= mask
        return out

    def count_all(self, base: Mask, masks: Mapping[str, Mask]) -> dict[str, list]:
        """Counts per facet; a facet ignores its own filter so its other values stay choosable."""
        ranked, dates = self.rank_all(base, masks)
        result: dict[str, list] = {
            name: list(zip(values.tolist(), counts.tolist(), strict=True))
            for name, (values, counts) in ranked.items()
        }
        result["date"] = dates
        return result

    def rank_all(
        self, base: Mask, masks: Mapping[str, Mask]
    ) -> tuple[dict[str, tuple[IdArray, IdArray]], list[tuple[str, int]]]:
        """:meth:`count_all` with each value facet as arrays (value ids, documents)."""
        ranked = {
            name: facet.ranked(self.apply(base, masks, skip=name))
            for name, facet in self.facets.items()
        }
        return ranked, self.dates.counts(self.apply(base, masks, skip="date"), self.present)
