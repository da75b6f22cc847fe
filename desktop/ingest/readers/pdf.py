"""PDF documents: the text of every page with pypdf (scanned pages by OCR), and metadata."""

from __future__ import annotations

import io
import logging
import re

from ..article import Article, ReadError
from ..pdfpages import ocr_empty_pages, pdf_article
from ..reasons import missing_library
from .text import clean_text

# pypdf logs its repairs and gaps ("EOF marker not found", "Advanced encoding /NULL not
# implemented yet"), some at ERROR: the user gets our one-line reason instead.
logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)

_JUNK_TITLE = re.compile(
    r"(?:microsoft\s+(?:word|powerpoint|excel)\s*-.*|untitled.*|document\d*|title|unknown|print"
    r"|slide\s*\d*|.*\.(?:docx?|pdf|rtf|odt|indd|qxd|txt|html?|tex|dvi|ps|pptx?|xlsx?))",
    re.I,
)
_JUNK_AUTHOR = re.compile(
    r"(?:user|admin(?:istrator)?|owner|unknown|author|python-docx|microsoft\s+office\s+user"
    r"|windows\s+user|default|guest|.*\.(?:com|exe))",
    re.I,
)


def real_title(value: object) -> str | None:
    """A document-info title worth showing (not "Microsoft Word - x.doc", "untitled"...)."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.replace("\x00", "").split())
    if len(value) < 3 or not re.search(r"[^\W\d_]{2}", value) or _JUNK_TITLE.fullmatch(value):
        return None
    return value


def real_author(value: object) -> str | None:
    """A document-info author worth showing (not "Administrator", "User"...)."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.replace("\x00", "").split())
    if len(value) < 2 or not re.search(r"[^\W\d_]", value) or _JUNK_AUTHOR.fullmatch(value):
        return None
    return value


def _dependency(exc: Exception) -> str:
    """pypdf's "install X" as the user's reason: an installation problem, or a compression
    Sourcedesk does not read (Brotli, not part of the PDF standard)."""
    if "brotli" in str(exc).lower():
        return "not a PDF Sourcedesk can read: it uses Brotli compression"
    return missing_library(exc)


def read_pdf(data: bytes) -> Article:
    """Read a PDF; the info CreationDate is not taken as the article's date."""
    from pypdf import PdfReader  # lazy: ~0.1 s to import
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise ReadError("not a valid PDF: no PDF header")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except (PyPdfError, ValueError, TypeError, KeyError, OSError) as exc:
        raise ReadError(f"not a valid PDF: {exc}") from None
    if reader.is_encrypted:
        # an empty user password (AES or RC4): any viewer opens it, and so do we
        try:
            if not reader.decrypt(""):
                raise ReadError("encrypted PDF: it needs a password to open")
        except DependencyError as exc:
            raise ReadError(_dependency(exc)) from None
        except (FileNotDecryptedError, NotImplementedError):
            raise ReadError("encrypted PDF: it needs a password to open") from None
    try:
        pages = [clean_text(page.extract_text() or "") for page in reader.pages]
    except DependencyError as exc:
        raise ReadError(_dependency(exc)) from None
    pages, notes = ocr_empty_pages(data, pages)
    return pdf_article(reader, pages, notes, real_title, real_author)
