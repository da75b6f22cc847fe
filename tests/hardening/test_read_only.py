"""A read-only library (a read-only folder, mount or medium): check reports, backup works to
a writable place, and search and stats agree, also when the library was killed mid-import
(its last commits are in the write-ahead log, which must be read, not ignored)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.library import Library
from desktop.maintenance import check
from tests.hardening.processes import HAS_PROC, kill_owner
from tests.hardening.test_crash import make_articles
from tests.helpers import ROOT, others_can_enter

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# root writes anywhere: the read-only library is used as another user
AS_USER = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups") if IS_ROOT else ()

pytestmark = [
    pytest.mark.skipif(
        os.name != "posix" or (IS_ROOT and shutil.which("setpriv") is None),
        reason="needs POSIX permissions (and setpriv when run as root)",
    ),
    pytest.mark.skipif(
        IS_ROOT and not others_can_enter(ROOT),
        reason="run as root, the commands run as nobody, who cannot enter this checkout's "
        "folder (e.g. one made by mktemp -d): clone it where others can read",
    ),
]


def cli(*args: str, library: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AS_USER, sys.executable, "-m", "desktop", "--library", str(library), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def outer() -> Iterator[Path]:
    """A folder the other user can reach (pytest's own temp folder is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="sourcedesk-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for p in [folder, *folder.rglob("*")]:
            p.chmod(0o755)
        shutil.rmtree(folder)


def killed_mid_import(library: Path, folder: Path) -> None:
    """Import ``folder`` and SIGKILL the command once a third of it is stored."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--library", str(library), "import", str(folder)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            con = sqlite3.connect(f"file:{library / 'library.sqlite'}?mode=ro", uri=True)
            stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            con.close()
        except sqlite3.Error:
            stored = 0
        if stored >= 100:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import ended before it could be killed"
    if HAS_PROC:
        assert kill_owner(proc) == []
    else:
        proc.kill()
        proc.wait()


def make_read_only(folder: Path) -> dict[Path, int]:
    for p in [folder, *folder.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_killed_mid_import_then_read_only(outer: Path, tmp_path: Path) -> None:
    library = tmp_path / "lib"
    killed_mid_import(library, make_articles(tmp_path / "articles", 300))
    copy = outer / "ro"
    shutil.copytree(library, copy)  # with its -wal and -shm, as the kill left them
    assert (copy / "library.sqlite-wal").stat().st_size > 0
    con = sqlite3.connect(library / "library.sqlite")  # the truth, write-ahead log included
    stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    before = make_read_only(copy)

    stats = json.loads(cli("stats", "--json", library=copy).stdout)
    assert stats["documents"] == stored  # the log was read
    res = cli("search", "officials", "--json", "--limit", "500", library=copy)
    assert res.returncode == 0, res.stderr
    found = json.loads(res.stdout)
    # search agrees with stats: the library's total, and every indexed article found
    assert found["library_total"] == stored
    assert found["total"] == stats["index_documents"] == len(found["hits"])

    res = cli("check", library=copy)
    assert "PROBLEM   database" not in res.stdout and "unable to open" not in res.stderr
    assert "ok        database integrity: ok" in res.stdout, res.stderr
    res = cli("check", "--repair", library=copy)
    assert "Traceback" not in res.stderr and "readonly database" not in res.stderr
    assert res.returncode == 0 or "read-only: nothing was repaired" in res.stdout, res.stdout

    backup = outer / "backup"
    backup.mkdir()
    backup.chmod(0o777)  # writable for the other user
    res = cli("backup", str(backup / "copy"), library=copy)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"backed up {stored} documents to {backup / 'copy'}"
    assert {p: p.stat().st_mtime_ns for p in copy.rglob("*")} == before  # nothing written
    for p in [backup, *backup.rglob("*")]:
        p.chmod(0o755)
    with Library.open(backup / "copy", tidy=True) as restored:
        assert restored.stats().documents == stored
        assert check(restored).healthy
