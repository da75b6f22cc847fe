"""From a PDF's page texts to an article: scanned pages read by OCR, the browser's
header and footer lines taken out, metadata chosen where it is better than the text."""

from __future__ import annotations

import math
import re
from typing import Any

from .article import Article, ReadError
from .language import detect_language
from .ocr import OCR_DPI, OcrBudget, OcrUnavailable, available, page_list, pgm, recognise, unwrap
from .pdfmeta import browser_print, pdf_meta
from .readers.text import clean_text
from .textmeta import analyse

#: A page with fewer letters than this has no text layer worth the name.
_MIN_LETTERS = 20
#: Rendered pages are kept under this many pixels (an A0 poster at 300 dpi is 140 MP).
_MAX_PIXELS = 40_000_000


def _letters(text: str) -> int:
    return len(re.findall(r"[^\W\d_]", text))


def _has_images(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def ocr_empty_pages(data: bytes, pages: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """The page texts with the scanned pages read by OCR, and notes for the import report.

    A page is scanned when it has next to no text but an image; a blank page is left blank.
    """
    empty = [i for i, text in enumerate(pages) if _letters(text) < _MIN_LETTERS]
    if not empty:
        return pages, ()
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except Exception:  # pypdf read it; a renderer that cannot just means no OCR
        return pages, ()
    try:
        return _recognise_pages(pdf, pages, [i for i in empty if _has_images(pdf[i])])
    finally:
        pdf.close()


def _recognise_pages(
    pdf: Any, pages: list[str], scanned: list[int]
) -> tuple[list[str], tuple[str, ...]]:
    if not scanned:
        return pages, ()
    if not available():
        if not any(_letters(p) for p in pages):
            raise OcrUnavailable(
                "no text in this PDF: its pages are images, and text recognition "
                "(Tesseract OCR) is not installed"
            )
        listed = page_list([i + 1 for i in scanned])
        return pages, (f"pages {listed} are images: text recognition is not installed",)
    pages = list(pages)
    budget = OcrBudget()
    read: list[int] = []
    skipped: list[int] = []
    try:
        for i in scanned:
            if budget.left() < 2.0:
                skipped.append(i + 1)
                continue
            page = pdf[i]
            width, height = page.get_size()
            scale = min(OCR_DPI / 72, math.sqrt(_MAX_PIXELS / max(width * height, 1)))
            bitmap = page.render(scale=scale, grayscale=True)
            image = pgm(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
            pages[i] = clean_text(unwrap(recognise(image, budget)))
            read.append(i + 1)
    except ReadError:
        if not read:
            raise
    notes = []
    if read:
        word = "page" if len(read) == 1 else "pages"
        notes.append(f"{word} {page_list(read)} read by OCR")
    if skipped:
        notes.append(f"pages {page_list(skipped)} not read: text recognition ran out of time")
    return pages, tuple(notes)


def pdf_article(
    reader: Any, pages: list[str], notes: tuple[str, ...], real_title: Any, real_author: Any
) -> Article:
    """The article of a PDF whose page texts are known."""
    meta = pdf_meta(reader, real_title, real_author)
    printed = browser_print(pages, meta.title, meta.creator)
    if printed is not None:
        pages = printed.pages
    text = "\n\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise ReadError("no text in this PDF (scanned images?)")
    found = analyse(text)
    published, published_from = found.published, found.published_from
    if published is None and meta.published:
        published, published_from = meta.published, meta.published_from
    if published is None and printed is not None and printed.printed:
        published, published_from = printed.printed, "the day the browser printed the page"
    title = (printed.title if printed else None) or meta.title or found.title
    return Article(
        text=found.text,
        format="pdf",
        title=title,
        source=found.source,
        author=found.author or meta.author,
        published=published,
        published_from=published_from,
        language=detect_language(found.text),
        url=printed.url if printed else None,
        notes=notes,
    )
