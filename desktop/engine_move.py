"""Moving a library's full-text index to another engine (``sourcedesk reindex --engine``).

The new index is written from the store in a folder beside the current one, while the
current one still answers; only a finished index is swapped in (two renames). If anything
fails before the swap — the engine is not installed, the disk fills up, the process is
killed — the library keeps the index it had, and the half-built one is thrown away by the
next move. A kill between the two renames leaves no ``index/``: the next open starts an
empty one, which the store fills again (desktop/homes.py, desktop/indexing.py). The next
writer after a killed one removes what the move left (desktop/recovery.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from search import available_engines, open_index

from . import indexing
from .errors import LibraryError

#: Suffixes of the folders beside ``index/``: the one being built and the one retired.
BUILDING, RETIRED = ".building", ".retired"


def leftovers(index_path: Path) -> list[Path]:
    """What an interrupted move left beside ``index_path`` (removed by the next writer)."""
    beside = (index_path.with_name(index_path.name + end) for end in (BUILDING, RETIRED))
    return [p for p in beside if p.exists()]


def check_engine(engine: str) -> None:
    """Refuse an engine that is unknown or not installed, saying which ones are."""
    known = available_engines()
    if engine not in known:
        raise LibraryError(
            f"no search engine called {engine!r} is installed here (installed: {', '.join(known)})"
        )


def build_beside(
    sessions: sessionmaker[Session],
    index_path: Path,
    engine: str,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Path, int]:
    """Write every stored article into a new ``engine`` index beside ``index_path``."""
    building = index_path.with_name(index_path.name + BUILDING)
    shutil.rmtree(building, ignore_errors=True)  # what an interrupted move left
    new = open_index(building, engine)
    try:
        done = indexing.rebuild(sessions, new, progress)
    except BaseException:
        new.close()
        shutil.rmtree(building, ignore_errors=True)
        raise
    new.close()
    return building, done


def swap_in(index_path: Path, building: Path) -> None:
    """Put the finished index in place of the current one (closed by the caller)."""
    retired = index_path.with_name(index_path.name + RETIRED)
    shutil.rmtree(retired, ignore_errors=True)
    if index_path.exists():
        os.replace(index_path, retired)
    os.replace(building, index_path)
    shutil.rmtree(retired, ignore_errors=True)
