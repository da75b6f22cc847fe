"""push/pull carry the user's work, not only articles: entity curation (merges, renames,
ignored names) by names, and marks (stars, tags, notes, collections) by article identity.
A second run writes nothing; a pull is one step that Undo takes back; conflicts resolve as
docs/server.md's table says.

A laptop library (a folder, SQLite) and a server library (a database of the session's
throwaway PostgreSQL cluster) holding the same five seed articles, each with entities its
own import found (so entity ids differ between them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.cli import main
from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.store import CurationStep

pytestmark = pytest.mark.server

MOSCOW_HERE = "Moskva"  # the server's own name for Moscow
MOSCOW_THERE = "Moscow city"  # the laptop's


def ids_by_title(lib: Library) -> dict[str, int]:
    """Article ids by the second word of their titles ("soldiers", "resistance", "first",
    "Partisan", "military": the seeds differ there)."""
    ids = lib.searcher.all_ids(SearchRequest()).tolist()
    return {lib.searcher.document(i).title.split()[1]: i for i in ids}


def names(lib: Library, kind: str) -> set[str]:
    return {e.name for e in lib.entities(kind=kind)}


def entity(lib: Library, name: str):  # type: ignore[no-untyped-def]
    (found,) = [e for e in lib.entities(ignored=None) if e.name == name]
    return found


def marks(lib: Library) -> dict[str, tuple[bool, tuple[str, ...], str, tuple[str, ...]]]:
    """Every article's marks, by title word: (starred, tags, note, collections)."""
    ids = ids_by_title(lib)
    got = lib.workbench.marks(ids.values())
    return {
        word: (m.starred, m.tags, m.note, m.collections)
        for word, i in ids.items()
        if (m := got.get(i)) is not None
    }


def steps(lib: Library) -> int:
    with lib.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(CurationStep)) or 0)


def work_line(out: str) -> str:
    (line,) = [li for li in out.splitlines() if li.startswith("carried ")]
    return line


NOTHING = (
    "carried 0 merges, 0 renames, 0 kind changes, 0 ignored names; 0 stars, 0 tags, "
    "0 notes, 0 collection entries"
)


@pytest.fixture
def laptop(seed_library_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "laptop"
    shutil.copytree(seed_library_dir, path, ignore=shutil.ignore_patterns("write.lock"))
    return path


def test_push_carries_curation_and_marks_once_and_the_later_note_wins(
    laptop: Path, pg_databases, pg_seed_template, capsys
) -> None:
    server = pg_databases.copy_of(pg_seed_template)
    with Library.open(server) as srv:
        doc = ids_by_title(srv)
        srv.rename_entity("Moscow", MOSCOW_HERE, kind="place")  # the desk's own choice
        srv.set_entity_kind("Perekop", "organization")  # the desk's own choice too
        srv.workbench.set_note(doc["resistance"], "desk: older note")  # older than the laptop's
    with Library.open(laptop) as lib:
        doc = ids_by_title(lib)
        lib.workbench.set_note(doc["first"], "field: older note")  # older than the desk's
        lib.merge_entities("Russian National Guard", "Russian Armed Forces")
        lib.rename_entity("Dnieper", "Dnipro River")
        lib.rename_entity("Moscow", MOSCOW_THERE, kind="place")
        lib.ignore_entity("CNN")
        lib.set_entity_kind("Azovstal", "organization")  # the steel company
        lib.set_entity_kind("Perekop", "person")
        lib.workbench.star([doc["soldiers"]])
        lib.workbench.tag([doc["soldiers"], doc["first"]], "Grain corridor")
        lib.workbench.set_note(doc["resistance"], "field: call the mayor")  # the later one
        lib.workbench.collect([doc["resistance"]], "Kherson file")
        forces = lib.searcher.search(SearchRequest(actors=("Russian Armed Forces",))).total
    with Library.open(server) as srv:
        srv.workbench.set_note(ids_by_title(srv)["first"], "desk: the later note")
        before = marks(srv)

    assert main(["--library", str(laptop), "push", "--to", server, "--no-entities"]) == 0
    out = capsys.readouterr().out
    assert "copied 0 articles (5 already there)" in out
    line = work_line(out)
    assert line.startswith(
        "carried 1 merges, 1 renames, 1 kind changes, 1 ignored names; 1 stars, 2 tags, "
        "1 notes, 1 collection entries"
    ), line
    assert "kept 1 later notes of this side" in line
    assert f"{MOSCOW_THERE}: kept the name {MOSCOW_HERE} chosen here" in line
    assert "Perekop: kept the kind organization chosen here" in line

    with Library.open(server) as srv:
        places, orgs = names(srv, "place"), names(srv, "organization")
        assert "Dnipro River" in places and "Dnieper" not in places
        assert MOSCOW_HERE in places and MOSCOW_THERE not in places  # the desk's name stays
        assert "Russian National Guard" not in orgs
        assert "Russian Guard" in entity(srv, "Russian Armed Forces").aliases
        assert entity(srv, "CNN").ignored
        assert "Azovstal" in orgs and "Azovstal" not in places
        assert "Perekop" in orgs  # the desk's kind stays
        # search and facets follow the carried merge: the guard's articles are the forces'
        found = srv.searcher.search(SearchRequest(actors=("Russian Armed Forces",)))
        assert found.total == forces > 2  # as on the laptop: its own and the guard's
        after = marks(srv)
        assert after["soldiers"] == (True, ("Grain corridor",), "", ())
        assert after["first"] == (False, ("Grain corridor",), "desk: the later note", ())
        assert after["resistance"] == (False, (), "field: call the mayor", ("Kherson file",))
        assert before["first"][2] == "desk: the later note"
        logged = steps(srv)
        with srv.sessions() as session:
            last = session.scalars(select(CurationStep).order_by(CurationStep.id.desc())).first()
        assert last is not None and last.op == "sync" and last.provenance  # the role
        assert str(laptop) in last.summary

    # a second push finds everything there: nothing written, no step logged
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    line = work_line(capsys.readouterr().out)
    assert line.startswith(NOTHING), line
    with Library.open(server) as srv:
        assert steps(srv) == logged
        assert marks(srv) == after


def test_a_pull_is_one_step_that_undo_takes_back_and_a_second_pull_copies_nothing(
    laptop: Path, pg_databases, pg_seed_template, capsys
) -> None:
    server = pg_databases.copy_of(pg_seed_template)
    with Library.open(server) as srv:
        doc = ids_by_title(srv)
        srv.merge_entities("Russian National Guard", "Russian Armed Forces")
        srv.rename_entity("Dnieper", "Dnipro River")
        srv.ignore_entity("CNN")
        srv.set_entity_kind("Azovstal", "organization")
        srv.workbench.star([doc["soldiers"], doc["first"]])
        srv.workbench.tag([doc["soldiers"]], "grain")
        srv.workbench.set_note(doc["resistance"], "desk: check the dam")
        srv.workbench.collect([doc["first"], doc["resistance"]], "Dam")
    with Library.open(laptop) as lib:
        lib.workbench.tag([ids_by_title(lib)["soldiers"]], "Grain")  # one tag: same key
        original_marks, original_steps = marks(lib), steps(lib)
        original_orgs = names(lib, "organization")

    assert main(["--library", str(laptop), "pull", "--from", server]) == 0
    line = work_line(capsys.readouterr().out)
    assert line.startswith(
        "carried 1 merges, 1 renames, 1 kind changes, 1 ignored names; 2 stars, 0 tags, "
        "1 notes, 2 collection entries"
    ), line
    with Library.open(laptop) as lib:
        pulled = marks(lib)
        assert pulled["soldiers"] == (True, ("Grain",), "", ())  # the laptop's spelling kept
        assert pulled["first"] == (True, (), "", ("Dam",))
        assert pulled["resistance"] == (False, (), "desk: check the dam", ("Dam",))
        assert "Dnipro River" in names(lib, "place")
        assert "Russian National Guard" not in names(lib, "organization")
        assert entity(lib, "CNN").ignored
        assert "Azovstal" in names(lib, "organization")
        assert steps(lib) == original_steps + 1  # the whole pull is one step

        change = lib.undo_curation()  # Edit → Undo
        assert change.summary.startswith("undid: carried 1 merges")
        assert marks(lib) == original_marks
        assert "Dnieper" in names(lib, "place") and "Dnipro River" not in names(lib, "place")
        assert names(lib, "organization") == original_orgs
        assert not entity(lib, "CNN").ignored
        assert "Azovstal" in names(lib, "place")
        assert "Azovstal" not in names(lib, "organization")
        with lib.sessions() as session:
            assert session.scalar(select(func.count()).select_from(CurationStep)) == (
                original_steps + 1
            )

    # undone, the work can be pulled again; after that, a pull carries nothing
    assert main(["--library", str(laptop), "pull", "--from", server]) == 0
    assert work_line(capsys.readouterr().out).startswith("carried 1 merges, 1 renames")
    assert main(["--library", str(laptop), "pull", "--from", server]) == 0
    assert work_line(capsys.readouterr().out).startswith(NOTHING)
    with Library.open(laptop) as lib:
        assert marks(lib) == pulled
        assert steps(lib) == original_steps + 2  # one undone, one live


def test_a_name_carried_by_an_earlier_sync_gives_way_to_the_next(
    laptop: Path, pg_databases, pg_seed_template, capsys
) -> None:
    server = pg_databases.copy_of(pg_seed_template)
    with Library.open(laptop) as lib:
        lib.rename_entity("Melitopol", "Melitopol city")
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    with Library.open(laptop) as lib:
        lib.rename_entity("Melitopol city", "Melitopol (city)")
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    line = work_line(capsys.readouterr().out.split("push:")[-1])
    assert line.startswith("carried 0 merges, 1 renames"), line
    assert "conflict" not in line
    with Library.open(server) as srv:
        assert "Melitopol (city)" in names(srv, "place")


def quotes(lib: Library) -> set[tuple[str, str, str | None, str | None, bool]]:
    """Every quote: (passage, article title, collection, comment, still tied to its article)."""
    return {
        (q.passage, q.title, q.collection, q.comment, q.document_id is not None)
        for q in lib.workbench.quotes.list()
    }


def trashed_words(lib: Library) -> set[str]:
    return {t.title.split()[1] for t in lib.documents.trashed()}


def test_quotes_saved_searches_the_trash_and_names_shown_again_travel_once(
    laptop: Path, pg_databases, pg_seed_template, capsys
) -> None:
    server = pg_databases.copy_of(pg_seed_template)
    with Library.open(server) as srv:
        doc = ids_by_title(srv)
        srv.ignore_entity("CNN")  # the desk's own decision: a pushed un-ignore gives way
        srv.workbench.saved.add("Dam", SearchRequest(query="dam"))  # the desk's own "Dam"
        srv.documents.trash([doc["military"]])  # the desk took it out; the laptop has it back
    with Library.open(laptop) as lib:
        doc = ids_by_title(lib)
        lib.ignore_entity("Volodymyr Zelensky")
        text = lib.searcher.document(doc["soldiers"]).text
        start = text.index(text.split()[3])
        lib.workbench.quotes.save(doc["soldiers"], start, start + 40, "Kherson file", "check")
        passage = lib.workbench.quotes.list()[0].passage
        lib.workbench.saved.add("Grain", SearchRequest(query="grain", places=("Odesa",)))
        lib.workbench.saved.add("dam ", SearchRequest(query="dam OR dyke"))  # same key "dam"
        lib.documents.trash([doc["Partisan"], doc["first"]])
    # pushed once: the laptop's Zelensky ignore travels (a first sync)
    assert main(["--library", str(laptop), "push", "--to", server, "--no-entities"]) == 0
    line = work_line(capsys.readouterr().out)
    assert "1 ignored names;" in line, line
    assert ", 1 quotes, 1 saved searches; 2 moved to the trash, 0 taken out of it" in line
    assert "saved search Dam: kept the search saved here" in line
    with Library.open(server) as srv:
        title = srv.searcher.document(ids_by_title(srv)["soldiers"]).title
        assert quotes(srv) == {(passage, title, "Kherson file", "check", True)}
        (carried,) = srv.workbench.quotes.list()
        article = srv.searcher.document(ids_by_title(srv)["soldiers"]).text
        assert article[carried.start : carried.end] == passage  # tied to the server's copy
        assert trashed_words(srv) == {"Partisan", "first", "military"}
        assert srv.workbench.saved.request("Grain") == SearchRequest(
            query="grain", places=("Odesa",)
        )
        assert srv.workbench.saved.request("dam") == SearchRequest(query="dam")  # the desk's
        assert entity(srv, "Volodymyr Zelensky").ignored
        hits = srv.searcher.search(SearchRequest()).total
        assert hits == 2  # the trash is out of every search

    # in the field: Zelensky and CNN shown again, one article back out of the trash
    with Library.open(laptop) as lib:
        lib.ignore_entity("CNN")
        lib.ignore_entity("CNN", ignored=False)
        lib.ignore_entity("Volodymyr Zelensky", ignored=False)
        lib.documents.restore([doc["first"]])
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    line = work_line(capsys.readouterr().out)
    assert ", 1 names shown again;" in line, line  # Zelensky: the ignore came from the laptop
    assert "CNN: kept it ignored, as chosen here" in line  # the desk's own ignore
    assert "0 moved to the trash, 1 taken out of it" in line
    with Library.open(server) as srv:
        assert not entity(srv, "Volodymyr Zelensky").ignored
        assert entity(srv, "CNN").ignored
        assert trashed_words(srv) == {"Partisan", "military"}
        assert srv.searcher.search(SearchRequest()).total == 3
        logged = steps(srv)
        # Edit → Undo on the server takes the whole push back, the trash move included
        srv.undo_curation()
        assert entity(srv, "Volodymyr Zelensky").ignored
        assert trashed_words(srv) == {"Partisan", "first", "military"}
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    capsys.readouterr()
    # a third push, and a pull back, find both sides agreeing: nothing written
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    line = work_line(capsys.readouterr().out)
    assert line.startswith(NOTHING) and "trash" not in line and "quotes" not in line, line
    with Library.open(server) as srv:
        assert steps(srv) == logged + 1  # the undone push and the one after it
        assert len(quotes(srv)) == 1
    # pulled back: the desk's removal comes to the laptop; the laptop's own choices stay
    assert main(["--library", str(laptop), "pull", "--from", server]) == 0
    line = work_line(capsys.readouterr().out)
    assert line.startswith(NOTHING + "; 1 moved to the trash, 0 taken out of it"), line
    assert "CNN: kept it shown, as chosen here" in line
    assert "saved search dam: kept the search saved here" in line
    with Library.open(laptop) as lib:
        assert trashed_words(lib) == {"Partisan", "military"}
        assert not entity(lib, "CNN").ignored
        assert lib.workbench.saved.request("dam") == SearchRequest(query="dam OR dyke")


def test_a_quote_whose_article_the_server_lacks_keeps_its_source(
    laptop: Path, pg_databases, pg_seed_template, capsys
) -> None:
    server = pg_databases.copy_of(pg_seed_template)
    with Library.open(laptop) as lib:
        doc = ids_by_title(lib)["resistance"]
        lib.workbench.quotes.save(doc, 0, 60, comment="lede")
        (quote,) = lib.workbench.quotes.list()
        lib.documents.trash([doc])
        lib.documents.empty_trash()  # deleted for good: the quote keeps its source
        assert lib.workbench.quotes.list()[0].document_id is None
    with Library.open(server) as srv:
        srv.documents.trash([ids_by_title(srv)["resistance"]])
        srv.documents.empty_trash()
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    assert ", 1 quotes" in work_line(capsys.readouterr().out)
    with Library.open(server) as srv:
        (got,) = srv.workbench.quotes.list()
        assert (got.passage, got.title, got.outlet, got.comment, got.document_id) == (
            quote.passage,
            quote.title,
            quote.outlet,
            "lede",
            None,
        )


def test_a_spelling_removed_in_the_field_is_removed_on_the_server_once(
    laptop: Path, pg_databases, pg_seed_template, capsys
) -> None:
    """Kherson the city is not "Kherson Region": the laptop's correction reaches the desk,
    whose entity ids differ; the region's mentions become their own entity there too."""
    server = pg_databases.copy_of(pg_seed_template)
    with Library.open(server) as srv:
        assert "Kherson Region" in entity(srv, "Kherson").aliases
        before = srv.searcher.search(SearchRequest(places=("Kherson",))).total
    with Library.open(laptop) as lib:
        lib.remove_spelling("Kherson", "Kherson Region")
        expected = lib.searcher.search(SearchRequest(places=("Kherson",))).total
        assert expected < before  # an article named only the region
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    line = work_line(capsys.readouterr().out)
    assert ", 1 spellings removed;" in line, line
    with Library.open(server) as srv:
        assert "Kherson Region" not in entity(srv, "Kherson").aliases
        assert "Kherson Region" in names(srv, "place")  # its own entity now
        assert srv.searcher.search(SearchRequest(places=("Kherson",))).total == expected
        logged = steps(srv)
        srv.undo_curation()  # the whole push, the removal with it
        assert "Kherson Region" in entity(srv, "Kherson").aliases
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    assert ", 1 spellings removed;" in work_line(capsys.readouterr().out)
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    assert "spellings removed" not in work_line(capsys.readouterr().out)
    with Library.open(server) as srv:
        assert steps(srv) == logged + 1


def mentions_of(lib: Library, text: str) -> list[tuple[str, int, str]]:
    """(title word, mention id, entity) of every mention written ``text``."""
    return [
        (lib.searcher.document(i).title.split()[1], m.id, m.canonical)
        for i in lib.searcher.all_ids(SearchRequest()).tolist()
        for m in lib.searcher.document(i).entities
        if m.text == text
    ]


def test_mentions_refiled_in_the_field_are_refiled_on_the_server_once(
    laptop: Path, pg_databases, pg_seed_template, capsys
) -> None:
    """ "Not this entity" in one article: "Ivan Federov" split out of Ivan Fedorov, "Russian
    Guard" moved to the Russian Armed Forces. The desk's copies of those articles (other
    mention ids, other entity ids) get the same; the split-off name renames nothing (carried
    as a rename, it renamed the desk's Ivan Fedorov "Ivan Federov")."""
    server = pg_databases.copy_of(pg_seed_template)
    with Library.open(laptop) as lib:
        (federov, *_), (guard, *_) = (
            mentions_of(lib, "Ivan Federov"),
            mentions_of(lib, "Russian Guard"),
        )
        lib.split_mention(federov[1])
        lib.move_mention(guard[1], "Russian Armed Forces")
        expected = {
            (w, c)
            for w, _, c in mentions_of(lib, "Ivan Federov") + mentions_of(lib, "Russian Guard")
        }
    assert ("Russian Armed Forces" in {c for _, c in expected}) and (
        "Ivan Federov" in {c for _, c in expected}
    )
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    line = work_line(capsys.readouterr().out)
    assert line.startswith("carried 0 merges, 0 renames"), line
    assert ", 2 mentions refiled;" in line, line
    with Library.open(server) as srv:
        assert "Ivan Fedorov" in names(srv, "person")  # not renamed
        got = {
            (w, c)
            for w, _, c in mentions_of(srv, "Ivan Federov") + mentions_of(srv, "Russian Guard")
        }
        assert got == expected
        logged = steps(srv)
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    assert "refiled" not in work_line(capsys.readouterr().out)
    with Library.open(server) as srv:
        assert steps(srv) == logged


def test_marks_removed_in_the_field_are_removed_on_the_server_unless_made_there_later(
    laptop: Path, pg_databases, pg_seed_template, capsys
) -> None:
    """Unstarred, untagged, a note and a quote deleted on the laptop after a push: the next
    push takes them away on the server too; a star the desk put on after the removal stays.
    Undo of the push puts them back; a re-run removes nothing."""
    server = pg_databases.copy_of(pg_seed_template)
    with Library.open(laptop) as lib:
        doc = ids_by_title(lib)
        lib.workbench.star([doc["soldiers"], doc["first"]])
        lib.workbench.tag([doc["soldiers"]], "Grain")
        lib.workbench.set_note(doc["resistance"], "call the mayor")
        lib.workbench.collect([doc["military"]], "Dam")
        lib.workbench.quotes.save(doc["first"], 0, 40, comment="lede")
        lib.workbench.saved.add("Dam", SearchRequest(query="dam"))
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    capsys.readouterr()
    with Library.open(server) as srv:
        pushed = marks(srv)
        assert pushed["soldiers"] == (True, ("Grain",), "", ())
        assert len(srv.workbench.quotes.list()) == 1 and srv.workbench.saved.list()
    with Library.open(laptop) as lib:
        doc = ids_by_title(lib)
        lib.workbench.star([doc["soldiers"], doc["first"]], starred=False)
        lib.workbench.tag([doc["soldiers"]], "Grain", add=False)
        lib.workbench.set_note(doc["resistance"], "")
        lib.workbench.collect([doc["military"]], "Dam", add=False)
        lib.workbench.quotes.remove([q.id for q in lib.workbench.quotes.list()])
        lib.workbench.saved.remove("Dam")
    with Library.open(server) as srv:  # the desk stars "first" again, after the removal
        srv.workbench.star([ids_by_title(srv)["first"]], starred=False)
        srv.workbench.star([ids_by_title(srv)["first"]])
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    line = work_line(capsys.readouterr().out)
    assert "; 6 marks removed" in line, line
    assert "kept 1 marks made here after the other side removed them" in line, line
    with Library.open(server) as srv:
        after = marks(srv)
        unmarked = (False, (), "", ())
        assert after.get("soldiers", unmarked) == unmarked
        assert after["first"][0] is True  # the desk's later star
        assert after.get("resistance", unmarked)[2] == ""
        assert after.get("military", unmarked)[3] == ()
        assert srv.workbench.quotes.list() == [] and srv.workbench.saved.list() == []
        logged = steps(srv)
        srv.undo_curation()
        assert marks(srv)["soldiers"] == (True, ("Grain",), "", ())
        assert marks(srv)["resistance"][2] == "call the mayor"
        assert len(srv.workbench.quotes.list()) == 1
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    assert "; 6 marks removed" in work_line(capsys.readouterr().out)
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    assert "marks removed" not in work_line(capsys.readouterr().out)
    with Library.open(server) as srv:
        assert steps(srv) == logged + 1


def collections(lib: Library) -> dict[str, int]:
    return dict(lib.workbench.collections())


def test_a_collection_renamed_or_removed_in_the_field_is_so_on_the_server_once(
    laptop: Path, pg_databases, pg_seed_template, capsys
) -> None:
    """After a push, the laptop renames one collection and removes two: the next push
    renames the server's (its articles stay in it, no second collection) and removes the
    first; the second, to which the desk added an article after the removal, stays (with
    that article only). Undo of the push puts everything back; a re-run changes nothing."""
    server = pg_databases.copy_of(pg_seed_template)
    with Library.open(laptop) as lib:
        doc = ids_by_title(lib)
        lib.workbench.collect([doc["soldiers"], doc["first"]], "Dam")
        lib.workbench.collect([doc["military"]], "Grain")
        lib.workbench.collect([doc["resistance"]], "Mayors")
        lib.workbench.quotes.save(doc["military"], 0, 30, collection="Grain")
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    capsys.readouterr()
    with Library.open(server) as srv:
        assert collections(srv) == {"Dam": 2, "Grain": 1, "Mayors": 1}
    with Library.open(laptop) as lib:
        lib.workbench.rename_collection("Dam", "Kakhovka dam")
        lib.workbench.delete_collection("Grain")
        lib.workbench.delete_collection("Mayors")
    with Library.open(server) as srv:  # the desk files one more article under Mayors
        srv.workbench.collect([ids_by_title(srv)["Partisan"]], "Mayors")
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    line = work_line(capsys.readouterr().out)
    assert "; 1 collections renamed; 1 collections removed" in line, line
    assert "kept the collection Mayors: added to here after it was removed there" in line, line
    with Library.open(server) as srv:
        # Mayors stays for the desk's later article; the one the laptop's user had put in
        # it is taken out (its removal is younger than the server's copy of it)
        assert collections(srv) == {"Kakhovka dam": 2, "Mayors": 1}
        assert marks(srv)["Partisan"][3] == ("Mayors",)
        (quote,) = srv.workbench.quotes.list()
        assert quote.collection is None  # unfiled, as when the window removes a collection
        logged = steps(srv)
        srv.undo_curation()
        assert collections(srv) == {"Dam": 2, "Grain": 1, "Mayors": 2}
        assert srv.workbench.quotes.list()[0].collection == "Grain"
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    assert "1 collections renamed; 1 collections removed" in work_line(capsys.readouterr().out)
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    assert "collections" not in work_line(capsys.readouterr().out).split("entries", 1)[1]
    with Library.open(server) as srv:
        assert steps(srv) == logged + 1
        assert collections(srv) == {"Kakhovka dam": 2, "Mayors": 1}
