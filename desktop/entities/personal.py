"""The user's decisions applied to newly extracted mentions: their own spellings (found
directly in the text) and the mentions they pinned to an entity in one document."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Alias, Entity, MentionPin
from .extract_rules import Found
from .links import USER
from .names import name_key


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
            key = name_key(canonical)
            out.append(Found(m.start(), m.end(), m.group(0), kind, canonical, key, USER))
        return out


def with_personal(found: list[Found], personal: list[Found]) -> list[Found]:
    """The user's spellings win where they overlap what the model and lists found."""
    if not personal:
        return found
    kept = [f for f in found if not any(f.start < p.end and p.start < f.end for p in personal)]
    return sorted(kept + personal, key=lambda f: (f.start, f.end))


def pinned(session: Session, doc_ids: list[int]) -> dict[tuple[int, str], int]:
    """``(document id, spelling key) -> entity id`` of the user's pinned mentions, following
    merges to the surviving entity."""
    rows = session.execute(
        select(MentionPin.document_id, MentionPin.key, MentionPin.entity_id).where(
            MentionPin.document_id.in_(doc_ids)
        )
    ).all()
    if not rows:
        return {}
    merged: dict[int, int] = {
        int(eid): int(into)
        for eid, into in session.execute(
            select(Entity.id, Entity.merged_into).where(Entity.merged_into.is_not(None))
        )
    }
    out = {}
    for doc_id, key, eid in rows:
        seen = set()
        while eid in merged and eid not in seen:
            seen.add(eid)
            eid = merged[eid]
        out[(doc_id, key)] = eid
    return out
