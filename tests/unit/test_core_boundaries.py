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


def _imports(package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same three packages it imports (at any depth of code)."""
    import ast

    ours = ("desktop", "search", "ui")
    graph: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")[
                        : len(name.split("."))
                        - node.level
                        + (1 if path.name == "__init__.py" else 0)
                    ]
                    module = ".".join([*base, node.module] if node.module else base)
                else:
                    module = node.module or ""
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
        graph[name] = {m for m in found if m.split(".")[0] in ours}
    return graph


def test_no_import_cycles_in_the_core_or_the_window() -> None:
    """Each package's modules import one another without a cycle (the window's too), and
    the layers point one way: ui -> desktop -> search."""
    graph: dict[str, set[str]] = {}
    for package in ("desktop", "search", "ui"):
        graph.update(_imports(package))
    modules = set(graph)
    edges = {
        m: {t for t in targets if t in modules and t != m and not m.startswith(t + ".")}
        for m, targets in graph.items()
    }
    for module, targets in edges.items():
        layer = module.split(".")[0]
        for target in targets:
            assert (layer, target.split(".")[0]) not in {
                ("search", "desktop"),
                ("search", "ui"),
                ("desktop", "ui"),
            } or module == "desktop.app", f"{module} imports {target}"

    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycle = path[path.index(target) :] + [target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
