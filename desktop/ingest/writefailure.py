"""Telling a full disk from other failures to write, and wording failures for the user."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Sequence
from pathlib import Path

#: errno values that mean "no room": the disk (or the user's quota) is full.
_NO_ROOM = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class DiskFull(Exception):
    """The library's disk is full: the import stops (what is stored stays). ``rest``: files
    read before the stop and not stored (a group whose commit failed)."""

    def __init__(self, *args: object, rest: Sequence[Path] = ()) -> None:
        super().__init__(*args)
        self.rest = list(rest)


def is_disk_full(exc: BaseException) -> bool:
    """True for an OS or SQLite error that says the disk is full (anywhere in its chain)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _NO_ROOM:
            return True
        if isinstance(current, sqlite3.Error):
            if getattr(current, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                return True
            if "disk is full" in str(current):
                return True
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False


def unexpected_reason(exc: BaseException) -> str:
    """A failure we did not foresee, in the user's words (the details are for a bug report)."""
    return (
        "Sourcedesk could not store this file because of an internal error "
        f"({type(exc).__name__}); the other files were not affected"
    )


def entities_postponed(exc: BaseException) -> str:
    """Why the second phase of an import (finding entities) stopped, for the report."""
    cause = "the disk is full" if is_disk_full(exc) else (str(exc) or type(exc).__name__)
    return (
        f"places, people and organisations were not found for every article ({cause}); the "
        "articles are stored and searchable, and the next import finds the rest"
    )


__all__ = ["DiskFull", "entities_postponed", "is_disk_full", "unexpected_reason"]
