"""Whoosh's term tables opened with one read for their directory, not 256.

Opening a reader opens each segment's term table (``whoosh.filedb.filetables.HashReader``),
which reads the table's directory of 256 hash tables one 12-byte entry at a time, each
through three Python calls: ~3,300 reads for the 13 segments of a 100,000-article index,
~2.5 ms of the ~3 a ``sourcedesk search`` process (and the window, after each commit)
spends opening the index (docs/performance.md, issue 16, twentieth session). :func:`install`
gives ``HashReader`` an ``__init__`` that is Whoosh's own (whoosh-reloaded 2.7.5, pinned in
pyproject.toml) but for that loop: the 256 entries come from one read.
tests/unit/test_whoosh_tables.py checks it opens every table as Whoosh's own does.
"""

from __future__ import annotations

import os
from typing import Any

from whoosh.filedb import filetables
from whoosh.filedb.filetables import HashReader
from whoosh.system import _INT_SIZE

#: Whoosh's own, kept for the test that compares the two
WHOOSHS_INIT = HashReader.__init__


def _init(
    self: Any, dbfile: Any, length: int | None = None, magic: bytes = b"HSH3", startoffset: int = 0
) -> None:
    self.dbfile = dbfile
    self.startoffset = startoffset
    self.is_closed = False
    if length is None:
        dbfile.seek(0, os.SEEK_END)
        length = dbfile.tell() - startoffset
    dbfile.seek(startoffset)
    filemagic = dbfile.read(4)  # the format tag
    if filemagic != magic:
        raise filetables.FileFormatError(f"Unknown file header {filemagic!r}")
    self.hashtype = dbfile.read_byte()
    self.hashfn = filetables._hash_functions[self.hashtype]
    dbfile.read_int()  # unused bits
    dbfile.read_int()
    self.startofdata = dbfile.tell()
    exptr = startoffset + length - _INT_SIZE
    exlen = dbfile.get_int(exptr)  # the extras' length, at the end
    expos = exptr - exlen
    dbfile.seek(expos)
    self._read_extras()
    # the directory of hash tables, before the extras: (position, slots) of each, at once
    size = filetables._directory_size
    dbfile.seek(expos - size)
    raw = dbfile.read(size)
    if len(raw) != size:
        raise filetables.FileFormatError("the term table's directory is cut short")
    self.tables = list(filetables._dir_entry.iter_unpack(raw))
    self.endofdata = self.tables[0][0]  # the first table starts where the pairs end


def install() -> None:
    """From now on, Whoosh's term tables open with one read for their directory."""
    HashReader.__init__ = _init
