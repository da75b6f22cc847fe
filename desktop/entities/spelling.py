"""When two spellings name the same person: transliterations, first names, surnames.

``translit_key`` (names.py) is a coarse index key: it also folds ordinary English names and
words that only look alike ("Moody" and "Modi", "Kerry" and "Keri", "Smith" and "Smyth").
The functions here decide whether such a fold is evidence: a transliteration variant counts
only where one of the two spellings looks like a transliteration (Slavic endings and letter
groups such as -ov, -sky, -enko, kh, zh, yy), and a person never takes a spelling with
another first name (variants of one first name, Costas/Kostas, Oleksiy/Oleksii, are one).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .names import fold_text, name_key, strip_person_title, translit_key

# letter groups and endings that romanised Cyrillic (and Georgian, Armenian...) names have
# and ordinary English names and words almost never have
_MARKS = re.compile(
    r"kh|zh|shch|ts[aeiouy]|yy|iy|yi|ii|yo|ye|yu|ya|'|ks[aeiouy]|dz|"
    r"(?:ov|ova|ev|eva|ovs?ky|sky|skyy|skiy|skyi|ski|skii|skij|skaya|enko|uk|yuk|chuk|"
    r"ych|vich|vych|ich|yan|dze|shvili|off|ow|ei|ij|myr|mir|slav|slava)$|^(?:ye|yu|ya|yo|zh|kh|ts)"
)


@lru_cache(maxsize=65536)
def looks_transliterated(word: str) -> bool:
    """Whether a single name looks romanised from another script ("Zelenskyy", "Fedorov")."""
    w = fold_text(word).casefold().strip(".'’")
    return len(w) > 2 and _MARKS.search(w) is not None


def translit_match(a: str, b: str) -> bool:
    """Whether two names are one name spelled twice: equal, or transliteration variants.

    Every word must fold alike (``translit_key``), and where they are spelled differently
    the name must look transliterated somewhere ("Mykola"/"Mikola" next to "Petrenko").
    "Ivan Federov"/"Ivan Fedorov" and "Zelensky"/"Zelenskyy" match; "Moody"/"Modi",
    "Kerry"/"Keri" and "Smith"/"Smyth" do not (English names and words, not transliterations).
    """
    wa, wb = name_key(a).split(), name_key(b).split()
    if len(wa) != len(wb) or not wa:
        return False
    if wa == wb:
        return True
    if any(translit_key(x) != translit_key(y) for x, y in zip(wa, wb, strict=True)):
        return False
    return any(looks_transliterated(w) for w in wa + wb)


def same_surname(word: str, surname: str) -> bool:
    """A surname alone names that surname: the same, or a transliteration of it that looks
    like one itself ("Federov" for Fedorov; never "Ian" for Yan)."""
    if name_key(word) == name_key(surname):
        return True
    return translit_key(word) == translit_key(surname) and looks_transliterated(word)


def first_name_key(word: str) -> str:
    """A key under which variants of one first name agree: Costas/Kostas, Oleksiy/Oleksii."""
    key = translit_key(word)
    if key[:1] == "c" and key[1:2] in ("a", "o", "u", "l", "r"):
        key = "k" + key[1:]
    return key


def person_words(name: str) -> list[str]:
    """A person's name as words, without titles ("Mr", "President") or a possessive."""
    words = (name_key(w) for w in strip_person_title(name).split())
    return [w for w in words if w]  # "Betts-Green" stays one word


def is_initial(word: str) -> bool:
    """A first name written as an initial ("J", "J.")."""
    return len(word.strip(".")) == 1


def first_names_agree(a: str, b: str) -> bool | None:
    """Whether two full names share their first name.

    True for the same first name or a variant of it, False for two different first names
    (Tony Blair / Cherie Blair), None when one of them has no first name or only an
    initial (nothing can be said).
    """
    wa, wb = person_words(a), person_words(b)
    if len(wa) < 2 or len(wb) < 2:
        return None
    fa, fb = wa[0], wb[0]
    if is_initial(fa) or is_initial(fb):
        return None if fa[0] == fb[0] else False
    return first_name_key(fa) == first_name_key(fb)


def surname(name: str) -> str:
    """The last word of a person's name ("" for an empty name)."""
    words = person_words(name)
    return words[-1] if words else ""


def first_names(spellings: list[str] | set[str]) -> set[str]:
    """The distinct first names (as keys: variants agree) among full-name spellings; initials
    and one-word spellings say nothing. More than one means two people under one name."""
    out = set()
    for spelling in spellings:
        words = person_words(spelling)
        if len(words) > 1 and not is_initial(words[0]):
            out.add(first_name_key(words[0]))
    return out
