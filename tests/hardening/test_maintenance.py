"""``check`` finds and repairs what can be repaired; ``backup`` copies a library in use."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli import main
from desktop.library import Library
from desktop.maintenance import backup, check
from desktop.querying import SearchRequest


def cli(capsys, *argv: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_healthy_library_checks_ok(seed_library: Library) -> None:
    report = check(seed_library)
    assert report.healthy
    assert {f.what for f in report.findings} >= {"database integrity", "search index", "originals"}


def test_missing_original_is_found_and_restored(fresh_seed_library: Library, capsys) -> None:  # type: ignore[no-untyped-def]
    lib = fresh_seed_library
    kept = lib.original_file(3)
    kept.unlink()
    root = str(lib.root)
    lib.close()
    code, out = cli(capsys, "--library", root, "check")
    assert code == 1 and "PROBLEM   originals: 1 missing or damaged (e.g. document 3)" in out
    code, out = cli(capsys, "--library", root, "check", "--repair", "--json")
    data = json.loads(out)
    assert code == 0 and data["healthy"]
    assert kept.exists()


def test_index_out_of_step_is_repaired(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    with lib.index.writer() as w:
        w.delete(2)
    report = check(lib)
    index = next(f for f in report.findings if f.what == "search index")
    assert not index.ok and "1 documents missing" in index.detail
    assert check(lib, repair=True).healthy
    assert lib.index.doc_count() == 5


def test_backup_while_the_library_is_open(fresh_seed_library: Library, tmp_path: Path) -> None:
    lib = fresh_seed_library
    lib.merge_entities("Crimea", "Kherson")
    assert backup(lib, tmp_path / "copy") == 5
    with Library.open(tmp_path / "copy") as copy:
        assert check(copy).healthy
        for q in ("Kherson", '"armored train"', "place:Crimea"):
            ours = {h.id for h in lib.searcher.search(SearchRequest(q)).hits}
            assert {h.id for h in copy.searcher.search(SearchRequest(q)).hits} == ours
        assert "Crimea" not in dict(copy.searcher.search(SearchRequest(limit=0)).facets["place"])


def test_backup_refuses_a_non_empty_folder(seed_library: Library, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    code = main(["--library", str(seed_library.root), "backup", str(tmp_path / "full")])
    assert code == 1 and "not empty" in capsys.readouterr().err
