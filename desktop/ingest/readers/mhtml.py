"""Web pages saved as one file (.mhtml/.mht: Chrome's, Edge's and Opera's "single file").

An MHTML file is a MIME message: the page is its first ``text/html`` part (the one
at ``Snapshot-Content-Location`` when Chrome names it), the rest are images and
styles, which are not articles. The page part is read like any saved page, with
the address the file records as its origin.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
from email.message import Message

from ..article import Article, ReadError
from .html import read_html


def _page_part(message: Message) -> Message | None:
    location = (message.get("Snapshot-Content-Location") or "").strip()
    pages = [p for p in message.walk() if p.get_content_type() == "text/html"]
    for part in pages:
        if location and (part.get("Content-Location") or "").strip() == location:
            return part
    return pages[0] if pages else None


def read_mhtml(data: bytes) -> Article:
    """Read the page of an MHTML archive (never fetches anything)."""
    head = data[:4096].lower()
    if b"mime-version" not in head and b"content-type" not in head:
        raise ReadError("not an MHTML archive: it has no MIME headers")
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    part = _page_part(message)
    if part is None:
        raise ReadError("no web page in this MHTML archive")
    body = part.get_payload(decode=True)
    if not isinstance(body, bytes) or not body.strip():
        raise ReadError("the web page in this MHTML archive is empty")
    charset = part.get_content_charset()
    if charset:  # the part's declared charset; the HTML reader then sees valid UTF-8
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            body = body.decode(charset).encode("utf-8")
    origin = message.get("Snapshot-Content-Location") or part.get("Content-Location")
    url = origin.strip() if origin and origin.strip().startswith("http") else None
    return read_html(body, url=url)
