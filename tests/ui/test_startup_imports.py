"""PySide6's check of each module imported after it, answered from the file's bytes; the
process tuned for a responsive window once it is shown."""

from __future__ import annotations

import inspect
import sys

import pytest


def pyside_answer(module: object) -> bool:
    """What PySide6 itself answers (``shibokensupport.feature._mod_uses_pyside``)."""
    try:
        return "PySide6" in inspect.getsource(module)  # type: ignore[arg-type]
    except (TypeError, OSError, SyntaxError):
        return False


def test_the_window_answers_pysides_module_check_from_the_files(qapp):
    from desktop import app

    app.create_application(["sourcedesk-gui"])  # what sourcedesk-gui runs first
    feature = sys.modules["PySide6.support.feature"]
    quick = feature._mod_uses_pyside
    assert getattr(quick, "quick", False)  # PySide6's own (inspect.getsource) is replaced

    import desktop.cli
    import ui.main_window

    assert quick(ui.main_window) and not quick(desktop.cli)
    checked = 0
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            assert quick(module) == pyside_answer(module), module.__name__
            checked += 1
    assert checked > 500  # every Python module of the app, Qt's, the stdlib's


def test_start_up_runs_without_the_collector_and_turns_it_back_on(tmp_path):
    """The real entry: no full collection walks what start-up builds (it keeps all of it);
    once the window exists what it made is frozen and the collector is on again."""
    import os
    import subprocess
    import textwrap

    from tests.helpers import ROOT

    script = textwrap.dedent(f"""
        import gc
        import ui.startup as startup
        from desktop import app

        tune = startup.tune_process

        def tuned():
            print("start-up:", gc.isenabled(), gc.get_stats()[2]["collections"], flush=True)
            tune()
            print("after:", gc.isenabled(), gc.get_freeze_count() > 50_000, flush=True)
            raise SystemExit(0)

        startup.tune_process = tuned
        app.main(["--library", {str(tmp_path / "lib")!r}])
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert "start-up: False 0" in proc.stdout, proc.stdout + proc.stderr
    assert "after: True True" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.timing
def test_the_gui_thread_takes_the_interpreter_back_quickly_from_a_busy_thread() -> None:
    """The window paints through hundreds of short calls into Python, each taking the GIL
    back from a search thread running Python; after ``tune_process`` each such wait is
    short (with the GIL handed over every 1 ms, searches one after another stalled the
    GUI thread 80-97 ms at 2,000 articles)."""
    import statistics
    import threading
    import time

    from ui.startup import tune_process

    before = sys.getswitchinterval()
    tune_process()
    stop = threading.Event()

    def busy() -> None:  # a search thread: Python, never waiting
        while not stop.is_set():
            sum(range(100))

    worker = threading.Thread(target=busy)
    worker.start()
    waits = []
    try:
        for _ in range(300):
            start = time.perf_counter()
            time.sleep(0.00005)  # the GIL is let go, as when Qt runs C++ between calls
            waits.append(time.perf_counter() - start - 0.00005)
    finally:
        stop.set()
        worker.join()
        sys.setswitchinterval(before)
    assert statistics.median(waits) < 0.0006, f"median wait {statistics.median(waits):.6f} s"
