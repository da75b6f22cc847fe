"""Shared fixtures: real libraries on disk, built from the seed articles."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import GOLD, SEEDS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def gold() -> dict:
    """The acceptance facts about the seeds (a copy kept in the project)."""
    return GOLD


@pytest.fixture(scope="session")
def seed_library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library with the five seeds imported once per test session (treat as read-only)."""
    from desktop.library import Library

    path = tmp_path_factory.mktemp("seedlib")
    with Library.open(path) as lib:
        report = lib.import_paths(sorted(SEEDS.glob("*.txt")))
    assert len(report.imported) == 5, report
    return path


@pytest.fixture
def seed_library(seed_library_dir: Path):
    """The shared seed library, opened for one test."""
    from desktop.library import Library

    with Library.open(seed_library_dir) as lib:
        yield lib


@pytest.fixture
def fresh_seed_library(seed_library_dir: Path, tmp_path: Path):
    """A private copy of the seed library that a test may change."""
    from desktop.library import Library

    path = tmp_path / "lib"
    shutil.copytree(seed_library_dir, path, ignore=shutil.ignore_patterns("write.lock"))
    with Library.open(path) as lib:
        yield lib
