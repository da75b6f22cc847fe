"""Readers: file bytes -> :class:`~desktop.ingest.article.Article`, dispatched on the suffix."""

from __future__ import annotations

import pathlib
from collections.abc import Callable

from ..article import Article, ReadError
from ..reasons import NEEDS_TOO_MUCH_MEMORY, missing_library, reason_for, user_terms

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".eml"}
    | {".mhtml", ".mht", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
)

# suffix -> (what the file is said to be when it cannot be read, reader name)
_KINDS: dict[str, tuple[str, str]] = {
    ".txt": ("could not read this text file", "text"),
    ".md": ("could not read this markdown file", "markdown"),
    ".markdown": ("could not read this markdown file", "markdown"),
    ".html": ("not a valid HTML page", "html"),
    ".htm": ("not a valid HTML page", "html"),
    ".pdf": ("not a valid PDF", "pdf"),
    ".docx": ("not a valid Word document (.docx)", "docx"),
    ".eml": ("not a valid e-mail message", "email"),
    ".mhtml": ("not a valid MHTML web archive", "mhtml"),
    ".mht": ("not a valid MHTML web archive", "mhtml"),
    ".png": ("not a readable image", "image"),
    ".jpg": ("not a readable image", "image"),
    ".jpeg": ("not a readable image", "image"),
    ".tif": ("not a readable image", "image"),
    ".tiff": ("not a readable image", "image"),
}


def _reader(name: str) -> Callable[[bytes], Article]:
    """The reader function; imported on first use so start-up stays fast."""
    if name == "text":
        from .text import read_text

        return read_text
    if name == "markdown":
        from .text import read_text

        return lambda data: read_text(data, markdown=True)
    if name == "html":
        from .html import read_html

        return read_html
    if name == "pdf":
        from .pdf import read_pdf

        return read_pdf
    if name == "docx":
        from .docx import read_docx

        return read_docx
    if name == "mhtml":
        from .mhtml import read_mhtml

        return read_mhtml
    if name == "image":
        from .image import read_image

        return read_image
    from .email import read_email

    return read_email


def _short(message: str) -> str:
    return message if len(message) <= 160 else message[:157] + "..."


def read_article(path: pathlib.Path, data: bytes) -> Article:
    """Read one file's bytes as an article; ``path`` only gives the name and suffix.

    Raises ``ReadError`` with a short reason for the user (unsupported type,
    empty file, not really this format, encrypted, no text...), never anything else.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(f"unsupported file type {suffix or '(no extension)'}")
    if not data or data.isspace():
        raise ReadError("empty file")
    label, name = _KINDS[suffix]
    try:
        return _reader(name)(data)
    except ReadError as exc:  # our readers' words, some with a parser's message inside
        raise ReadError(_short(user_terms(str(exc)))) from exc
    except RecursionError:
        raise ReadError(f"{label}: it is nested too deeply") from None
    except MemoryError:  # the reader's limit, not a damaged file ("not a valid PDF: MemoryError")
        raise ReadError(NEEDS_TOO_MUCH_MEMORY) from None
    except ImportError as exc:  # an installation problem, not the file's
        raise ReadError(missing_library(exc)) from exc
    except Exception as exc:
        raise ReadError(f"{label}: {_short(reason_for(exc))}") from exc
