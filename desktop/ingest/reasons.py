"""Why a file could not be read, in the user's terms, with the cause where it lies.

Parsers fail with developer text: ``<_io.BytesIO object at 0x7f…>``, "Install
it with: pip install pypdf[brotli]", "list index out of range". The user gets
what it means for the file instead, and a missing library is named as the
installation problem it is, not blamed on the file.
"""

from __future__ import annotations

import re
from typing import Any

#: What a parser's own bug or an unforeseen shape of the file comes down to for the user.
DAMAGED = "the file is damaged or in a form Sourcedesk cannot read"

# Python's own errors: they say where the parser broke, not what is wrong with the file
_PROGRAMMING_ERRORS = (
    AssertionError,
    AttributeError,
    IndexError,
    KeyError,
    NameError,
    NotImplementedError,
    OverflowError,
    StopIteration,
    TypeError,
    ZeroDivisionError,
)
_PROGRAMMING_TEXT = re.compile(
    r"index out of range|has no attribute|not subscriptable|unsupported operand|"
    r"object is not (?:callable|iterable)|NoneType|division by zero|unhashable type|"
    r"positional argument|unexpected keyword|referenced before assignment|Traceback",
    re.IGNORECASE,
)
_OFFICE_KINDS = {"spreadsheetml": "a spreadsheet", "presentationml": "a presentation"}


def _office_kind(match: re.Match[str]) -> str:
    kind = next((k for part, k in _OFFICE_KINDS.items() if part in match.group(1)), None)
    return f"it is {kind or 'another kind of file'}, not a Word document"


_SUBSTITUTIONS: list[tuple[re.Pattern[str], Any]] = [
    # python-docx names the stream it was given (an .xlsx or .pptx renamed .docx)
    (re.compile(r"file '?<[^>]*>'? is not a Word file, content type is '([^']*)'"), _office_kind),
    # python-docx names the stream it was given: the file is not a Word package
    (re.compile(r"Package not found at '?<[^>]*>'?"), "parts of the Word package are missing"),
    (re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>"), "the file"),
    (re.compile(r"\s*\(?(?:Install it with|It can be installed via|pip install)[^.)]*\)?\.?"), ""),
    (re.compile(r"brotli is required for BrotliDecode\.?", re.I), "it uses Brotli compression"),
    # what zipfile and pypdf say about a cut or damaged file
    (re.compile(r"File is not a zip file"), "it is not a complete ZIP package (cut short?)"),
    (re.compile(r"Bad CRC-32 for file .*"), "the file is damaged (a part fails its checksum)"),
    (
        re.compile(
            r"(?:Bad magic number|Bad offset) for (?:central directory|file header).*|"
            r"Truncated file header|Stream has ended unexpectedly|startxref not found|"
            r"EOF marker not found",
            re.I,
        ),
        "the file is damaged or cut short",
    ),
]
_NAMED_MODULE = re.compile(
    r"No module named '([\w.]+)'|separate project (\w+)|([\w.]+)(?:>=[\w.]+)? is required"
)


def user_terms(message: str) -> str:
    """A reason with developer text taken out (or :data:`DAMAGED` if nothing else is left)."""
    for pattern, replacement in _SUBSTITUTIONS:
        message = pattern.sub(replacement, message)
    message = " ".join(message.split()).strip(" :;,")
    if not message or _PROGRAMMING_TEXT.search(message):
        return DAMAGED
    return message


def missing_library(exc: BaseException) -> str:
    """The installation problem behind an ImportError (or a parser's missing dependency)."""
    name = getattr(exc, "name", None)
    if not name:
        found = _NAMED_MODULE.search(str(exc))
        name = next((g for g in found.groups() if g), None) if found else None
    what = (name or "a library it needs").split(".")[0]
    return f"Sourcedesk is installed without {what}; reinstall Sourcedesk"


#: A file whose reading ran out of the reader's memory (desktop/ingest/workers.py limits it).
NEEDS_TOO_MUCH_MEMORY = "the file needs too much memory to read (over the safety limit)"


def reason_for(exc: BaseException) -> str:
    """An unforeseen exception from a parser, as a reason the user can act on."""
    if isinstance(exc, ImportError):
        return missing_library(exc)
    if isinstance(exc, _PROGRAMMING_ERRORS):
        return DAMAGED
    return user_terms(" ".join(str(exc).split()) or type(exc).__name__)


__all__ = ["DAMAGED", "NEEDS_TOO_MUCH_MEMORY", "missing_library", "reason_for", "user_terms"]
