"""A citation of an article as a reporter pastes it: byline, title, outlet, date, address."""

from __future__ import annotations

from .views import DocumentView


def citation(doc: DocumentView) -> str:
    """``Jane Roe, “Title”, The Outlet, 12 November 2022, https://…`` (what is known of it;
    an undated article says so)."""
    parts = []
    if doc.author:
        parts.append(doc.author)
    parts.append(f"“{doc.title or doc.filename}”")
    if doc.source:
        parts.append(doc.source)
    parts.append(f"{doc.published.day} {doc.published:%B %Y}" if doc.published else "undated")
    if doc.url:
        parts.append(doc.url)
    return ", ".join(parts)
