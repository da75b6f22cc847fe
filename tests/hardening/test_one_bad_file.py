"""One bad file never stops a batch: every string stored is valid text, and whatever goes
wrong with one file fails that file only, with the report listing every file."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.ingest.readers.email import read_email
from desktop.ingest.validtext import valid_text
from desktop.library import Library
from desktop.querying import SearchRequest

EIGHT_BIT_MAIL = (
    b"From: Ingo L\xfctkebohle <ingo@example.org>\r\n"
    b"Subject: Grain talks in Odesa\r\n"
    b"Date: Mon, 3 Jun 2024 10:00:00 +0000\r\n"
    b"Organization: Caf\xe9 Press\r\n\r\n"
    b"Ships left Odesa on Monday, officials said, and grain traders welcomed the news.\r\n"
)

# JSON-LD with broken \u escapes: json.loads gives lone surrogates
SURROGATE_PAGE = (
    '<html><head><title>Port reopens</title><script type="application/ld+json">'
    '{"@type": "NewsArticle", "headline": "Port \\ud800 reopens",'
    ' "author": {"name": "Olena \\udcff Petrenko"}}</script></head><body><article>'
    "<h1>Port reopens</h1><p>Ships left the harbour of Odesa on Monday after weeks of closure, "
    "officials said, and grain traders welcomed the news from the port authority.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Ingo L\udcfctkebohle", "Ingo Lütkebohle"),  # a Latin-1 byte kept as a surrogate
        ("\udcd0\udc9f\udcd1\udc80\udcd0\udcb8", "При"),  # UTF-8 bytes kept as surrogates
        ("Caf\udce9 \udcd0\udc9f", "Café П"),  # both in one string
        ("bad \ud800 escape", "bad \ufffd escape"),  # a lone surrogate that was never a byte
        ("nul\x00byte", "nulbyte"),
        ("plain Kyiv", "plain Kyiv"),
    ],
)
def test_every_string_becomes_valid_text(raw: str, text: str) -> None:
    assert valid_text(raw) == text
    valid_text(raw).encode("utf-8")  # what SQLite needs


def test_email_headers_are_decoded_whatever_their_bytes() -> None:
    article = read_email(
        EIGHT_BIT_MAIL.replace(
            b"Subject: Grain talks in Odesa",
            b"Subject: =?utf-8?q?Grain_d=C3=A9al?= =?utf-8?b?0J/RgNC4?= \xd0\xb2 Odesa",
        )
    )
    assert article.author == "Ingo Lütkebohle"
    assert article.title == "Grain déalПри в Odesa"
    assert article.source == "Café Press"


def test_an_eight_bit_header_or_broken_escapes_never_end_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "eight-bit.eml").write_bytes(EIGHT_BIT_MAIL)
    (folder / "surrogates.html").write_text(SURROGATE_PAGE, encoding="utf-8")
    (folder / "council.txt").write_text(
        "Council report\n\nThe city council of Lviv met on Monday.\n", "utf-8"
    )
    (folder / "empty.txt").write_text("  \n", "utf-8")
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([folder])
        listed = {Path(f.path).name for f in report.failed} | {f.filename for f in report.imported}
        assert listed == {"eight-bit.eml", "surrogates.html", "council.txt", "empty.txt"}
        assert {f.filename for f in report.imported} == {
            "eight-bit.eml",
            "surrogates.html",
            "council.txt",
        }
        mail = next(f for f in report.imported if f.filename == "eight-bit.eml")
        assert lib.searcher.document(mail.id).author == "Ingo Lütkebohle"
        page = next(f for f in report.imported if f.filename == "surrogates.html")
        lib.searcher.document(page.id).title.encode("utf-8")
        # the run went to its end: entities found, everything searchable
        assert lib.pending_entities() == 0
        assert lib.stats().index_pending == 0
        assert lib.searcher.search(SearchRequest("Odesa")).total == 2


def real_kinds(folder: Path) -> list[Path]:
    """One file of every kind Sourcedesk reads, as real tools write them."""
    from tests.helpers import SEEDS
    from tests.unit.test_readers import make_docx, make_pdf

    folder.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    text = seed.read_text("utf-8")
    latin1 = text.encode("latin-1", "replace").decode("latin-1")  # what make_pdf writes
    files = {
        "article.txt": text.encode(),
        "article.md": ("# " + text).encode(),
        "article.pdf": make_pdf([latin1.splitlines()[:40], latin1.splitlines()[40:80]]),
        "article.docx": make_docx("Azovstal evacuation", "Staff", text.split("\n\n")[:12]),
        "article.eml": EIGHT_BIT_MAIL + text.encode(),
        "article.html": SURROGATE_PAGE.replace(
            "Port reopens</h1>",
            "Port reopens</h1>" + "<p>" + "</p><p>".join(text.split("\n\n")[:12]) + "</p>",
        ).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return sorted(folder.iterdir())


def test_a_folder_of_broken_files_never_ends_the_run_early(tmp_path: Path) -> None:
    """Truncated, bit-flipped, zeroed, shuffled, re-encoded and mislabelled versions of a file
    of every kind: the command goes to its end, and its report lists every file once."""
    import json
    import re
    import subprocess
    import sys

    from tests.hardening.mutations import make_broken_folder
    from tests.helpers import ROOT

    drop = tmp_path / "drop"
    written = make_broken_folder(real_kinds(tmp_path / "real"), drop)
    assert len(written) > 50
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "--library",
            str(tmp_path / "lib"),
            "import",
            "--json",
            str(drop),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode in (0, 1), res.stderr
    assert "unexpected error" not in res.stderr and "Traceback" not in res.stderr
    report = json.loads(res.stdout)
    assert not report["cancelled"] and report["stopped"] is None and not report["warnings"]
    listed = (
        [Path(f["path"]).name for f in report["imported"]]
        + [Path(d["path"]).name for d in report["duplicates"]]
        + [Path(f["path"]).name for f in report["failed"]]
    )
    assert sorted(listed) == sorted(p.name for p in written)  # every file, once
    developer = re.compile(r"object at 0x|pip install|index out of range|Traceback|\w+Error\b")
    assert [f for f in report["failed"] if developer.search(f["error"])] == []
    assert len(res.stderr.splitlines()) == len(report["failed"])  # one line per failed file
    with Library.open(tmp_path / "lib") as lib:  # the run went to its end
        assert lib.pending_entities() == 0 and lib.stats().index_pending == 0
