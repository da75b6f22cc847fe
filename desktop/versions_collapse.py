"""Versions in searches: one result row per group (the groups: desktop/mark_reads.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt


def collapse(
    ids: npt.NDArray[np.int64], groups: npt.NDArray[np.int64], ordinals: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """One row per group of versions: the earliest version the search found, at the place
    of the group's best-ranked version; ids in no group stay as they are."""
    if not len(ids):
        return ids
    inside = ids < len(groups)
    g = np.full(len(ids), -1, dtype=np.int64)
    g[inside] = groups[ids[inside]]
    key = np.where(g >= 0, g, -ids - 1)  # an article in no group is a group of its own
    _, first = np.unique(key, return_index=True)  # best-ranked position of each group
    known = ordinals[np.minimum(ids, len(ordinals) - 1)]
    day = np.where(known > 0, known, np.iinfo(np.int64).max)
    order = np.lexsort((ids, day, key))  # per group: earliest date, then lowest id
    keys_sorted = key[order]
    heads = order[np.concatenate(([True], keys_sorted[1:] != keys_sorted[:-1]))]
    head_of = dict(zip(key[heads].tolist(), ids[heads].tolist(), strict=True))
    firsts = np.sort(first)
    return np.array([head_of[k] for k in key[firsts].tolist()], dtype=np.int64)
