"""The reader processes read ahead of the importer, and a file's time limit is its own."""

from __future__ import annotations

import time
from pathlib import Path

from desktop.ingest import workers


def _timed_read(path: str):  # type: ignore[no-untyped-def]
    """Reads a file slowly and leaves a mark when done (runs in the reader process)."""
    from desktop.ingest.workers import read_one

    time.sleep(float(Path(path).read_text(encoding="utf-8").split()[0]))
    Path(path + ".done").touch()
    return read_one(path)


def _files(folder: Path, n: int, seconds: float) -> list[Path]:
    paths = []
    for i in range(n):
        path = folder / f"{i:02d}.txt"
        path.write_text(f"{seconds} An article about Odesa, number {i}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_readers_keep_reading_while_the_importer_is_busy(tmp_path: Path) -> None:
    """While the importer stores a file or commits the index (here: waits 2 s), the readers
    go on with the files after it, not only the next few."""
    paths = _files(tmp_path, 30, 0.01)
    with workers.ReaderPool(workers=1, read=_timed_read) as pool:
        outcomes = pool.read_all(paths)
        first = next(outcomes)
        time.sleep(2.0)  # the importer commits the index
        read_meanwhile = len(list(tmp_path.glob("*.done")))
        rest = list(outcomes)
    assert first.article is not None and all(o.article is not None for o in rest)
    assert [o.path for o in [first, *rest]] == paths
    assert read_meanwhile >= 20  # with two files ahead per reader it was 3


def test_a_file_waiting_for_a_reader_is_not_timed_out_for_the_wait(tmp_path: Path) -> None:
    """Twelve files of 0.3 s each behind one reader, a limit of 1 s each: every file is read
    (counted from their submission, the later ones would have been given up)."""
    paths = _files(tmp_path, 12, 0.3)
    with workers.ReaderPool(workers=1, timeout_s=1.0, read=_timed_read) as pool:
        outcomes = list(pool.read_all(paths))
    assert [o.error for o in outcomes] == [None] * 12
    assert all(o.article is not None for o in outcomes)
