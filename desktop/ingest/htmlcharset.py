"""Decoding a saved web page as a browser would, but trusting valid UTF-8 first.

Order: a byte-order mark; bytes that are valid UTF-8 (also when the page declares
ISO-8859-1 or EUC-KR: a page re-saved as UTF-8 keeps its old declaration); the
charset the page declares (``<meta charset>``, ``http-equiv``, the XML
declaration), with the WHATWG aliases browsers use (ISO-8859-1 is windows-1252);
then detection. UTF-8 with a few broken bytes stays UTF-8.
"""

from __future__ import annotations

import codecs
import re

from .article import ReadError
from .readers.text import decode_text, looks_like_text

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w:.-]+)""",
    re.I,
)
# WHATWG Encoding Standard labels that Python names differently or decodes more strictly
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "big5": "big5hkscs",
    "utf8": "utf-8",
    "unicode": "utf-8",
    "utf-16": "utf-8",  # a page served as bytes cannot be UTF-16 if it parsed as ASCII
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first 16 kB, as Python names it."""
    m = _DECLARED.search(data[:16384])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes (a truncated character, one pasted latin-1 byte)."""
    sample = data[:200_000]
    high = sum(1 for b in sample if b >= 0x80)
    valid = sum(len(m) for m in _UTF8_SEQUENCE.findall(sample))
    return valid > 0 and high - valid <= max(3, 0.02 * high)


# a word of only non-ASCII letters ("âåðíóëèñü"): Cyrillic or Greek read as windows-1252
_FOREIGN_WORD = re.compile(r"(?<![^\W\d_])[À-ÖØ-öø-ÿ]{4,}(?![^\W\d_])")


def _western(text: str) -> bool:
    """Text that really is windows-1252, not another code page read as it."""
    words = len(re.findall(r"[^\W\d_]{4,}", text[:200_000]))
    foreign = len(_FOREIGN_WORD.findall(text[:200_000]))
    return foreign <= max(2, 0.02 * words)


def _detected(data: bytes) -> str:
    """Undeclared and not UTF-8: windows-1252 when it reads as Western text, else a guess."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _western(text):
        return _checked(text)
    from charset_normalizer import from_bytes  # lazy: ~60 ms to import

    matches = list(from_bytes(data[:200_000]))
    if not matches:
        raise ReadError("not an HTML page: its character encoding is not recognised")
    best = max(matches, key=lambda match: match.coherence - match.chaos)
    return _checked(data.decode(best.encoding, errors="replace"))


def decode_html(data: bytes) -> str:
    """The text of a saved page; ``ReadError`` when it is not text at all."""
    if data.startswith(_BOMS):
        return decode_text(data)
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared and declared != "utf-8":
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if looks_like_text(text):
                return text
    if _mostly_utf8(data):
        return _checked(data.decode("utf-8", errors="replace"))
    if declared and declared != "utf-8":
        text = data.decode(declared, errors="replace")
        if looks_like_text(text):
            return text
    if b"\x00" in data[:4096]:
        try:
            return decode_text(data)  # UTF-16 without a byte-order mark
        except ReadError:
            raise ReadError("not an HTML page: it is binary data") from None
    return _detected(data)


def _checked(text: str) -> str:
    if not looks_like_text(text):
        raise ReadError("not an HTML page: it is mostly binary data")
    return text
