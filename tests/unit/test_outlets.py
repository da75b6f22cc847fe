"""The source facet's value and outlets named in text (desktop.entities.outlets)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.entities.outlets import lookup_outlet, normalize_outlet, outlets, scan_outlets

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("raw", "facet"),
    [
        ("CBS News’ 60 Minutes", "CBS News"),
        ("CBS News' 60 Minutes", "CBS News"),
        ("the Guardian", "The Guardian"),
        ("Guardian", "The Guardian"),
        ("THE GUARDIAN", "The Guardian"),
        ("theguardian.com", "The Guardian"),
        ("reuters.com", "Reuters"),
        ("Reuters", "Reuters"),
        ("© 2023 Reuters", "Reuters"),
        ("Reuters, London", "Reuters"),
        ("(Reuters)", "Reuters"),
        ("www.cnn.com", "CNN"),
        ("CNN.com", "CNN"),
        ("https://edition.cnn.com/2022/05/07/europe/live-news/index.html", "CNN"),
        ("BBC News", "BBC News"),
        ("BBC", "BBC News"),
        ("bbc.co.uk", "BBC News"),
        ("BBC World Service", "BBC News"),
        ("The New York Times", "The New York Times"),
        ("New York Times", "The New York Times"),
        ("NYT", "The New York Times"),
        ("nytimes.com", "The New York Times"),
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("Associated Press", "Associated Press"),
        ("Kyiv Independent", "The Kyiv Independent"),
        ("Source: Ukrinform", "Ukrinform"),
        ("via Al-Jazeera", "Al Jazeera"),
        ("Al Jazeera English", "Al Jazeera"),
        ("Censor.NET", "Censor.net"),
        ("Fox News - Politics", "Fox News"),
        # unknown outlets keep their spelling, tidied
        ("Published for: Ipodifier", "Ipodifier"),
        ("  Some   Local\n Paper ", "Some Local Paper"),
        ("ICARO Media Group", "ICARO Media Group"),
        ("www.icaro.media", "icaro.media"),
        ("CNN Business", "CNN Business"),  # no separator: a name of its own, not "CNN"
        ("The Times of India", "The Times of India"),  # not "The Times"
    ],
)
def test_normalize_outlet(raw: str, facet: str) -> None:
    assert normalize_outlet(raw) == facet


@pytest.mark.parametrize(
    "raw", [None, "", "   ", "Various Sources", "Quoted from Various Sources", "Staff", "N/A"]
)
def test_normalize_outlet_none(raw: str | None) -> None:
    assert normalize_outlet(raw) is None


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Reuters", "Reuters"),
        ("reuters.com", "Reuters"),
        ("uk.reuters.com", "Reuters"),
        ("the Guardian", "The Guardian"),
        ("AFP", "Agence France-Presse"),
        ("Agence France Presse", "Agence France-Presse"),
        ("Tass", "TASS"),
        ("RFE/RL", "Radio Free Europe/Radio Liberty"),
        ("Newsweek", "Newsweek"),
        ("Russia Today", "RT"),
        ("The Insider", "The Insider"),
        ("Business Insider", "Business Insider"),
    ],
)
def test_lookup_outlet_known(name: str, canonical: str) -> None:
    assert lookup_outlet(name) == canonical


@pytest.mark.parametrize("name", ["Ipodifier", "Some Local Paper", "", "example.org"])
def test_lookup_outlet_unknown(name: str) -> None:
    assert lookup_outlet(name) is None


def test_every_curated_spelling_and_domain_finds_its_outlet() -> None:
    wrong = [
        (n, o.canonical, lookup_outlet(n))
        for o in outlets()
        for n in (o.canonical, *o.aliases, *o.domains)
        if lookup_outlet(n) != o.canonical
    ]
    assert wrong == []


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], c) for s, e, c in scan_outlets(text)]


def test_scan_outlets_seeds() -> None:
    assert found(seed("000")) == [("CNN", "CNN")]
    assert found(seed("001")) == [
        ("Reuters", "Reuters"),
        ("CBS News", "CBS News"),
        ("The Guardian", "The Guardian"),
    ]
    assert found(seed("003")) == [("Newsweek", "Newsweek")]
    assert found(seed("002")) == []


def test_scan_outlets_sentence_from_seed_001() -> None:
    text = "In a related incident, CBS News’ 60 Minutes reported on Russian soldiers"
    assert found(text) == [("CBS News", "CBS News")]


def test_scan_outlets_is_case_sensitive_and_whole_word() -> None:
    text = "the guardian of the flame; CNNs; reutersX; Skyline; the Independent said; The Sun rose"
    assert found(text) == [("the Independent", "The Independent")]
    assert found("according to the Guardian, ") == [("the Guardian", "The Guardian")]
    assert found("The New York Times and the Washington Post") == [
        ("The New York Times", "The New York Times"),
        ("the Washington Post", "The Washington Post"),
    ]


def test_scan_outlets_ambiguous_names_are_not_scanned() -> None:
    # a "guardian", the Sun, a sky, Time, The Hill, RT: never outlets when scanning text
    assert found("Guardian Council; The Sun; Sky; Time will tell; The Hill; RT @user") == []


def test_scan_outlets_ap_only_as_a_news_agency() -> None:
    assert found("the AP reported that") == [("AP", "Associated Press")]
    assert found("KYIV, Ukraine (AP) — Russian forces") == [("AP", "Associated Press")]
    assert found("according to AP, the ") == [("AP", "Associated Press")]
    assert found("he told the AP on Monday") == [("AP", "Associated Press")]
    assert found("She passed the AP exam. AP Stylebook. AP-1 rocket") == []


@pytest.mark.timing
def test_scan_outlets_is_fast() -> None:
    text = (seed("001") + seed("004"))[:5000]
    scan_outlets(text)  # indexes built
    start = time.perf_counter()
    for _ in range(20):
        scan_outlets(text)
    assert (time.perf_counter() - start) / 20 < 0.02
