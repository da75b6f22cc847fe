"""What the command line prints is text, never terminal commands.

A file named ``ESC]0;…BEL`` retitles the terminal, ``ESC[2J`` clears it, OSC 52
writes the clipboard; a name with a newline forges a line of the report. File
names, titles and anything else read from a file can hold such characters, so
the CLI's output goes through :class:`SafeStream`, which shows every control
character escaped (``\\x1b``), and names are shown with :func:`shown_name`,
which escapes line breaks and backslashes too, so one name is one line.
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder what is shown (a name that reads as another one)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_IN_NAMES = re.compile(r"[\\\n\t]")
_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown_text(text: str) -> str:
    """``text`` with every control character but tab and newline shown escaped."""
    return _CONTROLS.sub(_escape, text)


def shown_name(name: str) -> str:
    """A file name or path on one line: line breaks, tabs and backslashes escaped too."""
    return shown_text(_IN_NAMES.sub(_escape, name))


class SafeStream:
    """A text stream that shows control characters escaped (see :func:`shown_text`)."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped (CRLF line ends, as CSV
        writes them, stay line ends)."""
        return self.inner.write("\r\n".join(shown_text(part) for part in text.split("\r\n")))

    def write_raw(self, text: str) -> int:
        """Write our own control characters (the progress line's carriage return)."""
        return self.inner.write(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)  # flush, isatty, fileno, encoding...


__all__ = ["SafeStream", "shown_name", "shown_text"]
