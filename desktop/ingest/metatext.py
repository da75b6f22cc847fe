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
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)([^<>]*)>|<![^<>]*>|<\?[^<>]*>")
#: HTML's element names: "<ITEL>" or "<AVX>" in a wire headline is a stock ticker, text
_HTML = frozenset(
    [
        "a",
        "abbr",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "bdi",
        "bdo",
        "big",
        "blink",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "marquee",
        "math",
        "menu",
        "meta",
        "meter",
        "nav",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "section",
        "select",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ]
)


def _markup(m: re.Match[str]) -> str:
    """A tag goes (as a blank); a "<TICKER>" stays as it was written."""
    name, rest = m.group(1), m.group(2)
    if name is None:  # a comment, a declaration, a processing instruction
        return " "
    html_name = name.lower() in _HTML and not (len(name) == 1 and name.isupper() and not rest)
    address = "@" in rest and " " not in rest  # "Jane Doe <jane@example.com>": the name is kept
    return " " if html_name or address or "=" in rest else m.group(0)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def plain_text(value: str | None) -> str | None:
    """``value`` without markup, entities decoded, blanks tidied; None if nothing is left."""
    if value is None:
        return None
    text = value[:MAX_CHARS]
    for _ in range(2):  # "&lt;b&gt;" decodes to a tag, which goes in the second round
        stripped = html.unescape(_TAG.sub(_markup, text))
        if stripped == text:
            break
        text = stripped
    text = _TAG.sub(_markup, text)
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text or None


def plain_metadata(article: Article) -> Article:
    """The article with its title, outlet and byline as plain text."""
    title, source, author = (plain_text(v) for v in (article.title, article.source, article.author))
    if (title, source, author) == (article.title, article.source, article.author):
        return article
    return dataclasses.replace(article, title=title, source=source, author=author)
