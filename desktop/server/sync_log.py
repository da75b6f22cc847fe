"""What push and pull read of a library's history, and how they find its articles.

- :func:`logged`: the curation steps of some kinds, the library's own and those a ``sync``
  carried in (folded inside that step), oldest first, none undone — who chose a name or a
  kind, the last ignore, the entities made by a split, the last restore.
- :class:`Articles`: a library's article for another library's article, found by its text,
  else by its original bytes (:func:`identities` is what the other side sends).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store import CurationStep, Document

Article = tuple[str, str]  # (text hash, original hash)


def logged(
    session: Session, ops: Collection[str]
) -> Iterator[tuple[str, dict[str, Any], bool, dt.datetime]]:
    """(op, undo data, made here: True / carried by a sync: False, when) of every live step
    of ``ops``, oldest first; a sync's own time for the steps it carried."""
    rows = session.execute(
        select(CurationStep.op, CurationStep.undo, CurationStep.created_at)
        .where(CurationStep.op.in_((*ops, "sync")), CurationStep.undone.is_(False))
        .order_by(CurationStep.id)
    )
    for op, undo, when in rows:
        data = json.loads(undo)
        if op != "sync":
            yield op, data, True, when
            continue
        for step in data.get("steps", []):
            if step["op"] in ops:
                yield step["op"], step["undo"], False, when


def identities(session: Session) -> dict[int, Article]:
    """Article id -> (text hash, original hash): how another library finds its own copy."""
    return {
        int(i): (str(t), str(o))
        for i, t, o in session.execute(
            select(Document.id, Document.text_sha256, Document.original_sha256).order_by(
                Document.id
            )
        )
    }


class Articles:
    """This library's articles by another's identities: the same text, else the same
    original bytes (the first such article)."""

    def __init__(self, session: Session) -> None:
        self.by_text: dict[str, int] = {}
        self.by_original: dict[str, int] = {}
        for doc_id, (text_hash, original) in identities(session).items():
            self.by_text[text_hash] = doc_id
            self.by_original.setdefault(original, doc_id)

    def find(self, article: Article) -> int | None:
        """The id of this library's copy of ``article``, or None."""
        return self.by_text.get(article[0]) or self.by_original.get(article[1])


__all__ = ["Article", "Articles", "identities", "logged"]
