"""Scores for saved web pages against the gold of ``html-news-dev`` (see its README).

One :class:`Scores` per system (Sourcedesk, htmldate, trafilatura); each page's
prediction is a :class:`Prediction`. How each figure is counted:

- date: pages with a gold day: exact / undated / wrong; pages annotated as having
  no date: the share the system dated anyway.
- title and author: pages with a non-empty gold value, compared after normalising
  (case, blanks, quotes and dashes; authors as a set of names).
- body snippets: every ``gold_with`` snippet found in the text, every ``gold_without``
  absent, after collapsing blanks (micro average over snippets, as trafilatura's own
  evaluation counts them).
- full body: the article-extraction-benchmark's word 4-gram shingles, precision and
  recall averaged over pages, F1 of the two averages.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―"} | {c: "'" for c in "‘’‚‛`´"})
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»"})


def norm_text(text: str) -> str:
    """Compare-form of a title: NFKC, case folded, quotes/dashes unified, blanks collapsed,
    invisible characters (soft hyphens, zero-width spaces) removed."""
    text = re.sub(r"[\u00ad\u200b-\u200f\u2060\ufeff]", "", text)
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES).casefold()
    return " ".join(text.split()).strip(" .:;,|-\"'")


def author_set(text: str | list[str]) -> frozenset[str]:
    """The names of a byline, order and separators ignored."""
    if isinstance(text, list):
        text = "; ".join(text)
    text = re.sub(r"^\s*(?:by|von|par|por)\s+", "", text, flags=re.I)
    parts = re.split(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|\|)\s*", text)
    return frozenset(n for n in (norm_text(p) for p in parts) if n)


def collapse(text: str) -> str:
    """Blanks collapsed, for snippet search."""
    return " ".join(text.split())


_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def shingle_pr(true: str, pred: str) -> tuple[float, float]:
    """Precision and recall of ``pred`` against ``true`` over word 4-grams (the benchmark's)."""
    t, p = _shingles(true), _shingles(pred)
    t.pop((), None)
    p.pop((), None)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    if fp == fn == 0:
        return 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return precision, recall


@dataclass
class Prediction:
    """What one system read from one page (``failed`` when it gave nothing)."""

    date: str | None = None
    title: str | None = None
    author: str | None = None
    text: str | None = None
    failed: bool = False
    date_from: str | None = None


@dataclass
class Scores:
    """Counts for one system over the pages."""

    name: str
    dated_gold: int = 0
    date_exact: int = 0
    date_missing: int = 0
    date_wrong: int = 0
    undated_gold: int = 0
    dated_undated: int = 0
    titles: int = 0
    title_exact: int = 0
    authors: int = 0
    author_exact: int = 0
    author_missing: int = 0
    with_total: int = 0
    with_found: int = 0
    without_total: int = 0
    without_absent: int = 0
    bodies: list[tuple[float, float]] = field(default_factory=list)
    failed: int = 0
    failed_long: int = 0  # failed although trafilatura found >= 200 characters
    errors: dict[str, list[str]] = field(default_factory=dict)

    def note(self, kind: str, line: str) -> None:
        """Keep an error line for ``--errors``."""
        self.errors.setdefault(kind, []).append(line)

    def add(self, gold: dict, pred: Prediction, traf_chars: int = 0) -> None:
        """Score one page."""
        name = gold["file"]
        if pred.failed:
            self.failed += 1
            self.failed_long += traf_chars >= 200
            self.note("failed", f"{name}: {pred.text or ''}")
        if gold.get("gold_date"):
            self.dated_gold += 1
            if pred.date is None:
                self.date_missing += 1
                self.note("date", f"{name}: undated, gold {gold['gold_date']}")
            elif pred.date == gold["gold_date"]:
                self.date_exact += 1
            else:
                self.date_wrong += 1
                self.note(
                    "date", f"{name}: {pred.date} ({pred.date_from}), gold {gold['gold_date']}"
                )
        elif gold.get("gold_undated"):
            self.undated_gold += 1
            if pred.date is not None:
                self.dated_undated += 1
                self.note("date", f"{name}: {pred.date} ({pred.date_from}), gold: no date")
        if gold.get("gold_title"):
            self.titles += 1
            ok = pred.title is not None and norm_text(pred.title) == norm_text(gold["gold_title"])
            self.title_exact += ok
            if not ok:
                self.note("title", f"{name}: {pred.title!r}, gold {gold['gold_title']!r}")
        if gold.get("gold_author"):
            self.authors += 1
            if not pred.author:
                self.author_missing += 1
                self.note("author", f"{name}: none, gold {gold['gold_author']!r}")
            elif author_set(pred.author) == author_set(gold["gold_author"]):
                self.author_exact += 1
            else:
                self.note("author", f"{name}: {pred.author!r}, gold {gold['gold_author']!r}")
        text = collapse(pred.text or "") if not pred.failed else ""
        for snippet in gold.get("gold_with") or []:
            self.with_total += 1
            found = collapse(snippet) in text
            self.with_found += found
            if not found:
                self.note("body", f"{name}: missing {snippet[:80]!r}")
        for snippet in gold.get("gold_without") or []:
            self.without_total += 1
            absent = collapse(snippet) not in text
            self.without_absent += absent
            if not absent:
                self.note("body", f"{name}: boilerplate {snippet[:80]!r}")
        if gold.get("gold_article_body") is not None:
            pr = shingle_pr(gold["gold_article_body"], text)
            self.bodies.append(pr)
            if min(pr) < 0.9:
                self.note("fullbody", f"{name}: P {pr[0]:.2f} R {pr[1]:.2f}")

    def figures(self) -> dict[str, float | int | None]:
        """The table's figures (shares), by row key."""

        def share(a: int, b: int) -> float | None:
            return a / b if b else None

        f1: float | None = None
        if self.bodies:
            p = statistics.mean(b[0] for b in self.bodies)
            r = statistics.mean(b[1] for b in self.bodies)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "date_exact": share(self.date_exact, self.dated_gold),
            "date_missing": share(self.date_missing, self.dated_gold),
            "date_wrong": share(self.date_wrong, self.dated_gold),
            "dated_undated": share(self.dated_undated, self.undated_gold),
            "title_exact": share(self.title_exact, self.titles),
            "author_exact": share(self.author_exact, self.authors),
            "author_missing": share(self.author_missing, self.authors),
            "with_found": share(self.with_found, self.with_total),
            "without_absent": share(self.without_absent, self.without_total),
            "body_f1": f1,
            "failed": self.failed,
            "failed_long": self.failed_long,
        }
