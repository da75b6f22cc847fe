"""Wire briefs (a headline and no body) grouped with their re-runs, and only with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.versions_briefs import headline_windows
from tests.helpers.libraries import ids_by_name, write_articles

BRIEF = (
    "FRENCH 13-WEEK T-BILL AVERAGE RATE FALLS TO 7.69 PCT FROM 7.82 PCT\nMarch 2, 1987\n"
    "Source: Reuters"
)
FOOTER = "Follow us on Twitter and Facebook for the latest news and updates."
BRIEFS = {
    "tbill": BRIEF,
    # the re-run: a wire label, the headline trimmed at its end, another outlet, a footer
    "tbill-rerun": "UPDATE 1-FRENCH 13-WEEK T-BILL AVERAGE RATE FALLS TO 7.69\nMarch 2, 1987\n"
    "Source: Wire Copy Daily\n\n" + FOOTER,
    # one day, one genre, most words in common, other figures: another item
    "tbill-26": "FRENCH 26-WEEK T-BILL AVERAGE RATE FALLS TO 7.74 PCT FROM 7.90 PCT\n"
    "March 2, 1987\nSource: Reuters",
    # two items of one outlet under the same footer: the footer is no text in common
    "ford": "FORD MOTOR CO OF CANADA LTD 4TH QTR SHR 8.17 DLRS VS 55 CTS\nMarch 2, 1987\n"
    "Source: Wire Copy Daily\n\n" + FOOTER,
    "gm": "GENERAL MOTORS OF CANADA LTD 4TH QTR SHR 8.17 DLRS VS 55 CTS\nMarch 2, 1987\n"
    "Source: Wire Copy Daily\n\n" + FOOTER,
    # the same headline a week later: the weekly rate again, not the same item
    "tbill-next-week": BRIEF.replace("March 2", "March 9"),
    # a short headline (a daily genre): never grouped by headline
    "meetings": "U.S. DIVIDEND MEETINGS - MARCH 3\nMarch 3, 1987\nSource: Reuters",
    "meetings-again": "Update: U.S. DIVIDEND MEETINGS - MARCH 3\nMarch 3, 1987\n"
    "Source: Wire Copy Daily",
    # no date: nothing says they ran the same day
    "undated": "CANADA PLANS 4-PART 1.2 BILLION DLR BOND ISSUE TUESDAY - OFFICIAL",
    "undated-rerun": "Update: CANADA PLANS 4-PART 1.2 BILLION DLR BOND ISSUE",
}


@pytest.fixture(scope="module")
def briefs_library(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("briefs")
    lib = Library.open(root / "lib")
    lib.import_paths(write_articles(root / "a", BRIEFS), entities=False)
    yield lib, root
    lib.close()


def test_a_brief_rerun_with_a_trimmed_headline_is_grouped(briefs_library) -> None:  # type: ignore[no-untyped-def]
    lib, _ = briefs_library
    names = ids_by_name(lib)
    versions = lib.workbench.versions.of(names["tbill-rerun"])
    assert [v.filename for v in versions] == ["tbill.txt", "tbill-rerun.txt"]
    assert versions[0].head and versions[0].source == "Reuters"
    assert versions[1].source == "Wire Copy Daily"
    # the re-run's headline is 7 of the original's 12 five-word windows
    assert versions[1].similarity == pytest.approx(7 / 12)
    hit = lib.searcher.hits([names["tbill"]])[0]
    assert hit.versions == 2


def test_different_briefs_of_one_day_are_not_grouped(briefs_library) -> None:  # type: ignore[no-untyped-def]
    lib, _ = briefs_library
    names = ids_by_name(lib)
    for name in ("tbill-26", "ford", "gm", "tbill-next-week", "meetings", "meetings-again",
                 "undated", "undated-rerun"):  # fmt: skip
        assert lib.workbench.versions.of(names[name]) == [], name
    collapsed = lib.searcher.search(SearchRequest(query="T-BILL", collapse=True, limit=10))
    assert sorted(h.filename for h in collapsed.hits) == [
        "tbill-26.txt", "tbill-next-week.txt", "tbill.txt",
    ]  # fmt: skip
    assert lib.workbench.versions.pending() == 0


def test_a_rerun_imported_later_joins_the_brief_already_there(briefs_library) -> None:  # type: ignore[no-untyped-def]
    lib, root = briefs_library
    later = {
        "tbill-refile": "REFILE-French 13-week T-bill average rate falls to 7.69 pct from 7.82 pct"
        "\nMarch 2, 1987\nSource: Evening Wire",
    }
    lib.import_paths(write_articles(root / "b", later), entities=False)
    names = ids_by_name(lib)
    group = {v.filename for v in lib.workbench.versions.of(names["tbill-refile"])}
    assert group == {"tbill.txt", "tbill-rerun.txt", "tbill-refile.txt"}
    assert lib.workbench.versions.of(names["tbill-26"]) == []


def test_a_brief_is_not_grouped_with_an_article_that_has_a_body(tmp_path: Path) -> None:
    body = (
        "PARIS, March 2 - The average rate on French 13-week Treasury bills fell at this "
        "week's auction, the Bank of France said, after a cut in money market rates last week."
    )
    arts = {
        "brief": BRIEF,
        "story": BRIEF.split("\n")[0] + "\nMarch 2, 1987\nSource: Reuters\n\n" + body,
    }
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths(write_articles(tmp_path / "a", arts), entities=False)
        names = ids_by_name(lib)
        assert lib.workbench.versions.of(names["brief"]) == []


def test_headline_windows_leave_the_wire_label_out_and_need_seven_words() -> None:
    plain = headline_windows("French 13-week T-bill average rate falls to 7.69 pct")
    assert plain is not None and len(plain) == 8  # 12 words: 7.69 is two
    for label in ("UPDATE 2-", "Update: ", "REFILE-RPT-", "Corrected - "):
        assert headline_windows(label + "French 13-week T-bill average rate falls to 7.69 pct") == (
            plain
        )
    assert headline_windows("U.S. DIVIDEND MEETINGS - MARCH 3") is None  # six words
    # a word that merely starts like a label is part of the headline
    assert ("updates", "its", "forecast", "for", "oil") in (
        headline_windows("Updates its forecast for oil prices in the spring") or set()
    )
