"""Dates a person types for a range: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

A bare year or month means its first day as the start of a range and its last day as
the end (``--to 2022`` ends on 31 December 2022). Shared by the command line and the
window's date fields.
"""

from __future__ import annotations

import datetime as dt


def range_start(text: str) -> dt.date:
    """The first day ``text`` names; ``ValueError`` for anything else."""
    parts = text.strip().split("-")
    if len(parts) == 1:
        return dt.date(int(parts[0]), 1, 1)
    if len(parts) == 2:
        return dt.date(int(parts[0]), int(parts[1]), 1)
    return dt.date.fromisoformat(text.strip())


def range_end(text: str) -> dt.date:
    """The last day ``text`` names (inclusive); ``ValueError`` for anything else."""
    start = range_start(text)
    parts = text.strip().split("-")
    if len(parts) == 1:
        return dt.date(start.year, 12, 31)
    if len(parts) == 2:
        nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return start
