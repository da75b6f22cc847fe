"""Opening a library only to read it, without the ORM: what ``search``, ``show`` and
``export`` need, and nothing else.

``Library.open`` brings SQLAlchemy, the import pipeline and the curation code with it: a
quarter to half a second of a command that answers in a few milliseconds. A library that is
up to date (its schema is this version's) is read here through sqlite3 (the same
:class:`~desktop.searcher.Searcher`, over :class:`~desktop.sqlite_reads.SqliteReads`);
anything else (a new, older or damaged library, an index to throw away) returns None and
the caller opens it as a :class:`~desktop.library.Library`, which repairs or refuses it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from .facet_cache import FacetCache
from .searcher import Searcher
from .sqlite_reads import SqliteReads
from .store_version import ALEMBIC_ERA, HEAD_REVISION

DB_NAME = "library.sqlite"


class ReadingLibrary:
    """A library opened for reading: ``searcher``, ``index`` and ``reads``, then close."""

    def __init__(self, root: Path, reads: SqliteReads, index: Any) -> None:
        self.root = root
        self.reads = reads
        self.index = index
        self.searcher = Searcher(reads, index)
        # a process that never writes: the facet arrays of the last search are reused
        self.searcher.facet_cache = FacetCache(reads.db_path, writable=not reads.read_only)
        self.read_only = reads.read_only

    def close(self) -> None:
        """Release the index and the database."""
        self.index.close()
        self.reads.close()

    def __enter__(self) -> ReadingLibrary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_for_reading(root: Path) -> ReadingLibrary | None:
    """The library in ``root`` opened for reading, or None when only ``Library.open`` may
    open it (it migrates, repairs, creates or refuses with the right message)."""
    db = root / DB_NAME
    if not db.is_file():
        return None
    reads = SqliteReads(db, read_only=not os.access(root, os.W_OK))
    index = None
    try:
        if reads.schema_version() == ALEMBIC_ERA and reads.revisions() == {HEAD_REVISION}:
            index = _current_index(root / "index")
    except (sqlite3.Error, OSError):
        index = None
    except Exception:  # a damaged index: a cache, rebuilt by Library
        index = None
    if index is None:
        reads.close()
        return None
    return ReadingLibrary(root, reads, index)


def _current_index(path: Path) -> Any:
    """The index in ``path`` when it is in this version's engine layout and analysis (else
    None: Library throws it away and rebuilds it)."""
    from search.engines import engine_class, remembered_engine

    engine = remembered_engine(path)
    if engine is None:
        return None
    cls = engine_class(engine)
    return cls(path) if cls.is_current(path) else None
