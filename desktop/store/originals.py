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
        if self.kept(target, len(data)):
            return digest
        fd, tmp = self.begin(target, data)
        try:
            os.fsync(fd)
            os.close(fd)
            fd = -1
            os.replace(tmp, target)
        except BaseException:
            if fd >= 0:
                os.close(fd)
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    @staticmethod
    def kept(target: Path, size: int) -> bool:
        """Whether ``target`` is there with ``size`` bytes (an original is only ever put in
        place whole: a file of another size is what a crash left, and is written again)."""
        try:
            return os.stat(target).st_size == size
        except (FileNotFoundError, NotADirectoryError):
            return False

    @staticmethod
    def begin(target: Path, data: bytes) -> tuple[int, str]:
        """``data`` written to a partial file beside ``target`` (``.tmp-…``, which the next
        writer tidies if this one is killed); returns it still open, and its path."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except BaseException:
            os.close(fd)
            Path(tmp).unlink(missing_ok=True)
            raise
        return fd, tmp

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


class HeldOriginals:
    """The originals of articles stored in one commit (an import's group of files), each
    written as its article is stored, then synced and put in place together just before
    that commit (:meth:`settle`): no committed row ever names an original that is not whole
    on disk, as with :meth:`OriginalStore.put`, but one round of ``fsync`` serves a group.

    A file's ``fsync`` right after its write cost the importer 0.3-0.5 ms of CPU a file (3,000
    benchmark articles stored, with against without it): each forced the filesystem's
    journal to commit on its own, with the pages the store had written since the last."""

    def __init__(self, store: OriginalStore) -> None:
        self.store = store
        self._open: dict[str, tuple[int, str, Path]] = {}  # digest: (fd, partial, target)
        self._placed: list[Path] = []  # put in place, their commit not yet made
        self.size = 0  # bytes written since the last commit

    def put(self, data: bytes) -> str:
        """:meth:`OriginalStore.put`, the file left open and partial until :meth:`settle`."""
        digest = sha256_hex(data)
        if digest in self._open:
            return digest
        target = self.store.path_for(digest)
        if self.store.kept(target, len(data)):
            return digest
        fd, tmp = self.store.begin(target, data)
        self._open[digest] = (fd, tmp, target)
        self.size += len(data)
        return digest

    def mark(self) -> int:
        """Where the next article's originals begin (for :meth:`drop_since`)."""
        return len(self._open)

    def drop_since(self, mark: int) -> None:
        """Delete the originals written since ``mark``: their article was not stored."""
        for digest in list(self._open)[mark:]:
            _discard(*self._open.pop(digest)[:2])

    def settle(self) -> None:
        """Sync every original written and put it in place: called just before the commit
        (an error leaves each either partial or in place, for :meth:`undo`)."""
        for fd, _, _ in self._open.values():
            os.fsync(fd)
        while self._open:
            digest = next(iter(self._open))
            fd, tmp, target = self._open.pop(digest)
            try:
                os.close(fd)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self._placed.append(target)

    def committed(self) -> None:
        """The commit naming them was made: they are the library's."""
        self._placed.clear()
        self.size = 0

    def undo(self, placed: bool = True) -> None:
        """The commit was not made: delete what was written since the last one, in place
        (unless not ``placed``) or not. None of it existed before: an original already kept
        is never written again."""
        for fd, tmp, _ in self._open.values():
            _discard(fd, tmp)
        self._open.clear()
        if placed:
            for target in self._placed:
                target.unlink(missing_ok=True)
        self.committed()


def _discard(fd: int, tmp: str) -> None:
    """Close and delete a partial original."""
    try:
        os.close(fd)
    finally:
        Path(tmp).unlink(missing_ok=True)
