"""Facet arrays that grow with a server library instead of being read again.

Every client keeps the facet arrays of the whole library (:class:`~desktop.querying.
FacetData`) and must see every commit of every other client. Before, each commit meant
reading them all again: during an import every search of every client re-read 100,000
articles' rows (docs/server.md). Most commits only add articles, so the change count says
more (revision 0010, :mod:`.schema`): ``appended`` counts the articles ever inserted,
``reshaped`` every other change a search sees (an edit, the trash, entities, curation). A
client whose arrays are behind only by new articles reads the rows of the articles after
the last one it has, in the same snapshot as the count, and appends them; anything else
(or rows that do not add up to the count) reads everything again, as before.

The small parts are read again each time: outlets' names (an import may add an outlet),
the workbench's marks and the groups of versions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from search import FacetIndex

from .. import mark_reads
from ..facets import FACETS
from ..querying import FacetData, _labels

if TYPE_CHECKING:
    from ..reads import Reads

#: dialect.generation's row on a server: (changes, articles ever inserted, other changes)
_COUNTED = 3


def _rows(reads: Reads, sql: str, params: list[object], columns: int) -> np.ndarray:
    """A few rows of integers (the articles added since the last search) as an array."""
    rows = reads.rows(sql, params)
    if not rows:
        return np.zeros((0, columns), dtype=np.int64)
    return np.array(rows, dtype=np.int64).reshape(-1, columns)


def only_appended(before: tuple[int, ...], now: tuple[int, ...]) -> int | None:
    """How many articles were added between two change counts when nothing else changed,
    else None."""
    if len(before) != _COUNTED or len(now) != _COUNTED:
        return None
    (_, added_before, reshaped_before), (_, added_now, reshaped_now) = before, now
    if reshaped_now != reshaped_before or added_now < added_before:
        return None
    return added_now - added_before


def grown(
    reads: Reads, old: FacetData, before: tuple[int, ...], now: tuple[int, ...]
) -> FacetData | None:
    """``old`` with the articles added since ``before`` appended (called inside the snapshot
    that read ``now``), or None when the library changed otherwise: read it all again."""
    added = only_appended(before, now)
    if added is None:
        return None
    present_before = np.flatnonzero(old.index.present)
    last = int(old.index.n_docs - 1)
    # every article after the last one known, the trash too: they must be the added ones
    docs = _rows(
        reads,
        "SELECT id, COALESCE(source_id, -1), "
        "COALESCE(published - DATE '1970-01-01' + 719163, 0), "
        "CASE WHEN trashed_at IS NULL THEN 0 ELSE 1 END FROM documents WHERE id > ?",
        [last],
        4,
    )
    if len(docs) != added:  # not (only) what was counted: no guessing
        return None
    docs = docs[docs[:, 3] == 0]
    entity_pairs = {
        f.name: _rows(
            reads,
            "SELECT DISTINCT m.document_id, m.entity_id FROM mentions m "
            "JOIN entities e ON e.id = m.entity_id WHERE NOT e.ignored AND m.document_id > ? "
            f"AND e.kind IN ({','.join('?' * len(f.kinds))})",
            [last, *sorted(f.kinds)],
            2,
        )
        for f in FACETS
        if f.is_entity
    }
    max_id = max(last, int(docs[:, 0].max()) if len(docs) else last)
    ordinals_before = old.index.dates.ordinals[present_before]
    present = np.concatenate([present_before, docs[:, 0]])
    ordinals = np.concatenate([ordinals_before, docs[:, 2]])
    pairs = {}
    for f in FACETS:
        kept = old.index.facets[f.name]
        before_pairs = np.column_stack((kept.doc_ids, kept.value_ids))
        if f.is_entity:
            pairs[f.name] = np.concatenate([before_pairs, entity_pairs[f.name]])
        elif f.is_mark:
            pairs[f.name] = mark_reads.pairs(reads, f)
        else:
            new = docs[docs[:, 1] >= 0][:, :2]
            pairs[f.name] = np.concatenate([before_pairs, new])
    fd = FacetData.__new__(FacetData)
    fd.index = FacetIndex(max_id + 1, present, pairs, (present, ordinals))
    fd._labels = {  # noqa: SLF001 - the entity names cannot have changed (nothing reshaped)
        f.name: old._labels[f.name] if f.is_entity else _labels(reads, f)  # noqa: SLF001
        for f in FACETS
    }
    fd.library_total = len(present)
    fd.groups = mark_reads.group_array(reads, max_id + 1)
    return fd


__all__ = ["grown", "only_appended"]
