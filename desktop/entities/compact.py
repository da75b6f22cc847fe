"""What the model and our patterns read: the text with its junk runs taken out, in linear time.

A separator line of 60,000 ``=``, 50 kB of brackets, a base64 image pasted into an e-mail or
CommonMark's pathological inputs are not language, yet they cost the model's tokenizer
quadratic time (one very long token) or tens of thousands of tokens. Before entities are
looked for, :func:`compact` replaces every junk run by one line break:

- a stretch that repeats a unit of at most :data:`MAX_PERIOD` characters (``=====``,
  ``> > > >``, ``*a **a *a **a``, ``[ (](`` …) over at least :data:`MIN_RUN` characters and
  :data:`MIN_REPEATS` repetitions, unless it is only blanks;
- a run without blanks (nor such repeats) longer than :data:`MAX_TOKEN` characters, longer
  than any word (base64 and data URIs, long URLs, backtick fences glued together).

The stored text and the index keep every character; :meth:`Compacted.restore` maps the
mentions found in the compact copy back to the original offsets and drops any that would
span a removed run. Text without junk is passed through unchanged.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable
from typing import Protocol, TypeVar

import numpy as np

from search.frozen import frozen

#: Longest repeating unit looked for ("> *a **b** c*" plus its line break is 14).
MAX_PERIOD = 32
#: A repeating stretch is junk from this many characters ...
MIN_RUN = 32
#: ... and this many repetitions of its unit (so "Kyiv, Kyiv, Kyiv" is still text).
MIN_REPEATS = 8
#: A run without blanks longer than this is not a word (the longest German compounds
#: and the names of chemicals stay under it).
MAX_TOKEN = 64
#: Texts are scanned in pieces of this many characters (memory stays flat).
PIECE = 1 << 20
#: What a removed run becomes: a line break, which no name and no sentence crosses.
SEPARATOR = "\n"


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


@frozen
class Compacted:
    """The compact copy of a text and where each of its kept pieces sits in the original."""

    text: str
    #: (start in ``text``, start in the original, length) of every kept piece, in order
    pieces: tuple[tuple[int, int, int], ...]
    removed: int  # characters of junk taken out (0: the text is its own compact copy)

    def to_original(self, start: int, end: int) -> tuple[int, int] | None:
        """The original span of a span of the compact text; None if it crosses removed junk."""
        if not self.removed:
            return start, end
        i = bisect_right(self.pieces, (start, float("inf"), 0)) - 1
        if i < 0:
            return None
        c0, o0, n = self.pieces[i]
        if not c0 <= start < end <= c0 + n:
            return None
        return o0 + start - c0, o0 + end - c0

    def restore(self, found: Iterable[S]) -> list[S]:
        """Mentions found in the compact text, moved to the original's offsets."""
        if not self.removed:
            return list(found)
        out = []
        for f in found:
            span = self.to_original(f.start, f.end)
            if span is not None:
                out.append(dataclasses.replace(f, start=span[0], end=span[1]))  # type: ignore[type-var]
        return out


def junk_runs(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint ``(start, end)`` runs of ``text`` that are not language."""
    runs: list[tuple[int, int]] = []
    for offset in range(0, len(text), PIECE):
        piece = text[offset : offset + PIECE]
        runs.extend((offset + s, offset + e) for s, e in _piece_runs(piece))
    return _merge(runs)


def _piece_runs(piece: str) -> list[tuple[int, int]]:
    codes = np.frombuffer(piece.encode("utf-32-le"), dtype=np.uint32)
    n = len(codes)
    blank = np.zeros(n, dtype=bool)
    for ch in " \t\n\r\f\v\u00a0\u2028\u2029\u3000":
        blank |= codes == ord(ch)
    blanks_before = np.concatenate(([0], np.cumsum(blank)))
    runs: list[tuple[int, int]] = []
    for p in range(1, min(MAX_PERIOD, n // 2) + 1):
        # codes[s:e + p] repeats a unit of p characters where codes[i] == codes[i + p]
        starts, ends = _true_runs(codes[:-p] == codes[p:], max(MIN_RUN, MIN_REPEATS * p) - p)
        ends += p
        # a stretch of blanks only is no trouble: the model reads those quickly, and so do we
        keep = blanks_before[ends] - blanks_before[starts] < ends - starts
        runs.extend(zip(starts[keep].tolist(), ends[keep].tolist(), strict=True))
    # a long token, counted without the repeats already cut ("Odesa=====…" keeps "Odesa")
    cut = blank.copy()
    for start, end in runs:
        cut[start:end] = True
    starts, ends = _true_runs(~cut, MAX_TOKEN + 1)
    runs.extend(zip(starts.tolist(), ends.tolist(), strict=True))
    return runs


def _true_runs(flags: np.ndarray, min_len: int) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the runs of True at least ``min_len`` long in a boolean array."""
    edges = np.diff(np.concatenate(([0], flags.view(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    long = ends - starts >= min_len
    return starts[long], ends[long]


def _merge(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(runs):
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def compact(text: str) -> Compacted:
    """``text`` with every junk run replaced by one line break, and the way back."""
    runs = junk_runs(text)
    if not runs:
        return Compacted(text, ((0, 0, len(text)),), 0)
    parts: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    at = 0  # position in the compact text
    prev = 0  # end of the last removed run in the original
    for s, e in runs:
        if s > prev:
            pieces.append((at, prev, s - prev))
            parts.append(text[prev:s])
            at += s - prev
        parts.append(SEPARATOR)
        at += len(SEPARATOR)
        prev = e
    if prev < len(text):
        pieces.append((at, prev, len(text) - prev))
        parts.append(text[prev:])
    return Compacted("".join(parts), tuple(pieces), sum(e - s for s, e in runs))
