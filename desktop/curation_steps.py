"""What curation and mention curation share: the error, the change, the log, the merge.

Kept apart from ``curation`` so that ``curation_mentions`` can use them and ``curation``
can undo its steps, without the two importing each other.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from search.frozen import frozen

from .errors import CurationError
from .store.models import Alias, CurationStep, Entity, Mention


@frozen
class Change:
    """What an operation did: a sentence for the user and the documents to re-index."""

    summary: str
    documents: set[int]


def docs_of(session: Session, entity_ids: list[int]) -> set[int]:
    """Documents that mention any of these entities."""
    return _docs_of(session, entity_ids)


def _docs_of(session: Session, entity_ids: list[int]) -> set[int]:
    return set(
        session.scalars(select(Mention.document_id).where(Mention.entity_id.in_(entity_ids)))
    )


UndoStep = Callable[[Session, dict[str, Any]], set[int]]
#: op -> how to reverse it (returns the documents touched); each module registers its own
#: steps next to the operations, with :func:`undoes`
UNDO: dict[str, UndoStep] = {}


def undoes(*ops: str) -> Callable[[UndoStep], UndoStep]:
    """Register the function that reverses the logged steps ``ops``."""

    def register(fn: UndoStep) -> UndoStep:
        for op in ops:
            UNDO[op] = fn
        return fn

    return register


def log_step(session: Session, op: str, summary: str, undo: dict[str, object]) -> None:
    """Record a curation step with what is needed to undo it."""
    _log(session, op, summary, undo)


def _log(session: Session, op: str, summary: str, undo: dict[str, object]) -> None:
    session.add(
        CurationStep(
            op=op,
            summary=summary,
            undo=json.dumps(undo),
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            provenance=session.info.get("provenance"),
        )
    )


def merge_step(
    session: Session, source: Entity, target: Entity
) -> tuple[str, dict[str, object], set[int]]:
    """The work of :func:`merge` without its log entry: summary, undo data, documents."""
    if source.id == target.id:
        raise CurationError("an entity cannot be merged into itself")
    if "date" in (source.kind, target.kind) and source.kind != target.kind:
        raise CurationError("dates can only be merged with dates")
    docs = _docs_of(session, [source.id])
    target_keys = {a.key for a in target.aliases}
    moved, dropped = [], []
    for alias in list(source.aliases):
        owner = session.scalars(
            select(Alias.entity_id).where(Alias.kind == target.kind, Alias.key == alias.key)
        ).first()
        if alias.key in target_keys or owner not in (None, source.id):
            dropped.append(
                {
                    "key": alias.key,
                    "name": alias.name,
                    "kind": alias.kind,
                    "user_set": alias.user_set,
                }
            )
            session.delete(alias)
        else:
            moved.append({"id": alias.id, "kind": alias.kind, "user_set": alias.user_set})
            alias.entity_id, alias.kind, alias.user_set = target.id, target.kind, True
    mention_ids = list(session.scalars(select(Mention.id).where(Mention.entity_id == source.id)))
    session.execute(
        update(Mention).where(Mention.entity_id == source.id).values(entity_id=target.id)
    )
    source.merged_into = target.id
    summary = f"merged {source.name} ({source.kind}) into {target.name} ({target.kind})"
    undo: dict[str, object] = {
        "source": source.id,
        "target": target.id,
        "aliases": moved,
        "dropped": dropped,
        "mentions": mention_ids,
    }
    return summary, undo, docs


@undoes("merge")
def undo_merge(session: Session, data: dict[str, Any]) -> set[int]:
    """Reverse :func:`merge_step`; returns the documents touched."""
    source, target = session.get(Entity, data["source"]), session.get(Entity, data["target"])
    assert source is not None and target is not None
    for a in data["aliases"]:
        alias = session.get(Alias, a["id"])
        if alias is not None:
            alias.entity_id, alias.kind, alias.user_set = source.id, a["kind"], a["user_set"]
    for a in data["dropped"]:
        session.add(Alias(entity_id=source.id, **a))
    session.execute(
        update(Mention).where(Mention.id.in_(data["mentions"])).values(entity_id=source.id)
    )
    source.merged_into = None
    return _docs_of(session, [source.id, target.id])
