"""The offline promise, concurrent use, read-only and full disks, and bad queries."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from desktop.library import Library, LibraryError
from desktop.querying import SearchRequest
from tests.hardening.test_crash import make_articles
from tests.helpers import ROOT, SEEDS

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
    """Any socket use in this process fails the test (and is recorded)."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise AssertionError(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
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


@pytest.mark.skipif(not IS_ROOT, reason="needs root to mount a small tmpfs")
def test_full_disk_fails_per_file_and_keeps_the_library(tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)]).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        library = mount / "lib"
        with Library.open(library) as lib:
            lib.import_paths([SEEDS], entities=False)
        big = tmp_path / "big"
        big.mkdir()
        for i in range(6):
            (big / f"big{i}.txt").write_text(
                f"Big report {i}\n\n" + " ".join(f"w{i}x{j}" for j in range(60_000)), "utf-8"
            )
        with Library.open(library) as lib:
            report = lib.import_paths([big], entities=False)
            assert report.failed or report.warnings, "the small disk should have filled up"
            assert all("could not write to the library" in f.error for f in report.failed)
            assert all("disk" in w or "space" in w for w in report.warnings)
            assert lib.searcher.search(SearchRequest("Kherson")).total == 4
        res = cli("check", library=library)
        assert "PROBLEM   database" not in res.stdout
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
