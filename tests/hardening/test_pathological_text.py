"""Pathological text: no input can freeze an import.

A news article followed by a 60,000-character separator, by 50 kB of brackets, by a base64
image, and CommonMark's own pathological Markdown inputs (written here, 50 kB each): each
imports within 10 s on two cores, is searchable, and keeps its entities. An article whose
entities run out of time is stored and searchable, says so, and the import goes on; the
model's worker is stopped and replaced, and dies with the process that started it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop import entity_workers
from desktop.library import Library
from desktop.querying import SearchRequest
from tests.helpers import ROOT

LIMIT_S = 10.0
ARTICLE = (
    "Port reopens in Odesa\n\nShips left the harbour of Odesa on Monday after weeks of "
    "closure, officials said, and grain traders in Kyiv welcomed the news.\n\n"
)


def _backticks() -> str:
    return "".join("e" + "`" * n for n in range(1, 316))


# name -> (suffix, the junk that follows the article); each junk part is ~50 kB or more
CASES: dict[str, tuple[str, Callable[[], str]]] = {
    "separator": (".txt", lambda: "=" * 60_000),
    "brackets": (".txt", lambda: "[" * 25_000 + "]" * 25_000),
    "base64 image": (".txt", lambda: "data:image/png;base64," + "iVBORw0KGgo" * 5_000),
    "nested brackets": (".md", lambda: "[" * 25_000 + "a" + "]" * 25_000),
    "image-link patterns": (".md", lambda: "![[]()" * 8_500),
    "link patterns": (".md", lambda: "[ (](" * 10_000),
    "unclosed links": (".md", lambda: "[a](<b" * 8_500),
    "backticks": (".md", _backticks),
    "nested block quotes": (".md", lambda: "> " * 25_000 + "a"),
    "emphasis in deep block quotes": (".md", lambda: ("> " * 40 + "*a **b** _c_*\n") * 560),
    "nested inlines": (".md", lambda: "*a **a " * 3_600 + "b" + " a** a*" * 3_600),
    "emphasis openers": (".md", lambda: "_a " * 17_000),
    "link closers": (".md", lambda: "a]" * 25_000),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """One library for the group; a first import starts the model's worker (not timed)."""
    root = tmp_path_factory.mktemp("pathological")
    warm = root / "warm-up.txt"
    warm.write_text("Warm-up\n\nOfficials in Lviv met on Tuesday.\n", encoding="utf-8")
    with Library.open(root / "lib") as lib:
        lib.import_paths([warm])
        yield lib


@pytest.mark.parametrize("case", list(CASES))
def test_pathological_text_imports_quickly_and_is_searchable(
    library: Library, tmp_path: Path, case: str
) -> None:
    suffix, junk = CASES[case]
    text = ARTICLE + junk() + "\n\nThe port authority said more ships would follow.\n"
    assert len(text) > 50_000
    path = tmp_path / f"{case.replace(' ', '-')}{suffix}"
    path.write_text(text, encoding="utf-8")

    began = time.monotonic()
    report = library.import_paths([path])
    took = time.monotonic() - began

    assert not report.failed, report.failed
    (imported,) = report.imported
    assert took < LIMIT_S, f"{case}: the import took {took:.1f} s"
    assert imported.entities_status is None  # found in time, not given up
    hits = library.searcher.search(SearchRequest("harbour authority", limit=50)).hits
    assert imported.id in {h.id for h in hits}
    doc = library.searcher.document(imported.id)
    assert doc.text.count("Odesa") == 2 and len(doc.text) >= len(text.strip()) - 10
    places = {m.canonical for m in doc.entities if m.kind == "place"}
    assert {"Odesa", "Kyiv"} <= places
    for m in doc.entities:  # every mention's offsets point at its own words
        assert doc.text[m.start : m.end] == m.text


def _long_article(words: int = 20_000) -> str:
    vocabulary = (
        "grain",
        "port",
        "shelling",
        "mayor",
        "power",
        "school",
        "Kyiv",
        "Odesa",
        "officials",
        "said",
        "Monday",
        "the",
        "of",
        "and",
        "in",
        "Lviv",
        "council",
        "repairs",
        "budget",
        "Red",
        "Cross",
        "families",
        "district",
        "spring",
    )
    body = " ".join(vocabulary[(i * 7 + i // 13) % len(vocabulary)] for i in range(words))
    return "Long report from the front\n\n" + body + ".\n"


def test_an_article_out_of_time_is_stored_searchable_and_marked_and_the_import_goes_on(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(entity_workers.ENV_CEILING, "1.0")  # the model needs 3 s or more
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-long.txt").write_text(_long_article(), encoding="utf-8")
    (folder / "b-short.txt").write_text(
        "Mayor speaks in Melitopol\n\nIvan Fedorov spoke in Melitopol on Monday.\n",
        encoding="utf-8",
    )
    report = library.import_paths([folder])
    status = {f.filename: f.entities_status for f in report.imported}
    assert status == {"a-long.txt": "too_long", "b-short.txt": None}
    long_id = next(f.id for f in report.imported if f.filename == "a-long.txt")
    assert report.to_json()["imported"][0]["entities_status"] == "too_long"

    doc = library.searcher.document(long_id)
    assert doc.entities == [] and doc.entities_note == "entities not found: took too long"
    assert doc.to_json()["entities_status"] == "too_long"
    hits = library.searcher.search(SearchRequest('"long report from the front"')).hits
    assert [h.id for h in hits] == [long_id]
    short = library.searcher.document(next(f.id for f in report.imported if f.id != long_id))
    assert "Melitopol" in {m.canonical for m in short.entities}
    assert library.pending_entities() == 0  # given up is done: the next import does not retry

    monkeypatch.delenv(entity_workers.ENV_CEILING)
    library.reextract()  # with time enough, the same article gets its entities
    doc = library.searcher.document(long_id)
    assert doc.entities_status is None and "Odesa" in {m.canonical for m in doc.entities}


def test_a_killed_worker_is_replaced(library: Library, tmp_path: Path) -> None:
    spare = list(entity_workers._spare)
    assert spare, "the group's first import keeps its worker for the next"
    for worker in spare:
        os.kill(worker.proc.pid, signal.SIGKILL)
        worker.proc.join(5)
    path = tmp_path / "after.txt"
    path.write_text("Port news\n\nShips left Odesa again on Friday.\n", encoding="utf-8")
    (imported,) = library.import_paths([path]).imported
    assert imported.entities_status is None
    assert "Odesa" in {m.canonical for m in library.searcher.document(imported.id).entities}


CHILD = """
import sys, time
from desktop.entity_workers import ModelWorkers, TimeLimit
text = "Officials in Kyiv and Odesa said on Monday that the port would reopen. " * 20_000
with ModelWorkers(1, TimeLimit(ceiling_s=600)) as model:
    worker = model._workers[0]
    worker.send([(1, text, None)], model.limit, single=True)  # minutes of work
    print(worker.proc.pid, flush=True)
    time.sleep(120)
"""


def test_the_model_worker_dies_with_the_process_that_started_it() -> None:
    """Killed with -9 while its worker is busy with a long article, the process leaves no
    worker behind (an import in the window's child process, stopped)."""
    with subprocess.Popen(
        [sys.executable, "-c", CHILD], cwd=ROOT, stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        worker_pid = int(parent.stdout.readline())
        time.sleep(1.0)
        assert _alive(worker_pid)
        parent.kill()
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and _alive(worker_pid):
        time.sleep(0.1)
    assert not _alive(worker_pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_worker_that_grew_too_big_retires_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 18: a model worker over its memory ceiling after a batch exits and a fresh one
    takes the next batch; no article loses its entities."""
    entity_workers.shutdown_workers()
    monkeypatch.setattr(entity_workers, "RETIRE_BYTES", 1)  # every worker retires at once
    items = [
        (i, f"Report {i}\n\nShips left Odesa for Istanbul on Friday, officials in Kyiv said.", None)
        for i in range(6)
    ]
    found: dict[int, set[str]] = {}
    with entity_workers.ModelWorkers(1, entity_workers.TimeLimit(ceiling_s=600)) as model:
        seen = {model._workers[0].proc.pid}
        for outcome in model.run([items[:2], items[2:4], items[4:]]):
            assert not outcome.given_up
            found.update({i: {f.text for f in fs} for i, fs in outcome.found})
            seen.update(w.proc.pid for w in model._workers if w.proc.pid)
    assert sorted(found) == list(range(6))
    assert all({"Odesa", "Istanbul", "Kyiv"} <= names for names in found.values())
    assert len(seen) >= 2, "the retired worker was replaced by a new process"
    entity_workers.shutdown_workers()


def test_a_big_idle_worker_is_not_kept_after_its_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: a worker that grew is stopped when its import ends instead of being kept for
    the next one (a small one is kept: see test_a_killed_worker_is_replaced)."""
    entity_workers.shutdown_workers()
    monkeypatch.setattr(entity_workers, "SPARE_BYTES", 1)
    with entity_workers.ModelWorkers(1, entity_workers.TimeLimit(ceiling_s=600)) as model:
        outcomes = list(model.run([[(1, "Ships left Odesa on Friday.", None)]]))
        worker = model._workers[0]
    assert outcomes and outcomes[0].found
    assert entity_workers._spare == []
    assert not worker.alive()
