"""Undo for the reporter's marks: each step logs the rows it added and the rows as they were.

A workbench write logs, in the curation log the entity changes use (so Edit → Undo and
``sourcedesk undo`` reverse the latest change of either kind), ``{"delete": {table: [primary
keys]}, "insert": {table: [rows]}, "update": {table: [rows]}, "documents": [ids]}``: undoing
deletes the rows the step added, inserts again the rows it removed and sets back the rows it
changed, table by table (parents before children: a removed collection before its items).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    Table,
    and_,
    bindparam,
    delete,
    insert,
    update,
)
from sqlalchemy.orm import Session

from .curation_steps import UNDO, undoes
from .store.models import Base

#: The curation-log ops of the workbench (all undone the same way). ``sync`` is what a
#: ``push``/``pull`` wrote into the library (desktop/server/sync.py): marks as rows, and the
#: entity curation it carried as the curation steps it made (``steps``), undone as one.
OPS = ("star", "tag", "note", "collect", "quote", "saved", "sync")


def table(name: str) -> Table:
    """A table of the store by name."""
    return Base.metadata.tables[name]


def row_of(obj: Any) -> dict[str, Any]:
    """A mapped object as a JSON-safe row of its table."""
    t = obj.__table__
    return {c.name: _dump(getattr(obj, c.key)) for c in t.columns}


def key_of(obj: Any) -> dict[str, Any]:
    """A mapped object's primary key as a JSON-safe dict."""
    return {c.name: _dump(getattr(obj, c.key)) for c in obj.__table__.primary_key.columns}


def _dump(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _load(t: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in row.items():
        column = t.c[name]
        if value is not None and isinstance(column.type, DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = dt.date.fromisoformat(value)
        elif value is not None and isinstance(column.type, LargeBinary):
            value = bytes.fromhex(value)
        out[name] = value
    return out


def _where(t: Table, key: dict[str, Any]) -> Any:
    return and_(*(t.c[name] == value for name, value in _load(t, key).items()))


@undoes(*OPS)
def undo_rows(session: Session, data: dict[str, Any]) -> set[int]:
    """Reverse a workbench step; returns the documents it touched. Many rows go in one
    statement each way (undoing a tag put on 100,000 search results). A ``sync`` step's
    curation steps are reversed last, newest first."""
    for name, keys in data.get("delete", {}).items():
        t = table(name)
        if keys:
            cols = list(keys[0])
            stmt = delete(t).where(and_(*(t.c[c] == bindparam(f"k_{c}") for c in cols)))
            session.execute(stmt, [{f"k_{c}": v for c, v in _load(t, k).items()} for k in keys])
    for name, rows in data.get("insert", {}).items():
        if rows:
            t = table(name)
            session.execute(insert(t), [_load(t, r) for r in rows])
    for name, rows in data.get("update", {}).items():
        t = table(name)
        for row in rows:
            key = {c.name: row[c.name] for c in t.primary_key.columns}
            session.execute(update(t).where(_where(t, key)).values(_load(t, row)))
    touched = {int(i) for i in data.get("documents", [])}
    for step in reversed(data.get("steps", [])):
        touched |= UNDO[step["op"]](session, step["undo"])
    return touched


class UndoLog:
    """What one step must log to be undone: rows it added, removed, or changed."""

    def __init__(self) -> None:
        self.deleted: dict[str, list[dict[str, Any]]] = {}  # added: undo deletes them
        self.inserted: dict[str, list[dict[str, Any]]] = {}  # removed: undo puts them back
        self.updated: dict[str, list[dict[str, Any]]] = {}  # changed: undo sets them back
        self.documents: set[int] = set()

    def added(self, obj: Any) -> None:
        """``obj`` is new: undo deletes it (call after a flush, when its key is known)."""
        self.added_keys(obj.__table__.name, [key_of(obj)])

    def added_keys(self, name: str, keys: list[dict[str, Any]]) -> None:
        """Rows of table ``name`` with these primary keys are new."""
        self.deleted.setdefault(name, []).extend(keys)

    def removed(self, obj: Any) -> None:
        """``obj`` is about to be deleted: undo inserts it again."""
        self.removed_rows(obj.__table__.name, [row_of(obj)])

    def removed_rows(self, name: str, rows: list[dict[str, Any]]) -> None:
        """These rows of table ``name`` are about to be deleted."""
        self.inserted.setdefault(name, []).extend(rows)

    def changed(self, obj: Any) -> None:
        """``obj`` is about to change: undo sets it back as it is now."""
        self.updated.setdefault(obj.__table__.name, []).append(row_of(obj))

    @property
    def empty(self) -> bool:
        """Nothing to undo (the step changed nothing)."""
        return not (self.deleted or self.inserted or self.updated)

    def data(self) -> dict[str, Any]:
        """The JSON-safe undo data."""
        # undo deletes children before parents (the reverse of the order they were added in)
        deleted = dict(reversed(list(self.deleted.items())))
        return {
            "delete": deleted,
            "insert": self.inserted,
            "update": self.updated,
            "documents": sorted(self.documents),
        }
