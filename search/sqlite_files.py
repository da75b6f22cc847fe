"""How an SQLite file is opened without writing beside it: a library's store (a search
process reads it as well as the store does) and an index's word pairs (search/pairs.py).
Here, below both, with nothing of SQLAlchemy."""

from __future__ import annotations

import urllib.parse
from pathlib import Path


def read_only_uri(db_path: Path) -> str:
    """An SQLite URI that reads ``db_path`` without writing anything beside it.

    A library left by a killed writer has its last commits in the write-ahead log
    (``-wal``, with its index ``-shm``): SQLite reads those read-only too. Only without
    them is the file opened ``immutable`` (no locks, no ``-shm`` to create).
    """
    quoted = urllib.parse.quote(str(db_path.absolute()))
    wal, shm = (db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm"))
    if wal.exists() and wal.stat().st_size and shm.exists():
        return f"file:{quoted}?mode=ro"
    return f"file:{quoted}?mode=ro&immutable=1"


__all__ = ["read_only_uri"]
