"""The heap a burst of work freed goes back to the system when asked (glibc keeps it)."""

from __future__ import annotations

import sys

import pytest

from desktop.entity_workers import _resident
from desktop.heap import give_back_free_memory


def _rss_mb() -> float:
    return (_resident() or 0) / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_the_memory_of_many_freed_objects_is_handed_back() -> None:
    blocks = [bytes(3000) for _ in range(40_000)]  # ~120 MB of the allocator's heap
    keep = blocks[::50]  # a few stay alive among them: the heap's top cannot shrink
    del blocks
    before = _rss_mb()
    assert give_back_free_memory()
    after = _rss_mb()
    assert before - after > 60, (before, after)
    assert len(keep) == 800
