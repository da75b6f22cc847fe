"""The trust figures' rules (bench/eval_trust.py) on hand-made cases, and the report section."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.eval_report import write_report, write_trust
from bench.eval_trust import _own, evidenced, first_name_clash


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr Howard", "Michael Howard"),  # shares a word
        ("Ivan Federov", "Ivan Fedorov"),  # a near spelling
        ("Zelenskyy", "Volodymyr Zelensky"),
        ("NATO", "North Atlantic Treaty Organization"),  # an acronym
        ("Fed", "Federal Reserve"),  # a short form
        ("Kiev", "Kyiv"),  # a spelling the gazetteer gives it
    ],
)
def test_a_link_with_evidence(text: str, name: str) -> None:
    assert evidenced(text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [("Moody", "Narendra Modi"), ("the", "Alan Milburn"), ("Chelsea", "Reuters")],
)
def test_a_link_without_evidence(text: str, name: str) -> None:
    assert not evidenced(text, name)


def test_two_first_names_are_two_people_but_variants_are_one() -> None:
    assert first_name_clash({"Tony Blair", "Cherie Blair", "Blair"})
    assert not first_name_clash({"Costas Simitis", "Kostas Simitis", "Mr Simitis"})
    assert not first_name_clash({"Nicholas Betts-Green", "Betts-Green"})
    assert not first_name_clash({"J. Bond", "James Bond"})  # an initial says nothing


def test_own_outlet_and_sign_off() -> None:
    assert _own("Reuters", "REUTER") and _own("Reuters", "Reuters")
    assert _own("BBC News", "BBC")
    assert not _own("Reuters", "OPEC") and not _own(None, "Reuters")


def test_the_trust_section_survives_a_rewrite_of_the_report(tmp_path: Path) -> None:
    report = tmp_path / "quality.md"
    write_report(report, ["| table |"], ["| meta |"], "timing", "machine")
    write_trust(report, ["| trust | 1 |"])
    write_trust(report, ["| trust | 2 |"])
    text = report.read_text("utf-8")
    assert "| trust | 2 |" in text and "| trust | 1 |" not in text
    assert text.index("| trust | 2 |") < text.index("## Publication date and outlet")
    write_report(report, ["| table 2 |"], ["| meta |"], "timing", "machine")
    text = report.read_text("utf-8")
    assert "| table 2 |" in text and text.count("| trust | 2 |") == 1


def test_the_notes_and_the_workbench_section_survive_a_rewrite_of_the_report(
    tmp_path: Path,
) -> None:
    """`eval_entities --write docs/quality.md` rewrote the report without the notes written
    by hand (what each change did, with its figures) and the workbench section: 215 of its
    445 lines."""
    from bench.eval_report import NOTES_END, NOTES_START
    from bench.eval_workbench import END, START

    report = tmp_path / "quality.md"
    write_report(report, ["| table |"], ["| meta |"], "timing", "machine")
    notes = f"{NOTES_START}\nFirst names: persons' precision 0.777 -> 0.790.\n{NOTES_END}"
    bench = f"{START}\n## Versions\n| versions | 0.9 |\n{END}"
    report.write_text(report.read_text("utf-8") + "\n" + notes + "\n\n" + bench + "\n")
    write_report(report, ["| table 2 |"], ["| meta 2 |"], "timing 2", "machine")
    text = report.read_text("utf-8")
    assert "| table 2 |" in text and "| table |" not in text and "| meta 2 |" in text
    assert text.count(notes) == 1 and text.count(bench) == 1
