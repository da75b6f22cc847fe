"""Entity curation carried from one library to another, by names (``push``/``pull``).

Entity ids differ between two libraries; spellings do not. What the source's user decided
is read from the source as it is now, not replayed from its log, and carried by name:

- a **merge**: an entity merged away in the source (``merged_into``) names, by its own name,
  an entity of the target; its survivor (followed to the last merge) names another by any of
  its spellings. Two different entities there: the first is merged into the second.
- a **rename**: a source entity whose name its user chose (a ``rename`` step, there or
  carried there: not an entity the user made by splitting a mention out, whose name is
  only the mention's spelling) is found in the target by any of its spellings; a different
  name there is replaced, unless the target's user chose that one (renamed it there, not
  by an earlier sync): then the target keeps its own, and the conflict is reported.
- a **kind change**: a source entity whose kind its user set (``kind`` step, there or carried
  there) and that the target has under another kind only, by its spellings, is given the
  source's kind, unless the target's user set that kind (a conflict, reported).
- an **ignore**: an ignored source entity is ignored in the target as well, unless the
  target's own user showed it again (their last ignore step an ``unignore`` made there: a
  conflict, reported).
- an **un-ignore**: a source entity shown again (its last ignore step an ``unignore``, made
  there or carried there) that the target ignores is shown there too, unless the target's
  own user ignored it (a conflict, reported): an ignore the target got from a sync gives way.

Each is applied with the target's own curation steps (:mod:`desktop.curation`), inside the
caller's transaction; the caller folds their undo data into one ``sync`` step. State is
compared, not history, so a second run finds nothing left to do. An entity the target does
not have (yet: entities not found, ``--no-entities``) is counted as unmatched and carried by
a later run once it exists.

- a **removed spelling** ("Kherson Region" is not a spelling of Kherson, the city): the
  target's entity (found by its other spellings) loses that spelling too, its mentions
  becoming an entity of their own, as the source's were; one the target never linked there,
  or removed already, is left alone.

- a **mention refiled** in one article ("not this entity", alone or "that one"): the
  target's copy of the article (same text or original) has its mentions of that spelling
  split out as an entity of their own, or moved to the target's entity of the source's
  choice (found by its spellings), as the source's were; carried before renames, so a
  split-off name never renames the entity it was taken from. An article whose spelling the
  target's user refiled already keeps the target's choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from search.frozen import frozen

from .. import curation, curation_mentions
from ..entities.names import name_key
from ..entities.orgs import org_key
from ..errors import CurationError
from ..store.models import Alias, BlockedSpelling, Entity, Mention, MentionPin
from .sync_log import Article, Articles, logged


@dataclass
class CurationCarried:
    """What carrying the curation did in the target."""

    merged: int = 0
    renamed: int = 0
    kinds: int = 0
    ignored: int = 0
    shown: int = 0  # un-ignored
    unspelled: int = 0  # spellings removed
    refiled: int = 0  # an article's mentions of one spelling split out or moved
    unmatched: int = 0  # decisions about entities the target does not have (yet)
    conflicts: list[str] = field(default_factory=list)
    documents: set[int] = field(default_factory=set)

    def attempt(self, what: str, step: Callable[..., curation.Change], *args: Any) -> bool:
        """Run one curation step: its articles are noted, or its refusal is a conflict."""
        try:
            change = step(*args)
        except CurationError as exc:
            self.conflicts.append(f"{what}: {exc}")
            return False
        self.documents |= change.documents
        return True


@frozen
class Decision:
    """One source entity as the target needs it: its name, kind and every spelling."""

    name: str
    kind: str
    spellings: tuple[str, ...]
    ignored: bool
    user_set: bool
    kind_chosen: bool = False  # the source's user (or a sync there) set the kind
    unignored: bool = False  # shown again by a step (own or carried), not ignored now
    renamed: bool = False  # its name came from a rename step (own or carried)


@dataclass
class SourceCuration:
    """The source's decisions: (merged-away entity, its survivor), and the curated survivors."""

    merges: list[tuple[Decision, Decision]] = field(default_factory=list)
    curated: list[Decision] = field(default_factory=list)
    unspelled: list[tuple[Decision, str]] = field(default_factory=list)  # (entity, spelling)
    pins: list[SourcePin] = field(default_factory=list)


@frozen
class SourcePin:
    """One article's mentions of one spelling, refiled by the source's user."""

    article: tuple[str, str]  # (text hash, original hash)
    key: str  # the spelling's name_key
    entity: Decision  # where they are filed
    split: bool  # that entity was made by splitting them out


def _decision(
    entity: Entity, kind_chosen: bool = False, unignored: bool = False, renamed: bool = False
) -> Decision:
    spellings = [entity.name] + sorted({a.name for a in entity.aliases} - {entity.name})
    return Decision(
        entity.name,
        entity.kind,
        tuple(spellings),
        entity.ignored,
        entity.user_set,
        kind_chosen,
        unignored and not entity.ignored,
        renamed,
    )


def read_source(session: Session, articles: dict[int, Article]) -> SourceCuration:
    """The decisions of a library's user, as its entities show them now (``articles``: its
    :func:`~.sync_log.identities`)."""
    shown = {e for e, (op, _) in last_ignore_steps(session).items() if op == "unignore"}
    entities = {
        e.id: e
        for e in session.scalars(
            select(Entity)
            .where(
                or_(
                    Entity.merged_into.is_not(None),
                    Entity.user_set.is_(True),
                    Entity.ignored.is_(True),
                    Entity.id.in_(select(Entity.merged_into)),
                    Entity.id.in_(shown),
                )
            )
            .options(selectinload(Entity.aliases))
        )
    }
    out = SourceCuration()
    kinds = set(_origins(session, "kind"))
    renamed = set(_origins(session, "rename"))
    for entity in sorted(entities.values(), key=lambda e: e.id):
        if entity.merged_into is not None:
            survivor, seen = entity, set()
            while survivor.merged_into is not None and survivor.id not in seen:
                seen.add(survivor.id)
                nxt = entities.get(survivor.merged_into) or session.get(
                    Entity, survivor.merged_into
                )
                if nxt is None:
                    break
                survivor = nxt
            if survivor.merged_into is None:
                out.merges.append((_decision(entity), _decision(survivor)))
        elif entity.user_set or entity.ignored or entity.id in shown:
            out.curated.append(
                _decision(entity, entity.id in kinds, entity.id in shown, entity.id in renamed)
            )
    for block in session.scalars(select(BlockedSpelling).order_by(BlockedSpelling.id)):
        owner = _survivor(session, block.entity_id)
        if owner is not None:
            out.unspelled.append((_decision(owner), block.name))
    out.pins = _read_pins(session, articles)
    return out


def _survivor(session: Session, entity_id: int) -> Entity | None:
    """The entity, followed through its merges."""
    owner = session.get(Entity, entity_id)
    followed: set[int] = set()
    while owner is not None and owner.merged_into is not None and owner.id not in followed:
        followed.add(owner.id)
        owner = session.get(Entity, owner.merged_into)
    return owner


def _split_made(session: Session) -> set[int]:
    """Entities made by splitting mentions out (a ``split`` step, own or carried, not
    undone)."""
    return {int(data["created"]) for _, data, _, _ in logged(session, ("split",))}


def _read_pins(session: Session, articles: dict[int, Article]) -> list[SourcePin]:
    made = _split_made(session)
    pins = []
    for pin in session.scalars(select(MentionPin).order_by(MentionPin.id)):
        owner = _survivor(session, pin.entity_id)
        if owner is not None and pin.document_id in articles:
            split = owner.id == pin.entity_id and owner.id in made  # not merged since
            pins.append(SourcePin(articles[pin.document_id], pin.key, _decision(owner), split))
    return pins


def _by_spelling(session: Session, spelling: str, kind: str) -> list[Entity]:
    """Live entities of ``kind`` that ``spelling`` names exactly (a spelling or the name:
    none of the looser matching a user's typed reference gets)."""
    keys = {name_key(spelling), org_key(spelling)}
    owners = select(Alias.entity_id).where(Alias.kind == kind, Alias.key.in_(keys))
    return list(
        session.scalars(
            select(Entity).where(
                Entity.merged_into.is_(None),
                Entity.kind == kind,
                or_(Entity.id.in_(owners), Entity.name == spelling),
            )
        )
    )


def match(session: Session, decision: Decision, exclude: int | None = None) -> Entity | None:
    """The target's entity for a source entity: the first of its spellings (its name first)
    that names exactly one entity there (other than ``exclude``)."""
    for spelling in decision.spellings:
        found = [e for e in _by_spelling(session, spelling, decision.kind) if e.id != exclude]
        if len(found) == 1:
            return found[0]
    return None


#: the kinds a user may move an entity between (a date stays a date)
_KINDS = ("place", "person", "organization")


def _other_kind(session: Session, decision: Decision) -> Entity | None:
    """The target's entity for a source entity whose kind differs there (not a date)."""
    if decision.kind not in _KINDS:
        return None
    found = [
        e
        for kind in _KINDS
        if kind != decision.kind and (e := match(session, replace(decision, kind=kind))) is not None
    ]
    return found[0] if len(found) == 1 else None


def _origins(session: Session, op: str) -> dict[int, bool]:
    """Entity id -> whether its last ``op`` step (rename, kind) was made in this library
    (True) or carried into it by a ``sync`` (False); steps undone do not count."""
    return {int(data["entity"]): own for _, data, own, _ in logged(session, (op,))}


def last_ignore_steps(session: Session) -> dict[int, tuple[str, bool]]:
    """Entity id -> its last ``ignore``/``unignore`` step and whether this library's user made
    it (True) or a ``sync`` carried it in (False); steps undone do not count."""
    return {
        int(data["entity"]): (op, own)
        for op, data, own, _ in logged(session, ("ignore", "unignore"))
    }


def chosen_here(session: Session, op: str = "rename") -> set[int]:
    """Entities whose name (``rename``) or kind (``kind``) this library's user chose (their
    last such step was their own, not one carried by a ``sync``): a carried one does not
    replace theirs."""
    return {entity for entity, own in _origins(session, op).items() if own}


def carry(session: Session, source: SourceCuration, articles: Articles) -> CurationCarried:
    """Apply the source's decisions in the target's ``session`` (``articles``: its articles
    by the source's identities; see the module)."""
    done = CurationCarried()
    own_names, own_kinds = chosen_here(session, "rename"), chosen_here(session, "kind")
    ignores = last_ignore_steps(session)
    for gone, survivor in source.merges:
        away = match(session, Decision(gone.name, gone.kind, (gone.name,), False, False))
        if away is None:
            done.unmatched += 1
            continue
        into = match(session, survivor, exclude=away.id)
        if into is None:
            if match(session, survivor) is None:
                done.unmatched += 1  # the survivor is unknown there; already one otherwise
            continue
        what = f"merging {gone.name} into {survivor.name}"
        if done.attempt(what, curation.merge, session, away, into):
            done.merged += 1
    for pin in source.pins:
        _refile(session, done, pin, articles.find(pin.article))
    for decision in source.curated:
        entity = match(session, decision)
        if entity is None and decision.kind_chosen:
            entity = _other_kind(session, decision)
            if entity is not None and entity.id in own_kinds:
                done.conflicts.append(f"{decision.name}: kept the kind {entity.kind} chosen here")
            elif entity is not None and done.attempt(
                f"{decision.name} as {decision.kind}",
                curation.set_kind,
                session,
                entity,
                decision.kind,
            ):
                done.kinds += 1
        if entity is None:
            done.unmatched += 1
            continue
        if decision.renamed and entity.name != decision.name:
            if entity.id in own_names:
                done.conflicts.append(f"{decision.name}: kept the name {entity.name} chosen here")
            elif done.attempt(
                f"renaming {entity.name} to {decision.name}",
                curation.rename,
                session,
                entity,
                decision.name,
            ):
                done.renamed += 1
        if decision.ignored and not entity.ignored:
            done.ignored += _ignore(session, done, decision, entity, True, ignores)
        elif decision.unignored and entity.ignored:
            done.shown += _ignore(session, done, decision, entity, False, ignores)
    for decision, spelling in source.unspelled:
        entity = match(session, decision)
        if entity is None:
            done.unmatched += 1
            continue
        blocked = select(BlockedSpelling.id).where(
            BlockedSpelling.entity_id == entity.id, BlockedSpelling.key == name_key(spelling)
        )
        if session.scalars(blocked).first() is not None:
            continue  # removed there already
        try:
            change = curation_mentions.remove_spelling(session, entity, spelling)
        except CurationError:
            continue  # never a spelling of it there (or its very name): nothing to take away
        done.unspelled += 1
        done.documents |= change.documents
    return done


def _refile(session: Session, done: CurationCarried, pin: SourcePin, doc_id: int | None) -> None:
    """Split out or move the target's mentions of one spelling in one article (``doc_id``:
    the target's copy of it; see the module)."""
    if doc_id is None:
        return  # the article is not there (in the source's trash, or failed to copy)
    pinned = select(MentionPin.id).where(
        MentionPin.document_id == doc_id, MentionPin.key == pin.key
    )
    if session.scalars(pinned).first() is not None:
        return  # refiled here already: the target's own choice, or an earlier sync's
    mentions = [
        m
        for m in session.scalars(
            select(Mention).where(Mention.document_id == doc_id).order_by(Mention.id)
        )
        if name_key(m.text) == pin.key
    ]
    if not mentions:
        done.unmatched += 1  # its entities not found there (yet)
        return
    first = mentions[0]
    step: Callable[..., curation.Change]
    args: tuple[Any, ...]
    if pin.split:
        step, args, what = curation_mentions.split_mention, (first.id,), "splitting"
    else:
        target = match(session, pin.entity, exclude=first.entity_id)
        if target is None:
            if first.entity_id is None or match(session, pin.entity) is None:
                done.unmatched += 1
            return  # filed there already, or no such entity there
        step, args, what = curation_mentions.move_mention, (first.id, target), "moving"
    if done.attempt(f"{what} “{first.text}”", step, session, *args):
        done.refiled += 1


def _ignore(
    session: Session,
    done: CurationCarried,
    decision: Decision,
    entity: Entity,
    ignored: bool,
    ignores: dict[int, tuple[str, bool]],
) -> int:
    """Ignore (or show again) the target's entity as the source's user did, unless the
    target's own user made the opposite step last (a conflict). 1 if it was done."""
    theirs = ("unignore" if ignored else "ignore", True)
    if ignores.get(entity.id) == theirs:
        kept = "shown" if ignored else "ignored"
        done.conflicts.append(f"{decision.name}: kept it {kept}, as chosen here")
        return 0
    change = curation.set_ignored(session, entity, ignored)
    done.documents |= change.documents
    return 1


__all__ = ["CurationCarried", "SourceCuration", "carry", "match", "read_source"]
