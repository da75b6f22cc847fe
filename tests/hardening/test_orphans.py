"""Nothing left behind: killing the process that owns an import (SIGKILL, as a crash, an
out-of-memory kill or a force-quit does) leaves none of its processes running.

The owner is the ``sourcedesk import`` command, or the window (whose import runs in a
child with its own readers and entity workers). Each is killed at a random point of
reading and of finding entities; 2 s later no process of the import may be alive.
``make stress`` runs many kills (SOURCEDESK_STRESS_ITERATIONS), ``make test`` one each.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hardening.processes import HAS_PROC, kill_owner, session_processes
from tests.hardening.test_crash import make_articles
from tests.helpers import ROOT

ITERATIONS = int(os.environ.get("SOURCEDESK_STRESS_ITERATIONS", "1"))
FILES = 300  # over the entity pool's threshold (200), so that phase has its workers too

pytestmark = [
    pytest.mark.skipif(not HAS_PROC, reason="counts processes through Linux /proc"),
    pytest.mark.slow,
]


def counts(library: Path) -> tuple[int, int]:
    """(documents stored, documents with entities), read without disturbing the writer."""
    try:
        con = sqlite3.connect(f"file:{library / 'library.sqlite'}?mode=ro", uri=True, timeout=1)
        try:
            row = con.execute("SELECT count(*), count(entities_version) FROM documents").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return 0, 0
    return int(row[0]), int(row[1])


def owner(kind: str, library: Path, folder: Path, home: Path) -> subprocess.Popen[bytes]:
    if kind == "command":
        argv = [sys.executable, "-m", "desktop", "--library", str(library), "import", str(folder)]
    else:  # the real window, offscreen, importing the folder it was given
        argv = [sys.executable, "-m", "desktop.app", "--library", str(library), str(folder)]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    return subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the session id finds every process it starts
    )


def wait_for_phase(proc: subprocess.Popen[bytes], library: Path, phase: str) -> None:
    """Return at a random point of ``phase`` (reading files, or finding entities)."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        stored, extracted = counts(library)
        if phase == "reading" and stored >= random.randint(20, FILES - 60):
            return
        if phase == "entities" and stored == FILES:
            # the entity workers start (and load the model) now: kill while it loads, or
            # after a batch or two are written (extraction is quick once the model is in)
            target = random.choice((0, 1, 64, 128))
            while proc.poll() is None and counts(library)[1] < target:
                time.sleep(0.01)
            return
        time.sleep(0.05)
    pytest.fail(f"the import never reached the {phase} phase (exit {proc.returncode})")


@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.parametrize("phase", ["reading", "entities"])
@pytest.mark.parametrize("kind", ["command", "window"])
def test_killing_the_owner_leaves_no_process_of_the_import(
    tmp_path_factory: pytest.TempPathFactory, kind: str, phase: str, iteration: int
) -> None:
    base = tmp_path_factory.getbasetemp()
    folder = base / "orphan-articles"
    if not folder.exists():
        make_articles(folder, FILES)
    work = tmp_path_factory.mktemp(f"orphans-{kind}-{phase}")
    library = work / "lib"
    proc = owner(kind, library, folder, work)
    wait_for_phase(proc, library, phase)
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.kill()  # SIGKILL, the owner alone
    proc.wait()
    killed = time.monotonic()
    time.sleep(0.5)
    stopped = counts(library)
    left = kill_owner(proc)
    assert left == [], f"still running 2 s after the {kind} was killed: {left}"
    time.sleep(max(0.0, killed + 2.5 - time.monotonic()))
    # nothing of the import went on working once its owner was gone (an orphaned import
    # child would finish the job in a few seconds and leave nothing to count)
    assert counts(library) == stopped, "the import went on after its owner was killed"


STARTER = """
import time
from desktop.entity_host import context
ctx, forked = context()
assert forked, "no fork server here"
ctx.Process(target=time.sleep, args=(60,)).start()  # returns once the model is loaded
time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is Linux's")
@pytest.mark.parametrize("after_s", [0.0, 0.3], ids=["as-it-starts", "while-loading"])
def test_a_fork_server_loading_the_model_ends_with_its_starter(after_s: float) -> None:
    """The entity workers' fork server loads the model (seconds on a busy machine) before
    it serves; its starter killed then (or as the server starts, before it watches), it and
    the resource tracker are gone at once, not once the model is in (under load that took
    over the 2 s the kill tests allow)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", STARTER],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not any("forkserver" in line for line in session_processes(proc.pid)):
        assert proc.poll() is None and time.monotonic() < deadline, "no fork server started"
        time.sleep(0.02)
    time.sleep(after_s)
    left = kill_owner(proc, settle_s=0.5)
    assert left == [], f"still running 0.5 s after the starter was killed: {left}"
