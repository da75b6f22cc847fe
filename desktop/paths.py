"""Where the library lives: platformdirs' user data dir, unless told otherwise."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

ENV_VAR = "SOURCEDESK_LIBRARY"


def argument_parser(prog: str, description: str) -> argparse.ArgumentParser:
    """A parser with what both programs take: ``--version`` and ``--library DIR``."""
    from . import __version__

    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--version", action="version", version=f"sourcedesk {__version__}")
    parser.add_argument(
        "--library",
        metavar="DIR|URL",
        help=f"library folder, or a server library postgresql://USER@HOST/DBNAME "
        f"(default: ${ENV_VAR} or the user data dir)",
    )
    return parser


def default_library_dir() -> Path:
    """The per-user default library folder (e.g. ~/.local/share/Sourcedesk/library)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("Sourcedesk", appauthor=False)) / "library"


def resolve_library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--library DIR`` wins, then ``$SOURCEDESK_LIBRARY``, then the default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_library_dir()


#: How a server library's address begins (a PostgreSQL URL).
SERVER_SCHEMES = ("postgresql:", "postgres:", "postgresql+psycopg:")


def is_server_location(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` names a server library (a ``postgresql://`` URL)."""
    return isinstance(location, str) and location.strip().lower().startswith(SERVER_SCHEMES)


def resolve_library(explicit: str | os.PathLike[str] | None = None) -> Path | str:
    """:func:`resolve_library_dir`, but a server library's ``postgresql://`` address (from
    ``--library`` or ``$SOURCEDESK_LIBRARY``) is returned as it is."""
    for given in (explicit, os.environ.get(ENV_VAR)):
        if given:
            return str(given).strip() if is_server_location(given) else resolve_library_dir(given)
    return default_library_dir()


def seeds_dir() -> Path | None:
    """The bundled sample articles, if this installation has them."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "seeds", here / "seeds"):
        if candidate.is_dir():
            return candidate
    return None
