"""Command-line arguments that are not text: a usage error naming the argument, never a crash.

On Linux an argument is bytes; Python hands over the bytes that are not UTF-8 as lone
surrogates ("Ky\\udcffiv"), which no library call can encode. Text arguments (a query, a
facet value, an entity name) must be valid UTF-8; path arguments may hold any bytes a file
name can (a file named in Latin-1 still imports), but not a lone surrogate that no file name
can have.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

#: Arguments that name files or folders (checked as file names, not as text).
PATH_DESTS = frozenset({"paths", "library", "output", "dest", "file"})
_SHOWN = 60  # characters of a bad argument quoted in the message


def parse_arguments(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None = None
) -> argparse.Namespace:
    """``parser.parse_args``, then a usage error (exit 2) for an argument that is not text."""
    args = parser.parse_args(argv)
    _check(parser, args)
    return args


def problem(value: str, path: bool = False) -> str | None:
    """Why ``value`` cannot be used as an argument (None if it can)."""
    try:
        if path:
            os.fsencode(value)
        else:
            value.encode("utf-8")
    except UnicodeEncodeError:
        what = "a file name" if path else "valid UTF-8 text"
        return f"not {what}: {shown(value)}"
    return None


def shown(value: str) -> str:
    """The argument as the user typed it, with its undecodable bytes as ``\\xff`` escapes."""
    out = []
    for ch in value[:_SHOWN]:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out) + ("…" if len(value) > _SHOWN else "")


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest, None)
            if chosen in action.choices:
                _check(action.choices[chosen], args)
            continue
        value = getattr(args, action.dest, None)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                reason = problem(item, action.dest in PATH_DESTS)
                if reason:
                    parser.error(f"argument {_name(action)}: {reason}")


def _name(action: argparse.Action) -> str:
    if action.option_strings:
        return "/".join(action.option_strings)
    if isinstance(action.metavar, str):
        return action.metavar
    return action.dest
