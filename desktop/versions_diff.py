"""Two versions side by side: the words each has that the other has not.

Words are aligned with difflib over word-and-space tokens (no junk heuristics), so a
swapped pair, a rewritten line or an added footer shows where it is. The texts are
returned whole, cut into runs marked "same" or "changed", for the window to draw in two
panes.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from search.frozen import frozen

_TOKEN = re.compile(r"\s+|[^\s]+")
#: beyond this many words per side the alignment is by lines (difflib is quadratic)
MAX_WORDS = 20_000


@frozen
class VersionDiff:
    """Each text as runs of (text, changed), and the share of words the two have in common."""

    left: list[tuple[str, bool]]
    right: list[tuple[str, bool]]
    same_share: float

    def to_json(self) -> dict[str, object]:
        """``diff A B --json``."""
        return {
            "same_share": round(self.same_share, 3),
            "left": [[t, c] for t, c in self.left],
            "right": [[t, c] for t, c in self.right],
        }


def _runs(tokens: list[str], marks: list[bool]) -> list[tuple[str, bool]]:
    runs: list[tuple[str, bool]] = []
    for token, changed in zip(tokens, marks, strict=True):
        changed = changed and not token.isspace()
        if runs and (runs[-1][1] == changed or token.isspace()):
            runs[-1] = (runs[-1][0] + token, runs[-1][1])
        else:
            runs.append((token, changed))
    return runs


def side_by_side(a: str, b: str) -> VersionDiff:
    """The two texts with what differs marked."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    if max(len(ta), len(tb)) > 2 * MAX_WORDS:  # by lines
        ta, tb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    words_a = [t for t in ta if not t.isspace()]
    words_b = [t for t in tb if not t.isspace()]
    # align the words, then carry the marks back to the tokens (spaces follow their word)
    matcher = SequenceMatcher(None, [w.casefold() for w in words_a],
                              [w.casefold() for w in words_b], autojunk=False)  # fmt: skip
    same_a, same_b = [False] * len(words_a), [False] * len(words_b)
    common = 0
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            same_a[block.a + k] = same_b[block.b + k] = True
        common += block.size
    total = len(words_a) + len(words_b)
    return VersionDiff(
        _runs(ta, _marks(ta, same_a)),
        _runs(tb, _marks(tb, same_b)),
        2 * common / total if total else 1.0,
    )


def _marks(tokens: list[str], same: list[bool]) -> list[bool]:
    out, k = [], 0
    for token in tokens:
        if token.isspace():
            out.append(False)
        else:
            out.append(not same[k])
            k += 1
    return out
