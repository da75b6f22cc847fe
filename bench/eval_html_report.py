"""The web-page section of docs/quality.md: the table of ``python -m bench.eval_html``.

The section sits between two markers, so it is replaced in place and survives the
entity report being written again (``bench/eval_report.py`` keeps it).
"""

from __future__ import annotations

from pathlib import Path

START = "<!-- web pages: written by bench/eval_html.py -->"
END = "<!-- end of web pages -->"

_TEXT = """## Saved web pages: date, title, byline, text

Made by `.venv/bin/python -m bench.eval_html --write docs/quality.md` (the table is
generated; edit the text in `bench/eval_html_report.py`). The 459 pages of
`../shared/corpora/html-news-dev` (news pages, blogs, press releases in many languages,
from the test sets of htmldate, trafilatura and the article-extraction-benchmark; read in
place, never copied) are written out as the `.html` files they were saved as, imported
through the real `Library` (reader processes, store, index) and read back as `show --json`
gives them. htmldate (`find_date(original_date=True)`) and trafilatura (`bare_extraction`
with metadata) run on the same bytes. Scoring (`bench/eval_html_scoring.py`):

- **date**: of the pages with a gold day, the share read exactly, left undated, or
  dated wrongly; of the pages annotated as giving no date, the share dated anyway.
- **title / author**: pages with a gold value, compared after normalising case, blanks,
  quotes, dashes and invisible characters; authors as a set of names.
- **body**: every wanted snippet found and every boilerplate snippet absent (blanks
  collapsed; counted over snippets); full-body F1 over word 4-grams as the benchmark
  computes it (precision and recall averaged over pages).
- A page saved twice (a few bytes apart) is one article: its second copy is a duplicate
  and is scored as the document it duplicates; "distinct articles reported as
  duplicates" counts pairs whose trafilatura texts differ.

The rules are general (no site is named anywhere in the code): the publication date is
chosen from all of a page's evidence -- meta tags, the article's JSON-LD, microdata,
`<time>`, microformats, the address, the date lines shown by the headline, and htmldate's
answer -- in the page's own local day, and the page is left undated when its stamps
disagree and nothing on the page sides with one (`desktop/ingest/datechoice.py`). The
dev pages were used to find causes; the held-out part of the same sets was not seen.

Speed: phase 1 (to searchable, no entities) is timed by the wall clock and by CPU time
(`getrusage` of the two reader processes plus the importing process's own). The build
machine's 2 cores are shared with other engineers' jobs (load average 4-9 during these
runs), so the wall-clock rate shows the share of the cores the import got; the CPU time
spread over 2 cores is the rate on an idle 2-core machine (an upper bound: the importing
process's indexing and the readers overlap, but not perfectly). Where the time goes, per
page, in a reader (CPU time, one process, `read_html` on every dev page): 33 ms in all,
of which trafilatura 20 ms, decoding and parsing 2 ms, and 11 ms for the rest (one scan
of the page for dates, bylines and leads; meta tags and JSON-LD; the date choice, with
htmldate only on the one page in seven whose stamps are missing or need a tie broken;
the text's own metadata lines). The importing process spends about 15 ms a page, most of
it in Whoosh.

### Against the targets of issue 13 (dev pages)

"""


def section(lines: list[str], speed: list[str]) -> str:
    """The whole section, markers included: the targets first, then the full table."""
    notes = "\n".join(f"- {line}" for line in speed)
    cut = lines.index("") if "" in lines else len(lines)
    table, targets = lines[:cut], lines[cut + 1 :]
    return (
        f"{START}\n{_TEXT}"
        + "\n".join(targets)
        + "\n\n### All figures, beside htmldate and trafilatura on the same bytes\n\n"
        + "\n".join(table)
        + f"\n\n{notes}\n{END}\n"
    )


def write_section(path: Path, lines: list[str], speed: list[str]) -> None:
    """Put the section into ``path``: in place of the old one, else at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    new = section(lines, speed)
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + new + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + new
    path.write_text(text, encoding="utf-8")


def kept_section(path: Path) -> str:
    """The section as it stands in ``path`` ("" if none), for a report that rewrites it."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return ""
    return START + text.split(START, 1)[1].split(END, 1)[0] + END + "\n"
