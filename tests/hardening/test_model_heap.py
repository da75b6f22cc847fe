"""The entity workers keep the memory the model frees between batches, and give it back when
their import ends (docs/performance.md, "the model's heap")."""

from __future__ import annotations

import sys

import pytest

from desktop import entity_workers
from desktop.entity_workers import Item, ModelWorkers, TimeLimit, _resident
from tests.helpers import SEEDS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc, /proc")


def _articles(start: int, copies: int) -> list[Item]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return [(start + i, texts[i % len(texts)], None) for i in range(copies * len(texts))]


def _page_faults(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[7])


def test_the_models_batches_do_not_take_memory_from_the_system_each_time() -> None:
    """By default glibc unmapped the model's large arrays after each batch and the next batch
    faulted them in again: ~650 page faults an article on the news corpus, 9 % of a worker's
    time in the kernel. Kept, a worker's later batches take a few."""
    entity_workers.shutdown_workers()
    with ModelWorkers(1, TimeLimit(ceiling_s=600)) as model:
        first = list(model.run([_articles(0, 4)]))  # the heap grows to what a batch needs
        pid = model._workers[0].proc.pid
        before = _page_faults(pid)
        later = _articles(1000, 4)
        found = [f for o in model.run([later[:10], later[10:]]) for _, f in o.found]
        per_article = (_page_faults(pid) - before) / len(later)
    assert first and len(found) == len(later) and all(found)
    assert per_article < 60, f"{per_article:.0f} page faults an article"
    entity_workers.shutdown_workers()


def test_an_idle_worker_gives_back_the_memory_it_kept_for_batches() -> None:
    """When its import ends a worker hands the heap it kept back to the system, and is kept
    (small) for the next import."""
    entity_workers.shutdown_workers()
    with ModelWorkers(1, TimeLimit(ceiling_s=600)) as model:
        assert list(model.run([_articles(0, 6)]))
        worker = model._workers[0]
        busy = _resident(worker.proc.pid) or 0
    assert entity_workers._spare == [worker], "kept for the next import"
    rested = _resident(worker.proc.pid) or 0
    assert busy - rested > 8 * 2**20, (busy / 2**20, rested / 2**20)
    with ModelWorkers(1, TimeLimit(ceiling_s=600)) as again:
        assert again._workers == [worker]
        (outcome,) = again.run([_articles(50, 1)])
    assert len(outcome.found) == 5 and all(f for _, f in outcome.found)
    entity_workers.shutdown_workers()
