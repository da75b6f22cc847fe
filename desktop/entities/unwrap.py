"""Hard-wrapped paragraphs read as one line by the model (same length, same offsets).

Newswire copy, plain-text e-mails and many text files break their paragraphs into lines of
at most ~70 characters. A name cut by such a break ("New\\nYork", "Narendra\\nModi", "the
European\\nCommission") is two names to the model and the place lists: "York" filed as a
place, "Narendra" as a person, Modi lost. :func:`unwrap` gives the model and the name
scans a copy of the text in which each such soft break is a space; the stored text, the
offsets and the mentions' own text stay the original's.

A break is soft when it is a wrap: the document wraps its lines at some width (most of the
lines another line follows end within a few characters of one width of :data:`MIN_WIDTH`
to :data:`MAX_WIDTH`, and hardly any is longer), and the line before the break is full:
the next line's first word would not have fitted on it, or it ends within :data:`SLACK`
characters of the width. A short line (a headline, a dateline, a byline, the last line of
a paragraph) ends where its writer ended it, and so do the first line (the title) and a
break before a blank line, an indented line, a list marker or a quoted reply.
"""

from __future__ import annotations

import re

#: Widest wrap looked for: wrapped text is 60-80 characters wide, e-mails up to 78, and a
#: document whose lines are longer wraps nothing (each line is a paragraph).
MAX_WIDTH = 100
#: Narrowest: below it lines are columns, verse or tables of fields, not wrapped prose
#: (wire copy wraps at 60-70, e-mail at 72-78).
MIN_WIDTH = 55
#: Lines ending this close to the widest count as wrapped ...
NEAR = 12
#: ... and the text is wrapped when at least this many do, this share of the lines of
#: MIN_WIDTH or more that another line follows (a paragraph's last line may be long) ...
MIN_WRAPPED = 3
WRAPPED_SHARE = 0.5
#: ... and at most this share of them is longer than the width.
BEYOND_SHARE = 0.1
#: A line ending this close to the width is full (the next word may have been short).
SLACK = 10
_FIRST_WORD = re.compile(r"\S+")
#: what opens a line that is its own: a list marker, a quotation mark of an e-mail reply
_OWN_LINE = re.compile(r"[-*•>|#]|\d+[.)]\s")


def wrap_width(lines: list[str]) -> int | None:
    """The width the text is wrapped at, or None if it is not wrapped.

    Only lines another line follows, and at least :data:`MIN_WIDTH` long, can be wrapped
    (a title, a date line, a short story's last line are not). The width is the longest of
    them that several others nearly reach (one overlong line, a URL, does not set it); the
    text is wrapped at it when most of them end near it and almost none goes beyond: one
    sentence a line, or a paragraph a line, has lines of every length."""
    followed = [
        n
        for n, after in zip((len(line.rstrip()) for line in lines), lines[1:], strict=False)
        if n and after.strip()
    ]
    long = [n for n in followed if n >= MIN_WIDTH]  # a title, a date line: never wrapped
    lengths = sorted((n for n in long if n <= MAX_WIDTH), reverse=True)
    for i, width in enumerate(lengths):
        near = sum(1 for n in lengths[i:] if n >= width - NEAR)
        if near >= MIN_WRAPPED:
            beyond = sum(1 for n in long if n > width)
            if near >= WRAPPED_SHARE * len(long) and beyond <= BEYOND_SHARE * len(long):
                return width
            return None
    return None


def unwrap(text: str) -> str:
    """``text`` with its soft line breaks as spaces (same length); unchanged if not wrapped."""
    return spaced(text, soft_breaks(text))


def spaced(text: str, breaks: list[int]) -> str:
    """``text`` with a space at each of ``breaks`` (the same text if there are none)."""
    if not breaks:
        return text
    out = list(text)
    for pos in breaks:
        out[pos] = " "
    return "".join(out)


def soft_breaks(text: str) -> list[int]:
    """The offsets of the line breaks of ``text`` that only wrap a paragraph."""
    if "\n" not in text:
        return []
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return []
    out: list[int] = []
    pos = 0
    for n, (line, after) in enumerate(zip(lines, lines[1:], strict=False)):
        pos += len(line)  # the break after ``line``
        body = line.rstrip()
        word = _FIRST_WORD.match(after)
        if (
            n  # the first line is the title
            and body
            and word is not None
            and word.start() == 0  # not indented, not blank
            and _OWN_LINE.match(after) is None
            # full: the next word did not fit, or the line ends near the width (wrappers
            # leave some room: Reuters' copy breaks "in New\nYork" 6 short of its widest)
            and (len(body) + 1 + len(word.group()) > width or len(body) >= width - SLACK)
        ):
            out.append(pos)
        pos += 1
    return out
