"""Writers queue, readers never wait, and the next writer tidies what a killed one left."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.library import Library
from desktop.maintenance import check
from desktop.querying import SearchRequest
from tests.hardening.test_crash import make_articles
from tests.helpers import ROOT, SEEDS


def cli(*args: str, library: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--library", str(library), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(*args: str, library: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--library", str(library), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_reads_never_wait_for_a_writer(fresh_seed_library: Library, tmp_path: Path) -> None:
    """search, show, export, stats and check answer at once while another process writes."""
    root = fresh_seed_library.root
    with fresh_seed_library.writing():  # what an import holds for its whole first phase
        for args in (
            ("search", "Kherson"),
            ("show", "1"),
            ("export", "Kherson", "-o", str(tmp_path / "out.jsonl")),
            ("stats",),
            ("check",),
        ):
            began = time.monotonic()
            res = cli(*args, library=root, timeout=60)
            took = time.monotonic() - began
            assert res.returncode == 0, (args, res.stderr)
            assert "another Sourcedesk process" not in res.stderr
            assert took < 8, f"{args[0]} waited {took:.1f} s for the writer"
        res = cli("search", "Kherson", library=root)
        assert res.stdout.startswith("4 of 5 articles")
        res = cli("import", "--no-wait", str(tmp_path / "out.jsonl"), library=root, timeout=60)
        assert res.returncode == 1
        assert "another Sourcedesk process is writing to this library" in res.stderr


def test_two_imports_at_once_both_complete_with_exact_totals(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    first = make_articles(tmp_path / "first", 150)
    second = tmp_path / "second"
    second.mkdir()
    for i, path in enumerate(sorted(first.iterdir())):
        if i % 3 == 0:  # 50 files both imports are given
            shutil.copyfile(path, second / path.name)
    for i in range(100):
        (second / f"b{i:03d}.txt").write_text(
            f"Second batch {i} from Sumy\n\nOfficials in Sumy said on Friday: grain {i}.\n",
            encoding="utf-8",
        )
    procs = [start("import", "--json", str(f), library=library) for f in (first, second)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    reports = [json.loads(out) for out, _ in outs]
    imported = sum(len(r["imported"]) for r in reports)
    duplicates = sum(len(r["duplicates"]) for r in reports)
    assert (imported, duplicates) == (250, 50)
    assert not any(r["failed"] or r["cancelled"] for r in reports)
    waits = [err.count("waiting for it to finish") for _, err in outs]
    assert max(waits) == 1 and sorted(waits) in ([0, 1], [1, 1]), waits  # said once
    with Library.open(library) as lib:
        assert lib.stats().documents == 250
        assert lib.searcher.search(SearchRequest("officials", limit=0)).total == 250
        assert lib.pending_entities() == 0
        assert check(lib).healthy


KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys, tempfile
    from desktop.library import Library
    from desktop.ingest.files import read_file
    from desktop.ingest.pipeline import Importer, ImportReport

    lib = Library.open(sys.argv[1])
    report = ImportReport()
    with lib.writing():
        # a document committed and queued for the index, the index not yet written
        path = __import__("pathlib").Path(sys.argv[2])
        data, article = read_file(path)
        Importer(lib.sessions, lib.originals).store(path, data, article, report)
        # an original kept for a file whose document never got committed
        lib.originals.put(b"Half an import: this file never became an article.")
        # a partial copy of the next original, as the kill leaves it
        folder = lib.originals.root / "ff"
        folder.mkdir(parents=True, exist_ok=True)
        fd, _ = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        os.write(fd, b"partial")
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_the_next_writer_tidies_what_a_killed_one_left(
    seed_library_dir: Path, tmp_path: Path
) -> None:
    library = tmp_path / "lib"
    shutil.copytree(seed_library_dir, library)
    article = tmp_path / "late.txt"
    article.write_text("Late report\n\nOfficials in Kherson said the port reopened.\n", "utf-8")
    res = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(library), str(article)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == -signal.SIGKILL, res.stderr
    res = cli("check", "--json", library=library)
    found = {f["what"]: f for f in json.loads(res.stdout)["findings"]}
    assert res.returncode == 1
    assert not found["unfinished writes"]["ok"]
    assert not found["originals without an article"]["ok"]
    assert "1 wait in the queue" in found["search index"]["detail"]
    # reading did not tidy anything: that is the next writer's job
    assert len(list((library / "originals").rglob(".tmp-*"))) == 1
    res = cli("import", str(SEEDS), library=library)  # the re-import: all duplicates
    assert res.returncode == 0, res.stderr
    res = cli("check", library=library)
    assert res.returncode == 0 and "PROBLEM" not in res.stdout, res.stdout
    assert not list((library / "originals").rglob(".tmp-*"))
    res = cli("search", "port reopened", library=library)
    assert res.stdout.startswith("1 of 6 articles"), res.stdout


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_a_writer_killed_while_holding_the_lock_never_blocks_the_next(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    Library.open(library).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from desktop.library import Library\n"
            "lib = Library.open(sys.argv[1])\n"
            "with lib.writing():\n    print('held', flush=True); time.sleep(600)",
            str(library),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        waiting = start("import", str(SEEDS), library=library)
        time.sleep(1.5)
        assert waiting.poll() is None  # queued behind the holder
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert err.count("waiting for it to finish") == 1
    assert "5 imported" in out


def _open_new(root: str, errors: Any) -> None:
    try:
        with Library.open(root) as lib:
            lib.stats()
    except Exception as exc:  # reported to the test, which shows it
        errors.put(f"{type(exc).__name__}: {exc}")


def test_two_processes_creating_one_new_library_both_open_it(tmp_path: Path) -> None:
    """Two imports started at once into a new folder: the one that does not create the
    library waits for it instead of failing with "database is locked" (it did about one
    time in eight: switching to write-ahead logging does not wait on SQLite's busy handler)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    for round_ in range(24):
        root = str(tmp_path / f"lib{round_}")
        procs = [ctx.Process(target=_open_new, args=(root, errors)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0, 0]
        assert errors.empty(), errors.get()
