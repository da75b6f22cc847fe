"""The ``sourcedesk-gui`` entry point, run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import ROOT, SEEDS


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def test_without_a_display_it_explains_and_exits_2(tmp_path):
    code = "import sys; from desktop.app import main; sys.exit(main([]))"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=clean_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "no display" in proc.stderr
    assert "make screenshots" in proc.stderr and "sourcedesk --help" in proc.stderr


@pytest.mark.slow
def test_it_opens_the_library_and_imports_the_files_given(tmp_path):
    """Start the real entry point offscreen with a file to import; close once it is searchable."""
    script = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        import desktop.app as app

        made = app.create_application
        def create(argv):
            qapp = made(argv)
            def check():
                for w in qapp.topLevelWidgets():
                    if type(w).__name__ != "MainWindow":
                        continue
                    if w.count_label.text() == "1 of 1 articles" and not w.importer.running:
                        print("TITLE", w.windowTitle())
                        print("COUNT", w.count_label.text())
                        qapp.closeAllWindows()
            timer = QTimer(qapp)
            timer.timeout.connect(check)
            timer.start(100)
            QTimer.singleShot(60_000, lambda: qapp.exit(3))
            return qapp
        app.create_application = create
        sys.exit(app.main(sys.argv[1:]))
    """)
    library = tmp_path / "lib"
    seed = SEEDS / "004_90168afd947e35b7.txt"
    proc = subprocess.run(
        [sys.executable, "-c", script, "--library", str(library), str(seed)],
        env=clean_env(tmp_path, QT_QPA_PLATFORM="offscreen"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "COUNT 1 of 1 articles" in proc.stdout
    assert "TITLE lib — Sourcedesk" in proc.stdout
    assert (library / "library.sqlite").is_file()
    settings = list((tmp_path / "config").rglob("*.conf"))
    assert settings and "search" in settings[0].read_text()  # the last search was kept
