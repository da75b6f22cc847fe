"""What tests share besides fixtures: paths, the acceptance facts, small libraries, waiting.

Tests import helpers from here, never from a conftest file (fixtures stay there).
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
GOLD = json.loads((ROOT / "tests" / "data" / "seeds_gold.json").read_text("utf-8"))


def doc_key(filename: str) -> str:
    """Gold keys are seed file names without .txt."""
    return filename.removesuffix(".txt")
