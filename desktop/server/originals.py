"""The original bytes of every imported file, kept in the server's database.

Content-addressed like a folder library's ``originals/`` (one row per distinct SHA-256,
shared by every article with those bytes), and written in the same transaction as the
article, so a backup of the database (``pg_dump``) has everything and no interrupted import
leaves an original without its article. "Open original" writes a copy into this computer's
cache for the system's viewer.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from ..store.originals import sha256_hex


class DatabaseOriginals:
    """The ``originals`` table, with :class:`~desktop.store.OriginalStore`'s methods."""

    def __init__(self, sessions: sessionmaker[Session], cache: Path) -> None:
        self.sessions = sessions
        self.cache = cache

    @property
    def root(self) -> Path | None:
        """No folder of originals (nothing for :mod:`desktop.recovery` to tidy)."""
        return None

    def keep(self, session: Session, data: bytes) -> str:
        """Keep ``data`` inside the caller's transaction (idempotent); its SHA-256."""
        digest = sha256_hex(data)
        session.execute(
            text(
                "INSERT INTO originals (sha256, size, data) VALUES (:d, :n, :data) "
                "ON CONFLICT (sha256) DO NOTHING"
            ),
            {"d": digest, "n": len(data), "data": data},
        )
        return digest

    def put(self, data: bytes) -> str:
        """Keep ``data`` in a transaction of its own."""
        with self.sessions.begin() as session:
            return self.keep(session, data)

    def has(self, digest: str) -> bool:
        """Whether the original is kept."""
        with self.sessions() as session:
            found = session.execute(
                text("SELECT 1 FROM originals WHERE sha256 = :d"), {"d": digest}
            ).first()
        return found is not None

    def get(self, digest: str) -> bytes:
        """The original bytes; ``FileNotFoundError`` if they are missing."""
        with self.sessions() as session:
            row = session.execute(
                text("SELECT data FROM originals WHERE sha256 = :d"), {"d": digest}
            ).first()
        if row is None:
            raise FileNotFoundError(f"no original {digest} in the library")
        return bytes(row[0])

    def verify(self, digest: str) -> bool:
        """True when the original is kept and still has the right hash (checked by the
        server, without sending the bytes)."""
        with self.sessions() as session:
            row = session.execute(
                text(
                    "SELECT encode(sha256(data), 'hex') = sha256 FROM originals WHERE sha256 = :d"
                ),
                {"d": digest},
            ).first()
        return bool(row and row[0])

    def damaged(self) -> list[str]:
        """The SHA-256 of every kept original whose bytes no longer have it."""
        with self.sessions() as session:
            rows = session.execute(
                text("SELECT sha256 FROM originals WHERE encode(sha256(data), 'hex') <> sha256")
            )
            return [str(r[0]) for r in rows]

    def discard(self, digest: str) -> None:
        """Delete an original no article refers to any more (emptying the trash)."""
        with self.sessions.begin() as session:
            session.execute(
                text(
                    "DELETE FROM originals WHERE sha256 = :d AND NOT EXISTS "
                    "(SELECT 1 FROM documents WHERE original_sha256 = :d)"
                ),
                {"d": digest},
            )

    def path_for(self, digest: str) -> Path:
        """Where "Open original" puts its copy on this computer."""
        return self.cache / digest[:2] / digest

    def file_for(self, digest: str) -> Path:
        """A file with the original's bytes, for the system's viewer (written once)."""
        target = self.path_for(digest)
        if target.is_file() and sha256_hex(target.read_bytes()) == digest:
            return target
        data = self.get(digest)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target


__all__ = ["DatabaseOriginals"]
