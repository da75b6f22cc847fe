"""Which documents still wait for their entities (phase 2 of an import).

Apart from :mod:`desktop.extraction` because the window asks it whenever it opens a
library: importing the extraction (the entity rules, the model's workers) took ~50 ms of
the interpreter on a reading thread, at the moment the window took in its first answer.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from .store.models import Document

#: Bump when extraction changes, so libraries know their entities can be redone
#: (``desktop.entities.extract`` gives it to what it finds).
EXTRACTOR_VERSION = 3


def pending_filter() -> ColumnElement[bool]:
    """Documents whose entities are missing or from an older extractor."""
    return or_(Document.entities_version.is_(None), Document.entities_version < EXTRACTOR_VERSION)


def count_pending(session: Session) -> int:
    """How many documents still wait for entities."""
    return session.scalar(select(func.count()).select_from(Document).where(pending_filter())) or 0
