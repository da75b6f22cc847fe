"""Name keys, person clean-up and the curated people list (desktop.entities.names/people)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.entities.names import (
    is_junk_person,
    longest_first,
    name_key,
    strip_person_title,
    translit_key,
)
from desktop.entities.people import lookup_person, people, scan_people

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# -- name_key ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("U.S.", "us"),
        ("The Guardian", "guardian"),
        ("the  Guardian’s", "guardian"),
        ("Zelenskyy’s", "zelenskyy"),
        ("Zelenskyy's", "zelenskyy"),
        ("Peoples'", "peoples"),
        ("Erdoğan", "erdogan"),
        ("Čaputová", "caputova"),
        ("Łukasz", "lukasz"),
        ("Lieutenant-General", "lieutenant general"),
        ("Kassym–Jomart", "kassym jomart"),
        ("  St. Petersburg\n", "st petersburg"),
        ("“Vostok”", "vostok"),
        ("Donetsk People’s Republic", "donetsk people's republic"),
        ("STRASSE", "strasse"),
    ],
)
def test_name_key(raw: str, key: str) -> None:
    assert name_key(raw) == key


def test_name_key_keeps_inner_the_and_words() -> None:
    assert name_key("Institute for the Study of War") == "institute for the study of war"
    assert name_key("Theresa May") == "theresa may"  # "the" only as a whole leading word


# -- translit_key ------------------------------------------------------------------------------

FOLD = [
    ("Fedorov", "Federov"),
    ("Fedorov", "Fyodorov"),
    ("Zelensky", "Zelenskyy"),
    ("Zelensky", "Zelenskiy"),
    ("Zelensky", "Zelenskij"),
    ("Zelensky", "Zelenski"),
    ("Arestovych", "Arestovich"),
    ("Zaluzhny", "Zaluzhnyi"),
    ("Zaluzhny", "Zaluzhniy"),
    ("Podolyak", "Podoliak"),
    ("Podolyak", "Podol'yak"),
    ("Kadyrov", "Kadirov"),
    ("Zakharova", "Zaharova"),
    ("Yevgeny", "Evgeny"),
    ("Yevgeny", "Yevgeniy"),
    ("Sergeyev", "Sergeev"),
    ("Gorbachev", "Gorbachov"),
    ("Oleksiy", "Oleksii"),
    ("Alexei", "Aleksey"),
    ("Volodymyr", "Wolodymyr"),
    ("Smith", "Smyth"),
    ("Raphael", "Rafael"),
    ("Ivan Fedorov", "Ivan Federov"),
]
KEEP_APART = [
    ("Ivanov", "Ivanova"),  # husband and wife are two people
    ("Putin", "Patin"),
    ("Biden", "Baden"),
    ("Trump", "Tramp"),
    ("Gore", "Gere"),  # first vowels differ
    ("Zelensky", "Zelenska"),  # Volodymyr and Olena
    ("Kyiv", "Kiev"),  # places: the gazetteer's business
    ("Elizabeth I", "Elizabeth II"),
    ("Ivan Fedorov", "Mykhailo Fedorov"),
]


@pytest.mark.parametrize(("a", "b"), FOLD)
def test_translit_key_folds_variants(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


@pytest.mark.parametrize(("a", "b"), KEEP_APART)
def test_translit_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert translit_key(a) != translit_key(b)


def test_translit_key_is_case_and_accent_blind() -> None:
    assert translit_key("ZELENSKYY") == translit_key("zelensky") == translit_key("Zelenskýj")


# -- strip_person_title ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Major General Igor Konashenkov", "Igor Konashenkov"),
        ("President Volodymyr Zelensky", "Volodymyr Zelensky"),
        ("Lieutenant-General Mikhail Mezintsev", "Mikhail Mezintsev"),
        ("Museum director Leila Ibrahimova", "Leila Ibrahimova"),
        ("Mr. Putin", "Putin"),
        ("Mr Blair", "Blair"),
        ("Dr. Anthony Fauci", "Anthony Fauci"),
        ("Secretary-General Antonio Guterres", "Antonio Guterres"),
        ("Prime Minister Rishi Sunak", "Rishi Sunak"),
        ("Foreign Minister Sergei Lavrov", "Sergei Lavrov"),
        ("spokesman Dmitry Peskov", "Dmitry Peskov"),
        ("mayor Ivan Fedorov", "Ivan Fedorov"),
        ("Sen. Lindsey Graham", "Lindsey Graham"),
        ("Gen. Valery Gerasimov", "Valery Gerasimov"),
        ("Col. Oleksandr Motuzianyk", "Oleksandr Motuzianyk"),
        ("Minister of Foreign Affairs Dmytro Kuleba", "Dmytro Kuleba"),
        ("Secretary of State Antony Blinken", "Antony Blinken"),
        ("First Lady Olena Zelenska", "Olena Zelenska"),
        ("Chechen leader Ramzan Kadyrov", "Ramzan Kadyrov"),
        (
            "Head of the Russian National Defense Control Center Lieutenant-General "
            "Mikhail Mezintsev",
            "Mikhail Mezintsev",
        ),
        # unchanged: a surname that is also a rank, a bare title, royal and papal names
        ("John Major", "John Major"),
        ("President", "President"),
        ("King Charles III", "King Charles III"),
        ("Pope Francis", "Pope Francis"),
        ("Volodymyr Zelensky", "Volodymyr Zelensky"),
    ],
)
def test_strip_person_title(raw: str, name: str) -> None:
    assert strip_person_title(raw) == name


# -- is_junk_person ----------------------------------------------------------------------------

JUNK = [
    "He", "she", "They", "Twitter", "Telegram", "Facebook", "Kremlin", "HIMARS", "Javelin",
    "Grammy", "GPRS", "SBU", "A.", "J", "x2", "T-90M", "the Lib Dems", "said Putin",
    "Prime Minister", "President", "Mr", "Friday", "@zelenskyy", "www.kremlin.ru", "",
    "Marks & Spencer", "one two three four five six seven", "Crimean Tartar", "Russians",
    "Storm Shadow", "Kremlin.ru",
]  # fmt: skip
PEOPLE = [
    "Vladimir Putin", "Putin", "Zelensky", "Leila Ibrahimova", "de Gaulle", "Ursula von der Leyen",
    "O'Driscoll", "Thomas-Greenfield", "George W. Bush", "Kim Jong Un", "Stacey Abrams",
]  # fmt: skip


@pytest.mark.parametrize("name", JUNK)
def test_is_junk_person_rejects(name: str) -> None:
    assert is_junk_person(name)


@pytest.mark.parametrize("name", PEOPLE)
def test_is_junk_person_keeps_names(name: str) -> None:
    assert not is_junk_person(name)


def test_longest_first_drops_overlaps() -> None:
    spans = [(0, 6, "a"), (0, 13, "b"), (7, 13, "c"), (20, 25, "d")]
    assert longest_first(spans) == [(0, 13, "b"), (20, 25, "d")]


# -- people ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Zelensky", "Volodymyr Zelensky"),
        ("Zelenskyy", "Volodymyr Zelensky"),
        ("Zelenskiy’s", "Volodymyr Zelensky"),
        ("Zelenskij", "Volodymyr Zelensky"),  # by translit_key, not listed
        ("Volodymyr Zelenskyi", "Volodymyr Zelensky"),
        ("President Volodymyr Zelensky", "Volodymyr Zelensky"),
        ("Vladimir Zelensky", "Volodymyr Zelensky"),
        ("Mr. Putin", "Vladimir Putin"),
        ("Ivan Federov", "Ivan Fedorov"),
        ("Oleksiy Arestovich", "Oleksiy Arestovych"),
        ("Arestovich", "Oleksiy Arestovych"),
        ("Mykhailo Podoliak", "Mykhailo Podolyak"),
        ("Valery Zaluzhny", "Valeriy Zaluzhny"),
        ("Valerii Zaluzhnyi", "Valeriy Zaluzhny"),
        ("Zaluzhnyi", "Valeriy Zaluzhny"),
        ("Kadyrov", "Ramzan Kadyrov"),
        ("Evgeny Prigozhin", "Yevgeny Prigozhin"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Major General Igor Konashenkov", "Igor Konashenkov"),
        ("Lieutenant-General Mikhail Mezintsev", "Mikhail Mezintsev"),
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
        ("von der Leyen", "Ursula von der Leyen"),
        ("Xi", "Xi Jinping"),
        ("Patriarch Kirill", "Patriarch Kirill"),
        ("Lukashenka", "Alexander Lukashenko"),
        ("Milei", "Javier Milei"),
        ("Milley", "Mark Milley"),
    ],
)
def test_lookup_person(raw: str, canonical: str) -> None:
    assert lookup_person(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "Fedorov",  # Ivan (Melitopol) or Mykhailo (digital minister)
        "Johnson",  # not only Boris
        "Klitschko",  # Vitali or Wladimir
        "Medvedev",  # Dmitry or Daniil
        "Kirill",
        "putin",  # no capital letter: not a name as written
        "Charles I",  # not Charles III
        "Leila Ibrahimova",  # real, but not curated
        "Kherson",
        "",
    ],
)
def test_lookup_person_refuses_ambiguous_or_unknown(raw: str) -> None:
    assert lookup_person(raw) is None


def test_every_curated_spelling_finds_its_own_person() -> None:
    wrong = [
        (n, p.canonical, lookup_person(n))
        for p in people()
        for n in (p.canonical, *p.aliases)
        if lookup_person(n) != p.canonical
    ]
    assert wrong == []
    assert len(people()) > 250
    assert len({p.canonical for p in people()}) == len(people())


def names_in(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], c) for s, e, c in scan_people(text)]


def test_scan_people_seed_000() -> None:
    assert names_in(seed("000")) == [
        ("Oleksiy Arestovych", "Oleksiy Arestovych"),
        ("Volodymyr Zelensky", "Volodymyr Zelensky"),
        ("Ivan Fedorov", "Ivan Fedorov"),
    ]


def test_scan_people_folds_transliteration_seed_001() -> None:
    assert names_in(seed("001")) == [("Ivan Federov", "Ivan Fedorov")]


def test_scan_people_seed_002() -> None:
    assert names_in(seed("002")) == [
        ("Valeriy Zaluzhny", "Valeriy Zaluzhny"),
        ("Mykhailo Podolyak", "Mykhailo Podolyak"),
    ]


def test_scan_people_seed_004_titles_and_places_around_names() -> None:
    assert names_in(seed("004")) == [
        ("Alexander Khodakovsky", "Alexander Khodakovsky"),
        ("Mikhail Mezintsev", "Mikhail Mezintsev"),
        ("Ramzan Kadyrov", "Ramzan Kadyrov"),
        ("Igor Konashenkov", "Igor Konashenkov"),
        ("Antonio Guterres", "Antonio Guterres"),
    ]
    text = "the President of the Russian Republic of Chechnya Ramzan Kadyrov declared"
    assert names_in(text) == [("Ramzan Kadyrov", "Ramzan Kadyrov")]


def test_scan_people_spans_and_edges() -> None:
    text = (
        "Putin’s spokesman Dmitry Peskov said Vladimir Putin's aide met "
        "Ursula von der Leyen, George W. Bush and Linda Thomas-Greenfield; Joe\nBiden."
    )
    assert names_in(text) == [
        ("Dmitry Peskov", "Dmitry Peskov"),
        ("Vladimir Putin", "Vladimir Putin"),  # possessive left out of the span
        ("Ursula von der Leyen", "Ursula von der Leyen"),
        ("George W. Bush", "George W. Bush"),
        ("Linda Thomas-Greenfield", "Linda Thomas-Greenfield"),
    ]  # a name broken by a line break is not a mention
    assert names_in("Zelensky said so. Mr Putin agreed.") == []  # bare surnames: the caller's


def test_scan_people_ignores_namesakes_of_other_words() -> None:
    assert names_in("Queen Elizabeth I and Charles I ruled England.") == []
