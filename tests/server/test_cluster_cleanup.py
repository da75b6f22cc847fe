"""The test suite's own PostgreSQL servers never outlive the run that started them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CRASHED_RUN = (
    "from tests.helpers import pgcluster\n"
    "cluster = pgcluster.start()\n"
    "print(cluster.root, flush=True)\n"
    "import os; os._exit(1)  # a run that dies without its teardown\n"
)


def test_a_crashed_runs_server_is_stopped_by_the_next_run(pg_cluster) -> None:
    from tests.helpers import pgcluster

    res = subprocess.run(
        [sys.executable, "-c", CRASHED_RUN], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    leaked = Path(res.stdout.strip())
    assert leaked.name.startswith(pgcluster.PREFIX) and (leaked / "data").is_dir(), res.stderr
    again = pgcluster.start()  # what the next test run does first
    try:
        assert not leaked.exists()
        running = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        assert str(leaked) not in running
        assert pg_cluster.psql("SELECT 1").strip()  # this run's own server is left alone
    finally:
        again.stop()
