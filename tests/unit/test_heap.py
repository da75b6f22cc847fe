"""The heap a burst of work freed goes back to the system when asked (glibc keeps it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.entity_workers import _resident
from desktop.heap import give_back_free_memory
from tests.helpers import ROOT


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


BATCHES = """
import resource, sys
from desktop.heap import keep_freed_memory
kept = keep_freed_memory(64 * 2**20, 32 * 2**20, 64 * 2**20) if sys.argv[1] == "keep" else True
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(40):  # like the model's batches: the same few large arrays, made and freed
    arrays = [b"x" * (3 * 2**20) for _ in range(6)]
    del arrays
print(kept, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _page_faults(how: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", BATCHES, how], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "True", "glibc took the settings"
    return int(out[1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_kept_memory_is_not_taken_from_the_system_again_for_each_batch() -> None:
    """Each 18 MB round of arrays costs ~4,600 page faults from the system by default (the
    freed blocks are unmapped), and almost none when the freed heap is kept."""
    default, kept = _page_faults("default"), _page_faults("keep")
    assert default > 40 * 3000, default
    assert kept < default / 10, (default, kept)
