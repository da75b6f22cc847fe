"""Document-level entity extraction against the gold corpora: bare spaCy vs Sourcedesk.

    .venv/bin/python -m bench.eval_entities [--corpus NAME]... [--limit N] [--write docs/quality.md]

Corpora are read from ../shared/corpora (``--corpora DIR`` elsewhere); the scoring rules are
in ``bench/eval_scoring.py``, the gold of each corpus in ``bench/eval_corpora.py``.
"bare" is the small English model's entities (PERSON -> person, GPE/LOC/FAC -> place,
ORG -> organization); "pipeline" is ``desktop.entities.extract.extract_entities``, each
entity's forms being its canonical name and the texts of its mentions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import eval_corpora as corpora
from .eval_scoring import KINDS, Entity, Score, group_forms, normalize, score_document

BARE_KINDS = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organization",
}
Mention = tuple[int, int, str, str, str]  # start, end, kind, group, form

#: corpus name -> (loader, tuned on it?)
LOADERS: dict[str, tuple[Callable[[Path], corpora.Corpus], bool]] = {
    "gum": (corpora.load_gum, True),
    "conll-train": (lambda root: corpora.load_conll("train", root), True),
    "conll": (lambda root: corpora.load_conll("testa", root), False),
    "ecb": (corpora.load_ecb, False),
    "reuters": (corpora.load_reuters, False),
}
DEFAULT = ["gum", "conll", "ecb", "reuters", "conll-train"]


class Timer:
    """Seconds in the model (every run, the true-cased copies too), in the pipeline beyond
    the model, and characters seen."""

    def __init__(self) -> None:
        self.model = 0.0
        self.pipeline = 0.0
        self.chars = 0

    def extra_ms_per_5kb(self) -> float:
        """Pipeline time beyond the model's, in ms per 5,000 characters."""
        return (self.pipeline / max(self.chars, 1)) * 5000 * 1000


@contextmanager
def shared_model_run(timer: Timer | None = None) -> Iterator[Callable[[str], list]]:
    """The NER model with a small memo, patched in wherever the pipeline imports it, so the
    bare and the pipeline side share a model run on the same text (the pipeline runs the
    model again only on a true-cased copy); model time goes to ``timer.model``."""
    from desktop.entities import ner

    real = ner.ner_spans
    memo: dict[str, list] = {}

    def cached(text: str) -> list:
        if text not in memo:
            if len(memo) > 4:
                memo.clear()
            t0 = time.perf_counter()
            memo[text] = real(text)
            if timer is not None:
                timer.model += time.perf_counter() - t0
        return memo[text]

    patched = [
        m for name, m in list(sys.modules.items())
        if name.startswith("desktop.entities") and getattr(m, "ner_spans", None) is real
    ]  # fmt: skip
    for module in patched:
        module.ner_spans = cached  # type: ignore[attr-defined]
    try:
        yield cached
    finally:
        for module in patched:
            module.ner_spans = real  # type: ignore[attr-defined]


def bare_mentions(spans: list) -> list[Mention]:
    """The model's own entities, labels mapped to the three kinds."""
    out = []
    for s in spans:
        kind = BARE_KINDS.get(s.label)
        if kind:
            out.append((s.start, s.end, kind, normalize(s.text), s.text))
    return out


def pipeline_mentions(text: str) -> list[Mention]:
    """Sourcedesk's mentions: each entity (kind + key) has its name and its texts as forms."""
    from desktop.entities.extract import extract_entities

    out: list[Mention] = []
    for f in extract_entities(text, None):
        if f.kind in KINDS:
            out.append((f.start, f.end, f.kind, f.key or f.name, f.name))
            out.append((f.start, f.end, f.kind, f.key or f.name, f.text))
    return out


def _entities(mentions: list[Mention], regions: list[tuple[int, int]] | None) -> list[Entity]:
    if regions is not None:
        mentions = [m for m in mentions if any(s <= m[0] and m[1] <= e for s, e in regions)]
    return group_forms((kind, group, form) for _, _, kind, group, form in mentions)


def evaluate(corpus: corpora.Corpus, limit: int | None, timer: Timer) -> tuple[Score, Score]:
    """Bare and pipeline scores over (the first ``limit`` documents of) a corpus."""
    bare, pipe = Score(), Score()
    with shared_model_run(timer) as model:
        for doc in corpus.docs[:limit]:
            spans = model(doc.text)
            before = timer.model
            t0 = time.perf_counter()
            predicted = pipeline_mentions(doc.text)
            timer.pipeline += time.perf_counter() - t0 - (timer.model - before)
            timer.chars += len(doc.text)
            for system, mentions in ((bare, bare_mentions(spans)), (pipe, predicted)):
                found = _entities(mentions, doc.regions)
                score_document(doc.gold, found, system, corpus.judged, doc.neutral)
    return bare, pipe


def _cells(counts) -> str:  # noqa: ANN001
    return f"{counts.precision:.3f} | {counts.recall:.3f} | **{counts.f1:.3f}**"


def table(results: list[tuple[corpora.Corpus, bool, Score, Score]]) -> list[str]:
    """The markdown table: one row per corpus and kind, plus the pooled row."""
    rows = [
        "| corpus | tuned on | kind | docs | gold | bare P | bare R | bare F1 "
        "| pipeline P | pipeline R | pipeline F1 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for corpus, tuned, bare, pipe in results:
        tag = "yes" if tuned else "**held out**"
        for kind in (*KINDS, "all"):
            b = bare.overall() if kind == "all" else bare.by_kind[kind]
            p = pipe.overall() if kind == "all" else pipe.by_kind[kind]
            head = f"| {corpus.title} | {tag} | {kind} | {bare.docs} | {b.gold}"
            rows.append(f"{head} | {_cells(b)} | {_cells(p)} |")
    return rows


def machine() -> str:
    """A line about where and when this ran."""
    cpu = platform.processor() or platform.machine()
    return (
        f"{dt.date.today().isoformat()}, {platform.system()} {platform.release()}, {cpu}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average "
        f"{os.getloadavg()[0]:.1f} at the end (a shared machine inflates every time above)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.eval_entities", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpus", action="append", choices=sorted(LOADERS), help="default: all")
    parser.add_argument("--limit", type=int, help="at most N documents per corpus")
    parser.add_argument("--corpora", type=Path, default=corpora.CORPORA, help="the corpora folder")
    parser.add_argument("--write", type=Path, help="write the report (e.g. docs/quality.md)")
    parser.add_argument("--no-meta", action="store_true", help="skip date/outlet accuracy")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"eval_entities: no corpora at {args.corpora} (../shared/corpora); nothing to score")
        return 0
    from desktop.entities.ner import load_model

    load_model()
    pipeline_mentions("Warm-up: Kyiv, Reuters and Ivan Fedorov.")  # lists load once
    timer = Timer()
    results = []
    for name in args.corpus or DEFAULT:
        loader, tuned = LOADERS[name]
        corpus = loader(args.corpora)
        bare, pipe = evaluate(corpus, args.limit, timer)
        results.append((corpus, tuned, bare, pipe))
        for row in table([results[-1]])[2:]:
            print(row, flush=True)
        for note in corpus.notes:
            print(f"  note: {note}")
    rows = table(results)
    meta = [] if args.no_meta else _meta(args.corpora, args.limit)
    timing = (
        f"Time: the model {timer.model:.1f} s (all runs, including the pipeline's runs on "
        f"true-cased copies), the pipeline beyond the model {timer.pipeline:.1f} s, for "
        f"{timer.chars:,} characters: {timer.extra_ms_per_5kb():.1f} ms per 5 KB of text "
        "beyond the model."
    )
    print("\n".join(["", *rows, "", *meta, "", timing, machine()]))
    if args.write:
        from .eval_report import write_report

        write_report(args.write, rows, meta, timing, machine())
        print(f"written: {args.write}")
    return 0


def _meta(root: Path, limit: int | None) -> list[str]:
    from .eval_meta import meta_table

    return meta_table(root, limit)


if __name__ == "__main__":
    raise SystemExit(main())
