"""Mentions to library entities: aliases first (the user's decisions), then folding keys."""

from __future__ import annotations

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
        if " " in name:
            return self.session.scalars(
                select(Entity).where(
                    Entity.kind == "person", Entity.fold_key == person_fold_key(name)
                )
            ).first()
        candidates = self.session.scalars(
            select(Entity).where(Entity.kind == "person", Entity.surname_key == translit_key(name))
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
