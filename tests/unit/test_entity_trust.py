"""Every fact the library shows is in the articles (issue 12): the wrong merges and wrong
facet values a reporter found, each rebuilt from small articles written here.

One library is built once for the module (read-only tests); tests that curate work on a
copy of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.entities.spelling import first_names
from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.views import MentionView

ARTICLES = {
    "ron": "Director praises cast\n\nFilm director Ron Howard praised the cast of his new film "
    "on Friday.\nRon Howard said the film, shot in Los Angeles, was his best work. Howard "
    "thanked the crew.\n",
    "howard": "Tory leader attacks tax plans\n\nConservative leader Michael Howard attacked the "
    "government's tax plans on Monday.\nMr Howard said families would pay more. Mr Howard "
    "added that the plans were unfair.\nHoward spoke to reporters in London.\n",
    "blair": "Blairs visit school\n\nPrime Minister Tony Blair and his wife Cherie Blair visited "
    "a school in Leeds on Friday.\nMr Blair said education mattered most. Mrs Blair met the "
    "teachers.\n",
    "blair2": "Speech on schools\n\nTony Blair told the conference that schools needed more "
    "money. Mr Blair said teachers had worked hard.\n",
    "campbell1": "Spin doctor returns\n\nAlastair Campbell, the former Downing Street "
    "communications director, will return to help Labour. Campbell said he was looking "
    "forward to the election.\n",
    "campbell2": "Everton win\n\nKevin Campbell scored twice as Everton beat Fulham. Campbell "
    "said the team deserved the win.\n",
    "campbell3": "Sprinter wins\n\nDarren Campbell won the 100m race in Birmingham. Campbell "
    "said he felt strong.\n",
    "campbell4": "Court case\n\nKieran Campbell appeared in court in Glasgow. Campbell denied "
    "the charges.\n",
    "jones1": "Singer wins award\n\nNorah Jones won a Grammy award for her album. Jones said "
    "she was surprised.\n",
    "jones2": "Athlete denies doping\n\nMarion Jones denied taking drugs. Jones said she had "
    "never failed a test.\n",
    "bond1": "New Bond film\n\nThe new James Bond film opens next month. Bond fans queued "
    "outside cinemas in London.\n",
    "bond2": "Tycoon jailed\n\nAlan Bond, the Australian businessman, was jailed for fraud. "
    "Bond said he would appeal.\n",
    "hodgson1": "Coach leaves\n\nRoy Hodgson, the Inter Milan coach, resigned on Tuesday. "
    "Hodgson said he was proud of his players.\n",
    "hodgson2": "England win\n\nCharlie Hodgson kicked four penalties as England beat Wales. "
    "Hodgson said the pack was superb.\n",
    "moody": "MOODY'S CUTS USX DEBT RATINGS\nNEW YORK, March 3 - Moody's Investors Service Inc "
    "said it lowered the ratings of USX Corp. Moody's said the cut affected 3.5 billion dlrs "
    "of debt.\n Reuter\n",
    "modi": "India budget\n\nIndian Prime Minister Narendra Modi presented the budget in New "
    "Delhi. Modi said growth would rise.\n",
    "table": "ACME CORP 1ST QTR NET\nCHICAGO, March 3 -\n    Shr 13 cts vs 26 cts\n    Net 1.2 "
    "mln vs 1.1 mln\n    Revs 12.3 mln vs 11.1 mln\n    Avg shrs 1.2 mln vs unch\n    NOTE: "
    "figures for may7 period.\n Reuter\n",
    "companies": "Companies report\n\nGeneral Electric Co said profits rose. Halliburton Co "
    "and Shiseido Co also reported higher earnings.\n",
    "meta": "Mayor meets reporters\nWritten by Jeppe W\nPublished for: Ipodifier\n\nIvan "
    "Fedorov met reporters in Melitopol on Monday and spoke about the occupation.\n",
    "wire": "Oil prices rise\nSource: Reuters\n\nLONDON, March 3 (Reuters) - Oil prices rose "
    "on Monday, traders told Reuters. OPEC ministers met in Vienna. Deliveries of "
    "Volkswagen's (VOWG_p.DE) Skoda Auto dropped slightly. Skoda said deliveries in China "
    "fell.\nReporting by Jason "
    "Hovet; Editing by David Goodman\n Reuter\n",
    "junk": "Tech and politics\n\nReaders can see http://www.example.com for details. Sony "
    "launched NetMD players and Technorati said it tracked blogs. The Breville toaster sold "
    "well and Breville shares rose.\nThe tower was built in 1200 A.D by monks. New Labour won "
    "the election. Britain reached the Davis Cup final.\nSouth African President Thabo Mbeki "
    "visited Ivory Coast. Mr Mbeki said the talks went well.\n",
    "fedorov": "Mayor freed\n\nIvan Federov, the mayor of Melitopol, was freed on Friday.\n",
    "bush1": "Summit\n\nGeorge W. Bush met European leaders in Brussels. Bush said the "
    "alliance was strong.\n",
    "bush2": "Old speech\n\nGeorge Bush spoke in Houston about the economy. Bush said taxes "
    "would fall.\n",
    "cameron": "Party conference\n\nDavid Cameron spoke in Manchester on Monday. Later "
    "David told reporters the plan would work.\n",
    "davids": "Two leaders\n\nDavid Cameron and David Miliband met in London. David said "
    "the talks went well.\n",
    "party": "At the party\n\nWhen I met David at the party, he said the plan would work. "
    "David laughed.\n",
    "ranks": "Audit of the league\n\nThe General Accounting Office said the program was "
    "wasteful. Major League Baseball owners met in Chicago. A Gordon Advisors spokesman "
    "declined comment. Major General Igor Konashenkov spoke for the ministry.\n",
    "texaco": "Texaco settles\n\nTexaco Inc agreed to pay Pennzoil Co three billion dollars "
    "on Monday. Texaco said the payment ended the dispute.\n",
    "texaco2": "Oil output\n\nTexaco said on Tuesday that its oil output rose in March.\n",
    "club": "Liverpool win\n\nLiverpool manager Rafael Benitez praised his players after "
    "Liverpool beat Chelsea. Fans in Liverpool celebrated late into the night.\n",
}


@pytest.fixture(scope="module")
def trust_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library made of the articles above (one import, as a user would drop them)."""
    root = tmp_path_factory.mktemp("trust")
    files = root / "articles"
    files.mkdir()
    for name, text in ARTICLES.items():
        (files / f"{name}.txt").write_text(text, encoding="utf-8")
    with Library.open(root / "lib") as lib:
        report = lib.import_paths(sorted(files.glob("*.txt")))
    assert len(report.imported) == len(ARTICLES), report
    return root


@pytest.fixture
def lib(trust_dir: Path) -> Iterator[Library]:
    """The module's library (do not change it)."""
    with Library.open(trust_dir / "lib") as library:
        yield library


@pytest.fixture
def own(trust_dir: Path, tmp_path: Path) -> Iterator[Library]:
    """A private copy of the module's library, to curate."""
    shutil.copytree(trust_dir / "lib", tmp_path / "lib", ignore=shutil.ignore_patterns("*.lock"))
    with Library.open(tmp_path / "lib") as library:
        yield library


def doc_id(lib: Library, name: str) -> int:
    ids = lib.searcher.all_ids(SearchRequest()).tolist()
    (found,) = [i for i in ids if lib.searcher.document(i).filename == f"{name}.txt"]
    return found


def mentions(lib: Library, name: str, kind: str | None = None) -> list[MentionView]:
    return [m for m in lib.searcher.document(doc_id(lib, name)).entities if kind in (None, m.kind)]


def canonicals(lib: Library, name: str, kind: str | None = None) -> set[str]:
    return {m.canonical for m in mentions(lib, name, kind)}


def facet(lib: Library, name: str, **filters: tuple[str, ...]) -> dict[str, int]:
    return dict(lib.searcher.search(SearchRequest(limit=0, **filters)).facets[name])  # type: ignore[arg-type]


# -- people ------------------------------------------------------------------------------------


def test_moody_the_agency_is_not_narendra_modi(lib: Library) -> None:
    assert "Narendra Modi" not in canonicals(lib, "moody")
    assert all(m.kind != "person" for m in mentions(lib, "moody"))
    modi = [e for e in lib.entities(kind="person") if e.name == "Narendra Modi"]
    assert modi and modi[0].documents == 1


def test_mr_howard_is_the_howard_his_article_names(lib: Library) -> None:
    howards = [m for m in mentions(lib, "howard") if "Howard" in m.text]
    assert len(howards) == 4
    assert {m.canonical for m in howards} == {"Michael Howard"}
    bare = [m for m in howards if m.text == "Howard"]
    assert bare and {m.link for m in bare} == {"article"}
    assert "Michael Howard" in bare[0].link_reason
    assert canonicals(lib, "ron", "person") == {"Ron Howard"}


@pytest.mark.parametrize(
    "names",
    [
        ("Tony Blair", "Cherie Blair"),
        ("Kevin Campbell", "Alastair Campbell", "Darren Campbell", "Kieran Campbell"),
        ("Norah Jones", "Marion Jones"),
        ("James Bond", "Alan Bond"),
        ("Roy Hodgson", "Charlie Hodgson"),
    ],
)
def test_people_with_other_first_names_stay_apart(lib: Library, names: tuple[str, ...]) -> None:
    people = {e.name: e for e in lib.entities(kind="person")}
    assert set(names) <= set(people)
    for name in names:
        others = set(names) - {name}
        assert not others & {s.spelling for s in lib.entity_spellings(people[name].id)}


def test_no_person_carries_two_first_names(lib: Library) -> None:
    for e in lib.entities(kind="person"):
        spellings = {s.spelling for s in lib.entity_spellings(e.id)}
        assert len(first_names(spellings)) <= 1, (e.name, spellings)


def test_mr_and_mrs_blair_follow_their_title(lib: Library) -> None:
    blairs = [(m.text, m.canonical) for m in mentions(lib, "blair", "person")]
    assert ("Blair", "Tony Blair") in blairs and ("Blair", "Cherie Blair") in blairs
    assert canonicals(lib, "blair2", "person") == {"Tony Blair"}  # no "Mr Blair" of his own


def test_a_first_name_alone_is_its_full_name_in_the_article_or_no_one(lib: Library) -> None:
    """ "David" after "David Cameron" is him, with the article as evidence; with two Davids
    named, or none, "David" is no one: never a person "David" holding every David."""
    davids = [m for m in mentions(lib, "cameron", "person") if m.text == "David"]
    assert [m.canonical for m in davids] == ["David Cameron"]
    assert "names David Cameron in full" in davids[0].link_reason
    assert canonicals(lib, "davids", "person") == {"David Cameron", "David Miliband"}
    assert canonicals(lib, "party", "person") == set()
    assert "David" not in facet(lib, "actor")


def test_a_rank_opening_an_organisations_name_makes_no_person(lib: Library) -> None:
    """ "General" and "Major" open ranks and organisations alike: the model's organisations
    "General Accounting Office" and "Major League Baseball" were filed as the persons
    "Accounting Office" and "League Baseball"; a rank before a person's name still is one."""
    people = canonicals(lib, "ranks", "person")
    assert people == {"Igor Konashenkov"}
    orgs = canonicals(lib, "ranks", "organization")
    assert {"General Accounting Office", "Major League Baseball", "Gordon Advisors"} <= orgs


def test_a_surname_alone_stays_a_surname_unless_the_library_has_one_candidate(
    own: Library, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(
        "Tory row\n\nMr Howard said the plans were unfair, and Mr Mbeki agreed.\n", "utf-8"
    )
    new = own.import_paths([tmp_path / "a.txt"]).imported[0].id
    by_text = {m.text: m for m in own.searcher.document(new).entities if m.kind == "person"}
    # two Howards in the library (Ron, Michael): a surname of its own
    assert by_text["Howard"].canonical == "Howard" and by_text["Howard"].link == "model"
    # one Mbeki in the library: linked, saying why
    assert by_text["Mbeki"].canonical == "Thabo Mbeki" and by_text["Mbeki"].link == "surname"
    assert "only person" in by_text["Mbeki"].link_reason


def test_a_surname_linked_as_the_only_one_is_unlinked_when_a_second_one_comes(
    own: Library, tmp_path: Path
) -> None:
    """ "The only person called Mbeki in the library" was said of a bare "Mbeki" and stayed
    said after Govan Mbeki came in: a reason no longer true. The second person undoes the
    link, as if he had been there when the article was filed."""
    (tmp_path / "a.txt").write_text("Talks\n\nMr Mbeki said the talks went well.\n", "utf-8")
    first = own.import_paths([tmp_path / "a.txt"]).imported[0].id
    (mbeki,) = [m for m in own.searcher.document(first).entities if m.text == "Mbeki"]
    assert mbeki.canonical == "Thabo Mbeki" and mbeki.link == "surname"
    (tmp_path / "b.txt").write_text(
        "Veteran dies\n\nGovan Mbeki, the father of the president, died in Port "
        "Elizabeth. Mr Mbeki was 91.\n",
        "utf-8",
    )
    second = own.import_paths([tmp_path / "b.txt"]).imported[0].id
    (mbeki,) = [m for m in own.searcher.document(first).entities if m.text == "Mbeki"]
    assert mbeki.canonical == "Mbeki" and "only person" not in mbeki.link_reason
    later = [m.canonical for m in own.searcher.document(second).entities if m.kind == "person"]
    assert set(later) == {"Govan Mbeki"}
    assert "Mbeki" in facet(own, "actor") and facet(own, "actor")["Thabo Mbeki"] == 1


def test_transliterations_fold_with_their_reason(lib: Library) -> None:
    (federov,) = [m for m in mentions(lib, "fedorov", "person")]
    assert federov.canonical == "Ivan Fedorov" and federov.link == "translit"
    assert "transliteration" in federov.link_reason
    fedorov = [e for e in lib.entities(kind="person") if e.name == "Ivan Fedorov"]
    assert fedorov[0].documents == 2


def test_a_companys_short_name_is_the_company_its_article_names_in_full(lib: Library) -> None:
    """ "Texaco" after "Texaco Inc" in one article is Texaco Inc, with the article as
    evidence: the two were two organisations, and the article was counted under both.
    Where no article says which company it is, a bare "Texaco" stays its own."""
    texaco = [m for m in mentions(lib, "texaco", "organization") if m.text == "Texaco"]
    assert len(texaco) == 2  # the headline's and the text's
    assert {(m.canonical, m.link) for m in texaco} == {("Texaco Inc", "article")}
    assert "names Texaco Inc in full" in texaco[0].link_reason
    assert canonicals(lib, "texaco", "organization") == {"Texaco Inc", "Pennzoil Co"}
    assert canonicals(lib, "texaco2", "organization") == {"Texaco"}
    actors = facet(lib, "actor")
    assert actors["Texaco Inc"] == 1 and actors["Texaco"] == 1


def test_a_short_name_the_user_took_from_the_company_stays_away(
    own: Library, tmp_path: Path
) -> None:
    own.remove_spelling("Texaco Inc", "Texaco")
    (tmp_path / "a.txt").write_text(
        "Refinery sale\n\nTexaco Inc sold a refinery. Texaco said the price was fair.\n", "utf-8"
    )
    new = own.import_paths([tmp_path / "a.txt"]).imported[0].id
    by_text = {m.text: m for m in own.searcher.document(new).entities}
    assert by_text["Texaco Inc"].canonical == "Texaco Inc"
    assert by_text["Texaco"].canonical == "Texaco" and by_text["Texaco"].link != "article"


def test_companies_are_organisations_never_people(lib: Library) -> None:
    people = {e.name for e in lib.entities(kind="person")}
    assert not {n for n in people if n.endswith(" Co") or n == "Electric Co"}
    orgs = {e.name for e in lib.entities(kind="organization")}
    assert {"Halliburton Co", "Shiseido Co"} <= orgs


# -- what is not a mention ---------------------------------------------------------------------


def test_an_articles_own_metadata_is_no_actor(lib: Library) -> None:
    assert "Jeppe W" not in canonicals(lib, "meta")
    assert "Ivan Fedorov" in canonicals(lib, "meta")
    doc = lib.searcher.document(doc_id(lib, "meta"))
    assert doc.author == "Jeppe W" and doc.source == "Ipodifier"
    wire = lib.searcher.document(doc_id(lib, "wire"))
    assert wire.source == "Reuters"
    assert "Reuters" not in canonicals(lib, "wire")  # its own outlet, even "told Reuters"
    assert "London" in canonicals(lib, "wire", "place")  # where it was filed
    # the wire's closing credits name its reporter and editor, not people in the story
    assert not {"Jason Hovet", "David Goodman"} & set(canonicals(lib, "wire"))
    actors = facet(lib, "actor")
    assert not {"Reuter", "Reuters", "Jeppe W", "Ipodifier"} & set(actors)


def test_the_seed_byline_is_no_actor(seed_library: Library) -> None:
    (doc,) = [
        d
        for d in (seed_library.searcher.document(i) for i in range(1, 6))
        if d.filename.startswith("001")
    ]
    assert doc.author == "Jeppe W"
    assert "Jeppe W" not in {m.canonical for m in doc.entities}


def test_table_words_units_and_codes_are_no_entities(lib: Library) -> None:
    names = {e.name.casefold() for e in lib.entities()}
    assert not {"revs", "avg", "shr", "shrs", "unch", "may7", "reuter", "net"} & names
    # an instrument code's pieces are no organisations: "(VOWG_p.DE)"
    assert not {"vowg_p", "vowg_p.de", "de"} & names
    assert "Skoda Auto" in canonicals(lib, "wire")
    # "Skoda said" beside "Skoda Auto": the company speaking, no person Skoda
    assert "Skoda" not in canonicals(lib, "wire", "person")
    assert canonicals(lib, "table", "place") == {"Chicago"}


def test_things_that_are_no_places(lib: Library) -> None:
    places = set(facet(lib, "place"))
    for junk in ("NetMD", "Technorati", "Breville", "A.D", "New Labour", "Davis Cup"):
        assert junk not in places
    assert "Thabo Mbeki" not in places and not any("example.com" in p for p in places)
    assert "Thabo Mbeki" in canonicals(lib, "junk", "person")


def test_a_club_is_an_organisation_where_the_article_talks_about_the_club(lib: Library) -> None:
    kinds = [(m.text, m.kind) for m in mentions(lib, "club") if m.text == "Liverpool"]
    assert ("Liverpool", "organization") in kinds  # "Liverpool manager", "Liverpool beat"
    assert kinds[-1] == ("Liverpool", "place")  # "Fans in Liverpool"


def test_the_facet_names_the_kind_where_one_name_has_several(own: Library) -> None:
    own.rename_entity("Technorati", "Norah Jones")  # now an organisation and a person share it
    actors = facet(own, "actor")
    assert actors["Norah Jones (person)"] == 1 and actors["Norah Jones (organization)"] == 1
    assert "Norah Jones" not in actors
    hits = own.searcher.search(SearchRequest(actors=("Norah Jones (organization)",)))
    assert [h.filename for h in hits.hits] == ["junk.txt"]
