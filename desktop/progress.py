"""Progress values reported by long-running core operations (plain data, no Qt)."""

from __future__ import annotations

import time
from collections.abc import Callable

from search.frozen import frozen


@frozen
class ExtractProgress:
    """Entities found for ``done`` of ``total`` documents so far."""

    done: int
    total: int
    elapsed_s: float
    #: the batch just finished: the model's seconds on it, and its documents
    batch_s: float = 0.0
    batch_ids: tuple[int, ...] = ()


class FlushPacer:
    """When a long job should next make its work searchable (commit the index).

    Every ``base_s`` at best; but after a commit that took long (a Whoosh segment merge
    takes tens of seconds at 20,000 articles) it waits ``ratio`` times as long as that
    commit took, so committing never takes more than about 1 / (1 + ratio) of the job,
    and never longer than ``cap_s`` between commits.
    """

    def __init__(self, base_s: float = 2.0, ratio: float = 4.0, cap_s: float = 60.0) -> None:
        self.base_s, self.ratio, self.cap_s = base_s, ratio, cap_s
        self.interval = base_s
        self._last = time.monotonic()

    def due(self) -> bool:
        """True when it is time to commit."""
        return time.monotonic() - self._last >= self.interval

    def run(self, flush: Callable[[], None]) -> None:
        """Commit now, and time it to pace the next."""
        began = time.monotonic()
        flush()
        self._last = time.monotonic()
        took = self._last - began
        self.interval = min(self.cap_s, max(self.base_s, self.ratio * took))
