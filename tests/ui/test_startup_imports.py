"""PySide6's check of each module imported after it, answered from the file's bytes."""

from __future__ import annotations

import inspect
import sys


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
