"""Where the library lives: platformdirs' user data dir, unless told otherwise."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ENV_VAR = "SOURCEDESK_LIBRARY"


def _terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it: ``$COLUMNS``, else the
    terminal of standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own, told the terminal's width: argparse finds it through ``shutil``
    (with its compression modules, ~2 ms of a ``search`` process that never shows help),
    for the formatter it makes for every argument added."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _ArgumentParser(argparse.ArgumentParser):
    """A parser (and its subcommands', of the same class) with :class:`_HelpFormatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def argument_parser(prog: str, description: str) -> argparse.ArgumentParser:
    """A parser with what both programs take: ``--version`` and ``--library DIR``."""
    from . import __version__

    parser = _ArgumentParser(prog=prog, description=description)
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
