"""File names are shown, never obeyed: terminal escapes and line breaks in a name reach the
terminal escaped, on stderr and on stdout alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.terminal import shown_name, shown_text
from tests.helpers import ROOT

ARTICLE = "Port reopens in Odesa\n\nShips left the harbour of Odesa on Monday, officials said.\n"

NAMES = {
    "title": "\x1b]0;owned\x07report.txt",  # retitles the terminal
    "clear": "\x1b[2Jclear.txt",  # clears the screen
    "clipboard": "\x1b]52;c;b3duZWQ=\x07clip.txt",  # OSC 52: writes the clipboard
    "newline": "forged\nsourcedesk: everything imported.txt",
    "return": "over\rwritten.txt",
    "bidi": "invoice\u202etxt.exe.txt",
}


def run(*args: str, library: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--library", str(library), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2Jx", "\\x1b[2Jx"),
        ("a\nb\rc\\d", "a\\nb\\rc\\\\d"),
        ("bell\x07\x9b", "bell\\x07\\x9b"),
        ("Kyiv – Київ.txt", "Kyiv – Київ.txt"),
        ("rtl\u202eoverride", "rtl\\u202eoverride"),
    ],
)
def test_names_are_escaped(raw: str, shown: str) -> None:
    assert shown_name(raw) == shown


def test_text_keeps_its_lines_but_not_its_escapes() -> None:
    assert shown_text("line one\n\tline two\x1b]0;x\x07") == "line one\n\tline two\\x1b]0;x\\x07"


def test_escapes_in_file_names_reach_the_terminal_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    for i, name in enumerate(NAMES.values()):
        (folder / name).write_text(ARTICLE.replace("Monday", f"day {i}"), "utf-8")
    broken = "\x1b]0;owned\x07\nbroken.pdf"
    (folder / broken).write_bytes(b"%PDF-1.4\nnot really a PDF")
    library = tmp_path / "lib"
    res = run("import", str(folder), library=library)
    assert res.returncode == 1  # the broken PDF
    for stream in (res.stdout, res.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "\r" not in stream
        assert "\u202e" not in stream
    failed = [line for line in res.stderr.splitlines() if "broken.pdf" in line]
    assert len(failed) == 1 and failed[0].startswith("sourcedesk: ")
    assert shown_name(str(folder / broken)) in failed[0]
    imported = [line for line in res.stdout.splitlines() if line.startswith("imported")]
    assert len(imported) == len(NAMES)  # one line each, however the name is made
    for name in NAMES.values():
        assert sum(shown_name(name) in line for line in imported) == 1
    assert not any(line.startswith("sourcedesk: everything") for line in res.stdout.splitlines())

    for args in (("search", "Odesa", "--limit", "50"), ("show", "1")):
        res = run(*args, library=library)
        assert res.returncode == 0, res.stderr
        assert "\x1b" not in res.stdout and "\x07" not in res.stdout and "\r" not in res.stdout
