"""Dates as pages show them to readers, in many languages, found fast (no dateparser).

"12. März 2020", "March 12, 2020", "12 de marzo de 2020", "12 марта 2020 г.",
"2020年3月12日", "12.03.2020", "2020-03-12", "2020.03.12". A numeric date whose
day and month could be swapped (03/04/2020) is not read at all.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_MONTH_NAMES = [
    "jan january januar jänner janv janvier enero ene gennaio genn gen janeiro januari"
    " stycznia styczeń styczen января январь січня січень leden ledna tammikuu ocak",
    "feb february februar feber févr fevr février fevrier febrero febbraio fevereiro fev"
    " februari lutego luty февраля февраль лютого лютий únor února helmikuu şubat",
    "mar march märz maerz mär mars marzo março marco maart marca marzec марта март"
    " березня березень březen března maaliskuu mart",
    "apr april avr avril abril abr aprile aprilie kwietnia kwiecień апреля апрель квітня"
    " квітень duben dubna huhtikuu nisan",
    "may mai mayo maggio maio mei maj maja мая май травня травень květen května toukokuu mayıs",
    "jun june juni juin junio giugno junho czerwca czerwiec июня июнь червня червень"
    " červen června kesäkuu haziran",
    "jul july juli juil juillet julio luglio julho lipca lipiec июля июль липня липень"
    " červenec července heinäkuu temmuz",
    "aug august août aout agosto ago augustus augusti sierpnia sierpień августа август"
    " серпня серпень srpen srpna elokuu ağustos",
    "sep sept september septembre septiembre setiembre settembre setembro set"
    " września wrzesień сентября сентябрь вересня вересень září syyskuu eylül",
    "oct october oktober okt octobre octubre ottobre outubro out października"
    " październik октября октябрь жовтня жовтень říjen října lokakuu ekim",
    "nov november novembre noviembre novembro listopada listopad ноября ноябрь"
    " листопада листопад listopadu marraskuu kasım",
    "dec december dezember dez décembre decembre diciembre dic dicembre dezembro"
    " desember grudnia grudzień декабря декабрь грудня грудень prosinec prosince"
    " joulukuu aralık",
]
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()
}

_YEAR = r"(?P<y>(?:19|20)\d{2})"
_WORD = r"(?P<mon>[^\W\d_]{3,12})\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
_PATTERNS = [
    # 2020-03-12, 2020/03/12, 2020.03.12 (year first: never day/month swapped)
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)"),
    # 2020年3月12日 and 2020년 3월 12일
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)"),
    # 12. März 2020, 12 de marzo de 2020, 12 марта 2020
    re.compile(rf"(?<![\w.]){_DAY}\s*(?:de\s+|of\s+)?{_WORD},?\s+(?:de\s+)?{_YEAR}(?!\d)", re.I),
    # March 12, 2020 / März 12 2020
    re.compile(rf"(?<!\w){_WORD}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),
    # 12.03.2020, 12-03-2020 (day first, as in most of the world)
    re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d{2})(?!\d)"),
    # 03/12/2020 or 12/03/2020: only when one of the two cannot be a month
    re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)[/-](?P<b>[0-3]?\d)[/-](?P<y>(?:19|20)\d{2})(?!\d)"),
]


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date if 1990 <= year <= dt.date.today().year + 1 else None


def _from(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    year = int(g["y"])
    if g.get("mon"):
        month = MONTHS.get(g["mon"].lower().rstrip("."))
        return _make(year, month, int(g["d"])) if month else None
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        if a > 12 >= b:
            return _make(year, b, a)
        if b > 12 >= a:
            return _make(year, a, b)
        return None
    return _make(year, int(g["m"]), int(g["d"]))


def shown_date(text: str) -> dt.date | None:
    """The first full date written in ``text`` (a short line: a byline, a date element)."""
    text = text[:300]
    best: tuple[int, dt.date] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            date = _from(m)
            if date is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), date)
                break
    return best[1] if best else None


def all_shown_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every full date written in a page's text, with its offset, in text order."""
    found: dict[int, dt.date] = {}
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            date = _from(m)
            if date is not None and not any(abs(m.start() - p) < 6 for p in found):
                found[m.start()] = date
    return sorted(found.items())


def _names(month: int) -> str:
    return "|".join(sorted((n for n, m in MONTHS.items() if m == month), key=len, reverse=True))


#: How far before and after a written year a date around it is looked for: a date is a few
#: words, but a page's text keeps its markup's indentation between them.
_BEFORE, _AFTER = 1000, 200


@lru_cache(maxsize=64)
def _day_pattern(day: dt.date) -> re.Pattern[str]:
    d, m, y, yy = day.day, day.month, day.year, f"{day.year % 100:02d}"
    names = _names(m)
    return re.compile(
        rf"(?<!\d)0?{d}\s?[./-]\s?0?{m}\s?[./-]\s?(?:{y}|{yy})(?!\d)"
        rf"|(?<!\d)0?{m}/0?{d}/(?:{y}|{yy})(?!\d)"
        rf"|(?<!\d){y}\s?[./-]\s?0?{m}\s?[./-]\s?0?{d}(?!\d)"
        rf"|{y}\s*[年년]\s*0?{m}\s*[月월]\s*0?{d}(?!\d)"
        rf"|(?<!\d)0?{d}(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+|of\s+)?(?:{names})\b\.?,?\s+(?:de\s+)?{y}(?!\d)"
        rf"|(?<!\w)(?:{names})\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}(?!\d)",
        re.I,
    )


def _year_spans(text: str, day: dt.date) -> list[tuple[int, int]]:
    """Where a date of ``day``'s year can be: around each written year, windows merged.

    Every form writes the year: in full, or in two digits after a separator ("18.11.19")."""
    starts: list[int] = []
    for year, separated in ((str(day.year), False), (f"{day.year % 100:02d}", True)):
        at = text.find(year)
        while at != -1:
            if not separated or text[max(0, at - 2) : at].rstrip()[-1:] in (".", "/", "-"):
                starts.append(at)
            at = text.find(year, at + 1)
    spans: list[tuple[int, int]] = []
    for at in sorted(starts):
        lo, hi = max(0, at - _BEFORE), at + 4 + _AFTER
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def shows_day(text: str, day: dt.date) -> bool:
    """Whether ``text`` writes this day in any common form (for corroboration, not discovery).

    Numeric forms are accepted in either order here: the day is known, so 04/05/2022
    shows 4 May and 5 April alike. The pattern is tried only around the year's places
    (a whole page's text at once took ~20 ms: nothing in it is a literal to skip ahead to).
    """
    pattern = _day_pattern(day)
    return any(pattern.search(text, lo, hi) for lo, hi in _year_spans(text, day))
