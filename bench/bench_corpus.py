"""The benchmark's articles: the real news corpora in ../shared/corpora, written as files.

Each article becomes one ``.txt`` file: the title on the first line, a date line when the
corpus gives a publication date, an outlet line (``Source: …``) when the corpus names the
outlet, a blank line, then the body as the corpus has it. Nothing is copied into the
project: the files go to a folder under /tmp.

Real articles (about 23,000): Reuters-21578 dev (19,000), BBC News 2004-2005 (2,225), ECB+
dev (772), CoNLL-2003 train + testa (1,162) and GUM Wikinews dev (27). A size below the
total takes every corpus in proportion (so the query mix finds something in each); a size
above it replicates the real articles with new ids and light text variation (see
:func:`vary`), which the benchmark's output says.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
FILES_PER_FOLDER = 1000


@dataclass(frozen=True)
class Article:
    """One article to write as a file."""

    id: str  # unique, used for the file name
    corpus: str
    title: str
    body: str
    published: dt.date | None = None
    source: str | None = None

    def render(self) -> str:
        """The file's text."""
        head = [self.title.strip()]
        if self.published is not None:
            d = self.published
            head.append(f"{d.strftime('%B')} {d.day}, {d.year}")
        if self.source:
            head.append(f"Source: {self.source}")
        return "\n".join(head) + "\n\n" + self.body.strip() + "\n"


def _jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _split_title(text: str) -> tuple[str, str]:
    first, _, rest = text.strip().partition("\n")
    return first.strip(), rest


def load_reuters(root: Path) -> list[Article]:
    out = []
    for r in _jsonl(root / "reuters21578" / "reuters21578_dev.jsonl.gz"):
        body = (r.get("body") or "").strip()
        dateline = (r.get("dateline") or "").strip()
        if body and dateline:
            body = f"{dateline} {body}"
        title = (r.get("title") or "").strip()
        if not title:
            title, body = _split_title(body)
        if not title and not body:
            continue
        date = None
        if r.get("date"):
            try:
                date = dt.date.fromisoformat(r["date"][:10])
            except ValueError:
                date = None
        out.append(Article(r["id"], "reuters21578", title, body, date, r.get("source") or None))
    return out


def load_bbc(root: Path) -> list[Article]:
    out = []
    for r in _jsonl(root / "bbc-news-2004-2005" / "bbc_news.jsonl.gz"):
        title, body = _split_title(r["text"])
        out.append(Article(r["id"], "bbc", title, body, None, r.get("source") or None))
    return out


def load_conll(root: Path) -> list[Article]:
    out = []
    for split in ("train", "testa"):
        for r in _jsonl(root / "conll2003" / f"conll2003_{split}.jsonl.gz"):
            title, body = _split_title(r["text"])
            out.append(Article(r["id"], "conll2003", title, body))
    return out


def load_ecbplus(root: Path) -> list[Article]:
    out = []
    for r in _jsonl(root / "ecbplus" / "ecbplus_dev.jsonl.gz"):
        title, body = _split_title(r["text"])
        out.append(Article("ecbplus-" + r["id"], "ecbplus", title, body))
    return out


def load_gum(root: Path) -> list[Article]:
    out = []
    for r in _jsonl(root / "gum-wikinews" / "gum_wikinews_dev.jsonl"):
        title, body = _split_title(r["text"])  # the text's second paragraph is its dateline
        out.append(Article(r["id"], "gum-wikinews", title, body, None, None))
    return out


LOADERS = (load_reuters, load_bbc, load_ecbplus, load_conll, load_gum)


def load_real(root: Path = CORPORA) -> dict[str, list[Article]]:
    """Every real article, by corpus."""
    out: dict[str, list[Article]] = {}
    for loader in LOADERS:
        arts = loader(root)
        if arts:
            out[arts[0].corpus] = arts
    return out


def proportional(by_corpus: dict[str, list[Article]]) -> list[Article]:
    """All articles, ordered so that any prefix holds each corpus in proportion."""
    keyed = []
    for name, arts in by_corpus.items():
        n = len(arts)
        keyed.extend(((i + 0.5) / n, name, i, a) for i, a in enumerate(arts))
    keyed.sort(key=lambda k: (k[0], k[1], k[2]))
    return [k[3] for k in keyed]


_WORD = re.compile(r"[A-Za-z]{3,}")


def vary(article: Article, round_no: int) -> Article:
    """A light variation of an article for replica ``round_no`` (1, 2, …).

    Deterministic: about 3 % of word pairs within a line are swapped, one body line (of
    several) is dropped, and the publication date moves ``round_no`` years later. Every
    replica is a new document to the importer (a different text fingerprint) with the
    vocabulary, length and entity density of a real article.
    """
    rng = random.Random(f"{article.id}/{round_no}")
    lines = article.body.split("\n")
    if len(lines) > 3:
        del lines[rng.randrange(1, len(lines))]
    out_lines = []
    for line in lines:
        words = line.split(" ")
        for i in range(len(words) - 1):
            if rng.random() < 0.03:
                words[i], words[i + 1] = words[i + 1], words[i]
        out_lines.append(" ".join(words))
    body = "\n".join(out_lines)
    # a marker that keeps even a one-line article distinct (as a wire's repeat would be)
    body += f"\n\n(Item {round_no}-{rng.randrange(10**6):06d})"
    published = article.published
    if published is not None:
        try:
            published = published.replace(year=published.year + round_no)
        except ValueError:  # 29 February
            published = published.replace(year=published.year + round_no, day=28)
    return Article(
        f"{article.id}-r{round_no}", article.corpus, article.title, body, published, article.source
    )


def articles(n_docs: int, root: Path = CORPORA) -> tuple[list[Article], dict[str, object]]:
    """``n_docs`` articles (real ones first, then replicas) and a description of them."""
    by_corpus = load_real(root)
    real = proportional(by_corpus)
    if n_docs <= 0:  # all the real ones
        n_docs = len(real)
    if n_docs <= len(real):
        chosen = real[:n_docs]
        replicas = 0
    else:
        chosen = list(real)
        round_no = 0
        while len(chosen) < n_docs:
            round_no += 1
            need = n_docs - len(chosen)
            chosen.extend(vary(a, round_no) for a in real[:need])
        replicas = n_docs - len(real)
    counts: dict[str, int] = {}
    for a in chosen:
        counts[a.corpus] = counts.get(a.corpus, 0) + 1
    info: dict[str, object] = {
        "real_available": len(real),
        "real_used": n_docs - replicas,
        "replicated": replicas,
        "by_corpus": counts,
        "corpora": str(root),
    }
    if replicas:
        info["replication"] = (
            f"{replicas} of {n_docs} articles are replicas of the real ones with new ids and "
            "light text variation (3 % of adjacent words swapped, one line dropped, an item "
            "marker added, the date moved by whole years)"
        )
    return chosen, info


def write_files(arts: list[Article], folder: Path) -> int:
    """Write one ``.txt`` per article under ``folder`` (1,000 per subfolder); bytes written."""
    total = 0
    for i, a in enumerate(arts):
        sub = folder / f"{i // FILES_PER_FOLDER:04d}"
        if i % FILES_PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        data = a.render().encode("utf-8")
        (sub / f"{a.id}.txt").write_bytes(data)
        total += len(data)
    return total
