"""What the workbench's managers share: the library they need, the error, names, the write.

Each manager (marks, quotes, saved searches, versions) gets the library as a
:class:`LibraryLike` (its sessions, write lock and searcher), so none imports the library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from .changes import Change
from .curation_steps import CurationError, log_step
from .searcher import Searcher
from .workbench_undo import UndoLog

MAX_NAME = 200


class LibraryLike(Protocol):
    """The parts of a :class:`~desktop.library.Library` the workbench uses."""

    sessions: sessionmaker[Session]
    searcher: Searcher

    def writing(self, wait_s: float = 10.0) -> AbstractContextManager[None]:
        """The library's write lock."""
        ...


class WorkbenchError(CurationError):
    """A request about marks that cannot be carried out; the message is for the user."""


def now() -> dt.datetime:
    """The time stamps of marks: UTC, naive (as the store keeps them)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def clean_name(name: str, what: str) -> str:
    """A tag's or collection's name as kept: one line, single spaces, not empty."""
    name = " ".join(name.split())
    if not name:
        raise WorkbenchError(f"the {what} name is empty")
    if len(name) > MAX_NAME:
        raise WorkbenchError(f"the {what} name is longer than {MAX_NAME} characters")
    return name


def articles(n: int) -> str:
    """ "1 article", "2,000 articles"."""
    return f"{n:,} article{'s' if n != 1 else ''}"


def write(library: LibraryLike, op: str, step: Callable[[Session, UndoLog], str]) -> Change:
    """Run ``step`` in one transaction under the write lock and log its undo as ``op``."""
    log = UndoLog()
    with library.writing(), library.sessions.begin() as session:
        summary = step(session, log)
        if not log.empty:
            log_step(session, op, summary, log.data())
    return Change(summary, frozenset(log.documents), marks=True)
