"""Curation below the entity: one mention ("not this entity"), one spelling, suggestions.

Like ``curation``: each operation runs inside the caller's transaction, logs its undo and
returns a :class:`~desktop.curation.Change`. Decisions persist: a split or moved mention is
pinned in its document (re-extraction keeps it), a removed spelling is blocked for its
entity (later imports never file it there again), a rejected suggestion is not made again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from search.frozen import frozen

from .curation_steps import (
    Change,
    CurationError,
    docs_of,
    log_step,
    merge_step,
    undo_merge,
    undoes,
)
from .entities.links import USER
from .entities.names import name_key, strip_person_title
from .entities.resolve import person_fold_key, person_surname_key
from .store.models import (
    Alias,
    BlockedSpelling,
    Document,
    Entity,
    Mention,
    MentionPin,
    Suggestion,
)


@frozen
class SpellingInfo:
    """One spelling of an entity: as written, the documents it comes from, and whether the
    user filed it (``entities spellings``; the window's "spellings" list)."""

    spelling: str
    documents: list[int]
    mentions: int
    user_set: bool
    links: list[str]

    def to_json(self) -> dict[str, object]:
        """``entities spellings --json`` rows."""
        return {
            "spelling": self.spelling,
            "documents": self.documents,
            "mentions": self.mentions,
            "user_set": self.user_set,
            "links": self.links,
        }


@frozen
class SuggestionInfo:
    """A merge the pipeline is unsure of: ``entity`` may be ``target`` (accept merges it in)."""

    id: int
    entity_id: int
    entity_name: str
    entity_kind: str
    entity_documents: int
    target_id: int
    target_name: str
    target_kind: str
    target_documents: int
    reason: str
    status: str

    def to_json(self) -> dict[str, object]:
        """``entities suggestions --json`` rows."""
        return dict(self.__dict__)


def _new_entity(kind: str, name: str) -> Entity:
    """An entity the user made (a mention split out, a spelling taken away)."""
    entity = Entity(kind=kind, name=name, user_set=True, ignored=False)
    if kind == "person":
        entity.fold_key = person_fold_key(name) if " " in name else None
        entity.surname_key = person_surname_key(name)
    return entity


def _mention(session: Session, mention_id: int) -> Mention:
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise CurationError(f"no mention with id {mention_id}")
    return mention


def _same_spelling(session: Session, mention: Mention) -> list[Mention]:
    """The mention and its document's other mentions of the same spelling and entity."""
    key = name_key(mention.text)
    rows = session.scalars(
        select(Mention).where(
            Mention.document_id == mention.document_id, Mention.entity_id == mention.entity_id
        )
    )
    return [m for m in rows if name_key(m.text) == key]


def _relink(
    session: Session, mention: Mention, target: Entity, op: str, summary: str, created: bool
) -> Change:
    """Move a mention (and its document's other mentions of that spelling) to ``target``,
    pin the spelling there in that document, and log it."""
    moved = _same_spelling(session, mention)
    key = name_key(mention.text)
    pin = session.scalars(
        select(MentionPin).where(
            MentionPin.document_id == mention.document_id, MentionPin.key == key
        )
    ).first()
    old_pin = pin.entity_id if pin is not None else None
    if pin is None:
        pin = MentionPin(document_id=mention.document_id, key=key, entity_id=target.id)
        session.add(pin)
    else:
        pin.entity_id = target.id
    undo = {
        "mentions": [[m.id, m.entity_id, m.link, m.link_detail] for m in moved],
        "document": mention.document_id,
        "key": key,
        "old_pin": old_pin,
        "created": target.id if created else None,
    }
    for m in moved:
        m.entity_id, m.link, m.link_detail = target.id, USER, None
    session.flush()
    log_step(session, op, summary, undo)
    return Change(summary, {mention.document_id})


def split_mention(session: Session, mention_id: int) -> Change:
    """ "Not this entity": the mention (with its document's other mentions of the same
    spelling) becomes an entity of its own, named as written (without a title)."""
    mention = _mention(session, mention_id)
    old = mention.entity
    name = strip_person_title(mention.text) if old.kind == "person" else mention.text.strip()
    entity = _new_entity(old.kind, name or mention.text)
    session.add(entity)
    session.flush()
    key = name_key(entity.name)
    taken = session.scalars(select(Alias).where(Alias.kind == old.kind, Alias.key == key)).first()
    if taken is None and key:
        session.add(Alias(entity_id=entity.id, kind=old.kind, key=key, name=entity.name))
    title = session.scalar(select(Document.title).where(Document.id == mention.document_id))
    summary = f"“{mention.text}” in “{title}” is not {old.name}: now {entity.name} of its own"
    return _relink(session, mention, entity, "split", summary, created=True)


def move_mention(session: Session, mention_id: int, target: Entity) -> Change:
    """ "Not this entity, that one": the mention (with its document's other mentions of the
    same spelling) moves to ``target``."""
    mention = _mention(session, mention_id)
    if mention.entity_id == target.id:
        raise CurationError(f"“{mention.text}” is already filed under {target.name}")
    if (mention.entity.kind == "date") != (target.kind == "date"):
        raise CurationError("a date can only be moved to a date")
    summary = f"“{mention.text}” is now {target.name} (was {mention.entity.name})"
    return _relink(session, mention, target, "move", summary, created=False)


def _return_mentions(
    session: Session, source: int, target: int, link: Any, detail: Any, **only: Any
) -> set[int]:
    """Mentions of ``source`` found after a step (a re-extraction or a later import gives
    them new ids) go back to ``target`` with the ones the step moved, rather than vanish
    with an entity the step made (``only``: ``document`` and ``key``)."""
    query = select(Mention).where(Mention.entity_id == source)
    if "document" in only:
        query = query.where(Mention.document_id == only["document"])
    docs = set()
    for m in session.scalars(query):
        if "key" not in only or name_key(m.text) == only["key"]:
            m.entity_id, m.link, m.link_detail = target, link, detail
            docs.add(m.document_id)
    return docs


@undoes("split", "move")
def _undo_relink(session: Session, data: dict[str, Any]) -> set[int]:
    for mid, eid, link, detail in data["mentions"]:
        m = session.get(Mention, mid)
        if m is not None:
            m.entity_id, m.link, m.link_detail = eid, link, detail
    pin = session.scalars(
        select(MentionPin).where(
            MentionPin.document_id == data["document"], MentionPin.key == data["key"]
        )
    ).first()
    moved_to = data["created"] if pin is None else pin.entity_id
    if data["mentions"] and moved_to is not None:
        _, eid, link, detail = data["mentions"][0]
        _return_mentions(
            session, moved_to, eid, link, detail, document=data["document"], key=data["key"]
        )
    if pin is not None:
        if data["old_pin"] is None:
            session.delete(pin)
        else:
            pin.entity_id = data["old_pin"]
    session.flush()
    if data["created"] is not None:
        entity = session.get(Entity, data["created"])
        if entity is not None:
            session.delete(entity)
    return {int(data["document"])}


def remove_spelling(session: Session, entity: Entity, spelling: str) -> Change:
    """Take a spelling away from an entity: its mentions with that spelling become an entity
    of their own, and the spelling never links to this entity again."""
    key = name_key(spelling)
    if key == name_key(entity.name):
        raise CurationError(f"“{spelling}” is the name of {entity.name}; rename it first")
    aliases = [a for a in entity.aliases if a.key == key]
    mentions = [
        m
        for m in session.scalars(select(Mention).where(Mention.entity_id == entity.id))
        if name_key(m.text) == key
    ]
    if not aliases and not mentions:
        raise CurationError(f"“{spelling}” is not a spelling of {entity.name}")
    written = mentions[0].text if mentions else aliases[0].name
    undo: dict[str, Any] = {
        "entity": entity.id,
        "aliases": [
            {"kind": a.kind, "key": a.key, "name": a.name, "user_set": a.user_set} for a in aliases
        ],
        "mentions": [[m.id, m.link, m.link_detail] for m in mentions],
        "created": None,
    }
    for a in aliases:
        session.delete(a)
    session.flush()
    block = BlockedSpelling(entity_id=entity.id, key=key, name=written)
    session.add(block)
    docs = {m.document_id for m in mentions}
    # the entity the spelling already names, where the library has one: "Howard" linked to
    # Michael Howard by his article, beside the surname "Howard" of other articles
    holder = session.scalar(
        select(Entity)
        .join(Alias, Alias.entity_id == Entity.id)
        .where(Alias.kind == entity.kind, Alias.key == key)
    )
    whose = "its own"
    if mentions:
        if holder is not None and not holder.ignored:
            whose = f"{holder.name}’s"
        else:
            name = strip_person_title(written) if entity.kind == "person" else written
            own = _new_entity(entity.kind, name)
            session.add(own)
            session.flush()
            if holder is None:  # (an ignored entity keeps the spelling it holds)
                session.add(Alias(entity_id=own.id, kind=entity.kind, key=key, name=written))
            undo["created"], holder = own.id, own
        for m in mentions:
            m.entity_id, m.link, m.link_detail = holder.id, USER, None
    session.flush()
    undo["block"] = block.id
    summary = f"“{written}” is no longer a spelling of {entity.name}"
    if mentions:
        summary += f" ({len(mentions)} mentions in {len(docs)} documents are now {whose})"
    log_step(session, "unspell", summary, undo)
    return Change(summary, docs | docs_of(session, [entity.id]))


@undoes("unspell")
def _undo_unspell(session: Session, data: dict[str, Any]) -> set[int]:
    block = session.get(BlockedSpelling, data["block"])
    if block is not None:
        session.delete(block)
    docs: set[int] = set()
    for mid, link, detail in data["mentions"]:
        m = session.get(Mention, mid)
        if m is not None:
            m.entity_id, m.link, m.link_detail = data["entity"], link, detail
            docs.add(m.document_id)
    if data["created"] is not None and data["mentions"]:
        _, link, detail = data["mentions"][0]
        docs |= _return_mentions(session, data["created"], data["entity"], link, detail)
    session.flush()
    if data["created"] is not None:
        own = session.get(Entity, data["created"])
        if own is not None:
            session.delete(own)  # its alias goes with it
    session.flush()
    for a in data["aliases"]:
        session.add(Alias(entity_id=data["entity"], **a))
    return docs | docs_of(session, [data["entity"]])


def spellings(session: Session, entity: Entity) -> list[SpellingInfo]:
    """Every spelling of an entity with the documents each comes from, most used first;
    spellings the library holds without a mention (the user's, a list's) come last."""
    by_text: dict[str, tuple[set[int], int, set[str]]] = {}
    for text, doc_id, link in session.execute(
        select(Mention.text, Mention.document_id, Mention.link).where(
            Mention.entity_id == entity.id
        )
    ):
        docs, n, links = by_text.get(text, (set(), 0, set()))
        docs.add(doc_id)
        links.add(link or "")
        by_text[text] = (docs, n + 1, links)
    user = {a.key for a in entity.aliases if a.user_set}
    out = [
        SpellingInfo(text, sorted(docs), n, name_key(text) in user, sorted(links - {""}))
        for text, (docs, n, links) in by_text.items()
    ]
    seen = {name_key(s.spelling) for s in out}
    for a in sorted(entity.aliases, key=lambda a: a.name):
        if a.key not in seen and entity.kind != "date":
            seen.add(a.key)
            out.append(SpellingInfo(a.name, [], 0, a.user_set, []))
    return sorted(out, key=lambda s: (-len(s.documents), -s.mentions, s.spelling))


def list_suggestions(session: Session, status: str | None = "open") -> list[SuggestionInfo]:
    """Suggestions (``status`` "open", "accepted", "rejected" or None for all), between
    entities that are both still shown; the most mentioned first."""
    source, target = aliased(Entity), aliased(Entity)
    counts = (
        select(Mention.entity_id, func.count(func.distinct(Mention.document_id)).label("docs"))
        .group_by(Mention.entity_id)
        .subquery()
    )
    sc, tc = aliased(counts), aliased(counts)
    q = (
        select(Suggestion, source, target, func.coalesce(sc.c.docs, 0), func.coalesce(tc.c.docs, 0))
        .join(source, source.id == Suggestion.entity_id)
        .join(target, target.id == Suggestion.target_id)
        .outerjoin(sc, sc.c.entity_id == source.id)
        .outerjoin(tc, tc.c.entity_id == target.id)
        .order_by((func.coalesce(sc.c.docs, 0) + func.coalesce(tc.c.docs, 0)).desc(), Suggestion.id)
    )
    if status is not None:
        q = q.where(Suggestion.status == status)
    if status == "open":
        live = (
            source.merged_into.is_(None)
            & target.merged_into.is_(None)
            & source.ignored.is_(False)
            & target.ignored.is_(False)
            & (func.coalesce(sc.c.docs, 0) > 0)
            & (func.coalesce(tc.c.docs, 0) > 0)
        )
        q = q.where(live)
    return [
        SuggestionInfo(
            s.id, a.id, a.name, a.kind, int(na), b.id, b.name, b.kind, int(nb), s.reason, s.status
        )
        for s, a, b, na, nb in session.execute(q)
    ]


def _suggestion(session: Session, suggestion_id: int) -> Suggestion:
    s = session.get(Suggestion, suggestion_id)
    if s is None:
        raise CurationError(f"no suggestion with id {suggestion_id}")
    if s.status != "open":
        raise CurationError(f"suggestion {suggestion_id} was {s.status} already")
    return s


def accept_suggestion(session: Session, suggestion_id: int) -> Change:
    """Do what a suggestion proposes: merge its entity into its target."""
    s = _suggestion(session, suggestion_id)
    source, target = session.get(Entity, s.entity_id), session.get(Entity, s.target_id)
    assert source is not None and target is not None
    if source.merged_into is not None or target.merged_into is not None:
        raise CurationError("one of the two entities was merged meanwhile")
    summary, undo, docs = merge_step(session, source, target)
    s.status = "accepted"
    log_step(session, "accept", f"accepted: {summary}", {"suggestion": s.id, "merge": undo})
    return Change(f"accepted: {summary}", docs | docs_of(session, [target.id]))


def reject_suggestion(session: Session, suggestion_id: int) -> Change:
    """Say no to a suggestion: the two stay apart and it is not made again."""
    s = _suggestion(session, suggestion_id)
    a, b = session.get(Entity, s.entity_id), session.get(Entity, s.target_id)
    s.status = "rejected"
    summary = f"{a.name if a else '?'} and {b.name if b else '?'} stay apart"
    log_step(session, "reject", summary, {"suggestion": s.id})
    return Change(summary, set())


@undoes("accept", "reject")
def _undo_suggestion(session: Session, data: dict[str, Any]) -> set[int]:
    s = session.get(Suggestion, data["suggestion"])
    if s is not None:
        s.status = "open"
    return undo_merge(session, data["merge"]) if "merge" in data else set()
