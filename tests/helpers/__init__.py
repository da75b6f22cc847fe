"""What tests share besides fixtures: paths, the acceptance facts, small libraries, waiting.

Tests import helpers from here, never from a conftest file (fixtures stay there).
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def others_can_enter(*paths: Path) -> bool:
    """True when another user (a test's ``setpriv`` as nobody) can reach every path: each
    folder on the way lets others through (a checkout in ``mktemp -d`` does not)."""
    for path in paths:
        for folder in [path, *path.parents]:
            try:
                if folder.is_dir() and not folder.stat().st_mode & 0o001:
                    return False
            except OSError:
                return False
    return True


SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
GOLD = json.loads((ROOT / "tests" / "data" / "seeds_gold.json").read_text("utf-8"))


def doc_key(filename: str) -> str:
    """Gold keys are seed file names without .txt."""
    return filename.removesuffix(".txt")
