"""Where a folder library keeps its parts; spelled once, used by the library and its upkeep."""

from __future__ import annotations

#: The database: the truth about every article.
DB_NAME = "library.sqlite"
#: The original files, by SHA-256 (``originals/ab/abcd…``).
ORIGINALS_DIR = "originals"
#: The search index, rebuilt from the database when lost.
INDEX_DIR = "index"
#: Taken while the index folder is opened or created (two new opens take turns).
INDEX_LOCK = "index.lock"

__all__ = ["DB_NAME", "INDEX_DIR", "INDEX_LOCK", "ORIGINALS_DIR"]
