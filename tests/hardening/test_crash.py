"""Crash consistency: SIGKILL at random points never leaves a broken or half-written library.

CI runs a few iterations; ``make stress`` runs many (SOURCEDESK_STRESS_ITERATIONS). Only the
command is killed (not its process group): every kill also counts the processes it left.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.library import Library
from desktop.maintenance import check
from desktop.querying import SearchRequest
from tests.hardening.processes import HAS_PROC, kill_owner, session_processes
from tests.helpers import ROOT, SEEDS

ITERATIONS = int(os.environ.get("SOURCEDESK_STRESS_ITERATIONS", "2"))
FILES = int(os.environ.get("SOURCEDESK_STRESS_FILES", "2000"))
PLACES = ["Kyiv", "Odesa", "Kharkiv", "Lviv", "Kherson", "Mariupol", "Dnipro", "Sumy"]


def make_articles(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        words = " ".join(
            rng.choice(["grain", "port", "shelling", "mayor", "power", "school"]) for _ in range(40)
        )
        (folder / f"a{i:05d}.txt").write_text(
            f"Report {i} from {place}\n\nOfficials in {place} said on Monday: {words}.\n",
            encoding="utf-8",
        )
    return folder


def start(library: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--library", str(library), *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill_after(proc: subprocess.Popen[bytes], seconds: float) -> None:
    """SIGKILL the command alone, as a crash does; none of its workers may outlive it."""
    time.sleep(seconds)
    left = kill_owner(proc) if HAS_PROC else []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # where /proc cannot tell, clean up anyway
    proc.wait()
    assert left == [], f"processes left 2 s after the kill: {left}"


def assert_whole(library: Path) -> int:
    """Integrity ok; once the next writer has tidied, every stored document searchable,
    every original present and nothing else left in the library."""
    con = sqlite3.connect(library / "library.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with Library.open(library) as lib:
        with lib.writing():  # the next writer tidies what the killed one left
            pass
        assert check(lib).healthy, [f for f in check(lib).findings if not f.ok]
        stats = lib.stats()
        assert stats.index_documents == stats.documents and stats.index_pending == 0
        with lib.sessions() as session:
            from sqlalchemy import select

            from desktop.store import Document

            for doc in session.scalars(select(Document)):
                assert doc.text and doc.title
                assert lib.originals.verify(doc.original_sha256)
        if stats.documents:
            assert lib.searcher.search(SearchRequest("officials")).total == stats.documents
        return stats.documents


@pytest.mark.slow
@pytest.mark.parametrize("iteration", range(ITERATIONS))
def test_kill_during_import_then_reimport_adds_exactly_the_missing(
    tmp_path_factory: pytest.TempPathFactory, iteration: int
) -> None:
    folder = make_articles(tmp_path_factory.getbasetemp() / "crash-articles", FILES)
    library = tmp_path_factory.mktemp(f"crashlib{iteration}")
    kill_after(start(library, "import", str(folder)), random.uniform(2.0, 9.0))
    before = assert_whole(library)
    with Library.open(library) as lib:
        report = lib.import_paths([folder], entities=False)
    assert len(report.imported) == FILES - before
    assert len(report.duplicates) == before and not report.failed
    assert assert_whole(library) == FILES


def library_open_in_a_worker(sid: int, library: Path) -> bool:
    """Whether a process the command started has a file of the library open: the child
    that indexes a large import (readers never open the library)."""
    for line in session_processes(sid):
        pid = int(line.split()[0])
        if pid == sid:
            continue
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(str(library)):
                        return True
    return False


@pytest.mark.slow
@pytest.mark.skipif(not HAS_PROC, reason="finds the indexing child through /proc (Linux)")
def test_kill_while_a_child_indexes_the_import(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = make_articles(tmp_path_factory.getbasetemp() / "crash-articles", FILES)
    library = tmp_path_factory.mktemp("crashchild")
    proc = start(library, "import", str(folder))
    deadline = time.monotonic() + 60
    while not library_open_in_a_worker(proc.pid, library) and time.monotonic() < deadline:
        assert proc.poll() is None, "the import ended before a child indexed it"
        time.sleep(0.02)
    kill_after(proc, random.uniform(0.0, 1.0))  # the child dies with the command
    before = assert_whole(library)
    with Library.open(library) as lib:
        report = lib.import_paths([folder], entities=False)
    assert len(report.imported) == FILES - before and not report.failed
    assert assert_whole(library) == FILES


@pytest.mark.slow
def test_kill_during_reindex_and_during_merge(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    with Library.open(library) as lib:
        lib.import_paths([SEEDS, make_articles(tmp_path / "more", 300)])
        places = dict(lib.searcher.search(SearchRequest(limit=0)).facets["place"])
        both = lib.searcher.search(SearchRequest("place:Kyiv AND place:Odesa", limit=0)).total
    kill_after(start(library, "reindex"), random.uniform(0.5, 2.0))
    assert assert_whole(library) == 305
    kill_after(start(library, "entities", "merge", "Odesa", "Kyiv"), random.uniform(0.3, 1.5))
    assert_whole(library)
    with Library.open(library) as lib:
        after = dict(lib.searcher.search(SearchRequest(limit=0)).facets["place"])
    # all or nothing: either the merge happened completely or not at all
    if "Odesa" in after:
        assert after == places
    else:
        assert after["Kyiv"] == places["Kyiv"] + places["Odesa"] - both
        rest = {k: v for k, v in places.items() if k not in ("Odesa", "Kyiv")}
        assert {k: v for k, v in after.items() if k != "Kyiv"} == rest
