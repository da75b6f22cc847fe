"""Where a library lives: a folder on this computer, or a database on a PostgreSQL server.

:class:`~desktop.library.Library` is the same for both; a home gives it what differs: the
store's engine, where the originals are kept, the full-text index, the write lock, and
the sizes ``stats`` reports. A folder holds ``library.sqlite``, ``index/`` and
``originals/``; a server library (``postgresql://user@host/dbname``) keeps all of it in
its database (:mod:`desktop.server`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from search import SearchIndex, open_index, remembered_engine

from .errors import LibraryError
from .paths import is_server_location
from .store import OriginalStore, SchemaError
from .store.db import open_store, session_factory
from .store.layout import DB_NAME, INDEX_DIR, INDEX_LOCK, ORIGINALS_DIR
from .writelock import WriteLock


@contextlib.contextmanager
def _index_lock(root: Path) -> Iterator[None]:
    """An ``flock`` on ``index.lock`` while the index folder is opened or created (brief)."""
    fd = os.open(root / INDEX_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class Lock(Protocol):
    """The library's write lock across processes: :meth:`acquire`, then :meth:`release`."""

    def acquire(self, wait_s: float | None, on_wait: Any = None) -> bool: ...

    def release(self) -> None: ...


class Home(Protocol):
    """What a library needs of the place it lives in."""

    #: "folder" or "server"
    kind: str
    #: the library as the user names it, safe to show and to remember (no password)
    location: str
    #: a folder on this computer: the library itself, or a server library's local cache
    root: Path
    #: a short name for a window's title
    name: str
    #: why the library cannot be written here, or None
    read_only_reason: str | None
    #: who writes (a server library: the PostgreSQL role), for the history
    provenance: str | None

    def open_store(self) -> Engine: ...

    def session_factory(self, engine: Engine) -> sessionmaker[Session]: ...

    def originals(self) -> Any: ...

    def open_index(self, read_only: bool) -> SearchIndex: ...

    def write_lock(self) -> Lock: ...

    def sizes(self) -> tuple[int, int, int]: ...

    def close(self) -> None: ...


class FolderHome:
    """A library folder: ``library.sqlite``, ``index/`` and ``originals/``."""

    kind = "folder"
    provenance: str | None = None

    def __init__(self, root: Path) -> None:
        self.root = root
        self.location = str(root)
        self.name = root.name
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create the library folder {root}: {exc.strerror}") from exc
        self.read_only_reason = None if os.access(root, os.W_OK) else "the folder cannot be written"
        if self.read_only_reason and not (root / DB_NAME).exists():
            raise LibraryError(f"{root} is read-only and holds no library")

    def open_store(self) -> Engine:
        """The migrated store; a full disk opens it read-only (``read_only_reason`` says so)."""
        try:
            engine, self.read_only_reason = open_store(self.root / DB_NAME, self.read_only_reason)
        except SchemaError as exc:
            raise LibraryError(str(exc)) from exc
        except Exception as exc:
            reason = getattr(exc, "orig", None) or exc  # SQLite's words, not SQLAlchemy's
            raise LibraryError(
                f"cannot open the library database in {self.root}: {reason}"
            ) from exc
        return engine

    def session_factory(self, engine: Engine) -> sessionmaker[Session]:
        """Sessions for one unit of work each."""
        return session_factory(engine)

    def originals(self) -> OriginalStore:
        """Every imported file's bytes under ``originals/``."""
        return OriginalStore(self.root / ORIGINALS_DIR)

    def open_index(self, read_only: bool) -> SearchIndex:
        """The index folder (a damaged one is only a cache: it starts again from the store)."""
        path = self.root / INDEX_DIR
        # two processes opening a new library (two imports started at once) take turns:
        # else one finds the index the other is creating half-made, and throws it away
        with contextlib.nullcontext() if read_only else _index_lock(self.root):
            engine = remembered_engine(path)  # the library keeps its engine through a repair
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ResourceWarning)  # Whoosh leaks damaged files
                try:
                    return open_index(path)
                except Exception as exc:
                    if read_only:
                        raise LibraryError(f"the search index in {path} cannot be read") from exc
            shutil.rmtree(path, ignore_errors=True)
            return open_index(path, engine)

    def write_lock(self) -> WriteLock:
        """An ``flock`` on ``write.lock`` in the folder."""
        return WriteLock(self.root / "write.lock")

    def sizes(self) -> tuple[int, int, int]:
        """Bytes of the database, the index and the originals."""
        return (
            _size(self.root / DB_NAME),
            _size(self.root / INDEX_DIR),
            _size(self.root / ORIGINALS_DIR),
        )

    def close(self) -> None:
        """Nothing to release beyond the engine and the index."""


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    if not path.exists():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def open_home(location: str | os.PathLike[str]) -> Home:
    """The home of a library folder or of a ``postgresql://`` URL."""
    if is_server_location(location):
        from .server.home import ServerHome

        return ServerHome(str(location))
    return FolderHome(Path(location))


__all__ = ["DB_NAME", "FolderHome", "Home", "is_server_location", "open_home"]
