"""The facet arrays kept on disk between processes, so a ``search`` command reads them.

Every search counts its results by place, actor and outlet, from arrays built out of the
whole store: at 23,000 articles that is 0.9 s of SQL and numpy (0.8-1.0 s at 100,000), which
a ``sourcedesk search`` process did on every run and a window before its first answer
(2.4 s at 100,000 before the facet pairs' reading was sped up). Here the arrays are saved
beside the database (``facets.cache``) and a later process, a command or a window, loads
them in milliseconds. A process that writes builds them anew after its own commits, as
before, and saves them once built.

The file is only ever used for the exact state of the store it was built from: its key is
the size and modification time of the database and its write-ahead log (every commit, of
any process, changes one of them) and the searcher's generation of the store. The stats
are taken *before* the arrays are read, so a commit that lands meanwhile only makes the
file stale for everyone (a miss), never wrong. It is raw arrays behind a JSON header, read
without pickle (a library folder may come from someone else), mapped into memory rather
than copied; any damage is a miss: the arrays are rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from search import FacetIndex
from search.facets import DateFacet, ValueFacet

from .querying import FacetData

#: The file's name, beside ``library.sqlite``.
CACHE_NAME = "facets.cache"

#: Changed whenever what is saved changes: a file of another layout is a miss (2: with the
#: groups of versions, which layout 1 lacked: ``search --collapse`` failed on its file).
LAYOUT = 2


class FacetCache:
    """The facet file of one library: ``load`` for a state of the store, ``save`` it."""

    def __init__(self, db_path: Path, writable: bool) -> None:
        self.db_path = Path(db_path)
        self.path = self.db_path.with_name(CACHE_NAME)
        self.writable = writable

    def stamp(self) -> tuple[int, ...]:
        """The store's files as they are now (taken before reading the store)."""
        return store_stamp(self.db_path)

    def load(self, stamp: tuple[int, ...], generation: tuple[int, ...]) -> FacetData | None:
        """The arrays saved for this state, or None."""
        return load(self.path, stamp, generation)

    def save(self, stamp: tuple[int, ...], generation: tuple[int, ...], fd: FacetData) -> None:
        """Keep the arrays for the next process (not in a library we must not write to)."""
        if self.writable:
            save(self.path, stamp, generation, fd)
            with contextlib.suppress(OSError):  # readable by whoever reads the database
                os.chmod(self.path, self.db_path.stat().st_mode & 0o666)


def store_stamp(db_path: Path) -> tuple[int, ...]:
    """Size and modification time of the database and its write-ahead log (an empty or
    absent log counts the same: SQLite removes it when the last connection closes)."""
    out: list[int] = []
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        try:
            st = path.stat()
        except OSError:
            out += [0, 0]
            continue
        # an empty log (every reader creates one) holds nothing: its time says nothing
        out += [st.st_size, st.st_mtime_ns if st.st_size else 0]
    return tuple(out)


def _key(stamp: tuple[int, ...], generation: tuple[int, ...]) -> list[int]:
    return [LAYOUT, *stamp, -2, *generation]


def load(path: Path, stamp: tuple[int, ...], generation: tuple[int, ...]) -> FacetData | None:
    """The facet arrays saved for exactly this state of the store, or None."""
    try:
        with open(path, "rb") as f:
            head_len = int.from_bytes(f.read(8), "little")
            if not 0 < head_len < 1 << 20:
                return None
            head = json.loads(f.read(head_len))
            if head.get("key") != _key(stamp, generation):
                return None
            # mapped, not read: the pages a search touches are read, once, by the kernel
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        data_start = -(-(8 + head_len) // 64) * 64
        arrays = {
            name: np.frombuffer(data, np.dtype(dtype), count, data_start + offset)
            for name, (dtype, count, offset) in head["arrays"].items()
        }
        return _restore(arrays, head)
    except Exception:  # absent, damaged, another layout: rebuilt from the store
        return None


def save(path: Path, stamp: tuple[int, ...], generation: tuple[int, ...], fd: FacetData) -> None:
    """Keep ``fd`` for the next process (atomically; a library we cannot write to keeps none)."""
    arrays, extra = _parts(fd)
    table: dict[str, tuple[str, int, int]] = {}  # name -> dtype, count, offset in the data
    offset = 0
    for name, arr in arrays.items():
        table[name] = (arr.dtype.str, int(arr.size), offset)
        offset += -(-arr.nbytes // 64) * 64  # each array aligned for numpy
    head = json.dumps({"key": _key(stamp, generation), "arrays": table, **extra}).encode()
    data_start = -(-(8 + len(head)) // 64) * 64
    import tempfile  # (only a process that builds the arrays writes them)

    _remove_abandoned(path.parent)
    tmp = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=".facets-", suffix=".tmp", delete=False
        ) as out:
            tmp = out.name
            out.write(len(head).to_bytes(8, "little") + head)
            for name, arr in arrays.items():
                out.seek(data_start + table[name][2])
                out.write(np.ascontiguousarray(arr).tobytes())
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # a cache: the next process builds the arrays itself
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


#: A half-written facet file older than this was abandoned: its process was killed while
#: saving (a save takes well under a second, even at 100,000 articles).
ABANDONED_S = 600


def _remove_abandoned(folder: Path) -> None:
    """Remove the half-written facet files that killed processes left in ``folder`` (a
    100,000-article library's is 17 MB; a save in progress is younger than any of them)."""
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".facets-") and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > ABANDONED_S:
                        os.unlink(entry.path)


def _parts(fd: FacetData) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    ix = fd.index
    out: dict[str, np.ndarray] = {
        "present": ix.present,
        "ordinals": ix.dates.ordinals,
        "months": ix.dates.months,
        "groups": fd.groups,
    }
    for name, facet in ix.facets.items():
        out[f"docs.{name}"] = facet.doc_ids
        out[f"values.{name}"] = facet.value_ids
    for name, table in fd._labels.items():
        if isinstance(table, _Labels):  # loaded from a file: kept as they were read
            out[f"label_ids.{name}"] = table.ids
            out[f"label_ends.{name}"] = table.ends
            out[f"label_text.{name}"] = table.text
            continue
        ids = np.array([i for i, v in enumerate(table) if v is not None], dtype=np.int64)
        encoded = [str(table[i]).encode("utf-8", "surrogatepass") for i in ids]
        out[f"label_ids.{name}"] = ids
        out[f"label_ends.{name}"] = np.cumsum([len(b) for b in encoded], dtype=np.int64)
        out[f"label_text.{name}"] = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    extra = {
        "total": fd.library_total,
        "facets": {name: f.n_values for name, f in ix.facets.items()},
    }
    return out, extra


def _restore(a: dict[str, np.ndarray], head: dict[str, Any]) -> FacetData:
    present = a["present"]
    n_docs = len(present)
    ix = FacetIndex.__new__(FacetIndex)
    ix.n_docs = n_docs
    ix.present = present
    ix.facets = {}
    for name, n_values in head["facets"].items():
        vf = ValueFacet.__new__(ValueFacet)
        vf.doc_ids, vf.value_ids, vf.n_docs = a[f"docs.{name}"], a[f"values.{name}"], n_docs
        vf.n_values = int(n_values)
        ix.facets[name] = vf
    dates = DateFacet.__new__(DateFacet)
    dates.ordinals, dates.months = a["ordinals"], a["months"]
    ix.dates = dates
    fd = FacetData.__new__(FacetData)
    fd.index = ix
    fd.library_total = int(head["total"])
    fd.groups = a["groups"]
    fd._labels = {
        name: _Labels(a[f"label_ids.{name}"], a[f"label_ends.{name}"], a[f"label_text.{name}"])  # type: ignore[misc]
        for name in head["facets"]
    }
    return fd


class _Labels:
    """A facet's labels as :class:`FacetData` indexes them (by an array of value ids), made
    into strings only for the values a search shows (a library has 100,000 names); from
    its second search on, a process (a window) has them all made once, as a table: a
    100,000-article library's whole view labels 55,000 values, ~25 ms each time."""

    def __init__(self, ids: np.ndarray, ends: np.ndarray, text: np.ndarray) -> None:
        self.ids = ids  # ascending: saved from a table indexed by id
        self.ends = ends
        self.starts = np.concatenate((np.zeros(1, dtype=np.int64), ends[:-1]))
        self.text = text  # UTF-8, every label one after the other
        self._asked = 0
        self._table: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.ids[-1]) + 1 if len(self.ids) else 0

    def __getitem__(self, values: np.ndarray) -> np.ndarray:
        if self._table is None:
            self._asked += 1
            if self._asked > 1:  # made whole before another thread can see it
                whole = np.full(len(self), None, dtype=object)
                whole[self.ids] = self._made(self.ids)
                self._table = whole
        table = self._table
        return self._made(values) if table is None else table[values]

    def _made(self, values: np.ndarray) -> np.ndarray:
        out = np.full(len(values), None, dtype=object)
        if not len(self.ids):
            return out
        pos = np.minimum(np.searchsorted(self.ids, values), len(self.ids) - 1)
        found = self.ids[pos] == values
        at = pos[found]
        text = self.text.tobytes() if len(at) > 64 else self.text
        spans = zip(self.starts[at].tolist(), self.ends[at].tolist(), strict=True)
        out[found] = [bytes(text[s:e]).decode("utf-8", "surrogatepass") for s, e in spans]
        return out
