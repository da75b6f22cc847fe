"""A ``search`` or ``show`` process ends once its answer is written, without Python's
finalisation (desktop/cli_entry.py): all of its output arrives, and every other command,
or one with anything still running beside it, exits as Python does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The ``sourcedesk`` entry with a marker of Python's exit: its atexit handlers run, in
#: order, during finalisation (``threads``: a thread beside the command, running until the
#: main thread has ended, however long the command takes).
ENTRY = """
import atexit, sys, threading
atexit.register(lambda: print("FINALISED", file=sys.stderr, flush=True))
if sys.argv[1] == "threads":
    threading.Thread(target=threading.main_thread().join).start()
sys.argv = ["sourcedesk", *sys.argv[2:]]
from desktop.cli_entry import main
raise SystemExit(main())
"""


def _entry(*args: str, threads: bool = False) -> subprocess.CompletedProcess[str]:
    # output buffered as a user's shell has it (unbuffered, nothing would wait for a flush)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", ENTRY, "threads" if threads else "-", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def test_a_search_ends_without_finalisation_and_its_whole_answer_arrives(
    seed_library_dir: Path,
) -> None:
    from desktop.reading import open_for_reading

    res = _entry("--library", str(seed_library_dir), "search", "", "--limit", "50", "--json")
    assert res.returncode == 0, res.stderr[-2000:]
    assert "FINALISED" not in res.stderr  # no teardown after the answer
    answer = json.loads(res.stdout)  # the tail left in the buffer was written
    reader = open_for_reading(seed_library_dir)
    assert reader is not None
    with reader:
        from desktop.querying import SearchRequest

        expected = reader.searcher.search(SearchRequest(query="", limit=50)).to_json()
    assert answer["total"] == expected["total"] == 5
    assert [h["id"] for h in answer["hits"]] == [h["id"] for h in expected["hits"]]


def test_show_ends_without_finalisation_with_the_whole_article(seed_library_dir: Path) -> None:
    found = _entry("--library", str(seed_library_dir), "search", "Kherson", "--json")
    doc_id = json.loads(found.stdout)["hits"][0]["id"]
    res = _entry("--library", str(seed_library_dir), "show", str(doc_id))
    assert res.returncode == 0, res.stderr[-2000:]
    assert "FINALISED" not in res.stderr
    assert "Kherson" in res.stdout and res.stdout.endswith("\n")


@pytest.mark.parametrize(
    ("args", "threads"),
    [
        (("stats",), False),  # not a read-only command
        (("search", "Kherson", "--json"), True),  # a thread still running beside it
    ],
)
def test_anything_else_exits_as_python_does(
    seed_library_dir: Path, args: tuple[str, ...], threads: bool
) -> None:
    res = _entry("--library", str(seed_library_dir), *args, threads=threads)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "FINALISED" in res.stderr
