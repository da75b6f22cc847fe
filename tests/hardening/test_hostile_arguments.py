"""Command-line arguments that are not UTF-8: a usage message naming the argument, exit 2,
in bounded time; file names keep working whatever bytes they hold."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop import cli
from tests.helpers import ROOT


def run(library: Path, *args: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", b"--library", os.fsencode(library), *args],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ((b"search", b"Ky\xffiv"), b"argument query: not valid UTF-8 text: Ky\\xffiv"),
        ((b"search", b"--place", b"\xc3("), b"argument --place: not valid UTF-8 text"),
        ((b"search", b"--actor", b"Fedorov\x80"), b"argument --actor"),
        ((b"export", b"--source", b"\xed\xa0\x80"), b"argument --source"),
        ((b"show", b"1", b"--query", b"\xfe\xff"), b"argument --query"),
        ((b"entities", b"rename", b"Kyiv", b"Kiev\xff"), b"argument name"),
    ],
)
def test_arguments_that_are_not_utf8_are_a_usage_error(
    seed_library_dir: Path, args: tuple[bytes, ...], named: bytes
) -> None:
    began = time.monotonic()
    res = run(seed_library_dir, *args)
    assert time.monotonic() - began < 10
    assert res.returncode == 2, res.stderr
    assert named in res.stderr and b"usage:" in res.stderr
    assert b"Traceback" not in res.stderr and b"UnicodeEncodeError" not in res.stderr


def test_a_file_name_that_is_not_utf8_still_imports(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9 report.txt"  # a Latin-1 file name
    with open(name, "wb") as fh:
        fh.write(b"Cafe report\n\nOfficials in Odesa opened the port on Monday.\n")
    res = run(tmp_path / "lib", b"import", name)
    assert res.returncode == 0, res.stderr
    assert b"1 imported" in res.stdout and "caf\ufffd report.txt".encode() in res.stdout


def test_fuzzed_queries_with_invalid_utf8_get_a_usage_message_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """500 queries of random bytes that are not UTF-8 (as the command line hands them over,
    and lone surrogates), each refused before the library is even opened."""
    rng = random.Random(20)
    queries = []
    while len(queries) < 500:
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        text = raw.decode("utf-8", "surrogateescape")
        if any(0xDC80 <= ord(c) <= 0xDCFF for c in text) and "\x00" not in text:
            queries.append(text)
    queries += ["\ud800", "Kyiv \udfff", "\ud83d"]  # lone surrogates, not from bytes
    began = time.monotonic()
    for query in queries:
        with pytest.raises(SystemExit) as exit_:
            # "--": a query of random bytes may start with "-"
            cli.main(["--library", str(tmp_path / "lib"), "search", "--", query])
        assert exit_.value.code == 2
        assert "argument query: not valid UTF-8 text" in capsys.readouterr().err
    assert time.monotonic() - began < 10
    assert not (tmp_path / "lib").exists()  # refused before anything was opened
