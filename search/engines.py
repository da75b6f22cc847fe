"""Choosing the engine of an index folder, remembered in ``engine.json`` beside its files."""

from __future__ import annotations

import os
from pathlib import Path

from . import whoosh_lean
from .index import SearchIndex, read_meta

#: The engines, the default first.
ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"
#: Chooses the engine of new indexes (libraries), e.g. ``SOURCEDESK_ENGINE=tantivy``.
ENGINE_ENV = "SOURCEDESK_ENGINE"


def default_engine() -> str:
    """The engine for a new index: ``$SOURCEDESK_ENGINE`` if it names one, else Whoosh."""
    name = os.environ.get(ENGINE_ENV, "").strip().lower()
    return name if name in available_engines() else DEFAULT_ENGINE


def remembered_engine(path: Path) -> str | None:
    """The engine ``path`` was written with, if it says so (and it is installed)."""
    meta = read_meta(Path(path))
    name = meta.get("engine") if meta else None
    return name if isinstance(name, str) and name in available_engines() else None


def pick_engine(path: Path, engine: str | None) -> str:
    """``engine`` if given, else the one remembered in ``path``, else the default."""
    if engine is not None:
        if engine not in ENGINES:
            raise ValueError(f"unknown search engine {engine!r}: use one of {', '.join(ENGINES)}")
        if engine not in available_engines():
            raise ValueError(f"the {engine} search engine is not installed")
        return engine
    return remembered_engine(path) or default_engine()


def engine_class(name: str) -> type[SearchIndex]:
    """The :class:`SearchIndex` subclass of an engine (imported on first use)."""
    # plain import statements, so that bundlers see both modules
    if name == "tantivy":
        from .tantivy_index import TantivyIndex

        return TantivyIndex
    if name == "whoosh":
        whoosh_lean.load(whoosh_lean.SEARCHING)  # (what it imports of Whoosh, kept lean)
        from .whoosh_index import WhooshIndex

        return WhooshIndex
    raise ValueError(f"unknown search engine {name!r}: use one of {', '.join(ENGINES)}")


def open_index(path: Path, engine: str | None = None) -> SearchIndex:
    """Open or create the index in ``path``.

    ``engine`` (``"whoosh"`` or ``"tantivy"``) switches the folder to that engine:
    an index of another engine is thrown away and comes back empty, for the
    library to rebuild from its store. ``None`` keeps the engine the folder
    remembers (a new folder gets :func:`default_engine`).
    """
    return engine_class(pick_engine(Path(path), engine))(Path(path))


def available_engines() -> list[str]:
    """Engines whose packages are installed."""
    import importlib.util

    return [n for n in ENGINES if n != "tantivy" or importlib.util.find_spec("tantivy")]
