"""The SQLite store (SQLAlchemy 2.0) and the kept originals."""

from ..facets import ACTOR_KINDS, ENTITY_KINDS
from .db import (
    SCHEMA_VERSION,
    SchemaError,
    check_version,
    create_store_engine,
    migrate,
    session_factory,
)
from .models import (
    Alias,
    Base,
    BlockedSpelling,
    CurationStep,
    Document,
    Entity,
    IndexQueue,
    Mention,
    MentionPin,
    Source,
    Suggestion,
)
from .originals import OriginalStore, sha256_hex

__all__ = [
    "ACTOR_KINDS",
    "ENTITY_KINDS",
    "SCHEMA_VERSION",
    "Alias",
    "Base",
    "BlockedSpelling",
    "CurationStep",
    "Document",
    "Entity",
    "IndexQueue",
    "Mention",
    "MentionPin",
    "OriginalStore",
    "SchemaError",
    "check_version",
    "Source",
    "Suggestion",
    "create_store_engine",
    "migrate",
    "session_factory",
    "sha256_hex",
]
