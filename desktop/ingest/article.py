"""The value every reader produces: an article's text and its own metadata."""

from __future__ import annotations

import datetime as dt

from search.frozen import frozen


class ReadError(Exception):
    """A file could not be read as an article; the message says why, for the user."""


@frozen
class Article:
    """Text and metadata read out of one file.

    ``published`` is the article's own publication date, or ``None`` when the
    article does not give one (never the file's modification time);
    ``published_from`` says where the date was found (e.g. ``"meta
    article:published_time"``, ``"dateline"``, ``"e-mail Date header"``).
    """

    text: str
    format: str  # "text", "markdown", "html", "pdf", "docx", "email"
    title: str | None = None
    source: str | None = None  # the outlet as the article names it
    author: str | None = None
    published: dt.date | None = None
    published_from: str | None = None
    language: str | None = None  # ISO 639-1 code, or None when unsure
    url: str | None = None  # where the article was published (a saved page's own address)
    notes: tuple[str, ...] = ()  # how it was read, for the import report ("pages 2-3 by OCR")
