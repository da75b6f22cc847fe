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
