"""Why a mention is linked to its entity: a short code stored on every mention, and a
sentence for the reader's hover text and for ``show``/``export``.

Codes (``Mention.link``):

- ``same``: the text is the entity's name, or a spelling of it the library already holds.
- ``model``: the entity model found the name, and the entity is named after this text.
- ``article``: a surname, title + surname ("Mr Howard") or first name ("Michael") that the
  same article uses in full ("Michael Howard"); ``detail`` is the full name.
- ``alias``: a spelling a curated list knows for the entity (place gazetteer, lists of
  organisations, outlets and public figures): Kiev -> Kyiv; ``detail`` names the list.
- ``form``: another form of the same organisation's name ("Russia's Defence Ministry").
- ``translit``: a transliteration variant (Federov -> Fedorov); ``detail`` is the spelling
  it matched.
- ``surname``: a bare surname in an article that names no one in full with it, linked
  because the library holds exactly one person with that surname; ``detail`` is that name.
- ``user``: the user's own decision (a spelling they filed, a mention they moved).
- ``date``: a date the text mentions, read against the publication date where needed.
- ``None``: a mention stored before reasons were recorded.
"""

from __future__ import annotations

SAME, MODEL, ARTICLE, ALIAS, FORM, TRANSLIT, SURNAME, USER, DATE = (
    "same",
    "model",
    "article",
    "alias",
    "form",
    "translit",
    "surname",
    "user",
    "date",
)
CODES = (SAME, MODEL, ARTICLE, ALIAS, FORM, TRANSLIT, SURNAME, USER, DATE)


def describe(code: str | None, detail: str | None, text: str, canonical: str) -> str:
    """The reason for a link as a sentence a reader understands."""
    if code in (SAME, MODEL) and text.strip() == canonical:
        found = "the entity model found it" if code == MODEL else "a name the library knows"
        return f"the name {canonical}, as written ({found})"
    if code == SAME:
        return f"“{text}” is a spelling of {canonical} the library already knows"
    if code == MODEL:
        return f"the entity model found the name “{text}”"
    if code == ARTICLE:
        return f"this article names {detail or canonical} in full"
    if code == ALIAS:
        where = f" ({detail})" if detail else ""
        return f"“{text}” is a known spelling of {canonical}{where}"
    if code == FORM:
        return f"“{text}” is another form of the name {canonical}"
    if code == TRANSLIT:
        return f"“{text}” is a transliteration of {detail or canonical}"
    if code == SURNAME:
        return (
            f"the article gives no full name; {detail or canonical} is the only person "
            f"called {text} in the library"
        )
    if code == USER:
        return f"you filed “{text}” under {canonical}"
    if code == DATE:
        return f"“{text}” read as the date {canonical}"
    return f"linked to {canonical} before link reasons were recorded"
