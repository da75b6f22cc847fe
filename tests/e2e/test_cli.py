"""The ``sourcedesk`` command as a user runs it: a real process, exit codes, stderr, files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, SEEDS


def run(*args: str, library: Path | None = None, env: dict[str, str] | None = None):
    cmd = [sys.executable, "-m", "desktop"]
    if library is not None:
        cmd += ["--library", str(library)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*cmd, *args], cwd=ROOT, capture_output=True, text=True, timeout=180, env=full_env
    )


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as a reporter drops it: good articles, a nested one, junk and an empty file."""
    root = tmp_path_factory.mktemp("drop")
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(
        "Mayor speaks in Melitopol\n\nBy Jane Doe\n\nIvan Fedorov spoke in Melitopol on Monday.\n",
        encoding="utf-8",
    )
    (root / "nested" / "deeper" / "b.md").write_text(
        "# Port reopens in Odesa\n\nShips left Odessa harbour again.\n", encoding="utf-8"
    )
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf \x00\x01\x02")
    (root / "empty.txt").write_bytes(b"")
    (root / "ignored.xyz").write_text("not an article", encoding="utf-8")
    return root


def test_import_folder_reports_each_file_and_exits_1(tmp_path: Path, mixed_folder: Path) -> None:
    res = run("import", str(mixed_folder), "--json", library=tmp_path)
    assert res.returncode == 1, res.stderr
    report = json.loads(res.stdout)
    assert sorted(f["filename"] for f in report["imported"]) == ["a.txt", "b.md"]
    failed = {Path(f["path"]).name: f["error"] for f in report["failed"]}
    assert set(failed) == {"broken.pdf", "empty.txt"}  # unsupported .xyz in a folder is skipped
    assert "empty" in failed["empty.txt"]
    assert all(failed.values())
    # one clear line on stderr per problem, naming the file
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("sourcedesk: ") for line in lines)
    assert any("broken.pdf" in line for line in lines)
    # what did import is searchable
    hits = json.loads(run("search", "--place", "Odessa", "--json", library=tmp_path).stdout)
    assert [h["filename"] for h in hits["hits"]] == ["b.md"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("frobnicate", library=tmp_path).returncode == 2
    res = run("search", "--from", "last tuesday", library=tmp_path)
    assert res.returncode == 2 and "not a date" in res.stderr
    res = run("search", "nosuchfield:x", library=tmp_path)
    assert res.returncode == 2
    assert res.stderr.startswith("sourcedesk: unknown field nosuchfield:")
    assert "Traceback" not in res.stderr


def test_missing_file_and_missing_document(tmp_path: Path) -> None:
    res = run("import", str(tmp_path / "nope.txt"), library=tmp_path / "lib")
    assert res.returncode == 1 and "no such file" in res.stderr
    res = run("show", "42", library=tmp_path / "lib")
    assert res.returncode == 1 and "no document with id 42" in res.stderr


def test_library_from_environment(tmp_path: Path) -> None:
    lib = tmp_path / "envlib"
    res = run(
        "import", str(SEEDS / "000_7c70147f503d4823.txt"), env={"SOURCEDESK_LIBRARY": str(lib)}
    )
    assert res.returncode == 0, res.stderr
    assert (lib / "library.sqlite").exists()
    stats = json.loads(run("stats", "--json", env={"SOURCEDESK_LIBRARY": str(lib)}).stdout)
    assert stats["documents"] == 1 and stats["index_documents"] == 1


def test_search_text_output_and_date_filters(seed_library_dir: Path) -> None:
    res = run("search", "Kherson", library=seed_library_dir)
    assert res.returncode == 0
    assert res.stdout.startswith("4 of 5 articles")
    assert "place: " in res.stdout and "Kherson (4)" in res.stdout
    dated = json.loads(
        run(
            "search", "--from", "2023", "--to", "2024-07", "--json", library=seed_library_dir
        ).stdout
    )
    assert {h["published"] for h in dated["hits"]} == {"2023-11-17", "2024-07-23"}
    undated = json.loads(run("search", "--undated", "--json", library=seed_library_dir).stdout)
    assert undated["total"] == 2 and all(h["published"] is None for h in undated["hits"])
    newest = json.loads(run("search", "--sort", "date", "--json", library=seed_library_dir).stdout)
    dates = [h["published"] for h in newest["hits"]]
    assert dates[:3] == ["2024-07-23", "2023-11-17", "2022-05-07"] and dates[3:] == [None, None]


def test_export_jsonl_and_csv(seed_library_dir: Path, tmp_path: Path) -> None:
    res = run("export", "Melitopol", library=seed_library_dir)
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted(d["filename"][:3] for d in docs) == ["000", "001"]
    assert all(d["text"] and d["entities"] for d in docs)
    out = tmp_path / "mentions.csv"
    res = run(
        "export", "--place", "Izium", "--format", "csv", "-o", str(out), library=seed_library_dir
    )
    assert res.returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["filename"] for r in rows} == {"004_90168afd947e35b7.txt"}
    izium = [r for r in rows if r["canonical"] == "Izium"]
    assert izium and izium[0]["kind"] == "place" and "Izum" in izium[0]["text"]


def test_show_with_query_returns_hit_spans(seed_library_dir: Path) -> None:
    res = run("show", "1", "--query", '"armored train"', "--json", library=seed_library_dir)
    doc = json.loads(res.stdout)
    words = {doc["text"][s:e].lower() for s, e in doc["hits"]}
    assert words == {"armored", "train"}
    for e in doc["entities"]:
        assert doc["text"][e["start"] : e["end"]] == e["text"]


def test_reindex_and_stats(fresh_seed_library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = fresh_seed_library.root
    fresh_seed_library.close()
    res = run("reindex", library=root)
    assert res.returncode == 0 and "reindexed 5 documents" in res.stdout
    stats = json.loads(run("stats", "--json", library=root).stdout)
    assert stats["documents"] == 5 and stats["undated"] == 2
    assert stats["entities"]["place"] > 10 and stats["index_pending"] == 0
    before = json.loads(run("search", "Kherson", "--json", library=root).stdout)["hits"]
    first = stats["search_engine"]
    other = "tantivy" if first == "whoosh" else "whoosh"
    res = run("reindex", "--engine", other, library=root)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"reindexed 5 documents with {other} (was {first})"
    assert json.loads(run("stats", "--json", library=root).stdout)["search_engine"] == other
    after = json.loads(run("search", "Kherson", "--json", library=root).stdout)["hits"]
    assert [h["id"] for h in after] == [h["id"] for h in before] and before


def test_entities_commands(fresh_seed_library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = fresh_seed_library.root
    fresh_seed_library.close()
    places = json.loads(run("entities", "list", "--kind", "place", "--json", library=root).stdout)
    crimea = next(p for p in places if p["name"] == "Crimea")
    assert crimea["documents"] == 3 and "Crimean Peninsula" in crimea["aliases"]
    res = run("entities", "merge", "Crimean Peninsula", "Kherson", library=root)
    assert res.returncode == 0 and "merged Crimea" in res.stdout
    counts = dict(json.loads(run("search", "--json", library=root).stdout)["facets"]["place"])
    assert "Crimea" not in counts and counts["Kherson"] == 4
    assert run("entities", "undo", library=root).stdout.startswith("undid: merged Crimea")
    res = run("entities", "rename", "Atlantis", "Utopia", library=root)
    assert res.returncode == 1 and res.stderr.strip() == "sourcedesk: no entity called 'Atlantis'"
    res = run("entities", "ignore", "Leila Ibrahimova", library=root)
    assert res.returncode == 0
    actors = json.loads(run("entities", "list", "--kind", "actor", "--json", library=root).stdout)
    assert "Leila Ibrahimova" not in {a["name"] for a in actors}
