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


# -- both backends: a library folder (SQLite) and a library on a PostgreSQL server -----------
#
# A test (or module) marked ``both_backends`` that uses ``backend`` (directly or through the
# seed-library fixtures or ``new_library``) runs twice: on a folder and on a database of a
# throwaway PostgreSQL cluster (tests/helpers/pgcluster.py). Where PostgreSQL cannot run, the
# server runs skip and say why.

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_backends"
    ):
        metafunc.parametrize("backend", BACKENDS, indirect=True, scope="module")


@pytest.fixture(scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    """ "sqlite" (a library folder), or "postgresql" in a test marked ``both_backends``."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the whole session (skips where it cannot run)."""
    from tests.helpers import pgcluster

    try:
        cluster = pgcluster.start()
    except pgcluster.Unavailable as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_databases(pg_cluster):
    """Makes databases in the cluster: empty libraries, and copies of the seed library."""
    from tests.helpers.pgcluster import Databases

    return Databases(pg_cluster)


@pytest.fixture
def new_library(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a test may create a library: a new folder, or a new (empty) server database."""
    if backend == "sqlite":
        return str(tmp_path / "lib")
    return request.getfixturevalue("pg_databases").empty()


@pytest.fixture(scope="session")
def pg_seed_template(pg_databases) -> str:
    """A server database with the five seeds imported (the template of the copies)."""
    return pg_databases.seeded(sorted(SEEDS.glob("*.txt")))


def _seed_location(backend: str, request: pytest.FixtureRequest, fresh: bool) -> str:
    if backend == "sqlite":
        if not fresh:
            return str(request.getfixturevalue("seed_library_dir"))
        path = request.getfixturevalue("tmp_path") / "lib"
        seeded = request.getfixturevalue("seed_library_dir")
        shutil.copytree(seeded, path, ignore=shutil.ignore_patterns("write.lock"))
        return str(path)
    template = request.getfixturevalue("pg_seed_template")
    databases = request.getfixturevalue("pg_databases")
    return databases.copy_of(template, shared=not fresh)


@pytest.fixture
def seed_library(backend: str, request: pytest.FixtureRequest):
    """The shared seed library, opened for one test (treat as read-only)."""
    from desktop.library import Library

    with Library.open(_seed_location(backend, request, fresh=False)) as lib:
        yield lib


@pytest.fixture
def fresh_seed_library(backend: str, request: pytest.FixtureRequest):
    """A private copy of the seed library that a test may change."""
    from desktop.library import Library

    with Library.open(_seed_location(backend, request, fresh=True)) as lib:
        yield lib
