"""Curation that can undo any mistake (issue 12): one mention, one spelling, suggestions.

Each change shows at once, persists through re-extraction, applies to articles imported
later, and is undone by ``undo``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.curation import CurationError
from desktop.library import Library
from desktop.querying import SearchRequest
from tests.unit.test_entity_trust import ARTICLES

USED = ("ron", "howard", "fedorov", "meta", "bush1", "bush2", "companies", "junk")


pytestmark = pytest.mark.both_backends


@pytest.fixture(scope="module")
def built(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> str:
    root = tmp_path_factory.mktemp("curate")
    for name in USED:
        (root / f"{name}.txt").write_text(ARTICLES[name], encoding="utf-8")
    if backend == "postgresql":  # a database that each test gets a copy of
        return str(request.getfixturevalue("pg_databases").seeded(sorted(root.glob("*.txt"))))
    with Library.open(root / "lib") as lib:
        assert len(lib.import_paths(sorted(root.glob("*.txt"))).imported) == len(USED)
    return str(root / "lib")


@pytest.fixture
def lib(
    built: str, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Library]:
    if backend == "postgresql":
        location = str(request.getfixturevalue("pg_databases").copy_of(built))
    else:
        shutil.copytree(built, tmp_path / "lib", ignore=shutil.ignore_patterns("*.lock"))
        location = str(tmp_path / "lib")
    with Library.open(location) as library:
        yield library


def doc(lib: Library, name: str) -> int:
    (found,) = [
        i
        for i in lib.searcher.all_ids(SearchRequest()).tolist()
        if lib.searcher.document(i).filename == f"{name}.txt"
    ]
    return found


def by_text(lib: Library, name: str, text: str) -> list[tuple[int, str, str | None]]:
    """(mention id, canonical, link) of a document's mentions with that text."""
    return [
        (m.id, m.canonical, m.link)
        for m in lib.searcher.document(doc(lib, name)).entities
        if m.text == text
    ]


def actors(lib: Library) -> dict[str, int]:
    return dict(lib.searcher.search(SearchRequest(limit=0)).facets["actor"])


def test_split_a_mention_out_and_undo(lib: Library) -> None:
    howards = by_text(lib, "howard", "Howard")
    assert len(howards) == 3 and {c for _, c, _ in howards} == {"Michael Howard"}
    summary = lib.split_mention(howards[0][0]).summary
    assert "is not Michael Howard" in summary
    # the article's other bare "Howard"s go with it; the full name stays
    assert {(c, link) for _, c, link in by_text(lib, "howard", "Howard")} == {("Howard", "user")}
    assert {c for _, c, _ in by_text(lib, "howard", "Michael Howard")} == {"Michael Howard"}
    assert actors(lib)["Howard"] == 1
    reason = [m for m in lib.searcher.document(doc(lib, "howard")).entities if m.text == "Howard"][
        0
    ]
    assert reason.link_reason == "you filed “Howard” under Howard"
    # re-extraction keeps the user's word
    lib.reextract()
    assert {c for _, c, _ in by_text(lib, "howard", "Howard")} == {"Howard"}
    lib.undo_curation()
    assert {(c, link) for _, c, link in by_text(lib, "howard", "Howard")} == {
        ("Michael Howard", "article")
    }
    assert "Howard" not in actors(lib)


def test_move_a_mention_to_another_entity_and_undo(lib: Library) -> None:
    (ron_bare,) = by_text(lib, "ron", "Howard")
    assert ron_bare[1] == "Ron Howard"
    lib.move_mention(ron_bare[0], "Michael Howard")
    assert by_text(lib, "ron", "Howard")[0][1:] == ("Michael Howard", "user")
    assert actors(lib)["Michael Howard"] == 2
    with pytest.raises(CurationError, match="already filed"):
        lib.move_mention(ron_bare[0], "Michael Howard")
    lib.undo_curation()
    assert by_text(lib, "ron", "Howard")[0][1:] == ("Ron Howard", "article")
    assert actors(lib)["Michael Howard"] == 1


def test_remove_a_spelling_sticks_for_later_imports_and_undo(lib: Library, tmp_path: Path) -> None:
    spellings = {s.spelling: s for s in lib.entity_spellings("Ivan Fedorov")}
    assert spellings["Ivan Federov"].documents == [doc(lib, "fedorov")]
    assert spellings["Ivan Fedorov"].documents == [doc(lib, "meta")]
    lib.remove_spelling("Ivan Fedorov", "Ivan Federov")
    assert by_text(lib, "fedorov", "Ivan Federov")[0][1] == "Ivan Federov"
    assert "Ivan Federov" not in {s.spelling for s in lib.entity_spellings("Ivan Fedorov")}
    assert actors(lib)["Ivan Fedorov"] == 1 and actors(lib)["Ivan Federov"] == 1
    # a later article with that spelling does not go back to Ivan Fedorov
    later = tmp_path / "later.txt"
    later.write_text("Mayor speaks\n\nIvan Federov spoke in Kyiv on Tuesday.\n", "utf-8")
    new = lib.import_paths([later]).imported[0].id
    assert {m.canonical for m in lib.searcher.document(new).entities if m.kind == "person"} == {
        "Ivan Federov"
    }
    lib.reextract()
    assert by_text(lib, "fedorov", "Ivan Federov")[0][1] == "Ivan Federov"
    with pytest.raises(CurationError, match="is the name of"):
        lib.remove_spelling("Ivan Fedorov", "Ivan Fedorov")
    lib.undo_curation()  # the import and re-extraction are no curation steps
    assert by_text(lib, "fedorov", "Ivan Federov")[0][1] == "Ivan Fedorov"


def test_a_spelling_another_entity_holds_takes_its_mentions_there(
    lib: Library, tmp_path: Path
) -> None:
    """ "Howard" is linked to Michael Howard by his article, and is the surname entity of an
    article that names no Howard in full: taking the spelling from him failed on the
    spelling the library already held. His bare mentions go to that entity, back on undo."""
    (tmp_path / "a.txt").write_text("Talks\n\nMr Howard said the talks failed.\n", "utf-8")
    lib.import_paths([tmp_path / "a.txt"])
    assert actors(lib)["Howard"] == 1 and actors(lib)["Michael Howard"] == 1
    summary = lib.remove_spelling("Michael Howard", "Howard").summary
    assert "are now Howard’s" in summary
    assert {(c, link) for _, c, link in by_text(lib, "howard", "Howard")} == {("Howard", "user")}
    assert actors(lib)["Howard"] == 2
    lib.undo_curation()
    assert {c for _, c, _ in by_text(lib, "howard", "Howard")} == {"Michael Howard"}
    assert actors(lib)["Howard"] == 1 and actors(lib)["Michael Howard"] == 1


def test_a_suggestion_is_accepted_or_rejected_and_undone(lib: Library) -> None:
    (s,) = [
        s
        for s in lib.suggestions()
        if {s.entity_name, s.target_name} == {"George Bush", "George W. Bush"}
    ]
    assert "middle name" in s.reason and s.status == "open"
    assert actors(lib)["George Bush"] == 1 and actors(lib)["George W. Bush"] == 1
    lib.accept_suggestion(s.id)
    assert s.entity_name not in actors(lib) and actors(lib)[s.target_name] == 2
    assert lib.suggestions() == []
    lib.undo_curation()
    assert [x.id for x in lib.suggestions()] == [s.id]
    assert actors(lib)["George Bush"] == 1 and actors(lib)["George W. Bush"] == 1
    lib.reject_suggestion(s.id)
    assert lib.suggestions() == [] and lib.suggestions("rejected")[0].id == s.id
    with pytest.raises(CurationError, match="rejected already"):
        lib.accept_suggestion(s.id)
    lib.reextract()
    assert lib.suggestions() == []  # a rejected pair is not suggested again
    lib.undo_curation()
    assert [x.id for x in lib.suggestions()] == [s.id]


def test_entities_list_ignored_lists_only_the_ignored(
    lib: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    lib.ignore_entity("Technorati")
    assert [e.name for e in lib.entities(ignored=True)] == ["Technorati"]
    assert "Technorati" not in {e.name for e in lib.entities()}
    assert main(["--library", lib.address, "entities", "list", "--ignored", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["name"] for e in listed] == ["Technorati"] and listed[0]["ignored"]


def test_the_command_line_curates_mentions_spellings_and_suggestions(
    lib: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    root = lib.address

    def run(*argv: str) -> str:
        assert main(["--library", root, *argv]) == 0
        return capsys.readouterr().out

    shown = json.loads(run("show", str(doc(lib, "howard")), "--json"))
    bare = [e for e in shown["entities"] if e["text"] == "Howard"]
    assert bare[0]["link"] == "article" and "Michael Howard" in bare[0]["link_reason"]
    assert run("entities", "split", str(bare[0]["mention_id"])).startswith("“Howard”")
    assert run("entities", "undo").startswith("undid:")
    spellings = json.loads(run("entities", "spellings", "Ivan Fedorov", "--json"))
    assert {s["spelling"] for s in spellings} >= {"Ivan Fedorov", "Ivan Federov"}
    assert "no longer a spelling" in run("entities", "unspell", "Ivan Fedorov", "Ivan Federov")
    suggestions = json.loads(run("entities", "suggestions", "--json"))
    bush = [s for s in suggestions if "Bush" in s["entity_name"]][0]
    assert run("entities", "reject", str(bush["id"])).strip().endswith("stay apart")
    assert "stay apart" not in run("entities", "suggestions")
    export = run("export", "--format", "csv")
    assert export.splitlines()[0].endswith("canonical,link,link_reason")
