"""Mentions to library entities: aliases first (the user's decisions), then folding keys."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Alias, Entity
from .extract import Found
from .names import name_key, translit_key


def person_fold_key(name: str) -> str:
    """Transliteration-folded full name: "Ivan Federov" and "Ivan Fedorov" agree."""
    return " ".join(translit_key(w) for w in name.split())


def person_surname_key(name: str) -> str | None:
    """The folded surname of a full name (``None`` for a single word)."""
    words = name.split()
    return translit_key(words[-1]) if len(words) > 1 else None


class EntityResolver:
    """Finds or creates the entity for each mention, inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cache: dict[tuple[str, str], Entity] = {}

    def _alias(self, kind: str, key: str) -> Entity | None:
        hit = self._cache.get((kind, key))
        if hit is not None:
            return hit
        alias = self.session.scalars(
            select(Alias).where(Alias.kind == kind, Alias.key == key)
        ).first()
        if alias is None:
            # a spelling the user filed under another kind wins over the model's guess
            alias = self.session.scalars(
                select(Alias).where(Alias.key == key, Alias.user_set.is_(True))
            ).first()
        if alias is not None:
            self._cache[(kind, key)] = alias.entity
            return alias.entity
        return None

    def _person(self, name: str) -> Entity | None:
        live = select(Entity).where(Entity.kind == "person", Entity.merged_into.is_(None))
        if " " in name:
            return self.session.scalars(
                live.where(Entity.fold_key == person_fold_key(name))
            ).first()
        candidates = self.session.scalars(
            live.where(Entity.surname_key == translit_key(name))
        ).all()
        return candidates[0] if len(candidates) == 1 else None

    def add_alias(self, entity: Entity, kind: str, key: str, name: str, user: bool = False) -> None:
        """Record a spelling for ``entity`` unless the key is taken."""
        if not key or self._alias_row(kind, key) is not None:
            return
        self.session.add(Alias(entity=entity, kind=kind, key=key, name=name, user_set=user))
        self.session.flush()
        self._cache[(kind, key)] = entity

    def _alias_row(self, kind: str, key: str) -> Alias | None:
        return self.session.scalars(
            select(Alias).where(Alias.kind == kind, Alias.key == key)
        ).first()

    def resolve(self, found: Found) -> Entity:
        """The entity for a mention; new spellings become aliases of it."""
        surface_key = name_key(found.text)
        entity = self._alias(found.kind, surface_key) if found.kind != "date" else None
        entity = entity or self._alias(found.kind, found.key)
        if entity is None and found.kind == "person":
            entity = self._person(found.name)
        if entity is None:
            entity = Entity(kind=found.kind, name=found.name)
            if found.kind == "person":
                entity.fold_key = person_fold_key(found.name)
                entity.surname_key = person_surname_key(found.name)
            self.session.add(entity)
            self.session.flush()
        kind = entity.kind
        self.add_alias(entity, kind, found.key, found.name)
        if found.kind != "date":
            self.add_alias(entity, kind, surface_key, found.text)
        return entity


class PersonalGazetteer:
    """The user's own spellings (aliases they made or confirmed), found directly in new text.

    This is how curation applies to articles imported later: a spelling the user
    filed under an entity is found even where the model misses it.
    """

    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(Alias.name, Entity.kind, Entity.name)
            .join(Entity, Entity.id == Alias.entity_id)
            .where(Alias.user_set.is_(True), Entity.merged_into.is_(None), Entity.kind != "date")
        ).all()
        self._names: dict[str, tuple[str, str]] = {}
        for alias, kind, canonical in rows:
            if len(alias) >= 2:
                self._names.setdefault(alias, (kind, canonical))
        self._pattern: re.Pattern[str] | None = None
        if self._names:
            alternatives = "|".join(
                re.escape(n) for n in sorted(self._names, key=len, reverse=True)
            )
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def scan(self, text: str) -> list[Found]:
        """Mentions of the user's spellings in ``text``."""
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            kind, canonical = self._names[m.group(0)]
            out.append(Found(m.start(), m.end(), m.group(0), kind, canonical, name_key(canonical)))
        return out


def with_personal(found: list[Found], personal: list[Found]) -> list[Found]:
    """The user's spellings win where they overlap what the model and lists found."""
    if not personal:
        return found
    kept = [f for f in found if not any(f.start < p.end and p.start < f.end for p in personal)]
    return sorted(kept + personal, key=lambda f: (f.start, f.end))
