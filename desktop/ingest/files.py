"""Reading one file from disk into an Article, within size limits (light: runs in workers)."""

from __future__ import annotations

import stat
from pathlib import Path

from .article import Article, ReadError
from .readers import read_article

MAX_FILE_BYTES = 100 * 1024 * 1024


def display_name(raw: str) -> str:
    """A file name or path as text that can be stored and shown (invalid bytes replaced)."""
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_file(path: Path) -> tuple[bytes, Article]:
    """The bytes and the article of one file; ``ReadError`` says why not."""
    try:
        st = path.stat()
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("not a regular file (a device, pipe or socket)")
    size = st.st_size
    if size > MAX_FILE_BYTES:
        raise ReadError(
            f"file too large ({size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from exc
    article = read_article(path, data)
    if not article.text.strip():
        raise ReadError("no text found in the file")
    return data, article
