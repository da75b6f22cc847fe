"""An import into a folder library commits its files a group at a time (one round of
``fsync`` for the group's originals, one commit), and still gives every file its own
verdict: a file the library refuses fails alone, a commit that fails is made again a file
at a time, and no original is left behind for an article that was not stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.ingest.pipeline import ImportProgress
from desktop.library import Library
from desktop.store import sha256_hex
from desktop.store.originals import HeldOriginals, OriginalStore


def _articles(folder: Path, n: int, refused: int | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title = "Refused report" if i == refused else f"Harbour report {i}"
        (folder / f"a{i:03d}.txt").write_text(
            f"{title}\n\nOfficials in Odesa said on Monday that {i} grain ships had left the "
            f"port, the {i}th convoy since the terminal reopened.\n",
            encoding="utf-8",
        )
    return folder


def _originals(library: Path) -> tuple[set[str], list[str]]:
    """The originals kept (by name) and any partial file left beside them."""
    files = [p.name for p in (library / "originals").rglob("*") if p.is_file()]
    return {n for n in files if not n.startswith(".tmp-")}, [
        n for n in files if n.startswith(".tmp-")
    ]


def _stored(library: Path) -> dict[str, str]:
    con = sqlite3.connect(library / "library.sqlite")
    try:
        return dict(con.execute("SELECT filename, original_sha256 FROM documents"))
    finally:
        con.close()


def test_files_are_committed_in_groups_and_progress_counts_only_what_is_stored(
    tmp_path: Path,
) -> None:
    folder = _articles(tmp_path / "drop", 120)
    seen: list[tuple[int, int]] = []  # (imported, as the progress says; rows committed)

    def progress(p: ImportProgress) -> None:
        con = sqlite3.connect(f"file:{tmp_path / 'lib' / 'library.sqlite'}?mode=ro", uri=True)
        try:
            seen.append((p.imported, con.execute("SELECT count(*) FROM documents").fetchone()[0]))
        finally:
            con.close()

    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([folder], on_progress=progress, entities=False)
    assert len(report.imported) == 120 and not report.failed
    assert all(imported <= committed for imported, committed in seen)
    # a commit a file would show every count from 1 to 120; the reader processes hand the
    # small files back together, and those are committed together
    commits = {committed for _, committed in seen}
    assert commits.issuperset({120}) and len(commits) <= 60, sorted(commits)
    kept, partial = _originals(tmp_path / "lib")
    assert kept == set(_stored(tmp_path / "lib").values()) and not partial


REFUSE = (  # the row refused at once: its savepoint is rolled back, the group goes on
    "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.title = 'Refused report' "
    "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END;"
)
BREAK_AT_COMMIT = (  # the row passes its savepoint and breaks a constraint checked at commit
    "CREATE TABLE checked (doc INTEGER REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED);"
    "CREATE TRIGGER unfinished AFTER INSERT ON documents WHEN NEW.title = 'Refused report' "
    "BEGIN INSERT INTO checked VALUES (-1); END;"
)


@pytest.mark.parametrize("sql", [REFUSE, BREAK_AT_COMMIT], ids=["at-once", "at-commit"])
def test_a_file_the_library_refuses_fails_alone_and_leaves_no_original(
    tmp_path: Path, sql: str
) -> None:
    """At commit: the group's commit fails, and its files are stored again one transaction
    each, so every other file of the group is stored all the same."""
    folder = _articles(tmp_path / "drop", 40, refused=17)
    with Library.open(tmp_path / "lib") as lib:
        with sqlite3.connect(tmp_path / "lib" / "library.sqlite") as con:
            con.executescript(sql)
        report = lib.import_paths([folder], entities=False)
    assert [(Path(f.path).name, f.error) for f in report.failed] == [
        ("a017.txt", "the library refused the document")
    ]
    stored = _stored(tmp_path / "lib")
    assert sorted(stored) == [f"a{i:03d}.txt" for i in range(40) if i != 17]
    assert sorted(f.filename for f in report.imported) == sorted(stored)
    kept, partial = _originals(tmp_path / "lib")
    refused = sha256_hex((folder / "a017.txt").read_bytes())
    assert refused not in kept and kept == set(stored.values()) and not partial


def test_held_originals_are_in_place_only_once_settled(tmp_path: Path) -> None:
    store = OriginalStore(tmp_path / "originals")
    held = HeldOriginals(store)
    first = held.put(b"first article")
    mark = held.mark()
    second = held.put(b"second article")
    assert held.put(b"second article") == second  # once
    assert not store.has(first) and not store.has(second)  # not before the commit
    held.drop_since(mark)  # the second one's article was not stored
    partial = [p for p in (tmp_path / "originals").rglob(".tmp-*")]
    assert len(partial) == 1
    held.settle()
    assert store.get(first) == b"first article" and not store.has(second)
    assert not list((tmp_path / "originals").rglob(".tmp-*"))
    held.committed()
    third = held.put(b"third article")
    held.settle()
    held.undo()  # its commit failed
    assert not store.has(third) and store.verify(first)
    assert held.put(b"first article") == first and held.mark() == 0  # already kept
