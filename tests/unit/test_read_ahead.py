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
    folder.mkdir(parents=True, exist_ok=True)
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


def test_an_outcome_says_whether_the_next_one_is_back(tmp_path: Path) -> None:
    """What lets an import commit a group of files when the next would keep it waiting (and
    store on while the readers are ahead)."""
    ahead = _files(tmp_path / "ahead", 12, 0.01)
    with workers.ReaderPool(workers=1, read=_timed_read) as pool:
        outcomes = pool.read_all(ahead)
        first = next(outcomes)
        time.sleep(1.5)  # the importer is busy: the readers go on
        rest = list(outcomes)
    assert [o.followed for o in rest] == [True] * 10 + [False]  # nothing after the last
    slow = _files(tmp_path / "slow", 3, 0.6)
    with workers.ReaderPool(workers=1, read=_timed_read) as pool:
        waited = list(pool.read_all(slow))  # each handed over as soon as it is read
    assert first.article is not None and [o.followed for o in waited] == [False] * 3


def test_a_file_waiting_for_a_reader_is_not_timed_out_for_the_wait(tmp_path: Path) -> None:
    """Twelve files of 0.3 s each behind one reader, a limit of 1 s each: every file is read
    (counted from their submission, the later ones would have been given up)."""
    paths = _files(tmp_path, 12, 0.3)
    with workers.ReaderPool(workers=1, timeout_s=1.0, read=_timed_read) as pool:
        outcomes = list(pool.read_all(paths))
    assert [o.error for o in outcomes] == [None] * 12
    assert all(o.article is not None for o in outcomes)


def _odd_read(path: str):  # type: ignore[no-untyped-def]
    """Runs in a reader: one file hangs, one kills its reader, one cannot be sent back."""
    import os

    from desktop.ingest.workers import read_one

    name = Path(path).name
    if name == "07.txt":
        time.sleep(600)
    if name == "12.txt":
        os._exit(3)
    if name == "16.txt":
        return _Unsendable(), None, None
    return read_one(path)


class _Unsendable:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        raise MemoryError


def test_small_text_files_travel_in_groups_and_a_bad_one_fails_alone(tmp_path: Path) -> None:
    """Small text files go to a reader several at a time (each on its own cost more than
    reading it); a group holding a file that hangs, one that kills its reader and one whose
    result cannot be sent back is read again file by file: each of those three gets its own
    reason, every other file its article, in order."""
    paths = _files(tmp_path, 24, 0.0)
    trips = []
    with workers.ReaderPool(workers=1, timeout_s=2.0, read=_odd_read) as pool:
        submit = pool._submit
        pool._submit = lambda group: trips.append(len(group)) or submit(group)  # type: ignore[method-assign]
        outcomes = list(pool.read_all(paths))
    assert [o.path for o in outcomes] == paths
    errors = {o.path.name: o.error for o in outcomes if o.error}
    assert set(errors) == {"07.txt", "12.txt", "16.txt"}
    assert "too long" in errors["07.txt"]
    assert "crashed the reader" in errors["12.txt"]
    assert errors["16.txt"] == workers.NEEDS_TOO_MUCH_MEMORY
    assert all(o.article is not None for o in outcomes if not o.error)
    assert max(trips) > 1  # some went together
    assert all(o.article.title.startswith("0.0 An article") for o in outcomes if not o.error)


def test_pages_and_big_files_go_to_a_reader_one_at_a_time(tmp_path: Path) -> None:
    """A saved page (tens of milliseconds to read) or a big text is sent on its own: a group
    of them would share one file's time limit."""
    paths = []
    for i in range(12):
        page = tmp_path / f"{i:02d}.html"
        page.write_text(
            f"<html><head><title>Page {i}</title></head><body><p>Odesa {i}.</p></body></html>",
            encoding="utf-8",
        )
        paths.append(page)
    big = tmp_path / "big.txt"
    big.write_text("Odesa port. " * 40_000, encoding="utf-8")
    paths.append(big)
    trips = []
    with workers.ReaderPool(workers=1) as pool:
        submit = pool._submit
        pool._submit = lambda group: trips.append([p.name for p in group]) or submit(group)  # type: ignore[method-assign]
        outcomes = list(pool.read_all(paths))
    assert [o.path for o in outcomes] == paths and not [o for o in outcomes if o.error]
    assert all(len(t) == 1 for t in trips)
