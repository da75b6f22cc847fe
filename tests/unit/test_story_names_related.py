"""Name lists, an entity's story and other coverage of an event, from the store and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.curation import CurationError
from desktop.library import Library
from desktop.namelists import parse_names, to_csv
from desktop.querying import SearchRequest
from desktop.story import month_range
from tests.helpers.libraries import ids_by_name


def found(lib: Library, query: str) -> set[int]:
    return set(lib.searcher.all_ids(SearchRequest(query=query, limit=0)).tolist())


def test_names_are_parsed_from_lines_and_csv() -> None:
    assert parse_names("Ivan Fedorov\n\n# a comment\n  Melitopol \nmelitopol\n") == [
        "Ivan Fedorov", "Melitopol",
    ]  # fmt: skip
    assert parse_names('role,name\nmayor,"Fedorov, Ivan"\ncity,Kherson\n') == [
        "Fedorov, Ivan", "Kherson",
    ]  # fmt: skip
    assert parse_names("Kherson\tcity\nMelitopol\tcity\n") == ["Kherson", "Melitopol"]
    with pytest.raises(ValueError, match="at most"):
        parse_names("\n".join(f"name {i}" for i in range(5001)))


def test_name_list_counts_through_spellings_and_opens_as_a_search(seed_library: Library) -> None:
    rows = seed_library.workbench.name_counts(
        ["Ivan Federov", "Kherson", "Nobody Atall", "Arestovych"]
    )
    by = {r.name: r for r in rows}
    assert [r.name for r in rows] == ["Ivan Federov", "Kherson", "Nobody Atall", "Arestovych"]
    fedorov = by["Ivan Federov"]
    assert (fedorov.matched, fedorov.articles) == (("Ivan Fedorov",), 2)
    assert "Ivan Fedorov" in fedorov.via  # says how the spelling was folded in
    assert (fedorov.first, fedorov.last) == (dt.date(2023, 11, 17), dt.date(2023, 11, 17))
    assert by["Kherson"].articles == 4 and by["Kherson"].undated == 2
    assert by["Kherson"].last == dt.date(2024, 7, 23)
    nobody = by["Nobody Atall"]
    assert (nobody.articles, nobody.matched, nobody.query) == (0, (), "")  # never a guess
    assert by["Arestovych"].matched == ("Oleksiy Arestovych",)
    for row in rows:  # each row's search finds exactly the articles it counted
        if row.query:
            assert len(found(seed_library, row.query)) == row.articles, row.query
    table = to_csv(rows).splitlines()
    assert table[0].startswith("name,found as,matched,articles,first,last")
    assert table[1].startswith("Ivan Federov,actor,Ivan Fedorov,2,2023-11-17,2023-11-17")


def test_story_of_an_entity(seed_library: Library) -> None:
    story = seed_library.workbench.story("Kherson")
    assert (story.name, story.kind, story.articles, story.undated) == ("Kherson", "place", 4, 2)
    assert story.months[0] == ("2023-11", 1) and story.months[-1] == ("2024-07", 1)
    assert len(story.months) == 9 and sum(n for _, n in story.months) == 2  # gaps included
    companions = {c.name: (c.facet, c.articles) for c in story.companions}
    assert companions["Ukraine"] == ("place", 4)
    assert companions["Ivan Fedorov"] == ("actor", 2)
    assert "Kherson" not in companions
    counts = [c.articles for c in story.companions]
    assert counts == sorted(counts, reverse=True)
    # a bar is a month: its filter finds the month's articles
    start, end = month_range("2024-07")
    assert (start, end) == (dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    request = SearchRequest(places=(story.label,), date_from=start, date_to=end, limit=0)
    assert seed_library.searcher.search(request).total == 1
    with pytest.raises(CurationError, match="no entity"):
        seed_library.workbench.story("Atlantis")


def test_other_coverage_says_why(seed_library: Library) -> None:
    names = ids_by_name(seed_library)
    melitopol = names["001_53bdf8a33f697a68"]
    rows = seed_library.workbench.related(melitopol, 3)
    assert len(rows) == 3 and melitopol not in [r.id for r in rows]
    best = rows[0]  # the other Melitopol article, with its mayor
    assert best.id == names["000_7c70147f503d4823"]
    assert best.why.startswith("same places: Melitopol")
    assert "same actor: Ivan Fedorov" in best.why
    assert best.shared[0] == "Melitopol"  # the rarest shared name first
    scores = [r.score for r in rows]
    assert scores == sorted(scores, reverse=True)
    data = best.to_json()
    assert data["id"] == best.id and data["why"] == best.why


def test_command_line(fresh_seed_library: Library, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    lib_dir = str(fresh_seed_library.root)
    fresh_seed_library.close()
    names = tmp_path / "names.txt"
    names.write_text("Ivan Federov\nNobody Atall\n", encoding="utf-8")

    def run(*args: str) -> str:
        capsys.readouterr()
        assert main(["--library", lib_dir, *args]) == 0
        return capsys.readouterr().out

    rows = json.loads(run("names", str(names), "--json"))
    assert [(r["name"], r["articles"]) for r in rows] == [("Ivan Federov", 2), ("Nobody Atall", 0)]
    assert rows[0]["query"] == 'actor:"Ivan Federov"'
    assert run("names", str(names), "--csv").startswith("name,found as,matched")
    story = json.loads(run("story", "Kherson", "--json"))
    assert story["articles"] == 4 and story["filter"] == {"facet": "place", "value": "Kherson"}
    assert "Kherson (place): 4 articles, 2 undated" in run("story", "Kherson")
    related = json.loads(run("related", "2", "--limit", "2", "--json"))
    assert len(related) == 2 and all(r["why"] for r in related)

    assert "Mayor" in run("saved", "add", "Mayor", 'actor:"Ivan Fedorov"')
    assert run("saved", "list").split() == ["Mayor", "2", "articles"]
    assert run("saved", "run", "Mayor").startswith("Mayor: 2 of 5 articles")
    assert "Mayor" in run("saved", "remove", "Mayor")
    assert run("saved", "list") == "no saved searches\n"
