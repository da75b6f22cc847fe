"""Article text to safe rich text: every character escaped, entities and hits marked by us.

Nothing from the document is ever passed through as markup. The HTML keeps a
one-to-one mapping from text characters to document positions (``pre-wrap``,
control characters replaced by same-length ones), so offsets from the core
line up with cursor positions in the reader.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Sequence

from desktop.views import MentionView

from .textspans import boundaries, clamp_spans
from .theme import Theme

ENTITY_SCHEME = "entity"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def safe_text(text: str) -> str:
    """Control characters that rich text would drop become a space (form feeds a newline)."""
    return _CONTROL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else " ", text)


def entity_href(index: int) -> str:
    """The internal link of the ``index``-th mention."""
    return f"{ENTITY_SCHEME}:{index}"


def mention_index(href: str) -> int | None:
    """The mention index of an internal entity link, else None."""
    prefix = f"{ENTITY_SCHEME}:"
    if href.startswith(prefix) and href[len(prefix) :].isdigit():
        return int(href[len(prefix) :])
    return None


def render_article(
    text: str,
    mentions: Sequence[MentionView],
    hits: Sequence[tuple[int, int]],
    kinds_shown: Collection[str],
    theme: Theme,
) -> str:
    """The HTML body for the reader: escaped text, mentions of shown kinds as links, hits marked."""
    text = safe_text(text)
    n = len(text)
    shown = [
        (i, m) for i, m in enumerate(mentions) if m.kind in kinds_shown and 0 <= m.start < m.end
    ]
    shown.sort(key=lambda im: (im[1].start, -im[1].end))
    hit_spans = clamp_spans(hits, n)
    points = boundaries(n, [[(m.start, m.end) for _, m in shown], hit_spans])

    out = ['<div style="white-space: pre-wrap;">']
    mi = hi = 0
    active: list[tuple[int, MentionView]] = []
    for a, b in zip(points, points[1:], strict=False):
        while mi < len(shown) and shown[mi][1].start <= a:
            active.append(shown[mi])
            mi += 1
        active = [im for im in active if im[1].end > a]
        while hi < len(hit_spans) and hit_spans[hi][1] <= a:
            hi += 1
        in_hit = hi < len(hit_spans) and hit_spans[hi][0] <= a
        piece = html.escape(text[a:b], quote=False)
        if in_hit:
            piece = (
                f'<span style="background-color:{theme.hit_background};'
                f'color:{theme.hit_foreground};font-weight:600;">{piece}</span>'
            )
        if active:
            index, mention = max(active, key=lambda im: im[1].start)  # the innermost
            colours = theme.kind(mention.kind)
            piece = (
                f'<a href="{entity_href(index)}" style="text-decoration:none;'
                f'background-color:{colours.background};color:{colours.foreground};">{piece}</a>'
            )
        out.append(piece)
    out.append("</div>")
    return "".join(out)
