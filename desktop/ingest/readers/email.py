"""E-mail messages (.eml): Subject, From, Date and the text body; attachments ignored."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from email.utils import parseaddr

from ..article import Article, ReadError
from ..language import detect_language
from ..textmeta import analyse
from .html import html_to_text
from .text import clean_text


def _header(msg: Message, name: str) -> str | None:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header must not lose the whole message
        value = None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _sender(msg: Message) -> tuple[str | None, str | None]:
    """The From display name (or address) and the sender's domain."""
    try:
        header = msg.get("from")
        addresses = getattr(header, "addresses", None) or ()
        name, address = (
            (addresses[0].display_name, addresses[0].addr_spec)
            if addresses
            else parseaddr(str(header or ""))
        )
    except Exception:  # a malformed From header is just no author
        return None, None
    domain = address.rpartition("@")[2].lower() or None
    return (" ".join(name.split()) or address.strip() or None), domain


def _source(msg: Message, domain: str | None) -> str | None:
    organization = _header(msg, "organization")
    if organization:
        return organization
    list_id = _header(msg, "list-id")
    if not list_id:
        return None
    description = re.sub(r"<[^>]*>", "", list_id).strip().strip("\"'").strip()
    return description or domain


def _body(msg: Message) -> str:
    if not isinstance(msg, EmailMessage):
        return ""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return clean_text(content)


def read_email(data: bytes) -> Article:
    """Read an e-mail; published is its Date header."""
    msg = message_from_bytes(data, policy=policy.default)
    if not any(_header(msg, h) for h in ("from", "subject", "date", "message-id")):
        raise ReadError("not an e-mail message: no From, Subject or Date header")
    text = _body(msg)
    if not text.strip():
        raise ReadError("no text in this e-mail (only attachments?)")
    author, domain = _sender(msg)
    published = published_from = None
    try:
        date_header = msg.get("date")
        when = getattr(date_header, "datetime", None)
    except Exception:  # an unparseable Date header is just no date
        when = None
    if when is not None:
        published, published_from = when.date(), "e-mail Date header"
    found = analyse(text)
    return Article(
        text=found.text,
        format="email",
        title=_header(msg, "subject") or found.title,
        source=_source(msg, domain),
        author=author or found.author,
        published=published,
        published_from=published_from,
        language=detect_language(found.text),
    )
