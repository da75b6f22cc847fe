"""Whether a page shows a given day: the corroboration a page's date needs (datechoice)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from desktop.ingest.shown_dates import _day_pattern, shows_day
from tests.helpers import SEEDS

FORMS = [
    ("12. März 2020", dt.date(2020, 3, 12)),
    ("le 12 mars 2020", dt.date(2020, 3, 12)),
    ("12 de marzo de 2020", dt.date(2020, 3, 12)),
    ("12 марта 2020 г.", dt.date(2020, 3, 12)),
    ("2020年3月12日", dt.date(2020, 3, 12)),
    ("Updated March 12,\n                        2020 at 10:04", dt.date(2020, 3, 12)),
    ("Posted 18.11.19 by the desk", dt.date(2019, 11, 18)),
    ("Posted 18. 11. 19 by the desk", dt.date(2019, 11, 18)),
    ("on 11/18/19.", dt.date(2019, 11, 18)),
    ("2019-11-18T10:00", dt.date(2019, 11, 18)),
]


@pytest.mark.parametrize(("text", "day"), FORMS)
def test_a_day_written_in_a_common_form_is_shown(text: str, day: dt.date) -> None:
    page = f"{'Menu Home World ' * 200}\n{text}\n{'Related stories ' * 200}"
    assert shows_day(page, day)
    assert not shows_day(page, day + dt.timedelta(days=1))
    assert not shows_day(page, day.replace(year=day.year - 1))


def test_the_day_and_month_of_a_numeric_date_may_be_either_way_round() -> None:
    assert shows_day("filed 04/05/2022", dt.date(2022, 5, 4))
    assert shows_day("filed 04/05/2022", dt.date(2022, 4, 5))
    assert not shows_day("filed 04/05/2022", dt.date(2022, 5, 5))


def test_a_number_that_merely_contains_the_day_is_not_the_day() -> None:
    assert not shows_day("ticket 112.3.2020-x and 2020112", dt.date(2020, 3, 12))
    assert not shows_day("12 March 20201", dt.date(2020, 3, 12))


def _page(rng: random.Random, days: list[dt.date]) -> str:
    """Noise of digits, separators, month names and indentation, with dates written in it."""
    words = "2019 2020 19 20 - . / March märz Nov 11 18 3 12 年 月 日 de of th Posted , 0"
    parts = words.split(" ")
    parts += [" ", "\n", " " * 10]
    out = []
    for _ in range(rng.randint(0, 300)):
        if rng.random() < 0.03:
            day = rng.choice(days)
            gap = rng.choice([" ", "\n" + " " * rng.randint(0, 60)])
            out.append(
                rng.choice(
                    [
                        f"{day.day}.{day.month}.{day.year % 100:02d}",
                        f"{day.month}/{day.day}/{day.year}",
                        f"{day:%B}{gap}{day.day},{gap}{day.year}",
                        f"{day.day}{gap}{day:%b}{gap}{day.year}",
                        f"{day.year}年{day.month}月{day.day}日",
                        f"{day:%Y-%m-%d}",
                    ]
                )
            )
        else:
            out.append(rng.choice(parts))
    return "".join(out)


def test_looking_around_the_year_finds_what_the_whole_text_does() -> None:
    """The pattern is tried only near each written year: never a different answer.

    Fails if a form without the year in full (two digits after a separator) is not anchored,
    or a window cuts a date that spans indentation."""
    rng = random.Random(16)
    days = [day for _, day in FORMS] + [
        dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 900)) for _ in range(10)
    ]
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [text for text, _ in FORMS] + [_page(rng, days) for _ in range(300)]
    shown = 0
    for text in texts:
        for day in days:
            whole = _day_pattern(day).search(text) is not None
            assert shows_day(text, day) == whole, (text[:200], day)
            shown += whole
    assert shown > 300  # the comparison saw many days shown, not only absent ones
