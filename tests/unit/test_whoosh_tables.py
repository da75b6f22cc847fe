"""A segment's term table opened with one read for its directory (search/whoosh_tables.py)
is the table Whoosh's own code opens: the same directory, extras and answers; a damaged
table is refused as Whoosh refuses it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh.filedb.filetables import FileFormatError, HashReader
from whoosh.reading import SegmentReader

from search import IndexDoc, open_index, parse
from search.whoosh_tables import WHOOSHS_INIT, _init

WORDS = ["train", "station", "Kherson", "report", "bridge", "ferry", "port", "grain"]


def _docs(start: int, n: int) -> list[IndexDoc]:
    return [
        IndexDoc(i, f"report {i} {WORDS[i % 8]}", " ".join(WORDS[(i * k) % 8] for k in range(9)))
        for i in range(start, start + n)
    ]


def _segments(ix: Any) -> list[Any]:
    return list(ix._ix._segments())


def _state(reader: Any) -> tuple[Any, ...]:
    return (
        reader.hashtype, reader.startofdata, reader.endofdata, reader.tables,
        reader.extras, reader.indexbase, reader.indexlen,
    )  # fmt: skip


def test_every_segments_table_opens_as_whooshs_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = open_index(tmp_path, "whoosh")
    assert HashReader.__init__ is _init  # what opening a Whoosh index installs
    docs = []
    for start in (1, 301, 601):  # three commits: three segments
        docs += _docs(start, 300)
        ix.add_all(docs[-300:])
    segments = _segments(ix)
    assert len(segments) >= 2
    for seg in segments:
        opened = []
        for init in (WHOOSHS_INIT, _init):
            monkeypatch.setattr(HashReader, "__init__", init)
            reader = SegmentReader(ix._ix.storage, ix._ix.schema, seg)
            table = reader._terms._tindex
            opened.append((_state(table), sorted(table.keys())))
            reader.close()
        assert opened[0] == opened[1], seg.segid
        assert len(opened[0][1]) > 10
    monkeypatch.setattr(HashReader, "__init__", _init)
    holding = {d.id for d in docs if "Kherson" in f"{d.title} {d.text}"}
    assert set(ix.match_ids(parse("Kherson").root).tolist()) == holding  # found as before
    ix.close()


def test_a_damaged_table_is_refused_as_whoosh_refuses_it(tmp_path: Path) -> None:
    from whoosh.filedb.structfile import BufferFile

    for init in (WHOOSHS_INIT, _init):
        with pytest.raises(FileFormatError):
            init(HashReader.__new__(HashReader), BufferFile(b"NOPE" + b"\0" * 64))
