"""From a spelling the user typed to the entities and outlets of the library it names.

One place answers "which places does ``Kiev`` mean here?" for facet filters, ``place:``/
``actor:``/``source:`` in queries and bare place words: first the library's own spellings
(aliases, the user's included), then what the curated lists know (the gazetteer's Kiev ->
Kyiv, a curated person's other spellings), then, for people, a transliteration of a full
name. Each answer says how a spelling that differs from the name was folded in, so the
window can show why an article matched.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from search.frozen import frozen

from .entities.names import name_key
from .reads import Named, Reads


@frozen
class Found:
    """What a spelling names: ids, their display names, and how it was folded in ("")."""

    ids: tuple[int, ...]
    labels: tuple[str, ...]
    via: str = ""


NOTHING = Found((), ())


def like_pattern(text: str, key_of: Callable[[str], str] = name_key) -> str:
    """A user's wildcard pattern (``*`` any run, ``?`` one character) as a LIKE pattern over
    keys (``key_of``: name keys unless said); ``%`` and ``_`` typed by the user stand for
    themselves (escaped with ``\\``)."""
    marked = text.replace("*", "\x00").replace("?", "\x01")
    key = key_of(marked).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return key.replace("\x00", "%").replace("\x01", "_")


class Lookup:
    """Spelling -> entity or outlet ids, for one library's store."""

    def __init__(self, reads: Reads) -> None:
        self.reads = reads

    def entities(self, kinds: Collection[str], text: str, pattern: bool = False) -> Found:
        """Entities of ``kinds`` (not ignored) that a spelling or a wildcard pattern names."""
        with self.reads.snapshot():
            if pattern:
                return _found(self.reads.entities_by_like(kinds, like_pattern(text)))
            found = _found(self.reads.entities_by_keys(kinds, self._alias_keys(text, kinds)))
            if found.ids:
                return _with_via(found, text, "a spelling in this library")
            return self._by_knowledge(kinds, text)

    @staticmethod
    def _alias_keys(text: str, kinds: Collection[str]) -> set[str]:
        keys = {name_key(text)}
        if "organization" in kinds:
            from .entities.orgs import org_key

            keys.add(org_key(text))
        return keys

    def _by_knowledge(self, kinds: Collection[str], text: str) -> Found:
        """Spellings the library has not seen: the curated lists, transliterations.

        A library without any entity of those kinds (none found yet: an import still in its
        first phase) has nothing they could name: the lists are not loaded (the place list
        alone takes ~200 ms)."""
        if not self.reads.has_entities(kinds):
            return NOTHING
        canonicals: list[str] = []
        if "place" in kinds:
            from .entities.gazetteer import get_gazetteer

            canonicals += [p.canonical for p in get_gazetteer().candidates(text)]
        if "person" in kinds:
            from .entities.people import lookup_person

            canonicals += [c for c in [lookup_person(text)] if c]
        if "organization" in kinds:
            from .entities.orgs import lookup_org

            canonicals += [c for c in [lookup_org(text)] if c]
        if canonicals:
            keys = {name_key(c) for c in canonicals}
            found = _found(self.reads.entities_by_keys(kinds, keys))
            if found.ids:
                return _with_via(found, text, "a spelling the curated lists know")
        if "person" in kinds:
            from .entities.names import translit_key
            from .entities.resolve import person_fold_key

            if " " in text.strip():  # "Ivan Federov" -> Ivan Fedorov
                rows = self.reads.people_by_fold(kinds, person_fold_key(text), surname=False)
                how = "a transliteration"
            else:  # "Federov" -> the people of that surname, as the user asked to fold
                rows = self.reads.people_by_fold(kinds, translit_key(text), surname=True)
                how = "people of that surname, by transliteration"
            found = _found(rows)
            if found.ids:
                return _with_via(found, text, how)
        return NOTHING

    def sources(self, text: str, pattern: bool = False) -> Found:
        """Outlets a spelling names ("the Guardian" -> The Guardian)."""
        from .entities.outlets import normalize_outlet

        if pattern:
            return _found(self.reads.sources_by_like(like_pattern(text)))
        keys = {name_key(text), name_key(normalize_outlet(text) or text)}
        return _with_via(_found(self.reads.sources_by_keys(keys)), text, "its outlet")

    def certain_place(self, word: str) -> Found:
        """The place of the library a bare word certainly names by a curated spelling
        ("Kiev" -> Kyiv), for searching the word's place along with the word."""
        from .entities.place_names import curated_canonical

        canonical = curated_canonical(word)  # without building the whole gazetteer
        if canonical is None:
            return NOTHING
        found = _found(self.reads.entities_by_keys(("place",), {name_key(canonical)}))
        if len(found.ids) != 1:
            return NOTHING
        return _with_via(found, word, "the gazetteer's spelling")


def _found(rows: list[Named]) -> Found:
    return Found(tuple(int(i) for i, _ in rows), tuple(str(n) for _, n in rows))


def _with_via(found: Found, text: str, how: str) -> Found:
    """Say how ``text`` was folded in ("Kiev → Kyiv: a spelling in this library"), where it
    is not simply one of the names."""
    if not found.ids or all(name_key(label) == name_key(text) for label in found.labels):
        return found
    return Found(found.ids, found.labels, f"{text} → {', '.join(found.labels)}: {how}")
