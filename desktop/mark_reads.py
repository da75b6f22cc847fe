"""The reporter's marks and the versions, as the read side sees them: facet pairs and
labels for ``tag:``, ``in:`` and ``is:``, what a typed value names, the version group of
every article and the marks of a page of result rows.

Read through :meth:`desktop.reads.Reads.rows` in plain SQL, so a ``search`` command reads
them without SQLAlchemy (the writes and the exports keep the ORM: desktop/workbench.py).
The tables are small (what one person marked), so one query each serves.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from search.frozen import frozen

from .facets import FACET_BY_NAME, FLAGS, Facet
from .lookup import NOTHING, Found, like_pattern
from .reads import Reads, int_array

if TYPE_CHECKING:
    import numpy.typing as npt

_CHUNK = 500  # ids per IN (...): well under every database's parameter limit


@frozen
class RowMarks:
    """What a result row shows beside the title: a star, tags, "5 versions"."""

    starred: bool = False
    tags: tuple[str, ...] = ()
    versions: int = 1


NO_ROW_MARKS = RowMarks()


def mark_key(name: str) -> str:
    """A tag's or collection's name folded for matching: case and runs of spaces."""
    return " ".join(name.split()).casefold()


def flag_id(flag: str) -> int:
    """The value id of an ``is:`` flag (1: starred, 2: noted, 3: quoted)."""
    return FLAGS.index(flag) + 1


def pairs(reads: Reads, facet: Facet) -> np.ndarray:
    """Distinct (document id, value id) pairs of a mark facet, as an (n, 2) array."""
    rows: list[tuple]
    if facet.store == "tags":
        rows = reads.rows("SELECT document_id, tag_id FROM document_tags")
    elif facet.store == "collections":
        rows = reads.rows("SELECT document_id, collection_id FROM collection_items")
    else:
        flagged = (
            ("starred", "SELECT document_id FROM stars"),
            ("noted", "SELECT document_id FROM notes WHERE text <> ''"),
            ("quoted", "SELECT DISTINCT document_id FROM quotes WHERE document_id IS NOT NULL"),
        )
        rows = [(d, flag_id(flag)) for flag, sql in flagged for (d,) in reads.rows(sql)]
    return int_array(rows, 2)


def labels(reads: Reads, facet: Facet) -> dict[int, str]:
    """Value id -> label of a mark facet."""
    if facet.store in ("tags", "collections"):
        return {int(i): str(n) for i, n in reads.rows(f"SELECT id, name FROM {facet.store}")}
    return {flag_id(f): f for f in FLAGS}


def resolve(reads: Reads, facet: str, value: str, pattern: bool) -> Found:
    """The tags, collections or flags a typed value names (``tag:ammo``, ``in:"Melitopol
    train"``, ``is:starred``); case and spaces do not matter, ``*`` and ``?`` are wildcards."""
    spec = FACET_BY_NAME[facet]
    if spec.store == "flags":
        key = mark_key(value)
        found = [f for f in FLAGS if f == key or (pattern and _like(f, value))]
        if pattern and value == "*":
            found = list(FLAGS)
        return Found(tuple(flag_id(f) for f in found), tuple(found)) if found else NOTHING
    sql = f"SELECT id, name FROM {spec.store}"  # our own constant: tags or collections
    if pattern and value.strip() != "*":
        like = like_pattern(value, mark_key)
        rows = reads.rows(sql + " WHERE key LIKE ? ESCAPE '\\' ORDER BY id", (like,))
    elif not pattern:
        rows = reads.rows(sql + " WHERE key = ? ORDER BY id", (mark_key(value),))
    else:
        rows = reads.rows(sql + " ORDER BY id")
    return Found(tuple(int(i) for i, _ in rows), tuple(str(n) for _, n in rows))


def group_array(reads: Reads, n_docs: int) -> npt.NDArray[np.int64]:
    """Group id per document id (-1: in no group of two or more; a version in the trash is
    no version)."""
    groups = np.full(n_docs, -1, dtype=np.int64)
    rows = reads.rows(
        "SELECT v.document_id, v.group_id FROM document_versions v "
        "JOIN documents d ON d.id = v.document_id WHERE d.trashed_at IS NULL"
    )
    if rows:
        arr = int_array(rows, 2)
        arr = arr[arr[:, 0] < n_docs]
        sizes = np.bincount(arr[:, 1])
        keep = sizes[arr[:, 1]] > 1
        groups[arr[keep, 0]] = arr[keep, 1]
    return groups


def row_marks(reads: Reads, ids: Sequence[int]) -> dict[int, RowMarks]:
    """Star, tags and version count of each article of a page that has any."""
    tags: dict[int, list[str]] = {}
    starred: set[int] = set()
    group_of: dict[int, int] = {}
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        for d, name in reads.rows(
            "SELECT dt.document_id, t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id"
            f" WHERE dt.document_id IN ({marks}) ORDER BY t.name",
            chunk,
        ):
            tags.setdefault(int(d), []).append(str(name))
        starred.update(
            int(d)
            for (d,) in reads.rows(
                f"SELECT document_id FROM stars WHERE document_id IN ({marks})", chunk
            )
        )
        group_of.update(
            (int(d), int(g))
            for d, g in reads.rows(
                "SELECT document_id, group_id FROM document_versions"
                f" WHERE document_id IN ({marks})",
                chunk,
            )
        )
    sizes: dict[int, int] = {}
    for chunk in _chunks(sorted(set(group_of.values()))):
        sizes.update(
            (int(g), int(n))
            for g, n in reads.rows(
                # from the groups' index, a trashed version looked up by its key: with a
                # join on documents SQLite walked every untrashed document (14 ms at 100k)
                "SELECT v.group_id, count(*) FROM document_versions v WHERE v.group_id IN"
                f" ({','.join('?' * len(chunk))}) AND NOT EXISTS (SELECT 1 FROM documents d"
                " WHERE d.id = v.document_id AND d.trashed_at IS NOT NULL) GROUP BY v.group_id",
                chunk,
            )
        )
    versions = {d: sizes[g] for d, g in group_of.items() if sizes.get(g, 0) > 1}
    return {
        d: RowMarks(d in starred, tuple(tags.get(d, ())), versions.get(d, 1))
        for d in set(tags) | starred | set(versions)
    }


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _like(name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(name, mark_key(pattern))


__all__ = [
    "NO_ROW_MARKS",
    "RowMarks",
    "flag_id",
    "group_array",
    "labels",
    "mark_key",
    "pairs",
    "resolve",
    "row_marks",
]
