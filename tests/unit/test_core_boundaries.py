"""The core runs without Qt, and commands that do not extract entities never load the model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_core_modules_import_no_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, desktop, search\n"
        "for pkg in (desktop, search):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if m.name != 'desktop.app' and not m.name.endswith('__main__'):\n"
        "            importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    res = _run(code)
    assert res.returncode == 0 and "ok" in res.stdout, res.stderr


def test_search_show_stats_export_do_not_import_spacy(seed_library_dir: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from desktop.cli import main\n"
        f"lib = {str(seed_library_dir)!r}\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['--library', lib, 'search', 'Kherson', '--place', 'Kyiv']) == 0\n"
        "    assert main(['--library', lib, 'show', '1', '--json']) == 0\n"
        "    assert main(['--library', lib, 'stats']) == 0\n"
        "    assert main(['--library', lib, 'export', 'Kherson']) == 0\n"
        "heavy = ('spacy', 'thinc', 'PySide6', 'dateparser', 'trafilatura')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "print('ok')\n"
    )
    res = _run(code)
    assert res.returncode == 0 and "ok" in res.stdout, res.stderr
