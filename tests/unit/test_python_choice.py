"""Which Python `make` builds .venv with (scripts/python.sh): the distribution's when it can
make a virtualenv with pip, else the first python3 on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "python.sh"


def choice(candidate: Path) -> str:
    env = {**os.environ, "SOURCEDESK_SYSTEM_PYTHON": str(candidate)}
    out = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def wrapper(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "python3"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def test_a_python_that_can_make_the_venv_is_chosen(tmp_path: Path) -> None:
    # the interpreter running the tests: 3.11-3.13, and a venv's has pip to bundle
    python = wrapper(tmp_path, f'exec "{sys.executable}" "$@"')
    assert choice(python) == str(python)


@pytest.mark.parametrize(
    "body",
    [
        "exit 1",  # not a working Python at all
        # Debian without python3-venv: no pip for a new virtualenv
        '[ "$1" = "-m" ] && [ "$2" = "ensurepip" ] && exit 1\nexec "{python}" "$@"',
        # a Python Sourcedesk does not support (3.10)
        '[ "$1" = "-" ] && exit 1\nexec "{python}" "$@"',
    ],
    ids=["broken", "no-ensurepip", "unsupported-version"],
)
def test_otherwise_python3_on_path(tmp_path: Path, body: str) -> None:
    assert choice(wrapper(tmp_path, body.format(python=sys.executable))) == "python3"


def test_a_missing_distribution_python_falls_back(tmp_path: Path) -> None:
    assert choice(tmp_path / "nowhere" / "python3") == "python3"
