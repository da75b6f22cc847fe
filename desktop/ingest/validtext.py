"""Every string Sourcedesk stores is valid text.

Python strings can hold what no database or terminal takes: lone surrogates
(raw 8-bit bytes that the e-mail parser or ``os.fsdecode`` kept as
``surrogateescape``, broken ``\\ud800`` escapes in JSON) and NUL characters.
SQLite then refuses the whole document ("surrogates not allowed"). Bytes kept
as surrogates are decoded here for what they most likely were: UTF-8 where
they form it, otherwise each byte as Windows-1252 (the 8-bit charset of most
old mail and web pages), so "Ingo L\\xfctkebohle" becomes "Ingo Lütkebohle".
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from typing import Any

from .article import Article

_SURROGATES = re.compile("[\ud800-\udfff]")
_NOT_ESCAPED_BYTES = re.compile("[\ud800-\udc7f\udd00-\udfff]")  # not surrogateescape's


def _per_byte(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: each byte that is not UTF-8 as Windows-1252 (else Latin-1)."""
    assert isinstance(error, UnicodeDecodeError)
    chunk = error.object[error.start : error.end]
    text = "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in chunk
    )
    return text, error.end


codecs.register_error("sourcedesk-per-byte", _per_byte)


def decode_bytes(data: bytes) -> str:
    """Bytes of unknown charset as text: UTF-8 where valid, else byte by byte."""
    return data.decode("utf-8", "sourcedesk-per-byte")


def valid_text(value: str) -> str:
    """``value`` as text any database and terminal take (no lone surrogates, no NUL)."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not _SURROGATES.search(value):
        return value
    value = _NOT_ESCAPED_BYTES.sub("\ufffd", value)
    return decode_bytes(value.encode("utf-8", "surrogateescape"))


def valid_optional(value: str | None) -> str | None:
    """:func:`valid_text` for a value that may be missing."""
    return None if value is None else valid_text(value)


def valid_article(article: Article) -> Article:
    """An article whose every string field is valid text."""
    changes: dict[str, Any] = {
        f.name: valid_text(value)
        for f in dataclasses.fields(article)
        if isinstance(value := getattr(article, f.name), str)
    }
    return dataclasses.replace(article, **changes)


__all__ = ["decode_bytes", "valid_article", "valid_optional", "valid_text"]
