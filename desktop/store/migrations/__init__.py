"""Schema migrations with Alembic, run by the library itself (no ``alembic.ini``).

Revisions live in ``versions/`` (shipped as package data). A new library is made from the
models and stamped at the head; an existing one is upgraded in one transaction when it
is opened. A library made before Alembic has no ``alembic_version`` table, only SQLite's
``PRAGMA user_version`` (1-8): it is stamped at the revision of that schema first, then
upgraded. Once under Alembic its ``user_version`` is :data:`ALEMBIC_ERA`, so a Sourcedesk
from before Alembic refuses it as newer instead of writing to a schema it does not know.

Adding a revision: ``python -m desktop.store.migrations new "what changes"`` writes
``versions/NNNN_what_changes.py``; fill in ``upgrade()`` with ``op`` calls that work on
SQLite and PostgreSQL (``with op.batch_alter_table(...)`` for SQLite's ALTERs), change the
models to match, and run ``pytest tests/unit/test_migrations.py`` (it checks that a
migrated library and a new one have the same schema).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect, text

from ...store_version import ALEMBIC_ERA as _ALEMBIC_ERA

#: Where the revisions are.
MIGRATIONS_DIR = Path(__file__).resolve().parent
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
#: ``PRAGMA user_version`` of a library from before Alembic -> its revision.
LEGACY_REVISIONS = {n: f"{n:04d}" for n in range(1, 9)}
#: ``PRAGMA user_version`` of every SQLite library under Alembic: well past the old numbers,
#: so a Sourcedesk from before Alembic refuses such a library as newer (desktop/store_version.py).
ALEMBIC_ERA = _ALEMBIC_ERA


class MigrationError(Exception):
    """The library's schema cannot be brought to this version's; the message is for the user."""


def _literal(node: ast.expr | None) -> object:
    return ast.literal_eval(node) if node is not None else None


@lru_cache(maxsize=4)
def _graph(versions: Path) -> dict[str, tuple[str, ...]]:
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted(versions.glob("*.py")):
        if path.name.startswith("_"):
            continue
        found: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                    found[target.id] = _literal(node.value)
        rev, down = found.get("revision"), found.get("down_revision")
        if isinstance(rev, str):
            graph[rev] = (down,) if isinstance(down, str) else tuple(down or ())  # type: ignore[arg-type]
    return graph


def revision_graph() -> dict[str, tuple[str, ...]]:
    """revision -> the revisions it follows, read from the files without importing Alembic
    (opening an up-to-date library stays fast)."""
    return _graph(VERSIONS_DIR)


def heads() -> frozenset[str]:
    """The revisions no other revision follows (one, unless two branches wait for a merge)."""
    graph = revision_graph()
    followed = {down for downs in graph.values() for down in downs}
    return frozenset(graph) - followed


def stored_revisions(conn: Connection) -> frozenset[str] | None:
    """The revisions a library is at (``None``: it has no ``alembic_version`` table)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return frozenset(str(r) for r in conn.scalars(text("SELECT version_num FROM alembic_version")))


def _script() -> object:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(VERSIONS_DIR.parent), version_locations=[str(VERSIONS_DIR)])


def upgrade(conn: Connection) -> None:
    """Bring a library under Alembic to the head, inside the caller's transaction."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    script: Any = _script()

    def steps(rev: object, _context: object) -> object:
        return script._upgrade_revs("heads", rev)  # noqa: SLF001 - Alembic's documented recipe

    context = MigrationContext.configure(
        conn,
        opts={
            "fn": steps,
            "transactional_ddl": True,
        },
    )
    with Operations.context(context):
        context.run_migrations()


def stamp(conn: Connection, revision: str) -> None:
    """Record that a library is at ``revision`` (its tables are already that schema)."""
    from alembic.runtime.migration import MigrationContext

    MigrationContext.configure(conn).stamp(_script(), revision)  # type: ignore[arg-type]


__all__ = [
    "ALEMBIC_ERA",
    "LEGACY_REVISIONS",
    "MIGRATIONS_DIR",
    "MigrationError",
    "heads",
    "revision_graph",
    "stamp",
    "stored_revisions",
    "upgrade",
]
