"""E-mail messages (.eml): Subject, From, Date and the text body; attachments ignored."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import parseaddr

from ..article import Article, ReadError
from ..language import detect_language
from ..textmeta import analyse
from ..validtext import valid_text
from .html import html_to_text
from .text import clean_text

_WORD = r"=\?[^?\s]+\?[qQbB]\?[^?\s]*\?="
_ENCODED_WORDS = re.compile(rf"{_WORD}(?:\s+{_WORD})*")  # a run: the spaces between go


def _decoded_words(run: re.Match[str]) -> str:
    try:
        return str(make_header(decode_header(run.group(0))))
    except Exception:  # an unknown charset or a broken encoded word: keep it as written
        return run.group(0)


def _header(msg: Message, name: str) -> str | None:
    """A header as text: RFC 2047 encoded words decoded, raw 8-bit bytes decoded as UTF-8
    where they are, else byte by byte (the parser would make them surrogates or U+FFFD)."""
    raw = next((v for k, v in msg.raw_items() if k.lower() == name), None)
    if raw is None:
        return None
    text = _ENCODED_WORDS.sub(_decoded_words, valid_text(str(raw)))
    text = " ".join(valid_text(text).split())
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
    name, address = valid_text(name or ""), valid_text(address or "")
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
