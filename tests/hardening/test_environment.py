"""The offline promise, concurrent use, read-only and full disks, and bad queries."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.library import Library, LibraryError
from desktop.querying import SearchRequest
from tests.hardening.test_crash import make_articles
from tests.helpers import ROOT, SEEDS, others_can_enter

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def cli(
    *args: str, library: Path, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "desktop", "--library", str(library), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any network use in this process fails the test (and is recorded). A local socket
    is no network: multiprocessing's fork server is reached through one (when this test
    is the first to start it, as when its file runs alone)."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise AssertionError(f"network access attempted: {args[:2]!r}")

    def local_only(original: Any) -> Any:
        def connect(sock: socket.socket, *args: object) -> Any:
            if sock.family == socket.AF_UNIX:
                return original(sock, *args)
            return refuse(sock, *args)

        return connect

    monkeypatch.setattr(socket.socket, "connect", local_only(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "connect_ex", local_only(socket.socket.connect_ex))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_no_socket_during_import_search_reindex(tmp_path: Path, no_network: list[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><title>Grain deal</title><link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="https://tracker.example/t.js"></script></head><body><article><h1>Grain deal'
        '</h1><p>Ships left Odesa, officials in Kyiv said.</p><img src="https://img.example/a.png">'
        "</article></body></html>",
        encoding="utf-8",
    )
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([SEEDS, page])
        assert len(report.imported) == 6
        assert lib.searcher.search(SearchRequest("Odesa")).total >= 1
        lib.reindex()
        lib.searcher.document(report.imported[-1].id, query="grain")
    assert no_network == []


@pytest.mark.skipif(not IS_ROOT or shutil.which("unshare") is None, reason="needs root and unshare")
def test_cli_works_in_a_network_namespace_without_network(tmp_path: Path) -> None:
    """Readers and NER workers are separate processes: run them all with no network at all."""
    ns = ("unshare", "-n")
    res = cli("import", str(SEEDS), library=tmp_path / "lib", prefix=ns)
    assert res.returncode == 0, res.stderr
    res = cli("search", "place:Kiev", library=tmp_path / "lib", prefix=ns)
    assert res.returncode == 0 and res.stdout.startswith("2 of 5 articles"), res.stdout


def test_second_writer_waits_or_is_refused_and_readers_never_see_a_broken_state(
    tmp_path: Path,
) -> None:
    library = tmp_path / "lib"
    folder = make_articles(tmp_path / "articles", 400)
    Library.open(library).close()
    writer = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--library", str(library), "import", str(folder)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        totals = []
        with Library.open(library) as reader:
            deadline = time.monotonic() + 120
            refused = None
            while writer.poll() is None and time.monotonic() < deadline:
                res = reader.searcher.search(SearchRequest("officials", limit=5))
                assert all(h.title.startswith("Report ") for h in res.hits)
                totals.append(res.total)
                if not refused and res.total > 20:
                    try:
                        with reader.writing(wait_s=0.2):
                            pass  # between the writer's two phases the lock is free
                    except LibraryError as exc:
                        refused = str(exc)
                time.sleep(0.05)
        assert writer.wait(timeout=300) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
    assert totals == sorted(totals), "a reader saw the library shrink"
    assert refused and "another Sourcedesk process is writing" in refused
    with Library.open(library) as lib:
        assert lib.searcher.search(SearchRequest("officials")).total == 400


@pytest.mark.skipif(not IS_ROOT or shutil.which("setpriv") is None, reason="needs root and setpriv")
@pytest.mark.skipif(
    not others_can_enter(ROOT),
    reason="the command runs as nobody, who cannot enter this checkout's folder "
    "(e.g. one made by mktemp -d): clone it where others can read",
)
def test_read_only_folder_searches_and_refuses_changes(seed_library_dir: Path) -> None:
    outer = Path(tempfile.mkdtemp(prefix="sourcedesk-ro-"))  # reachable for another user
    try:
        outer.chmod(0o755)
        copy = outer / "ro"
        shutil.copytree(seed_library_dir, copy)
        for p in [copy, *copy.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        nobody = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
        before = {p: p.stat().st_mtime_ns for p in copy.rglob("*")}
        res = cli("search", "Kherson", library=copy, prefix=nobody)
        assert res.returncode == 0 and res.stdout.startswith("4 of 5 articles"), res.stderr
        res = cli("import", str(SEEDS), library=copy, prefix=nobody)
        assert res.returncode == 1
        assert "read-only" in res.stderr and "Traceback" not in res.stderr
        assert {p: p.stat().st_mtime_ns for p in copy.rglob("*")} == before
    finally:
        for p in outer.rglob("*"):
            p.chmod(0o755)
        shutil.rmtree(outer)


def fill(folder: Path) -> Path:
    """Take every last byte of the disk ``folder`` is on."""
    filler = folder / "filler"
    with contextlib.suppress(OSError), open(filler, "ab", buffering=0) as fh:
        while True:
            fh.write(b"\0" * 4096)
    return filler


READS = [
    ("search", "Kherson"),
    ("show", "1"),
    ("export", "Kherson"),
    ("stats",),
    ("check",),
]

RUN_MANY = """
import contextlib, io, json, sys
from desktop.cli import main
results = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    results.append([argv, code, out.getvalue(), err.getvalue()])
print(json.dumps(results))
"""


def cli_many(commands: list[tuple[str, ...]], library: Path) -> list[tuple[int, str, str]]:
    """Several commands, each as ``sourcedesk`` runs it, in one process (start-up once)."""
    argvs = [["--library", str(library), *c] for c in commands]
    res = subprocess.run(
        [sys.executable, "-c", RUN_MANY, json.dumps(argvs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    return [(code, out, err) for _, code, out, err in json.loads(res.stdout)]


@pytest.mark.skipif(not IS_ROOT, reason="needs root to mount a small tmpfs")
def test_full_disk_fails_the_file_stops_with_a_report_and_reading_goes_on(
    seed_library_dir: Path, tmp_path: Path
) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)]).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        library, closed = mount / "lib", mount / "closed"
        shutil.copytree(seed_library_dir, library)
        # a second library closed cleanly: no write-ahead log left to read it through
        shutil.copytree(seed_library_dir, closed)
        assert not (closed / "library.sqlite-wal").exists()
        big = tmp_path / "big"
        big.mkdir()
        for i in range(12):
            (big / f"big{i:02d}.txt").write_text(
                f"Big report {i}\n\nOfficials in Kherson said " + "grain port " * 40_000,
                "utf-8",
            )
        res = cli("import", str(big), library=library)
        assert res.returncode == 1 and "Traceback" not in res.stderr
        assert "unexpected error" not in res.stderr
        full = [line for line in res.stderr.splitlines() if line.endswith(": disk full")]
        assert len(full) == 1, res.stderr  # the file being written when the disk filled
        assert "the disk is full: the import stopped" in res.stderr
        imported, _, failed = (int(n) for n in re.findall(r"\d+", res.stdout.splitlines()[-1]))
        assert imported + failed == 12 and 1 <= imported < 12  # every file has its line
        fill(mount)
        for lib in (library, closed):
            for args, (code, out, err) in zip(READS, cli_many(READS, lib), strict=True):
                if args[0] == "check" and lib == library:
                    # the word positions of the last articles may not have fitted (they are
                    # written after the index): the check says so, and quoted phrases are
                    # read in the texts meanwhile (below); nothing else is wrong
                    problems = [line for line in out.splitlines() if line.startswith("PROBLEM")]
                    assert all("phrase pairs" in p for p in problems), out
                    assert code == (1 if problems else 0), (err, out)
                    continue
                assert code == 0, (lib.name, args, err, out)
                if args[0] == "search":
                    assert out.startswith(
                        "4 of 5 articles" if lib == closed else f"{4 + imported} of"
                    )
        # a quoted phrase reads the word pairs (or positions) beside the index, read-only on a
        # full disk
        ((code, out, err),) = cli_many([("search", '"grain port"')], library)
        assert code == 0 and out.startswith(f"{imported} of"), (out, err)
        res = cli("import", str(big), library=closed)
        assert res.returncode == 1 and "read-only (the disk is full)" in res.stderr
    finally:
        subprocess.run(["umount", "-l", str(mount)])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unbalanced quote', None),
        ("AND", None),
        ("OR OR NOT", None),
        ("((Kherson", None),
        ("x " * 1500, "too long"),
        ("nosuch:field", "unknown field nosuch:"),
        ("place:", None),
        ("*", None),
    ],
)
def test_bad_queries_get_a_message_not_a_traceback(
    seed_library_dir: Path, query: str, message: str | None
) -> None:
    res = cli("search", query, library=seed_library_dir)
    assert "Traceback" not in res.stderr
    if message:
        assert res.returncode == 2 and message in res.stderr
    else:
        assert res.returncode == 0, res.stderr
