"""Plain text and markdown: charset detection, clean-up, metadata lines."""

from __future__ import annotations

import codecs
import re

from ..article import Article, ReadError
from ..language import detect_language
from ..textmeta import analyse, parse_date_value

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Letters glued to symbols that cp1250/cp1251 letters turn into when read as cp1252
# ("mo¿e", "by³"): such text is not Western European.
_MOJIBAKE = re.compile(r"[^\W\d_][¹³¿¼½¾¤¦¬¯±¸¥¢ˆ˜‰ƒ][^\W\d_]")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def looks_like_text(text: str) -> bool:
    """False when more than 2% of the characters are control or replacement characters."""
    sample = text[:100_000]
    return len(_BINARY.findall(sample)) <= 0.02 * max(len(sample), 1)


def _looks_western(text: str) -> bool:
    letters = [c for c in text[:100_000] if c.isalpha()]
    non_ascii = sum(1 for c in letters if c > "\x7f")
    if letters and non_ascii > 0.3 * len(letters):
        return False  # e.g. Cyrillic or Greek in a one-byte code page
    return not _MOJIBAKE.search(text)


def _bomless_utf16(data: bytes) -> str | None:
    half = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if half < 2:
        return None
    if odd > 0.3 * half and even < 0.05 * half:
        encoding = "utf-16-le"
    elif even > 0.3 * half and odd < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if looks_like_text(text) else None


def decode_text(data: bytes) -> str:
    """Decode text bytes: BOMs, UTF-8, cp1252/latin-1, else charset-normalizer's guess.

    Raises ``ReadError`` when the bytes are not text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(f"broken {encoding.upper()} text: {exc.reason}") from None
    if 0 < data.count(0) <= max(1, len(data) // 2000):
        data = data.replace(b"\x00", b"")  # a stray NUL in a text file; binary has many
    if b"\x00" in data:
        text = _bomless_utf16(data)
        if text is None:
            raise ReadError("not a text file: it contains binary data")
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _checked(text)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_western(text):
            return _checked(text)
    from charset_normalizer import from_bytes  # lazy: ~60 ms to import

    matches = list(from_bytes(data))
    if not matches:
        raise ReadError("not a text file: its character encoding is not recognised")
    # Its first pick is often a rare code page (mac_cyrillic for cp1251 Russian);
    # language coherence breaks that tie.
    best = max(matches, key=lambda match: match.coherence - match.chaos)
    return _checked(str(best))


def _checked(text: str) -> str:
    if not looks_like_text(text):
        raise ReadError("not a text file: it is mostly binary data")
    return text


_NEWLINES = str.maketrans({"\v": "\n", "\f": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff]")


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line]
    # The first line of pasted text often lacks the indentation of all the others.
    common = min(indents[1:] or indents or [0])
    if common == 0:
        return lines
    return [line[min(common, len(line) - len(line.lstrip(" \t"))) :] for line in lines]


def clean_text(text: str) -> str:
    """Normalise newlines, strip trailing spaces and common indentation, collapse blank runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_NEWLINES)
    text = _CONTROL.sub("", text)
    lines = _dedent([line.rstrip() for line in text.split("\n")])
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).strip("\n")


_FRONT_MATTER = re.compile(r"\A---\n(.{0,5000}?)\n(?:---|\.\.\.)(?:\n|\Z)", re.S)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """A markdown file's YAML front matter as flat ``key: value`` pairs, and the rest."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        value = value.strip().strip("[]\"'").strip()
        if sep and value and re.fullmatch(r"[A-Za-z_][\w-]*", key):
            fields.setdefault(key.lower(), value)
    return fields, text[m.end() :].strip("\n")


def read_text(data: bytes, *, markdown: bool = False) -> Article:
    """Read a plain-text (or, with ``markdown``, a markdown) article."""
    text = clean_text(decode_text(data))
    fields: dict[str, str] = {}
    if markdown:
        fields, text = _front_matter(text)
    if not text.strip():
        raise ReadError("no text in this file")
    meta = analyse(text, markdown=markdown)
    published, published_from = meta.published, meta.published_from
    front_date = parse_date_value(fields.get("published") or fields.get("date") or "")
    if front_date:
        published, published_from = front_date, "front matter"
    return Article(
        text=meta.text,
        format="markdown" if markdown else "text",
        title=fields.get("title") or meta.title,
        source=fields.get("publisher") or fields.get("site") or meta.source,
        author=fields.get("author") or fields.get("authors") or meta.author,
        published=published,
        published_from=published_from,
        language=detect_language(meta.text),
    )
