"""What an interrupted write leaves behind, found and tidied by the next writer.

A writer killed mid-import (a crash, an out-of-memory kill, a force-quit, a
full disk) can leave partial files and originals without an article in
``originals/``, and documents queued for the index. The store stays whole
(each file stored whole or not at all); these leftovers are tidied the first time the next
writer takes the write lock (:meth:`Library.writing`), so no one has to run
``check --repair`` for them. Reading never writes: a library is only tidied
when it is next opened for writing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from .store.models import Document
from .store.originals import Originals

if TYPE_CHECKING:
    from search import SearchIndex


class Library(Protocol):
    """What tidying needs of a library (``desktop.library.Library``, which calls it)."""

    sessions: sessionmaker[Session]
    originals: Originals
    index_error: str | None
    read_only: bool
    index: SearchIndex

    def repair_index(self) -> int: ...

    def writing(self, wait_s: float | None = None) -> AbstractContextManager[None]: ...


PARTIAL_PREFIX = ".tmp-"


def _original_files(root: Path | None) -> Iterator[os.DirEntry[str]]:
    """Every file under ``originals/`` (two levels: ``ab/abcdef…``); none where the originals
    are kept in the database (a server library)."""
    if root is None or not root.is_dir():
        return
    with os.scandir(root) as shards:
        for shard in shards:
            if shard.is_dir(follow_symlinks=False):
                with os.scandir(shard.path) as files:
                    yield from (f for f in files if f.is_file(follow_symlinks=False))


def partial_files(lib: Library) -> list[Path]:
    """Originals an interrupted write began and never finished."""
    return [
        Path(f.path)
        for f in _original_files(lib.originals.root)
        if f.name.startswith(PARTIAL_PREFIX)
    ]


def unreferenced_originals(lib: Library) -> list[Path]:
    """Kept originals that no article points at (their document was never committed)."""
    with lib.sessions() as session:
        kept = set(session.scalars(select(Document.original_sha256).distinct()))
    return [
        Path(f.path)
        for f in _original_files(lib.originals.root)
        if not f.name.startswith(PARTIAL_PREFIX) and f.name not in kept
    ]


def remove(paths: list[Path]) -> int:
    """Delete leftovers; returns how many went (one that cannot go stays for next time)."""
    removed = 0
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def tidy(lib: Library, unfinished: bool) -> None:
    """Run by a writer that just took the lock: clear what the last one left, if it did not
    finish, and bring the index in step with the store (the queue it left included)."""
    if unfinished:
        remove(partial_files(lib))
        remove(unreferenced_originals(lib))
        if not lib.index.follows_store:  # a folder library's index/
            from .engine_move import leftovers

            for folder in leftovers(lib.index.path):  # a move to another engine, killed
                shutil.rmtree(folder, ignore_errors=True)
    try:
        lib.repair_index()
    except (OSError, SQLAlchemyError) as exc:  # a full disk: the queue waits for space
        lib.index_error = f"the search index could not be brought up to date ({exc})"


def tidy_when_free(lib: Library) -> bool:
    """Tidy now if no other process is writing (never waits); True if it ran."""
    from .errors import LibraryBusy

    if lib.read_only:
        return False
    try:
        with lib.writing(wait_s=0):  # taking the lock tidies (Library.writing)
            return True
    except LibraryBusy:
        return False  # the writer at work has tidied, or will
    except (OSError, SQLAlchemyError) as exc:  # a full disk: reading still works
        lib.index_error = f"the library could not be tidied ({exc})"
        return False


__all__ = ["partial_files", "remove", "tidy", "tidy_when_free", "unreferenced_originals"]
