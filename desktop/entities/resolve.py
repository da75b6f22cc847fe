"""Mentions to library entities: aliases first (the user's decisions), then folding keys."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sqlalchemy import func, insert, select
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


KINDS = ("place", "person", "organization", "date")
_CHUNK = 500  # bound parameters per IN (...)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(values)
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


class EntityResolver:
    """Finds or creates the entity of each mention of a batch, inside the caller's transaction.

    Everything a batch can ask is read in a few queries up front (its aliases, by key, and
    the people its names could fold into), and what the batch adds is kept in the same maps,
    so resolving a mention costs no query: new entities and spellings are written together
    by :meth:`flush` (entity ids are handed out from the table's highest id). The rules: a
    spelling the library already knows wins (the user's own spellings even across kinds),
    then a person's transliteration-folded full name or unique surname, else a new entity.
    """

    def __init__(self, session: Session, batch: Iterable[Found]) -> None:
        self.session = session
        founds = list(batch)
        keys: set[str] = set()
        folds: set[str] = set()
        surnames: set[str] = set()
        for f in founds:
            keys.add(f.key)
            if f.kind != "date":
                keys.add(name_key(f.text))
            if f.kind == "person":
                if " " in f.name:
                    folds.add(person_fold_key(f.name))
                else:
                    surnames.add(translit_key(f.name))
        keys.discard("")
        self._alias: dict[tuple[str, str], int] = {}  # (kind, key) -> entity id
        self._user: dict[str, int] = {}  # key the user filed -> entity id
        self._kind: dict[int, str] = {}  # entity id -> kind
        for chunk in _chunks(keys):
            rows = session.execute(
                select(Alias.kind, Alias.key, Alias.user_set, Alias.entity_id, Entity.kind)
                .join(Entity, Entity.id == Alias.entity_id)
                # both columns of the (kind, key) unique index, so SQLite uses it
                .where(Alias.kind.in_(KINDS), Alias.key.in_(chunk))
                .order_by(Alias.id)
            )
            for akind, key, user, eid, ekind in rows:
                self._alias.setdefault((akind, key), eid)
                if user:
                    self._user.setdefault(key, eid)
                self._kind[eid] = ekind
        self._fold: dict[str, int] = {}
        self._surname: dict[str, list[int]] = {}
        live = (Entity.kind == "person") & Entity.merged_into.is_(None)
        for column, wanted in ((Entity.fold_key, folds), (Entity.surname_key, surnames)):
            for chunk in _chunks(wanted):
                rows = session.execute(
                    select(Entity.id, Entity.fold_key, Entity.surname_key)
                    .where(live, column.in_(chunk))
                    .order_by(Entity.id)
                )
                for eid, fold, surname in rows:
                    self._remember_person(eid, fold, surname)
        self._new_aliases: list[dict[str, object]] = []
        self._new_entities: list[dict[str, object]] = []
        self._next_id: int | None = None

    def _remember_person(self, eid: int, fold: str | None, surname: str | None) -> None:
        self._kind[eid] = "person"
        if fold:
            self._fold.setdefault(fold, eid)
        if surname:
            ids = self._surname.setdefault(surname, [])
            if eid not in ids:
                ids.append(eid)

    def _lookup(self, kind: str, key: str) -> int | None:
        hit = self._alias.get((kind, key))
        # a spelling the user filed under another kind wins over the model's guess
        return hit if hit is not None else self._user.get(key)

    def _person(self, name: str) -> int | None:
        if " " in name:
            return self._fold.get(person_fold_key(name))
        candidates = self._surname.get(translit_key(name), [])
        return candidates[0] if len(candidates) == 1 else None

    def _create(self, found: Found) -> int:
        if self._next_id is None:
            # The caller's transaction holds SQLite's write lock (it has deleted the batch's
            # old mentions), so no one else can take these ids before flush() writes them.
            self._next_id = (self.session.scalar(select(func.max(Entity.id))) or 0) + 1
        eid, self._next_id = self._next_id, self._next_id + 1
        fold = surname = None
        if found.kind == "person":
            fold, surname = person_fold_key(found.name), person_surname_key(found.name)
            self._remember_person(eid, fold, surname)
        self._kind[eid] = found.kind
        self._new_entities.append(
            {
                "id": eid,
                "kind": found.kind,
                "name": found.name[:500],
                "ignored": False,
                "user_set": False,
                "fold_key": fold,
                "surname_key": surname,
                "merged_into": None,
            }
        )
        return eid

    def _add_alias(self, eid: int, kind: str, key: str, name: str) -> None:
        """Record a spelling for the entity unless the key is taken."""
        if not key or (kind, key) in self._alias:
            return
        self._alias[(kind, key)] = eid
        self._new_aliases.append(
            {"entity_id": eid, "kind": kind, "key": key, "name": name[:500], "user_set": False}
        )

    def resolve(self, found: Found) -> int:
        """The id of the mention's entity; new spellings become its aliases."""
        surface_key = name_key(found.text)
        eid = self._lookup(found.kind, surface_key) if found.kind != "date" else None
        if eid is None:
            eid = self._lookup(found.kind, found.key)
        if eid is None and found.kind == "person":
            eid = self._person(found.name)
        if eid is None:
            eid = self._create(found)
        kind = self._kind[eid]
        self._add_alias(eid, kind, found.key, found.name)
        if found.kind != "date":
            self._add_alias(eid, kind, surface_key, found.text)
        return eid

    def flush(self) -> None:
        """Write the entities and spellings the batch added."""
        conn = self.session.connection()
        if self._new_entities:
            conn.execute(insert(Entity), self._new_entities)
            self._new_entities = []
        if self._new_aliases:
            conn.execute(insert(Alias), self._new_aliases)
            self._new_aliases = []


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
