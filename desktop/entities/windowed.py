"""Entity extraction whose cost grows linearly with the text, whatever the text is.

:func:`extract_windowed` is what the model workers run. It takes the junk out of each text
(:mod:`.compact`), cuts what is left into windows of at most :data:`WINDOW` characters at
paragraph, line, sentence or word ends, and runs :func:`.extract.extract_many` on the
windows together. The document-level passes (one kind per name, surnames folded into full
names, teams) look at one window at a time: that keeps their per-mention and per-line work
bounded, and changes nothing for an article shorter than a window (almost every news
article). Offsets come back in the original text's coordinates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from .compact import compact
from .extract import extract_many
from .extract_rules import Found

#: Longest piece of text the extractor sees at once (characters).
WINDOW = 20_000
_BREAKS = ("\n\n", "\n", ". ", " ")


def windows(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """``(start, end)`` pieces covering ``text``, each at most ``size`` long, cut at the last
    paragraph, line, sentence or word end in the second half of a piece."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for brk in _BREAKS:
            cut = text.rfind(brk, start + size // 2, end)
            if cut > start:
                end = cut + len(brk)
                break
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def extract_windowed(items: Sequence[tuple[str, dt.date | None]]) -> list[list[Found]]:
    """The mentions in each text, as :func:`.extract.extract_many` finds them, in linear time."""
    plans = []
    pieces: list[tuple[str, dt.date | None]] = []
    for text, published in items:
        compacted = compact(text)
        spans = windows(compacted.text)
        plans.append((compacted, [(s, len(pieces) + i) for i, (s, _) in enumerate(spans)]))
        pieces.extend((compacted.text[s:e], published) for s, e in spans)
    found = extract_many(pieces)
    out: list[list[Found]] = []
    for compacted, parts in plans:
        shifted = [
            dataclasses.replace(f, start=f.start + offset, end=f.end + offset)
            for offset, index in parts
            for f in found[index]
        ]
        out.append(compacted.restore(shifted))
    return out
