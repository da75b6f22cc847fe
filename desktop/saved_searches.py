"""Saved searches that watch: a search kept by name, and how many articles arrived since it
was last opened (``library.workbench.saved``; ``sourcedesk saved …``; the window's list).

A saved search is its :class:`~desktop.querying.SearchRequest` as JSON and the last article
id there was when it was last opened: the articles it finds with a higher id arrived since
(ids only grow with imports). Counts are computed when asked, after every import, so they
are never stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from search.frozen import frozen

from . import request_json
from .changes import Change
from .mark_reads import mark_key
from .querying import SearchRequest
from .store.models import Document
from .store.workbench_models import SavedSearch
from .workbench_base import LibraryLike, WorkbenchError, clean_name, now, write
from .workbench_undo import UndoLog


@frozen
class SavedInfo:
    """A saved search with its counts: every article it finds, and those new since opened."""

    id: int
    name: str
    request: SearchRequest
    total: int
    new: int
    opened_at: dt.datetime | None

    def to_json(self) -> dict[str, object]:
        """``saved list --json`` rows."""
        return {
            "id": self.id,
            "name": self.name,
            "search": request_json.to_json(self.request),
            "total": self.total,
            "new": self.new,
            "opened_at": self.opened_at.isoformat(timespec="seconds") if self.opened_at else None,
        }


class SavedSearches:
    """The saved searches of one library."""

    def __init__(self, library: LibraryLike) -> None:
        self.library = library
        self.sessions = library.sessions

    def _find(self, session: Session, name: str) -> SavedSearch:
        named = select(SavedSearch).where(SavedSearch.key == mark_key(name))
        found = session.scalars(named).first()
        if found is None:
            raise WorkbenchError(f"no saved search called {name!r}")
        return found

    def add(self, name: str, request: SearchRequest) -> Change:
        """Keep ``request`` under ``name``; what the library holds now counts as seen."""
        name = clean_name(name, "saved search")
        if request.query:
            self.library.searcher.parse(request.query)  # a query that cannot be run: refused now

        def step(session: Session, log: UndoLog) -> str:
            taken = session.scalars(
                select(SavedSearch).where(SavedSearch.key == mark_key(name))
            ).first()
            if taken is not None:
                raise WorkbenchError(f"a saved search called {name!r} exists already")
            saved = SavedSearch(
                name=name,
                key=mark_key(name),
                request=request_json.dumps(request),
                created_at=now(),
                opened_at=None,
                seen_through=session.scalar(select(func.max(Document.id))) or 0,
            )
            session.add(saved)
            session.flush()
            log.added(saved)
            return f"saved the search “{name}”"

        return write(self.library, "saved", step)

    def remove(self, name: str) -> Change:
        """Forget a saved search."""

        def step(session: Session, log: UndoLog) -> str:
            found = self._find(session, name)
            log.removed(found)
            session.delete(found)
            return f"removed the saved search “{found.name}”"

        return write(self.library, "saved", step)

    def mark_opened(self, name: str) -> Change:
        """The user opened it: what it finds now counts as seen (not undoable: nothing lost)."""
        with self.library.writing(), self.sessions.begin() as session:
            found = self._find(session, name)
            found.opened_at = now()
            found.seen_through = session.scalar(select(func.max(Document.id))) or 0
        return Change("", marks=True)

    def request(self, name: str) -> SearchRequest:
        """The search saved under ``name``."""
        with self.sessions() as session:
            return request_json.loads(self._find(session, name).request)

    def list(self) -> list[SavedInfo]:
        """Every saved search with its counts, in the order they were saved."""
        with self.sessions() as session:
            rows = session.scalars(select(SavedSearch).order_by(SavedSearch.id)).all()
            saved = [(r.id, r.name, r.request, r.seen_through, r.opened_at) for r in rows]
        out = []
        for sid, name, text, seen, opened in saved:
            req = request_json.loads(text)
            try:
                ids = self.library.searcher.all_ids(replace(req, limit=0))
            except ValueError:  # a query this version cannot read any more
                ids = None
            total = len(ids) if ids is not None else 0
            new = int((ids > seen).sum()) if ids is not None else 0
            out.append(SavedInfo(sid, name, req, total, new, opened))
        return out
