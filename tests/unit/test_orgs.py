"""Organisation keys, the curated list and the name-shape rule (desktop.entities.orgs)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.entities.orgs import looks_like_org, lookup_org, org_key, orgs, scan_orgs
from desktop.entities.outlets import precise_names
from desktop.entities.people import scan_people

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


SAME = [
    [
        "Russian Defense Ministry",
        "Russian Defence Ministry",
        "Russia's Defense Ministry",
        "Russia’s defence ministry",
        "the Russian Ministry of Defence",
        "Ministry of Defence of Russia",
        "Russian Ministry of Defense",
        "Ministry of Defense of the Russian Federation",
    ],
    [
        "British Ministry of Defence",
        "British Ministry of Defense",
        "UK Ministry of Defence",
        "U.K. Defense Ministry",
        "Britain's Defence Ministry",
        "Ministry of Defence of the United Kingdom",
    ],
    ["Ukraine's Armed Forces", "Ukrainian Armed Forces", "Armed Forces of Ukraine"],
    ["US Army", "U.S. Army", "United States Army", "USA Army"],
    ["US Department of State", "U.S. State Department", "State Department of the United States"],
    ["Ministry of Foreign Affairs of Ukraine", "Ukrainian Foreign Ministry"],
    ["Ukraine's Foreign Ministry", "Ukrainian Ministry of Foreign Affairs"],
    ["Russian Interior Ministry", "Russian Ministry of Internal Affairs"],
    ["National Guard of Russia", "Russian National Guard", "Russia's National Guard"],
    ["Donetsk People's Republic", "Donetsk People’s Republic", "Donetsk Peoples Republic"],
    ["University of Oxford", "Oxford University"],
    [
        "Organisation for Security and Co-operation in Europe",
        "Organization for Security and Cooperation in Europe",
    ],
]  # fmt: skip
DIFFERENT = [
    ("Russian Defence Ministry", "British Defence Ministry"),
    ("Russian Defence Ministry", "Russian Foreign Ministry"),
    ("Russian Defence Ministry", "Defence Ministry"),  # no country: not the Russian one
    ("Russian Armed Forces", "Ukrainian Armed Forces"),
    ("Bank of America", "American Bank"),  # "America" is not folded, "US" is
    ("Labour Party", "Labor Party"),
]


@pytest.mark.parametrize("group", SAME, ids=lambda g: g[0])
def test_org_key_folds_variants(group: list[str]) -> None:
    assert len({org_key(name) for name in group}) == 1


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_org_key_keeps_organisations_apart(a: str, b: str) -> None:
    assert org_key(a) != org_key(b)


def test_org_key_values() -> None:
    assert org_key("Russia's Defense Ministry") == "russian defense ministry"
    assert org_key("U.S. Army") == "american army"
    assert org_key("Russia") == "russia"  # a bare country is left alone


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("UN", "United Nations"),
        ("U.N.", "United Nations"),
        ("the United Nations", "United Nations"),
        ("ICRC", "International Committee of the Red Cross"),
        (
            "the International Committee of the Red Cross",
            "International Committee of the Red Cross",
        ),
        ("FSB", "FSB"),
        ("Federal Security Service", "FSB"),
        ("Rosgvardia", "Russian National Guard"),
        ("Russian National Guard", "Russian National Guard"),
        ("National Guard of Russia", "Russian National Guard"),
        ("Atesh", "Atesh"),
        ("NATO", "NATO"),
        ("Nato", "NATO"),
        ("EU", "European Union"),
        ("European Union", "European Union"),
        ("IAEA", "International Atomic Energy Agency"),
        ("Wagner Group", "Wagner Group"),
        ("Wagner", "Wagner Group"),
        ("Azov Brigade", "Azov Brigade"),
        ("Azov Regiment", "Azov Brigade"),
        ("SBU", "SBU"),
        ("Security Service of Ukraine", "SBU"),
        ("GUR", "Defence Intelligence of Ukraine"),
        ("HUR", "Defence Intelligence of Ukraine"),
        ("Kremlin", "Kremlin"),
        ("the Pentagon", "Pentagon"),
        ("Ukraine's Armed Forces", "Armed Forces of Ukraine"),
        ("Russian Armed Forces", "Russian Armed Forces"),
        ("Russian Forces", "Russian Armed Forces"),  # looked up, never scanned
        ("Donetsk People's Republic", "Donetsk People's Republic"),
        ("DPR", "Donetsk People's Republic"),
        ("Russia's Defense Ministry", "Russian Defense Ministry"),
        ("Ministry of Defence of the Russian Federation", "Russian Defense Ministry"),
        ("The British Ministry of Defense", "British Ministry of Defence"),
        ("Britain's Defence Ministry", "British Ministry of Defence"),
        # outlets are organisations too
        ("Reuters", "Reuters"),
        ("The Guardian", "The Guardian"),
        ("CBS News", "CBS News"),
        ("AP", "Associated Press"),
        ("Newsweek", "Newsweek"),
    ],
)
def test_lookup_org(name: str, canonical: str) -> None:
    assert lookup_org(name) == canonical


@pytest.mark.parametrize(
    "name", ["un", "Russia", "US", "Defense Ministry", "Ministry of Defence", "Red", "Time", ""]
)
def test_lookup_org_refuses(name: str) -> None:
    assert lookup_org(name) is None


def test_every_curated_spelling_finds_its_own_organisation() -> None:
    wrong = [
        (n, o.canonical, lookup_org(n))
        for o in orgs()
        for n in (o.canonical, *o.aliases)
        if lookup_org(n) != o.canonical
    ]
    wrong += [(n, c, lookup_org(n)) for n, c in precise_names().items() if lookup_org(n) != c]
    assert wrong == []


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], c) for s, e, c in scan_orgs(text)]


def test_scan_orgs_seed_001() -> None:
    assert found(seed("001")) == [
        ("Russian National Guard", "Russian National Guard"),
        ("Ukraine's Defense Ministry's intelligence branch", "Defence Intelligence of Ukraine"),
        ("Reuters", "Reuters"),
        ("Russian National Guard", "Russian National Guard"),
        ("FSB", "FSB"),
        ("Russian Defense Ministry", "Russian Defense Ministry"),
        ("CBS News", "CBS News"),
        ("The Guardian", "The Guardian"),
    ]


def test_scan_orgs_seed_003_atesh() -> None:
    hits = found(seed("003"))
    assert hits.count(("Atesh", "Atesh")) == 7  # "Atesh's Telegram channel" included
    assert ("Newsweek", "Newsweek") in hits
    assert ("Russian Armed Forces", "Russian Armed Forces") in hits
    assert ("Russian Guard", "Russian National Guard") in hits
    assert found("the Ukrainian partisan movement, known as Atesh, operating") == [
        ("Atesh", "Atesh")
    ]


def test_scan_orgs_seed_004() -> None:
    hits = found(seed("004"))
    assert ("British Ministry of Defense", "British Ministry of Defence") in hits
    assert hits.count(("Russian Defense Ministry", "Russian Defense Ministry")) == 3
    assert ("Donetsk People’s Republic", "Donetsk People's Republic") in hits
    assert ("Lugansk People’s Republic", "Luhansk People's Republic") in hits
    assert (
        "International Committee of the Red Cross",
        "International Committee of the Red Cross",
    ) in hits
    assert found("Head of the Russian National Defense Control Center Lieutenant-General") == [
        ("Russian National Defense Control Center", "Russian National Defence Control Centre")
    ]
    assert found("The British Ministry of Defense stated that") == [
        ("British Ministry of Defense", "British Ministry of Defence")
    ]


def test_scan_orgs_seed_002_lowercase_style() -> None:
    hits = found(seed("002"))
    assert ("Ukraine’s armed forces", "Armed Forces of Ukraine") in hits
    assert ("Russian Defense Ministry", "Russian Defense Ministry") in hits
    assert ("Kremlin", "Kremlin") in hits


def test_scan_orgs_boundaries_and_case() -> None:
    text = (
        "the Russian Defense Ministry said; pro-Kremlin bloggers; a russian guard; "
        "the Kurdistan Democratic Party; Sea of Azov; the un; nato; "
        "Ukraine's SBU and Russia's FSB; the U.N. nuclear watchdog"
    )
    assert found(text) == [
        ("Russian Defense Ministry", "Russian Defense Ministry"),  # "the" left out
        ("SBU", "SBU"),
        ("FSB", "FSB"),
        ("U.N. nuclear watchdog", "International Atomic Energy Agency"),
    ]


def test_scan_orgs_longest_match_no_overlap() -> None:
    assert found("the UN Security Council and the U.S. State Department") == [
        ("UN Security Council", "UN Security Council"),
        ("U.S. State Department", "US State Department"),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "Ministry of Defence", "Wagner Group", "Bank of England", "Police Department",
        "Kyiv Post", "Russian National Guard", "Resistance Movement", "Azot Company",
        "Harvard University", "Institute for the Study of War", "Atesh", "NATO",
        "Vostok Battalion", "MELITOPOL CITY COUNCIL",
        # the model's "person" in a Reuters story of the 23k benchmark library
        "Thorn Ericsson Telecommunications", "Cable and Wireless Communications",
    ],
)  # fmt: skip
def test_looks_like_org(name: str) -> None:
    assert looks_like_org(name)


@pytest.mark.parametrize(
    "name",
    [
        "Vladimir Putin", "Melitopol", "West Bank", "Soviet Union", "Oval Office", "Times Square",
        "Museum director Leila Ibrahimova", "a group of soldiers", "the ministry", "",
    ],
)  # fmt: skip
def test_looks_like_org_not(name: str) -> None:
    assert not looks_like_org(name)


@pytest.mark.timing
def test_scans_take_a_few_ms_on_a_5kb_article() -> None:
    text = (seed("004") + seed("001"))[:5000]
    scan_orgs(text)
    scan_people(text)  # indexes built
    start = time.perf_counter()
    for _ in range(10):
        scan_orgs(text)
        scan_people(text)
    assert (time.perf_counter() - start) / 10 < 0.05
