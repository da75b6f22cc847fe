"""An article's own metadata as plain text: markup in a title, an outlet or a byline goes.

A page can put markup in its ``og:site_name``, its JSON-LD ``publisher.name`` or its
``<title>`` (``<b>Evil Outlet</b>``, ``<img src="file:///…">Publisher``). The metadata is
stored as the text a reader sees, "Evil Outlet" and "Publisher"; the window shows it as
plain text as well, so whatever slips through is never rendered.
"""

from __future__ import annotations

import dataclasses
import html
import re

from .article import Article

#: A metadata value longer than this is cut before it is cleaned (a title is at most 1,000).
MAX_CHARS = 4000
# a tag, a comment or declaration, a processing instruction; each stops at the next "<",
# so the pattern is linear ("a <3 b" and "x < y" are not tags)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def plain_text(value: str | None) -> str | None:
    """``value`` without markup, entities decoded, blanks tidied; None if nothing is left."""
    if value is None:
        return None
    text = value[:MAX_CHARS]
    for _ in range(2):  # "&lt;b&gt;" decodes to a tag, which goes in the second round
        stripped = html.unescape(_TAG.sub(" ", text))
        if stripped == text:
            break
        text = stripped
    text = _TAG.sub(" ", text)
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text or None


def plain_metadata(article: Article) -> Article:
    """The article with its title, outlet and byline as plain text."""
    title, source, author = (plain_text(v) for v in (article.title, article.source, article.author))
    if (title, source, author) == (article.title, article.source, article.author):
        return article
    return dataclasses.replace(article, title=title, source=source, author=author)
