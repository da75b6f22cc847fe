"""Machine-written date stamps ("2023-11-09T01:09:00Z", "Thu, 09 Nov 2023 01:09 GMT"...).

A :class:`Stamp` keeps the day as written, the time and the zone offset when the
value gives them, so a page's UTC stamp can be read in the page's own local day.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from search.frozen import frozen

from .shown_dates import shown_date

_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"
    r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*"
    r"(?P<z>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?",
    re.I,
)
_EPOCH = re.compile(r"^\s*(1[0-9]{9})(?:\d{3})?\s*$")  # seconds (or milliseconds) since 1970


@frozen
class Stamp:
    """A date as written; ``offset`` in minutes east of UTC when the value names a zone."""

    day: dt.date
    time: dt.time | None = None
    offset: int | None = None

    @property
    def utc(self) -> bool:
        """A time given in UTC (where the page's local day may differ)."""
        return self.time is not None and self.offset == 0

    def at_offset(self, offset: int) -> dt.date:
        """The day this moment falls on at another offset from UTC."""
        if self.time is None or self.offset is None:
            return self.day
        moment = dt.datetime.combine(self.day, self.time) - dt.timedelta(minutes=self.offset)
        return (moment + dt.timedelta(minutes=offset)).date()


def _offset(zone: str | None) -> int | None:
    if not zone:
        return None
    if zone.upper() in ("Z", "UTC", "GMT"):
        return 0
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return sign * (hours * 60 + minutes) if hours <= 14 and minutes < 60 else None


def _plausible(day: dt.date) -> bool:
    return 1990 <= day.year <= dt.date.today().year + 1


def parse_stamp(value: str) -> Stamp | None:
    """The stamp in a machine-written value (meta tag, JSON-LD, ``<time datetime>``)."""
    value = value.strip()
    if not value or len(value) > 100:
        return None
    m = _ISO.match(value)
    if m:
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            clock = dt.time(int(m["H"]), int(m["M"]), int(m["S"] or 0)) if m["H"] else None
        except ValueError:
            return None
        if not _plausible(day):
            return None
        return Stamp(day, clock, _offset(m["z"]) if clock else None)
    m = _EPOCH.match(value)
    if m:
        moment = dt.datetime.fromtimestamp(int(m.group(1)), dt.UTC)
        return Stamp(moment.date(), moment.time(), 0) if _plausible(moment.date()) else None
    if re.match(r"^[A-Za-z]{3},\s*\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", value):
        written: dt.datetime | None
        try:
            written = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            written = None
        if written is not None and _plausible(written.date()):
            offset = written.utcoffset()
            minutes = None if offset is None else int(offset.total_seconds() // 60)
            return Stamp(written.date(), written.time(), minutes)
    shown = shown_date(value)
    return Stamp(shown) if shown and _plausible(shown) else None
