"""The user's last word on entities: merge, rename, change kind, alias, ignore, undo.

Each operation runs inside the caller's transaction, logs what is needed to undo
it, and returns the documents whose index entries must be refreshed. Decisions
are stored as user aliases and flags, so they survive re-indexing and
re-extraction and apply to articles imported later (a personal gazetteer).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from search.frozen import frozen

from .curation_steps import (
    UNDO,
    Change,
    CurationError,
    _docs_of,
    _log,
    docs_of,
    log_step,
    merge_step,
    undo_merge,
    undoes,
)
from .entities.names import name_key
from .facets import ACTOR_KINDS, ENTITY_KINDS
from .store.models import Alias, CurationStep, Entity, Mention


@frozen
class EntityInfo:
    """An entity as the entity list shows it."""

    id: int
    kind: str
    name: str
    aliases: list[str]
    documents: int
    mentions: int
    ignored: bool

    def to_json(self) -> dict[str, object]:
        """``entities list --json`` rows."""
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "aliases": self.aliases,
            "documents": self.documents,
            "mentions": self.mentions,
            "ignored": self.ignored,
        }


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def find_entities(session: Session, ref: str, kind: str | None = None) -> list[Entity]:
    """Entities a user's reference names: ``#12``/``12`` by id, else any known spelling."""
    live = select(Entity).where(Entity.merged_into.is_(None))
    if kind:
        kinds = ACTOR_KINDS if kind == "actor" else (kind,)
        live = live.where(Entity.kind.in_(kinds))
    text = ref.strip()
    if text.lstrip("#").isdigit():
        return list(session.scalars(live.where(Entity.id == int(text.lstrip("#")))))
    from .entities.orgs import org_key

    keys = {name_key(text), org_key(text)}
    by_alias = select(Alias.entity_id).where(Alias.key.in_(keys))
    found = list(session.scalars(live.where(Entity.id.in_(by_alias))))
    if not found:  # an entity without spellings of its own (split out), or a surname
        found = list(session.scalars(live.where(Entity.name == text)))
    if not found and " " not in text:
        from .entities.names import translit_key
        from .entities.spelling import surname, translit_match

        people = live.where(Entity.kind == "person", Entity.surname_key == translit_key(text))
        found = [e for e in session.scalars(people) if translit_match(text, surname(e.name))]
    exact = [e for e in found if e.name == text]
    return exact or found


def get_one(session: Session, ref: str, kind: str | None = None) -> Entity:
    """Exactly one entity for ``ref``, or a ``CurationError`` that lists the candidates."""
    found = find_entities(session, ref, kind)
    if not found:
        raise CurationError(f"no entity called {ref!r}")
    if len(found) > 1:
        names = ", ".join(f"#{e.id} {e.name} ({e.kind})" for e in found[:8])
        raise CurationError(f"{ref!r} names several entities: {names}; use the #id or --kind")
    return found[0]


def merge(session: Session, source: Entity, target: Entity) -> Change:
    """Fold ``source`` into ``target``: its spellings and mentions move to the survivor."""
    summary, undo, docs = merge_step(session, source, target)
    _log(session, "merge", summary, undo)
    return Change(summary, docs)


def rename(session: Session, entity: Entity, name: str) -> Change:
    """Give an entity a new canonical name; the name becomes one of its spellings."""
    name = " ".join(name.split())
    if not name:
        raise CurationError("the new name is empty")
    key = name_key(name)
    taken = session.scalars(
        select(Alias).where(Alias.kind == entity.kind, Alias.key == key)
    ).first()
    if taken is not None and taken.entity_id != entity.id:
        other = session.get(Entity, taken.entity_id)
        raise CurationError(
            f"{name!r} already names {other.name if other else 'another entity'}"
            "; merge the two instead"
        )
    added = None
    if taken is None:
        alias = Alias(entity_id=entity.id, kind=entity.kind, key=key, name=name, user_set=True)
        session.add(alias)
        session.flush()
        added = alias.id
    summary = f"renamed {entity.name} to {name}"
    _log(
        session,
        "rename",
        summary,
        {"entity": entity.id, "name": entity.name, "user_set": entity.user_set, "alias": added},
    )
    entity.name, entity.user_set = name, True
    return Change(summary, _docs_of(session, [entity.id]))


def set_kind(session: Session, entity: Entity, kind: str) -> Change:
    """Change an entity's kind (e.g. a partisan group the model took for a place)."""
    if kind not in ENTITY_KINDS or kind == "date" or entity.kind == "date":
        raise CurationError(f"kind must be one of place, person, organization (not {kind!r})")
    if kind == entity.kind:
        raise CurationError(f"{entity.name} is already a {kind}")
    keys = [a.key for a in entity.aliases]
    clash = session.scalars(
        select(Alias).where(Alias.kind == kind, Alias.key.in_(keys), Alias.entity_id != entity.id)
    ).first()
    if clash is not None:
        other = session.get(Entity, clash.entity_id)
        raise CurationError(
            f"a {kind} called {clash.name!r} exists already "
            f"(#{clash.entity_id} {other.name if other else ''}); merge instead"
        )
    old = {
        "entity": entity.id,
        "kind": entity.kind,
        "user_set": entity.user_set,
        "aliases": [{"id": a.id, "kind": a.kind, "user_set": a.user_set} for a in entity.aliases],
    }
    summary = f"{entity.name} is now {_a(kind)} (was {_a(entity.kind)})"
    for alias in entity.aliases:
        alias.kind, alias.user_set = kind, True
    entity.kind, entity.user_set = kind, True
    _log(session, "kind", summary, old)
    return Change(summary, _docs_of(session, [entity.id]))


def add_alias(session: Session, entity: Entity, spelling: str) -> Change:
    """Record another spelling of an entity, for search and for articles imported later."""
    spelling = " ".join(spelling.split())
    key = name_key(spelling)
    if not key:
        raise CurationError("the spelling is empty")
    taken = session.scalars(
        select(Alias).where(Alias.kind == entity.kind, Alias.key == key)
    ).first()
    if taken is not None:
        if taken.entity_id == entity.id:
            raise CurationError(f"{spelling!r} is already a spelling of {entity.name}")
        other = session.get(Entity, taken.entity_id)
        raise CurationError(
            f"{spelling!r} already names {other.name if other else 'another'}"
            "; merge the two instead"
        )
    alias = Alias(entity_id=entity.id, kind=entity.kind, key=key, name=spelling, user_set=True)
    session.add(alias)
    session.flush()
    summary = f"{spelling} is now a spelling of {entity.name}"
    _log(session, "alias", summary, {"alias": alias.id})
    return Change(summary, _docs_of(session, [entity.id]))


def set_ignored(session: Session, entity: Entity, ignored: bool) -> Change:
    """Hide a false entity everywhere (facets, search, highlights), or show it again."""
    if entity.ignored == ignored:
        raise CurationError(f"{entity.name} is {'already' if ignored else 'not'} ignored")
    for alias in entity.aliases:
        alias.user_set = True  # so later articles resolve to the ignored entity, not a new one
    entity.ignored = ignored
    op = "ignore" if ignored else "unignore"
    summary = f"{'ignoring' if ignored else 'showing'} {entity.name} everywhere"
    _log(session, op, summary, {"entity": entity.id, "ignored": not ignored})
    return Change(summary, _docs_of(session, [entity.id]))


@undoes("rename")
def _undo_rename(session: Session, data: dict[str, Any]) -> set[int]:
    entity = session.get(Entity, data["entity"])
    assert entity is not None
    entity.name, entity.user_set = data["name"], data["user_set"]
    if data["alias"] is not None:
        alias = session.get(Alias, data["alias"])
        if alias is not None:
            session.delete(alias)
    return _docs_of(session, [entity.id])


@undoes("kind")
def _undo_kind(session: Session, data: dict[str, Any]) -> set[int]:
    entity = session.get(Entity, data["entity"])
    assert entity is not None
    entity.kind, entity.user_set = data["kind"], data["user_set"]
    for a in data["aliases"]:
        alias = session.get(Alias, a["id"])
        if alias is not None:
            alias.kind, alias.user_set = a["kind"], a["user_set"]
    return _docs_of(session, [entity.id])


@undoes("alias")
def _undo_alias(session: Session, data: dict[str, Any]) -> set[int]:
    alias = session.get(Alias, data["alias"])
    if alias is None:
        return set()
    docs = _docs_of(session, [alias.entity_id])
    session.delete(alias)
    return docs


@undoes("ignore", "unignore")
def _undo_ignore(session: Session, data: dict[str, Any]) -> set[int]:
    entity = session.get(Entity, data["entity"])
    assert entity is not None
    entity.ignored = data["ignored"]
    return _docs_of(session, [entity.id])


def undo_last(session: Session) -> Change:
    """Reverse the most recent change that is not undone yet (each kind of step registers
    how it is reversed, next to the operation: ``curation_steps.undoes``)."""
    from . import curation_mentions, document_edits, workbench_undo  # noqa: F401 - they register their steps

    step = session.scalars(
        select(CurationStep).where(CurationStep.undone.is_(False)).order_by(CurationStep.id.desc())
    ).first()
    if step is None:
        raise CurationError("nothing to undo")
    docs = UNDO[step.op](session, json.loads(step.undo))
    step.undone = True
    return Change(f"undid: {step.summary}", docs)


def list_entities(
    session: Session,
    kind: str | None = None,
    contains: str | None = None,
    ignored: bool | None = False,
    limit: int | None = None,
) -> list[EntityInfo]:
    """Entities with their spellings and how many documents mention them, most used first.

    ``ignored``: False lists the entities shown, True only the ignored ones, None both. An
    entity no document mentions any more (re-extraction filed its mentions elsewhere) is
    left out unless it is ignored.
    """
    counts = (
        select(
            Mention.entity_id,
            func.count(func.distinct(Mention.document_id)).label("docs"),
            func.count().label("mentions"),
        )
        .group_by(Mention.entity_id)
        .subquery()
    )
    q = (
        select(Entity, func.coalesce(counts.c.docs, 0), func.coalesce(counts.c.mentions, 0))
        .outerjoin(counts, counts.c.entity_id == Entity.id)
        .where(Entity.merged_into.is_(None))
        .order_by(func.coalesce(counts.c.docs, 0).desc(), Entity.name)
    )
    if kind:
        kinds = ACTOR_KINDS if kind == "actor" else (kind,)
        q = q.where(Entity.kind.in_(kinds))
    if ignored is not None:
        q = q.where(Entity.ignored.is_(ignored))
    q = q.where((func.coalesce(counts.c.docs, 0) > 0) | Entity.ignored.is_(True))
    if contains:
        q = q.where(
            Entity.id.in_(select(Alias.entity_id).where(Alias.key.contains(name_key(contains))))
        )
    if limit:
        q = q.limit(limit)
    out = []
    for entity, docs, mentions in session.execute(q):
        names = sorted({a.name for a in entity.aliases if a.name != entity.name})
        out.append(
            EntityInfo(
                entity.id, entity.kind, entity.name, names, int(docs), int(mentions), entity.ignored
            )
        )
    return out


__all__ = [
    "Change",
    "CurationError",
    "EntityInfo",
    "docs_of",
    "find_entities",
    "get_one",
    "list_entities",
    "log_step",
    "merge",
    "merge_step",
    "undo_last",
    "undo_merge",
]
