"""Whatever a reporter is sent: each file gets a clear result in bounded time; the library holds."""

from __future__ import annotations

import io
import os
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

from desktop.library import Library
from desktop.querying import SearchRequest
from tests.helpers import SEEDS
from tests.unit.test_readers import make_pdf

ARTICLE = (
    "Port reopens in Odesa\n\nShips left the harbour of Odesa on Monday after weeks of "
    "closure, officials said, and grain traders welcomed the news.\n"
)


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(make_pdf([["Secret memo", "classified words"]])))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buf.getvalue()


def make_hostile(folder: Path) -> dict[str, str | None]:
    """Hostile files; the value is a word the failure reason must contain, or None if it may
    import (a readable article in an odd shape)."""
    folder.mkdir()
    expect: dict[str, str | None] = {}

    def put(name: str, data: bytes, reason: str | None) -> None:
        (folder / name).write_bytes(data)
        expect[name] = reason

    junk = os.urandom(30_000)
    put("junk.txt", junk, "binary")
    put("junk.pdf", junk, "PDF")
    put("junk.docx", junk, "Word")
    pdf = make_pdf([["Mayor speaks", "Ivan Fedorov spoke in Melitopol."]])
    put("truncated.pdf", pdf[: len(pdf) // 2], "PDF")
    put("encrypted.pdf", _encrypted_pdf(), "encrypted")
    put(
        "malformed.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 9 R >>\ntrailer<<>>\n%%EOF",
        "PDF",
    )
    bomb = b"<w:t>" + b"A" * (300 * 1024 * 1024) + b"</w:t>"
    put(
        "bomb.docx",
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": bomb}),
        "zip bomb",
    )
    put(
        "traversal.docx",
        _zip({"../../escaped.txt": b"gotcha", "word/document.xml": b"<x/>"}),
        "Word",
    )
    with open(folder / "huge.txt", "wb") as fh:  # 200 MB, sparse
        fh.truncate(200 * 1024 * 1024)
    expect["huge.txt"] = "too large"
    put(
        "deep.html",
        b"<html><body>"
        + b"<div>" * 100_000
        + b"Deep text about Kyiv."
        + b"</div>" * 100_000
        + b"</body></html>",
        None,
    )
    put("bad-utf8.txt", ARTICLE.encode() + b"\xff\xfe\xc3\x28 broken \x80 bytes\n", None)
    put("utf16-nobom.txt", ARTICLE.replace("Odesa", "Kharkiv").encode("utf-16-le"), None)
    put(
        "mixed.txt",
        "Mixed encodings in Lviv\n\ncafé ".encode() + "naive Łódź".encode("cp1250") + b"\n",
        None,
    )
    put("empty.txt", b"", "empty")
    put("new\nline.txt", ARTICLE.replace("Odesa", "Mykolaiv").encode(), None)
    put("emoji 📰.md", ("# Emoji name 📰\n\n" + ARTICLE.replace("Odesa", "Kherson")).encode(), None)
    (folder / os.fsdecode(b"bad-\xff-name.txt")).write_bytes(
        ARTICLE.replace("Odesa", "Sumy").encode()
    )
    expect[os.fsdecode(b"bad-\xff-name.txt")] = None
    os.mkfifo(folder / "pipe.txt")  # a named pipe would block a naive reader forever
    (folder / "loop").mkdir()
    (folder / "loop" / "again").symlink_to(folder, target_is_directory=True)
    return expect


@pytest.mark.slow
def test_hostile_batch_gets_a_result_per_file_and_harms_nothing(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        lib.import_paths([SEEDS], entities=False)
    expect = make_hostile(tmp_path / "drop")
    with Library.open(lib_dir) as lib:
        start = time.monotonic()
        report = lib.import_paths([tmp_path / "drop"], entities=False)
        elapsed = time.monotonic() - start
        failed = {Path(f.path).name: f.error for f in report.failed}
        imported = {f.filename for f in report.imported}
        for name, reason in expect.items():
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            if reason is None:
                assert shown in imported or shown in failed, name
                if shown in failed:
                    assert failed[shown], name
            else:
                assert shown in failed, (name, sorted(imported))
                assert reason.lower() in failed[shown].lower(), (name, failed[shown])
        # the pipe is skipped inside a folder; nothing else is unaccounted for
        assert "pipe.txt" not in imported
        assert {"bad-utf8.txt", "utf16-nobom.txt", "mixed.txt", "emoji 📰.md"} <= imported
        assert elapsed < 120, f"the hostile batch took {elapsed:.0f} s"
        # nothing escaped the archive, the library is whole and still answers
        assert not (tmp_path / "escaped.txt").exists() and not Path("escaped.txt").exists()
        assert lib.searcher.search(SearchRequest("Kherson")).total >= 4
        assert lib.stats().documents == 5 + len(imported)
    con = sqlite3.connect(lib_dir / "library.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_named_pipe_given_directly_fails_fast(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([tmp_path / "pipe.txt"], entities=False)
    assert [f.error for f in report.failed] == ["not a regular file (a device, pipe or socket)"]


def test_a_reader_that_hangs_is_cut_off(tmp_path: Path) -> None:
    """A file whose parsing never ends is given up after the timeout; the batch goes on."""
    from desktop.ingest import workers

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Odesa", "Lviv"), encoding="utf-8")
    fifo_like = tmp_path / "slow.txt"
    fifo_like.write_text("x", encoding="utf-8")
    with workers.ReaderPool(workers=1, timeout_s=3, read=_slow_read_one) as pool:
        outcomes = list(pool.read_all([tmp_path / "a.txt", fifo_like, tmp_path / "b.txt"]))
    assert [o.path.name for o in outcomes] == ["a.txt", "slow.txt", "b.txt"]
    assert outcomes[0].article is not None and outcomes[2].article is not None
    assert outcomes[1].error and "too long" in outcomes[1].error


def _slow_read_one(path: str):  # type: ignore[no-untyped-def]
    """Stands in for a parser stuck in a loop on one particular file (runs in the worker)."""
    from desktop.ingest.workers import read_one

    if path.endswith("slow.txt"):
        time.sleep(600)
    return read_one(path)
