"""Near-duplicate text: word windows, MinHash signatures, similarity, and collapsing results.

Two articles are versions of one story when most of their text is the same passages: a
wire story re-run under another headline, with a rewritten first line and another footer.
An article's text (its headline line left out) becomes the set of its windows of
``WINDOW`` consecutive words, each window taken as an unordered bag (two swapped words
change two windows, not five); the share of windows two articles have in common
(Jaccard) is their similarity. Different articles about the same event share facts,
names and quotes, but rarely runs of five words: on ECB+ dev, pairs of different articles
of one event reach 0.45 in under 1 % of cases (``bench/eval_workbench.py``).

Finding the candidates among 100,000 articles uses MinHash with banding (LSH), written here
in numpy: ``SIGNATURE`` hashes per article, in bands of two, so a pair sharing 45 % of
its windows is a candidate with probability 0.999; each candidate is then checked on the
texts themselves. (datasketch, the usual library, needs SciPy, 113 MB and 0.4 s of import,
and keeps its LSH index in memory or Redis; here the signatures are kept in the store and
the bands are matched by sorting, so grouping an import's articles against a large library
costs a sort, not a rebuild.)
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

WINDOW = 5  # words per window
ROWS = 2  # hashes per band
BANDS = 32
SIGNATURE = ROWS * BANDS
#: two articles are versions when they share at least this share of their windows (chosen
#: on the benchmark: ECB+ dev same-event pairs of different articles stay under 1 %)
THRESHOLD = 0.45
#: fewer windows than this: too little text to call two articles the same
MIN_WINDOWS = 8

U64: TypeAlias = "npt.NDArray[np.uint64]"
U32: TypeAlias = "npt.NDArray[np.uint32]"
_WORD = re.compile(r"\w+")
#: a last line that signs a story off rather than telling it
_FOOTER = re.compile(
    r"^(?:\(.{0,200}\)|.{0,200}\b(?:copyright|©|all rights reserved|follow us|reporting by|"
    r"editing by|writing by|additional reporting|subscribe|newsletter|contact us)\b.{0,200})$",
    re.I,
)
_rng = np.random.default_rng(20261202)  # fixed: signatures are kept in the store
_SEEDS: U64 = _rng.integers(0, 2**63, SIGNATURE, dtype=np.uint64)
_MULT: U64 = _rng.integers(0, 2**63, SIGNATURE, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_word_hash: dict[str, int] = {}


def body_of(text: str, title: str, source: str | None = None, author: str | None = None) -> str:
    """The text a re-run keeps: without the lines that head it (headline, outlet, date line,
    byline) and without a sign-off at its end (a parenthesised last line, a copyright or
    "follow us" line): a re-run under another headline with another footer has the same."""
    from .searcher import body_start

    body = text[body_start(text, title, source, author) :]
    lines = body.rstrip().split("\n")
    while lines and _FOOTER.match(lines[-1].strip()):  # a body that is a footer alone: ""
        lines.pop()
        while lines and not lines[-1].strip():
            lines.pop()
    return "\n".join(lines)


def signs_off(line: str) -> bool:
    """A line that signs a story off (a parenthesised line, a copyright or "follow us")."""
    return _FOOTER.match(line.strip()) is not None


def _hash(word: str) -> int:
    h = _word_hash.get(word)
    if h is None:
        h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        if len(_word_hash) < 500_000:
            _word_hash[word] = h
    return h


def windows(text: str) -> U64:
    """The distinct unordered windows of ``WINDOW`` words of a text, as sorted 64-bit hashes
    (a window's hash is the sum of its words' hashes, so word order inside it is lost)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.fromiter((_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if len(words) < WINDOW:
        return np.unique(np.array([hashes.sum(dtype=np.uint64)], dtype=np.uint64))
    with np.errstate(over="ignore"):
        running = np.concatenate(([np.uint64(0)], np.cumsum(hashes, dtype=np.uint64)))
        sums = running[WINDOW:] - running[:-WINDOW]
    return np.unique(sums)


def signature(shingles: U64) -> U32 | None:
    """The MinHash signature of a set of windows (None: too few to compare)."""
    if len(shingles) < MIN_WINDOWS:
        return None
    out = np.empty(SIGNATURE, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for start in range(0, len(shingles), 4096):  # bounded memory for a very long text
            chunk = shingles[start : start + 4096, None]
            mixed = ((chunk ^ _SEEDS[None, :]) * _MULT[None, :]) >> np.uint64(32)
            low = mixed.min(axis=0).astype(np.uint32)
            out = low if start == 0 else np.minimum(out, low)
    return out


def similarity(a: U64, b: U64) -> float:
    """The share of windows two texts have in common (Jaccard of the window sets)."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def band_keys(signatures: U32) -> U64:
    """(n, BANDS) keys: each band's two 32-bit hashes as one 64-bit number (exact)."""
    sig = signatures.astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    return (sig[:, :, 0] << np.uint64(32)) | sig[:, :, 1]


def candidate_pairs(
    keys: U64, is_new: npt.NDArray[np.bool_], per_run: int = 50
) -> set[tuple[int, int]]:
    """Row pairs (i < j) that share a band key, at least one of them new. A run of more than
    ``per_run`` equal keys (boilerplate) pairs each new row with the first ``per_run`` only."""
    pairs: set[tuple[int, int]] = set()
    n = len(keys)
    if n < 2:
        return pairs
    for band in range(keys.shape[1]):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        ends = np.concatenate((starts[1:], [n]))
        runs = ends - starts > 1
        for s, e in zip(starts[runs].tolist(), ends[runs].tolist(), strict=True):
            rows = order[s:e]
            fresh = rows[is_new[rows]]
            if not len(fresh):
                continue
            partners = rows[:per_run] if e - s > per_run else rows
            for i in fresh.tolist():
                for j in partners.tolist():
                    if i != j:
                        pairs.add((i, j) if i < j else (j, i))
    return pairs


def estimated(sig_a: U32, sig_b: U32) -> float:
    """The similarity the signatures estimate (the share of equal hashes)."""
    return float(np.mean(sig_a == sig_b))
