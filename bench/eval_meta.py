"""Publication date and outlet accuracy, through the project's own article readers.

- GUM Wikinews dev: each document's text (title, dateline, body) read as a ``.txt`` file by
  ``desktop.ingest.readers.read_article``; its ``published`` is compared with GUM's
  ``meta::dateCreated``.
- RUWA: records have no body, so each is written out as a journalist's text note would
  look (headline, ``Source: <URL>``, the date as RUWA gives it, ``MM/DD/YYYY``, then the
  sub-heading) and read the same way; the outlet is the reader's source passed through
  ``normalize_outlet`` (what the library stores), the date the reader's ``published``.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .eval_corpora import CORPORA, gum_dates

#: RUWA's ``Site`` column -> the outlet Sourcedesk should name.
RUWA_OUTLETS = {
    "ukrinform.net": "Ukrinform",
    "censor.net": "Censor.net",
    "reuters.com": "Reuters",
    "rt.com": "RT",
    "aljazeera.com": "Al Jazeera",
    "www.msnbc.com": "MSNBC",
    "bbc.co.uk": "BBC News",
    "en.news-front.info": "News Front",
    "tass.com": "TASS",
}


@dataclass
class Accuracy:
    """How many of ``total`` were right; ``missing`` had no value at all."""

    label: str
    total: int = 0
    right: int = 0
    missing: int = 0
    close: int | None = 0  # dates within three days (None: not a date)

    def line(self) -> str:
        """One table row."""
        share = self.right / self.total if self.total else 0.0
        close = f"{self.close / self.total:.3f}" if self.total and self.close is not None else "-"
        return f"| {self.label} | {self.total} | {share:.3f} | {close} | {self.missing} |"


def _read(name: str, text: str):  # -> Article
    from desktop.ingest.readers import read_article

    return read_article(Path(name), text.encode("utf-8"))


def _date_check(acc: Accuracy, got: dt.date | None, want: dt.date) -> None:
    acc.total += 1
    if got is None:
        acc.missing += 1
        return
    acc.right += got == want
    acc.close += abs((got - want).days) <= 3


def gum_date_accuracy(root: Path = CORPORA) -> Accuracy:
    """Publication dates of the GUM documents as the text reader finds them."""
    acc = Accuracy("GUM dev: publication date (text reader)")
    for doc_id, text, published in gum_dates(root):
        _date_check(acc, _read(f"{doc_id}.txt", text).published, dt.date.fromisoformat(published))
    return acc


def ruwa_accuracy(root: Path = CORPORA, limit: int | None = None) -> tuple[Accuracy, Accuracy]:
    """Outlet and date of RUWA records read as text notes."""
    from desktop.entities.outlets import normalize_outlet

    outlet = Accuracy("RUWA dev: outlet (text reader + normalize_outlet)", close=None)
    date = Accuracy("RUWA dev: publication date (text reader, MM/DD/YYYY line)")
    path = root / "ruwa-ukraine-war" / "ruwa_sample_dev_2000.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r["title"] or "").strip()]
    for row in rows[:limit]:
        note = f"{row['title'].strip()}\nSource: {row['src']}\n{row['Date']}\n\n{row['desc']}\n"
        article = _read("note.txt", note)
        got = normalize_outlet(article.source)
        outlet.total += 1
        outlet.missing += got is None
        outlet.right += got == RUWA_OUTLETS.get(row["Site"])
        month, day, year = map(int, row["Date"].split("/"))
        _date_check(date, article.published, dt.date(year, month, day))
    return outlet, date


def meta_table(root: Path = CORPORA, limit: int | None = None) -> list[str]:
    """Markdown rows of the metadata accuracies."""
    rows = [
        "| what | documents | exact | within 3 days | none found |",
        "|---|---|---|---|---|",
    ]
    gum = gum_date_accuracy(root)
    outlet, date = ruwa_accuracy(root, limit)
    for acc in (gum, outlet, date):
        rows.append(acc.line())
    return rows
