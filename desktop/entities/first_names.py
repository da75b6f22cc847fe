"""Common first names (a hand-made list, plus the curated people's first names), and the
gender a title says: evidence that a two-word name is a person's, and for Mr/Mrs with a
surname shared by two people in one article.
"""

from __future__ import annotations

from functools import cache

from .names import name_key, read_rows
from .people import people

_MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "mister"})
_FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "lady", "dame", "queen", "princess", "madam"})


def title_gender(title: str) -> str | None:
    """The gender ("m" or "f") a title says ("Mr", "Mrs"), else None."""
    t = title.casefold().strip(".")
    return "m" if t in _MALE_TITLES else "f" if t in _FEMALE_TITLES else None


@cache
def _first_names() -> dict[str, str]:
    """``data/first_names.tsv`` (name -> "f" or "m") and the curated people's first names."""
    names = {name: sex for name, sex in read_rows("first_names.tsv", 2)}
    for p in people():
        words = name_key(p.canonical).split()
        if len(words) > 1:
            names.setdefault(words[0], "")
    return names


def known_female(first_name: str) -> bool:
    """Whether a first name is a common woman's name (a short curated list)."""
    return _first_names().get(name_key(first_name)) == "f"


def known_first_name(word: str) -> bool:
    """Whether a word is a common first name (curated lists only)."""
    return name_key(word) in _first_names()


@cache
def _curated_surnames() -> frozenset[str]:
    return frozenset(words[-1] for p in people() if len(words := name_key(p.canonical).split()) > 1)


def given_name_only(word: str) -> bool:
    """Whether a word alone is a first name and no surname: in the hand-made list ("David",
    "Cherie"), and no curated person's surname ("Howard" of Michael Howard is not in the
    list; "Thomas" would be kept if a curated person had it as surname). Alone it names no
    one the library can file: 144 articles' different Davids were one "person"."""
    key = name_key(word)
    return _first_names().get(key) in ("f", "m") and key not in _curated_surnames()
