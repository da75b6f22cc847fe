"""Which processes touch a file: Linux inotify, for tests that must prove a file is never read."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

IN_ACCESS = 0x1
IN_OPEN = 0x20


class FileWatch:
    """Counts every open or read of one file, by this process, its children or anyone.

    Unlike a Python audit hook it sees what Qt's C++ does (an ``<img>`` in a label loads
    its file with ``QFile``).
    """

    def __init__(self, path: Path) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        mask = IN_OPEN | IN_ACCESS
        if self.fd < 0 or libc.inotify_add_watch(self.fd, os.fsencode(path), mask) < 0:
            raise OSError(ctypes.get_errno(), f"inotify cannot watch {path}")
        self.seen = 0

    def touched(self) -> int:
        """How many opens and reads were seen so far."""
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return self.seen
            self.seen += _count(data)

    def close(self) -> None:
        """Stop watching."""
        os.close(self.fd)


def _count(data: bytes) -> int:
    n = at = 0
    while at + 16 <= len(data):  # struct inotify_event: wd, mask, cookie, len, name[len]
        name_len = int.from_bytes(data[at + 12 : at + 16], "little")
        at += 16 + name_len
        n += 1
    return n
