"""Content-addressed store of the original bytes of every imported file."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol


def sha256_hex(data: bytes) -> str:
    """The hex SHA-256 of ``data``: the name an original is kept under."""
    return hashlib.sha256(data).hexdigest()


class Originals(Protocol):
    """Where a library keeps its originals: files in a folder library, rows in a server's."""

    @property
    def root(self) -> Path | None:
        """The folder of the original files (None: they are kept in the database)."""

    def keep(self, session: Any, data: bytes) -> str: ...

    def put(self, data: bytes) -> str: ...

    def has(self, digest: str) -> bool: ...

    def get(self, digest: str) -> bytes: ...

    def verify(self, digest: str) -> bool: ...

    def discard(self, digest: str) -> None: ...

    def path_for(self, digest: str) -> Path: ...

    def file_for(self, digest: str) -> Path: ...


class OriginalStore:
    """``originals/ab/abcdef…``: one file per distinct content, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, digest: str) -> Path:
        """Where the original with this SHA-256 lives (whether or not it exists)."""
        return self.root / digest[:2] / digest

    def put(self, data: bytes) -> str:
        """Keep ``data`` (idempotent) and return its SHA-256."""
        digest = sha256_hex(data)
        target = self.path_for(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def keep(self, session: Any, data: bytes) -> str:
        """:meth:`put`, called inside the article's transaction (a server library keeps the
        bytes in that transaction; here they are a file written before the commit)."""
        return self.put(data)

    def has(self, digest: str) -> bool:
        """Whether the original is kept."""
        return self.path_for(digest).exists()

    def file_for(self, digest: str) -> Path:
        """The file with the original's bytes (to open with the system viewer)."""
        return self.path_for(digest)

    def get(self, digest: str) -> bytes:
        """The original bytes; ``FileNotFoundError`` if they are missing."""
        return self.path_for(digest).read_bytes()

    def verify(self, digest: str) -> bool:
        """True when the original exists and still has the right hash."""
        path = self.path_for(digest)
        return path.is_file() and sha256_hex(path.read_bytes()) == digest

    def discard(self, digest: str) -> None:
        """Delete an original no article refers to any more (emptying the trash)."""
        self.path_for(digest).unlink(missing_ok=True)
