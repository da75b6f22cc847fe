"""A server library's recent answers, kept while nothing but new articles arrives.

Finding the articles with a common word means visiting thousands of table pages (a GIN
index gives row addresses, not ids), and a window asks the same query again for every facet
click, and every client asks again after every article another client imports. The ids of
the last :data:`KEPT` queries are therefore kept with the library's state they were read
at (the change count of revision 0010, :mod:`.schema`). Asked again:

- in the same state, the kept ids are the answer;
- when only articles were added since (``reshaped`` unchanged), only the articles after the
  last one known are searched (a range of the primary key: a handful of rows) and appended,
  provided their number is the number the count says were added;
- otherwise the query runs again in full.

The state is read before and after the query (each statement of a transaction may see a
later commit): an answer is kept only when both agree, since every change a search sees
moves the count in its own transaction. ``ts_rank`` depends on nothing but the article and
the query, so ranks are kept too, as long as no article changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from search.facets import IdArray
from search.frozen import frozen

#: How many queries' answers are kept.
KEPT = 64


@frozen
class State:
    """The library's change count, and its highest article id, at one moment."""

    generation: int
    appended: int
    reshaped: int
    last: int


def read_state(session: Session) -> State:
    """The state now (one statement: one snapshot)."""
    row = session.execute(
        text(
            "SELECT generation, appended, reshaped, "
            "(SELECT COALESCE(max(id), 0) FROM documents) FROM library_state"
        )
    ).one()
    return State(*(int(v) for v in row))


def _added(session: Session, before: State, now: State) -> bool:
    """Whether ``now`` is ``before`` plus new articles only, all after its last id."""
    if now.reshaped != before.reshaped or now.appended < before.appended:
        return False
    found = session.execute(
        text("SELECT count(*) FROM documents WHERE id > :a AND id <= :b"),
        {"a": before.last, "b": now.last},
    ).scalar_one()
    return int(found) == now.appended - before.appended


class Answers:
    """Ids per query and ranks per (query, article), valid for a library state."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: OrderedDict[str, tuple[State, IdArray]] = OrderedDict()
        self._ranks: OrderedDict[str, tuple[int, dict[int, float]]] = OrderedDict()

    def ids(self, session: Session, key: str, fetch: Callable[[int | None], IdArray]) -> IdArray:
        """The ids ``fetch(None)`` finds, or ``fetch(after)`` (only ids after ``after``)
        appended to those kept for ``key``; sorted, read-only."""
        before = read_state(session)
        with self._lock:
            kept = self._ids.get(key)
        if kept is not None and kept[0] == before:
            return kept[1]
        if kept is not None and _added(session, kept[0], before):
            new = fetch(kept[0].last)
            ids = np.concatenate([kept[1], new[new > kept[0].last]])
        else:
            ids = fetch(None)
        ids.setflags(write=False)
        if read_state(session) == before:  # nothing committed meanwhile: keep it
            self.keep(before, key, ids)
        return ids

    def forget(self) -> None:
        """Forget every kept answer (to time queries cold)."""
        with self._lock:
            self._ids.clear()
            self._ranks.clear()

    def keep(self, state: State, key: str, ids: IdArray) -> None:
        """Keep ``ids`` (sorted) as the answer for ``key`` at ``state`` (read in the same
        snapshot as the ids)."""
        ids.setflags(write=False)
        with self._lock:
            self._ids[key] = (state, ids)
            self._ids.move_to_end(key)
            while len(self._ids) > KEPT:
                self._ids.popitem(last=False)

    def keep_ranks(self, reshaped: int, key: str, found: dict[int, float]) -> None:
        """Keep ``found`` (id: rank, -1 for no match; read while the articles' change count
        was ``reshaped``) as ranks for ``key``, beside those kept at the same count."""
        with self._lock:
            kept = self._ranks.get(key)
            known = kept[1] if kept is not None and kept[0] == reshaped else {}
            self._ranks[key] = (reshaped, {**known, **found})
            self._ranks.move_to_end(key)
            while len(self._ranks) > KEPT:
                self._ranks.popitem(last=False)

    def ranks(
        self,
        session: Session,
        key: str,
        ids: IdArray,
        fetch: Callable[[IdArray], list[tuple[int, float]]],
    ) -> list[tuple[int, float]]:
        """(id, rank) of those of ``ids`` that match: kept ones, and ``fetch`` for the rest
        (an id without a rank does not match)."""
        reshaped = read_state(session).reshaped
        with self._lock:
            kept = self._ranks.get(key)
        known: dict[int, float] = kept[1] if kept is not None and kept[0] == reshaped else {}
        wanted = ids[~np.isin(ids, np.fromiter(known, dtype=np.int64, count=len(known)))]
        if len(wanted):
            found = dict(fetch(wanted))
            found.update({int(i): -1.0 for i in wanted.tolist() if int(i) not in found})
            known = {**known, **found}
            if read_state(session).reshaped == reshaped:
                self.keep_ranks(reshaped, key, found)
        out = [(int(i), known[int(i)]) for i in ids.tolist()]
        return [(i, s) for i, s in out if s >= 0]


__all__ = ["KEPT", "Answers", "State", "read_state"]
