"""When two entities may be one: the reasons a suggestion gives, never a silent merge.

A person named with an initial ("J. Bond") and one named in full ("James Bond"), or with and
without a middle name ("George W. Bush", "George Bush"), may be one person; a company named
with and without its suffix ("Halliburton Co", "Halliburton") may be one company. Two first
names that differ (Tony Blair, Cherie Blair) are never suggested.
"""

from __future__ import annotations

from .names import name_key, word_set
from .orgs import org_key
from .spelling import first_name_key, is_initial, person_words, translit_match

_SUFFIXES = word_set(
    """
    co cos corp corporation inc incorporated ltd limited llc llp plc ag sa nv bv spa gmbh kg
    ab oy oyj asa pty company group holdings holding
    """
)  # fmt: skip


def org_base_key(name: str) -> str:
    """An organisation's key without a company suffix: "Halliburton Co" -> "halliburton",
    "Bear Stearns and Co Inc" -> "bear stearns"."""
    words = org_key(name).replace("&", " and ").split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
        if len(words) > 1 and words[-1] == "and":  # "... and Co"
            words.pop()
    return " ".join(words)


def suggestion_reason(kind: str, new: str, known: str) -> str | None:
    """Why the entity named ``new`` may be the one named ``known``, or None."""
    if name_key(new) == name_key(known):
        return None
    if kind == "organization":
        if org_base_key(new) == org_base_key(known) and org_key(new) != org_key(known):
            return f"“{new}” and “{known}” differ only by a company suffix"
        return None
    a, b = person_words(new), person_words(known)
    if len(a) < 2 or len(b) < 2 or not translit_match(a[-1], b[-1]):
        return None
    fa, fb = a[0], b[0]
    if is_initial(fa) or is_initial(fb):
        if fa[0] == fb[0]:
            return f"“{new}” and “{known}”: the same surname and initial"
        return None
    if first_name_key(fa) != first_name_key(fb):
        return None  # two first names: two people
    if len(a) != len(b):
        return f"“{new}” and “{known}”: the same first name and surname, one with a middle name"
    if fa != fb:
        return f"“{new}” and “{known}”: variants of one first name"
    middle_a, middle_b = a[1:-1], b[1:-1]
    if middle_a != middle_b:
        return f"“{new}” and “{known}”: the same name with another middle name"
    return None
