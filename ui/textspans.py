"""Python string offsets vs Qt's UTF-16 positions, and cutting text at span boundaries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate


def utf16_mapper(text: str) -> Callable[[int], int]:
    """A function from a Python index in ``text`` to the UTF-16 position Qt uses."""
    if text.isascii() or all(ord(c) < 0x10000 for c in text):
        return lambda i: i
    prefix = [0, *accumulate(2 if ord(c) >= 0x10000 else 1 for c in text)]
    return lambda i: prefix[max(0, min(i, len(text)))]


def python_index_mapper(text: str) -> Callable[[int], int]:
    """The inverse of :func:`utf16_mapper`: a UTF-16 position in ``text`` to a Python index
    (a position inside a surrogate pair goes to its character)."""
    if text.isascii() or all(ord(c) < 0x10000 for c in text):
        return lambda p: max(0, min(p, len(text)))
    prefix = [0, *accumulate(2 if ord(c) >= 0x10000 else 1 for c in text)]
    from bisect import bisect_right

    return lambda p: max(0, min(bisect_right(prefix, p) - 1, len(text)))


def clamp_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans cut to ``[0, length]``, empty ones dropped, sorted."""
    out = []
    for start, end in spans:
        s, e = max(0, start), min(length, end)
        if s < e:
            out.append((s, e))
    return sorted(out)


def boundaries(length: int, span_lists: Sequence[Iterable[tuple[int, int]]]) -> list[int]:
    """Every offset where some span starts or ends, plus 0 and ``length``, in order."""
    points = {0, length}
    for spans in span_lists:
        for start, end in spans:
            points.add(max(0, min(start, length)))
            points.add(max(0, min(end, length)))
    return sorted(points)
