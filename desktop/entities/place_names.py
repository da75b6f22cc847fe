"""Place names as the gazetteer matches them, and the curated spellings a search folds in.

The gazetteer (``gazetteer.py``) builds its index of every place from these; a search
(``desktop.lookup``) asks :func:`curated_canonical` for the one place a bare word certainly
names without the gazetteer, its rules or its cities: a ``sourcedesk search`` imports this
module only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
PLACES_FILE = DATA_DIR / "places.tsv"
STOPWORDS_FILE = DATA_DIR / "place_stopwords.tsv"

_FOLD = str.maketrans(
    {
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02b9": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ",
        ".": None, "\u0142": "l", "\u0141": "L", "\u00f8": "o", "\u00d8": "O", "\u0111": "d",
        "\u0110": "D", "\u00e6": "ae", "\u00c6": "Ae", "\u0153": "oe", "\u0131": "i",
    }
)  # fmt: skip
_POSSESSIVE = re.compile(r"'s?$")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Straight quotes, no dots, hyphens as spaces, no diacritics, casefolded."""
    text = text.translate(_FOLD)
    if text.isascii():  # (NFKD leaves ASCII as it is: most names, and a search's words)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def normalize_name(name: str) -> str:
    """The matching key of a name ("the U.S.'s" -> "us", "Rostov-on-Don" -> "rostov on don")."""
    key = " ".join(fold(name).split())
    if key.startswith("the "):
        key = key[4:]
    return _POSSESSIVE.sub("", key).strip()


def read_rows(path: Path) -> Iterator[list[str]]:
    """Tab-separated rows of a data file, without blank lines and ``#`` comments."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def _curated_rows() -> tuple[tuple[str, list[str]], ...]:
    """The rows of the curated places, each with its text folded as a name is (whitespace as
    one space): a name's key is always part of its row's folded text."""
    rows = list(read_rows(PLACES_FILE))
    texts = ["\t".join(row) for row in rows]
    # (ASCII text folds as one: translated and casefolded; the few others one by one)
    plain = iter("\n".join(t for t in texts if t.isascii()).translate(_FOLD).casefold().split("\n"))
    folded = [next(plain) if t.isascii() else fold(t) for t in texts]
    return tuple((" ".join(f.split()), row) for f, row in zip(folded, rows, strict=True))


@lru_cache(maxsize=1)
def _curated_text() -> str:
    """The whole curated file folded as a row is (whitespace as one space): every row's
    folded text is part of it, so a key not in it is in no row. A search process's bare
    word is rejected by it in ~0.7 ms, where the rows and the stop list take ~1.7 to read
    and fold (the file's order does not matter here: ASCII lines fold as one, the few
    others one by one)."""
    lines = PLACES_FILE.read_text(encoding="utf-8").splitlines()
    plain = "\n".join(line for line in lines if line.isascii()).translate(_FOLD).casefold()
    others = [fold(line) for line in lines if not line.isascii()]
    return " ".join("\n".join([plain, *others]).split())


@lru_cache(maxsize=1)
def _curated_stop() -> frozenset[str]:
    return frozenset(normalize_name(row[0]) for row in read_rows(STOPWORDS_FILE))


def curated_canonical(name: str) -> str | None:
    """The canonical name of :meth:`Gazetteer.curated`'s place for ``name``, without building
    the gazetteer ("Kiev" -> "Kyiv"; None for a word, a spelling of several places...).

    Building the whole gazetteer (a quarter of a second and 50 MB, with every city) is not
    needed to answer for a bare word typed into a search; nor is normalizing the ~1,700 names
    of the curated file (4-7 ms of every ``sourcedesk search``): only the rows whose folded
    text holds the word's key can spell it, and they decide as the gazetteer does."""
    key = normalize_name(name)
    if not key or key not in _curated_text() or key in _curated_stop():
        return None
    canonical: str | None = None
    upper_only = False
    for folded, row in _curated_rows():
        if key not in folded:
            continue
        aliases = (row + ["", "", ""])[3]
        for spelling in [row[0], *(a.strip() for a in aliases.split("|") if a.strip())]:
            if normalize_name(spelling.lstrip("=~")) != key:
                continue
            upper_only = upper_only or spelling.startswith("=")
            if canonical is not None and canonical != row[0]:
                return None  # a spelling of several places
            if not spelling.startswith("~"):
                canonical = row[0]
    if upper_only and any(ch.islower() for ch in name):
        return None
    return canonical
