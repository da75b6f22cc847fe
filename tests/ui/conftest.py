"""Fixtures for the window tests: private settings, windows over real libraries, waiting."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.helpers import SEEDS
from tests.helpers.window import wait_idle

HERE = Path(__file__).parent

# The offscreen platform's default screen is 800x800, smaller than the window's minimum
# size; give it a 2560x1440 one so geometry restores and both layouts can be checked.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={HERE / 'offscreen-screen.json'}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform warns that it cannot pass size hints to a window manager it does
    not have, nor bring a dialog to the front (raise); those messages are not failures of
    ours."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            ignored = "does not support (propagateSizeHints|raise)"
            item.add_marker(pytest.mark.qt_log_ignore(ignored))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """QSettings in a file of this test's own (never the user's)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings: QSettings, tmp_path: Path) -> Iterator[Callable]:
    """``make_window(library)``: a shown MainWindow, closed (workers stopped) after the test."""
    from ui.main_window import MainWindow
    from ui.startup import tune_process

    windows = []

    def make(library, size: tuple[int, int] | None = (1366, 768), wait: bool = True, **kw):
        kw.setdefault("sample_dir", tmp_path / "sample-library")
        kw.setdefault("seeds", SEEDS)
        window = MainWindow(library, kw.pop("qsettings", settings), **kw)
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        tune_process()  # as desktop.app.main does once the window is shown
        windows.append(window)
        if wait:
            wait_idle(qtbot, window)
        return window

    yield make
    for window in windows:
        window.close()
