"""Images of documents (.png .jpg .tif): their text by OCR, then the usual metadata lines."""

from __future__ import annotations

from ..article import Article, ReadError
from ..language import detect_language
from ..ocr import OcrBudget, recognise, unwrap
from ..textmeta import analyse
from .text import clean_text

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def read_image(data: bytes) -> Article:
    """Read the text in a scan or photo of a document (needs Tesseract)."""
    kind = next((name for magic, name in _SIGNATURES if data.startswith(magic)), None)
    if kind is None:
        raise ReadError("not a PNG, JPEG or TIFF image")
    text = clean_text(unwrap(recognise(data, OcrBudget())))
    if not any(c.isalpha() for c in text):
        raise ReadError("no text found in this image (text recognition found none)")
    found = analyse(text)
    return Article(
        text=found.text,
        format="image",
        title=found.title,
        source=found.source,
        author=found.author,
        published=found.published,
        published_from=found.published_from,
        language=detect_language(found.text),
        notes=("read by OCR",),
    )
