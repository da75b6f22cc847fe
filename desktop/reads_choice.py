"""Which :class:`~desktop.reads.Reads` a library's store is read through."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .reads import Reads


def store_reads(db_path: Path, engine: Any, sessions: Any, read_only: bool) -> Reads:
    """sqlite3 straight for the library's SQLite file (the fast path); SQLAlchemy for any
    other database the store may be kept in."""
    if engine.dialect.name == "sqlite":
        from .sqlite_reads import SqliteReads

        return SqliteReads(db_path, read_only)
    from .orm_reads import OrmReads

    return OrmReads(sessions)
