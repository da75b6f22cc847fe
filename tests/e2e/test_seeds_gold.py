"""Every fact and query of the acceptance file, checked through the command line.

The facts are a copy of ../shared/acceptance/seeds-gold.json kept in tests/data,
so this runs where ../shared is absent too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.cli import main
from tests.helpers import GOLD, SEEDS, doc_key

DOCS = GOLD["documents"]
ALIASES: dict[str, list[str]] = GOLD["aliases"]


def spellings(name: str) -> set[str]:
    """A canonical name and the alias spellings the gold file accepts for it."""
    return {name, *ALIASES.get(name, [])}


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code = main(list(argv))
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


@pytest.fixture(scope="module")
def cli_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library built by ``sourcedesk import seeds/*.txt --json``."""
    path = tmp_path_factory.mktemp("cli-lib")
    assert main(["--library", str(path), "import", *map(str, sorted(SEEDS.glob("*.txt")))]) == 0
    return path


@pytest.fixture(scope="module")
def shown(cli_library: Path) -> dict[str, dict]:
    """``show --json`` of each seed, keyed by gold document key."""
    import contextlib
    import io

    out: dict[str, dict] = {}
    for doc_id in range(1, 6):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert main(["--library", str(cli_library), "show", str(doc_id), "--json"]) == 0
        doc = json.loads(buf.getvalue())
        out[doc_key(doc["filename"])] = doc
    assert set(out) == set(DOCS)
    return out


def test_import_twice_reports_five_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    first = cli_json(capsys, "--library", str(tmp_path), "import", *seeds, "--json")
    assert len(first["imported"]) == 5 and not first["duplicates"] and not first["failed"]
    assert {f["filename"] for f in first["imported"]} == {Path(s).name for s in seeds}
    second = cli_json(capsys, "--library", str(tmp_path), "import", *seeds, "--json")
    assert second["imported"] == [] and second["failed"] == []
    assert sorted(d["id"] for d in second["duplicates"]) == sorted(
        f["id"] for f in first["imported"]
    )


@pytest.mark.parametrize("key", sorted(DOCS))
def test_metadata(shown: dict[str, dict], key: str) -> None:
    doc, facts = shown[key], DOCS[key]
    assert doc["title"] == facts["title"]
    if facts["source_any_of"]:
        assert doc["source"] in facts["source_any_of"]
    else:
        assert doc["source"] is None
    if facts["published_any_of"]:
        assert doc["published"] in facts["published_any_of"]
    else:
        assert doc["published"] is None, "an article that gives no date must stay undated"
    if "author" in facts:
        assert doc["author"] == facts["author"]


@pytest.mark.parametrize("key", sorted(DOCS))
@pytest.mark.parametrize("kind", ["places", "actors"])
def test_entities(shown: dict[str, dict], key: str, kind: str) -> None:
    kinds = {"places": {"place"}, "actors": {"person", "organization"}}[kind]
    names = {e["canonical"] for e in shown[key]["entities"] if e["kind"] in kinds}
    missing = [n for n in DOCS[key][kind] if not spellings(n) & names]
    assert not missing, f"{key} lacks {kind} {missing}; has {sorted(names)}"


@pytest.mark.parametrize("canonical", sorted(ALIASES))
def test_alias_spellings_fold_into_one_entity(shown: dict[str, dict], canonical: str) -> None:
    accepted = spellings(canonical)
    containing = []
    for doc in shown.values():
        for spelling in ALIASES[canonical]:
            for e in doc["entities"]:
                if e["text"] == spelling:
                    assert e["canonical"] in accepted, (spelling, e)
                if re.search(rf"(?<!\w){re.escape(spelling)}(?!\w)", e["text"]):
                    containing.append(e)
    # the gold file lists spellings found in the seeds; mentions of them must reach the entity
    text = " ".join(d["text"] for d in shown.values())
    if any(s in text for s in ALIASES[canonical]):
        assert any(e["canonical"] in accepted for e in containing), containing


def _facet_for(canonical: str) -> str:
    for facts in DOCS.values():
        if canonical in facts["places"]:
            return "place"
    return "actor"


@pytest.mark.parametrize("canonical", sorted(ALIASES))
def test_facet_filter_by_any_spelling(
    cli_library: Path, capsys: pytest.CaptureFixture[str], canonical: str
) -> None:
    facet = _facet_for(canonical)
    expected = {k for k, f in DOCS.items() if canonical in f[facet + "s"]}
    for spelling in sorted(spellings(canonical)):
        res = cli_json(
            capsys, "--library", str(cli_library), "search", f"--{facet}", spelling, "--json"
        )
        got = {doc_key(h["filename"]) for h in res["hits"]}
        assert expected <= got, (spelling, got)


@pytest.mark.parametrize("case", GOLD["queries"], ids=lambda c: json.dumps(c)[:60])
def test_query(cli_library: Path, capsys: pytest.CaptureFixture[str], case: dict) -> None:
    argv = ["--library", str(cli_library), "search"]
    if "q" in case:
        argv.append(case["q"])
    if "place" in case:
        argv += ["--place", case["place"]]
    if "actor" in case:
        argv += ["--actor", case["actor"]]
    res = cli_json(capsys, *argv, "--json")
    assert {doc_key(h["filename"]) for h in res["hits"]} == set(case["docs"])
    assert res["total"] == len(case["docs"])


def test_gold_copy_matches_shared() -> None:
    shared = (
        Path(__file__).resolve().parents[2].parent / "shared" / "acceptance" / "seeds-gold.json"
    )
    if not shared.exists():
        pytest.skip("../shared is not beside the project: nothing to compare the copy with")
    assert json.loads(shared.read_text("utf-8")) == GOLD
