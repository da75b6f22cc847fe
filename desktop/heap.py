"""Handing the heap a burst of work freed back to the system.

glibc's allocator keeps the memory a process freed for its next allocations, and returns
only what lies at the top of its heap: after a burst of many objects (an import's refresh
of the results, the facets and the workbench in the window; the reading phase of an
import) one object still alive above them keeps the freed pages counted in the process's
memory. ``malloc_trim(0)`` gives back every whole free page (2-3 ms in the window at
100,000 articles). Elsewhere than glibc nothing is done.

The entity model's processes want the opposite (:func:`keep_freed_memory`): the model
allocates and frees the same large arrays for every batch, and by default glibc maps each
one afresh and gives the freed top of its heap back, to take the same pages again (each a
page fault, zeroed by the kernel) for the next batch.
"""

from __future__ import annotations

import contextlib
import sys


def give_back_free_memory() -> bool:
    """Return the heap's free pages to the system; whether there was a glibc to ask."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(Exception):  # musl and others have no malloc_trim
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
        return True
    return False


#: ``mallopt`` parameters (glibc's ``malloc.h``).
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3


def keep_freed_memory(keep_bytes: int, block_bytes: int, pad_bytes: int) -> bool:
    """From now on, keep up to ``keep_bytes`` of freed memory at the top of the heap, take
    blocks of up to ``block_bytes`` from the heap (not from pages mapped for each), and grow
    the heap ``pad_bytes`` at a time; whether glibc took all three."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(Exception):  # musl and others have no mallopt
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        settings = (
            (_M_MMAP_THRESHOLD, block_bytes),
            (_M_TRIM_THRESHOLD, keep_bytes),
            (_M_TOP_PAD, pad_bytes),
        )
        return all([libc.mallopt(param, value) == 1 for param, value in settings])
    return False
