"""cProfile of the benchmark's hot paths, to explain a figure of ``bench.py``.

    .venv/bin/python bench/bench_profile.py search LIBRARY [N]   # the query mix, warm
    .venv/bin/python bench/bench_profile.py open LIBRARY [N]     # open the top hits
    .venv/bin/python bench/bench_profile.py facets LIBRARY [N]   # the facet requests
    .venv/bin/python bench/bench_profile.py entities ARTICLES [N]  # extract_entities, in-process
    .venv/bin/python bench/bench_profile.py coldstart LIBRARY [N]  # the window up to its show
    .venv/bin/python bench/bench_profile.py firstanswer LIBRARY [N]  # the window taking in
                                                                     # its first search answer

LIBRARY is a library folder a ``bench.py --keep`` run left (``/tmp/…/library-whoosh``),
ARTICLES its ``articles`` folder. Prints the top N (default 30) entries by cumulative time.
For the import and the entity phase as they run, sample the ``--child import`` process
with py-spy instead (``py-spy record -p PID -d 30 -f raw --subprocesses``).
"""

from __future__ import annotations

import contextlib
import cProfile
import pstats
import resource
import runpy
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _report(pr: cProfile.Profile, label: str, n_items: int, wall: float, top: int) -> None:
    print(f"{label}: {n_items} items, {1000 * wall / max(1, n_items):.1f} ms each (wall)")
    pstats.Stats(pr).sort_stats("cumulative").print_stats(top)


def profile_library(kind: str, folder: str, top: int) -> None:
    from bench.bench import QUERY_MIX, facet_mix
    from desktop.library import Library
    from desktop.querying import SearchRequest

    lib = Library.open(folder)
    hits = {
        q: [h.id for h in lib.searcher.search(SearchRequest(query=q)).hits[:3]]
        for _, q, _ in QUERY_MIX
    }
    work: list = []
    if kind == "search":
        work = [lambda q=q: lib.searcher.search(SearchRequest(query=q)) for _, q, _ in QUERY_MIX]
    elif kind == "open":
        work = [
            lambda q=q, i=i: lib.searcher.document(i, query=q)
            for q, ids in hits.items()
            for i in ids
        ]
    else:
        work = [
            lambda kw=kw: lib.searcher.search(SearchRequest(sort="date", limit=0, **kw))
            for _, kw in facet_mix()
        ]
    for fn in work:  # warm
        fn()
    pr = cProfile.Profile()
    t = time.perf_counter()
    pr.enable()
    for fn in work:
        fn()
    pr.disable()
    _report(pr, kind, len(work), time.perf_counter() - t, top)


def profile_entities(folder: str, top: int, n: int = 100) -> None:
    from desktop.entities.extract import extract_entities
    from desktop.ingest.files import read_file

    files = sorted(Path(folder).rglob("*.txt"))[:n]
    arts = [read_file(f)[1] for f in files]
    extract_entities(arts[0].text, arts[0].published)  # loads the model
    cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    pr = cProfile.Profile()
    t = time.perf_counter()
    pr.enable()
    for a in arts:
        extract_entities(a.text, a.published)
    pr.disable()
    cpu = sum(resource.getrusage(resource.RUSAGE_SELF)[:2]) - cpu0
    print(f"CPU {1000 * cpu / len(arts):.1f} ms per article (profiler included)")
    _report(pr, "entities", len(arts), time.perf_counter() - t, top)


def profile_coldstart(folder: str, top: int) -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    probe = str(Path(__file__).with_name("bench_gui_probe.py"))
    sys.argv = [probe, "--library", folder]
    pr = cProfile.Profile()
    t = time.perf_counter()
    pr.enable()
    with contextlib.suppress(SystemExit):
        runpy.run_path(probe, run_name="__main__")
    pr.disable()
    _report(pr, "coldstart (to the show, then close)", 1, time.perf_counter() - t, top)


def profile_first_answer(folder: str, top: int) -> None:
    """The GUI thread's work when the first answer of a library just opened arrives (the
    stall the benchmark's probe sees after the show), then the window closes."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from desktop import app as gui
    from ui.main_window import MainWindow

    take_in = MainWindow._search_finished
    pr = cProfile.Profile()
    took: list[float] = []

    def profiled(window: MainWindow, outcome: object) -> None:
        if took:
            return take_in(window, outcome)  # type: ignore[arg-type]
        t = time.perf_counter()
        pr.enable()
        try:
            return take_in(window, outcome)  # type: ignore[arg-type]
        finally:
            pr.disable()
            took.append(time.perf_counter() - t)

    MainWindow._search_finished = profiled  # type: ignore[method-assign, assignment]
    app = gui.create_application([sys.argv[0]])
    QTimer.singleShot(5000, app.quit)
    gui.main(["--library", folder])
    _report(pr, "the first answer taken in", 1, took[0] if took else 0.0, top)


def main(argv: list[str]) -> int:
    kinds = ("search", "open", "facets", "entities", "coldstart", "firstanswer")
    if len(argv) < 2 or argv[0] not in kinds:
        print(__doc__)
        return 2
    top = int(argv[2]) if len(argv) > 2 else 30
    if argv[0] == "entities":
        profile_entities(argv[1], top)
    elif argv[0] == "coldstart":
        profile_coldstart(argv[1], top)
    elif argv[0] == "firstanswer":
        profile_first_answer(argv[1], top)
    else:
        profile_library(argv[0], argv[1], top)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
