"""From a spelling the user typed to the entities and outlets of the library it names.

One place answers "which places does ``Kiev`` mean here?" for facet filters, ``place:``/
``actor:``/``source:`` in queries and bare place words: first the library's own spellings
(aliases, the user's included), then what the curated lists know (the gazetteer's Kiev ->
Kyiv, a curated person's other spellings), then, for people, a transliteration of a full
name. Each answer says how a spelling that differs from the name was folded in, so the
window can show why an article matched.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from .entities.names import name_key
from .store.models import Alias, Entity, Source


@dataclass(frozen=True)
class Found:
    """What a spelling names: ids, their display names, and how it was folded in ("")."""

    ids: tuple[int, ...]
    labels: tuple[str, ...]
    via: str = ""


NOTHING = Found((), ())


def like_pattern(text: str) -> str:
    """A user's wildcard pattern (``*`` any run, ``?`` one character) as a LIKE pattern over
    name keys; ``%`` and ``_`` typed by the user stand for themselves (escaped with ``\\``)."""
    marked = text.replace("*", "\x00").replace("?", "\x01")
    key = name_key(marked).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return key.replace("\x00", "%").replace("\x01", "_")


class Lookup:
    """Spelling -> entity or outlet ids, for one library's store."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def entities(self, kinds: Collection[str], text: str, pattern: bool = False) -> Found:
        """Entities of ``kinds`` (not ignored) that a spelling or a wildcard pattern names."""
        with self.sessions() as session:
            live = (
                select(Entity.id, Entity.name)
                .where(
                    Entity.kind.in_(tuple(kinds)),
                    Entity.ignored.is_(False),
                    Entity.merged_into.is_(None),
                )
                .order_by(Entity.id)
            )
            if pattern:
                keys = select(Alias.entity_id).where(Alias.key.like(like_pattern(text), "\\"))
                return _found(session, live.where(Entity.id.in_(keys)))
            found = _found(session, live.where(Entity.id.in_(self._alias_ids(text, kinds))))
            if found.ids:
                return _with_via(found, text, "a spelling in this library")
            return self._by_knowledge(session, kinds, text, live)

    @staticmethod
    def _alias_ids(text: str, kinds: Collection[str]) -> Select[tuple[int]]:
        keys = {name_key(text)}
        if "organization" in kinds:
            from .entities.orgs import org_key

            keys.add(org_key(text))
        return select(Alias.entity_id).where(Alias.kind.in_(tuple(kinds)), Alias.key.in_(keys))

    def _by_knowledge(
        self, session: Session, kinds: Collection[str], text: str, live: Select[tuple[int, str]]
    ) -> Found:
        """Spellings the library has not seen: the curated lists, transliterations."""
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
            keys = [name_key(c) for c in canonicals]
            named = select(Alias.entity_id).where(Alias.kind.in_(tuple(kinds)), Alias.key.in_(keys))
            found = _found(session, live.where(Entity.id.in_(named)))
            if found.ids:
                return _with_via(found, text, "a spelling the curated lists know")
        if "person" in kinds:
            from .entities.names import translit_key
            from .entities.resolve import person_fold_key

            if " " in text.strip():  # "Ivan Federov" -> Ivan Fedorov
                folded = live.where(Entity.fold_key == person_fold_key(text))
                how = "a transliteration"
            else:  # "Federov" -> the people of that surname, as the user asked to fold
                folded = live.where(Entity.surname_key == translit_key(text))
                how = "people of that surname, by transliteration"
            found = _found(session, folded.where(Entity.kind == "person"))
            if found.ids:
                return _with_via(found, text, how)
        return NOTHING

    def sources(self, text: str, pattern: bool = False) -> Found:
        """Outlets a spelling names ("the Guardian" -> The Guardian)."""
        from .entities.outlets import normalize_outlet

        with self.sessions() as session:
            q = select(Source.id, Source.name).order_by(Source.id)
            if pattern:
                return _found(session, q.where(Source.key.like(like_pattern(text), "\\")))
            keys = {name_key(text), name_key(normalize_outlet(text) or text)}
            return _with_via(_found(session, q.where(Source.key.in_(keys))), text, "its outlet")

    def certain_place(self, word: str) -> Found:
        """The place of the library a bare word certainly names by a curated spelling
        ("Kiev" -> Kyiv), for searching the word's place along with the word."""
        from .entities.gazetteer import get_gazetteer

        place = get_gazetteer().curated(word)
        if place is None:
            return NOTHING
        with self.sessions() as session:
            found = _found(
                session,
                select(Entity.id, Entity.name).where(
                    Entity.kind == "place",
                    Entity.ignored.is_(False),
                    Entity.merged_into.is_(None),
                    Entity.id.in_(
                        select(Alias.entity_id).where(
                            Alias.kind == "place", Alias.key == name_key(place.canonical)
                        )
                    ),
                ),
            )
        if len(found.ids) != 1:
            return NOTHING
        return _with_via(found, word, "the gazetteer's spelling")


def _found(session: Session, query: Select[tuple[int, str]]) -> Found:
    rows = session.execute(query).all()
    return Found(tuple(int(i) for i, _ in rows), tuple(str(n) for _, n in rows))


def _with_via(found: Found, text: str, how: str) -> Found:
    """Say how ``text`` was folded in ("Kiev → Kyiv: a spelling in this library"), where it
    is not simply one of the names."""
    if not found.ids or all(name_key(label) == name_key(text) for label in found.labels):
        return found
    return Found(found.ids, found.labels, f"{text} → {', '.join(found.labels)}: {how}")
