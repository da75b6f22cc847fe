"""Trust figures of a real library (issue 12), the bare spaCy model beside where it applies.

    .venv/bin/python -m bench.eval_trust [--docs 4000] [--library DIR] [--write docs/quality.md]

Builds a library from the real articles in ../shared/corpora (Reuters-21578 dev, BBC News
2004-2005, GUM Wikinews dev, CoNLL-2003; written as files the way ``make bench`` writes
them: title, date line, ``Source:`` line, body) through ``Library.import_paths``, then
measures what a reporter would catch:

- **wrong-person merges**: person entities whose spellings carry two different first names
  (variants of one first name, Costas/Kostas, count as one);
- **links without evidence**: person and organisation mentions whose text shares no word
  with their entity's name and is neither a near spelling, an acronym or short form of it,
  nor a spelling a curated list gives it (a reader would recognise those: Pentagon);
- **own outlet among actors**: articles whose actors include their own outlet or its
  sign-off ("Reuters", "REUTER" in a Reuters story);
- **phrase hits without the phrase**: quoted-phrase searches of multi-word entity names,
  hits whose title and text lack the phrase;
- **surname links no longer true**: bare surnames linked as "the only person called …
  in the library" where the library now holds two people named in full with it;
- one-word persons (surnames alone, and words taken for people), open suggestions.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from . import bench_corpus

STOP = frozenset({"the", "of", "and", "for", "&", "de", "la", "le", "in", "on", "a"})
# share of each corpus in a library of --docs articles
MIX = {"reuters21578": 0.45, "bbc": 0.45, "conll2003": 0.09, "gum-wikinews": 0.01}
KNOWN_PHRASES = ("Cherie Blair", "Gordon Brown", "Ron Howard", "Michael Howard", "Tony Blair")


@dataclass
class Figures:
    """The trust figures of one system over one set of articles."""

    articles: int = 0
    person_entities: int = 0
    two_first_names: list[str] = field(default_factory=list)
    links: int = 0
    unevidenced: list[str] = field(default_factory=list)
    own_outlet: list[str] = field(default_factory=list)
    phrase_hits: int = 0
    phrase_misses: list[str] = field(default_factory=list)
    one_word_persons: int = 0
    surname_links: int = 0
    stale_surnames: list[str] = field(default_factory=list)
    suggestions: int = 0
    measured: set[str] = field(default_factory=set)

    def pct(self, part: int, whole: int) -> str:
        return f"{100 * part / whole:.2f} %" if whole else "-"


def _acronym(short: str, long: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", short)
    words = [w for w in re.split(r"[\s\-/]+", long) if w and w.lower() not in STOP]
    initials = "".join(w[0] for w in words if w[0].isalpha())
    return len(letters) >= 2 and letters.isupper() and letters.lower() == initials.lower()


def evidenced(text: str, name: str) -> bool:
    """Whether a mention's text visibly names its entity (see the module's docstring)."""
    from desktop.entities.gazetteer import get_gazetteer
    from desktop.entities.names import name_key, strip_person_title, translit_key
    from desktop.entities.orgs import lookup_org, org_key
    from desktop.entities.outlets import lookup_outlet
    from desktop.entities.people import lookup_person

    t, n = name_key(strip_person_title(text)), name_key(name)
    if not t or set(t.split()) - STOP & set(n.split()) - STOP:
        return True
    if translit_key(t) == translit_key(n) or org_key(t) == org_key(n):
        return True
    if SequenceMatcher(None, t, n).ratio() >= 0.8 or n.startswith(t) or t.startswith(n):
        return True  # a near spelling, a short form ("Fed" / "Federal Reserve")
    if _acronym(text, name) or _acronym(name, text):
        return True
    listed = {lookup_org(text), lookup_person(text), lookup_outlet(text)}
    listed |= {p.canonical for p in get_gazetteer().candidates(text)}
    return name in listed


def first_name_clash(spellings: set[str]) -> bool:
    """Whether full-name spellings of one person carry two different first names."""
    from desktop.entities.spelling import first_names

    return len(first_names(spellings)) > 1


def _own(source: str | None, text: str) -> bool:
    from desktop.entities.names import name_key
    from desktop.entities.outlets import lookup_outlet

    if not source:
        return False
    own = name_key(source)
    key = name_key(lookup_outlet(text) or text)
    return key == own or key + "s" == own or (own.startswith(key + " ") and len(key) > 2)


# -- the library -------------------------------------------------------------------------------


def choose(n_docs: int) -> list[bench_corpus.Article]:
    """``n_docs`` real articles, spread over each corpus (every k-th article)."""
    by_corpus = bench_corpus.load_real()
    out: list[bench_corpus.Article] = []
    for corpus, share in MIX.items():
        arts = by_corpus.get(corpus, [])
        want = min(len(arts), max(1, round(n_docs * share)))
        step = max(1, len(arts) // want) if want else 1
        out += arts[::step][:want]
    return out


def library_figures(lib, phrases: int = 40) -> Figures:  # noqa: ANN001 - a desktop Library
    """The trust figures of a library (every entity, mention and article in it)."""
    from sqlalchemy import select

    from desktop.entities.links import SURNAME
    from desktop.entities.resolve import person_surname_key
    from desktop.entities.spelling import same_surname, surname
    from desktop.querying import SearchRequest
    from desktop.store.models import Alias, Document, Entity, Mention, Source

    fig = Figures(measured={"merges", "links", "outlet", "phrases", "one-word", "suggestions"})
    with lib.sessions() as s:
        fig.articles = len(s.scalars(select(Document.id)).all())
        full_names: dict[str, list[str]] = {}
        for n in s.scalars(
            select(Entity.name).where(
                Entity.kind == "person", Entity.ignored.is_(False), Entity.merged_into.is_(None)
            )
        ):
            if len(n.split()) > 1:
                full_names.setdefault(person_surname_key(n) or "", []).append(n)
        for text, name in s.execute(
            select(Mention.text, Entity.name)
            .join(Entity, Entity.id == Mention.entity_id)
            .where(Mention.link == SURNAME)
        ):
            fig.surname_links += 1
            # the resolver's own test: people named in full with this very surname
            same = [n for n in full_names.get(person_surname_key(name) or "", [])
                    if same_surname(text, surname(n))]  # fmt: skip
            if len(same) > 1:
                fig.stale_surnames.append(f"{text} -> {name}")
        rows = s.execute(
            select(Mention.document_id, Mention.text, Entity.id, Entity.kind, Entity.name)
            .join(Entity, Entity.id == Mention.entity_id)
            .where(Entity.ignored.is_(False), Entity.kind.in_(("person", "organization")))
        ).all()
        sources = {
            int(i): str(n)
            for i, n in s.execute(
                select(Document.id, Source.name).join(Source, Source.id == Document.source_id)
            )
        }
        alias_names: dict[int, set[str]] = {}
        for eid, name in s.execute(
            select(Alias.entity_id, Alias.name).join(Entity).where(Entity.kind == "person")
        ):
            alias_names.setdefault(int(eid), set()).add(name)
    spellings: dict[int, set[str]] = {}
    names: dict[int, str] = {}
    docs_of: Counter[int] = Counter()
    own_docs: dict[int, str] = {}
    seen_doc_entity: set[tuple[int, int]] = set()
    for doc_id, text, eid, kind, name in rows:
        fig.links += 1
        if not evidenced(text, name):
            fig.unevidenced.append(f"{text} -> {name}")
        if kind == "person":
            spellings.setdefault(eid, set()).add(text)
            names[eid] = name
        if (doc_id, eid) not in seen_doc_entity:
            seen_doc_entity.add((doc_id, eid))
            docs_of[eid] += 1
        if _own(sources.get(doc_id), text) or _own(sources.get(doc_id), name):
            own_docs.setdefault(doc_id, f"{sources.get(doc_id)}: {text}")
    fig.own_outlet = list(own_docs.values())
    fig.person_entities = len(names)
    from desktop.entities.people import lookup_person

    for eid, texts in spellings.items():
        # a curated list's own spellings of a person are no clash (Mikheil / Mikhail
        # Saakashvili, Lula / Luiz Inacio Lula da Silva)
        mine = texts | alias_names.get(eid, set()) | {names[eid]}
        if first_name_clash({t for t in mine if lookup_person(t) != names[eid]} | {names[eid]}):
            fig.two_first_names.append(f"{names[eid]}: {sorted(texts)[:6]}")
    fig.one_word_persons = sum(1 for n in names.values() if " " not in n.strip())
    every = {int(r[2]): str(r[4]) for r in rows}
    candidates = [every[e] for e, _ in docs_of.most_common() if len(every[e].split()) > 1][:phrases]
    for phrase in dict.fromkeys([*KNOWN_PHRASES, *candidates]):
        ids = lib.searcher.all_ids(SearchRequest(query=f'"{phrase}"')).tolist()
        # the phrase's words in order, whatever the punctuation between them ("George W Bush")
        words = [w for w in re.split(r"\W+", phrase) if w]
        pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", re.I)
        for doc_id in ids:
            doc = lib.searcher.document(doc_id)
            fig.phrase_hits += 1
            if not pattern.search(doc.title + "\n" + doc.text):
                fig.phrase_misses.append(f'"{phrase}" in #{doc_id}')
    fig.suggestions = len(lib.suggestions())
    return fig


def bare_figures(arts: list[bench_corpus.Article]) -> Figures:
    """What the bare model alone would put among an article's actors (no linking: one entity
    per distinct text, so no merges and no links to judge)."""
    from desktop.entities.ner import ner_spans_many

    fig = Figures(measured={"outlet", "one-word"})
    fig.articles = len(arts)
    one_word: set[str] = set()
    texts = [a.render() for a in arts]
    for start in range(0, len(texts), 64):
        chunk = texts[start : start + 64]
        for art, spans in zip(arts[start : start + 64], ner_spans_many(chunk), strict=True):
            own = False
            for s in spans:
                if s.label in ("PERSON", "ORG") and _own(art.source, s.text):
                    own = True
                if s.label == "PERSON" and " " not in s.text.strip():
                    one_word.add(s.text.strip())
            if own:
                fig.own_outlet.append(f"{art.source}: {art.id}")
    fig.one_word_persons = len(one_word)
    return fig


def table(pipe: Figures, bare: Figures) -> list[str]:
    """The markdown rows: each figure for the pipeline and (where it applies) the bare model."""

    def cell(f: Figures, what: str, value: str) -> str:
        return value if what in f.measured else "n/a"

    rows = [
        "| figure | target | Sourcedesk | bare spaCy model |",
        "|---|---|---|---|",
        f"| articles | | {pipe.articles:,} | {bare.articles:,} |",
        "| person entities with two different first names | 0 | "
        f"{len(pipe.two_first_names)} of {pipe.person_entities:,} | n/a (no linking) |",
        "| person/organisation links without evidence | ≤ 0.1 % | "
        f"{len(pipe.unevidenced)} of {pipe.links:,} ({pipe.pct(len(pipe.unevidenced), pipe.links)})"
        " | n/a (no linking) |",
        "| articles with their own outlet or sign-off among their actors | ≤ 1 % | "
        f"{len(pipe.own_outlet)} ({pipe.pct(len(pipe.own_outlet), pipe.articles)}) | "
        f"{len(bare.own_outlet)} ({bare.pct(len(bare.own_outlet), bare.articles)}) |",
        "| quoted-phrase hits without the phrase | 0 | "
        f"{len(pipe.phrase_misses)} of {pipe.phrase_hits:,} | n/a (no search) |",
        "| bare surnames linked as the library's only one, no longer so | 0 | "
        f"{len(pipe.stale_surnames)} of {pipe.surname_links:,} | n/a (no linking) |",
        f"| one-word persons (distinct) | | {pipe.one_word_persons:,} | "
        f"{cell(bare, 'one-word', f'{bare.one_word_persons:,}')} |",
        f"| open merge suggestions | | {pipe.suggestions:,} | n/a |",
    ]
    return rows


def examples(pipe: Figures, n: int = 8) -> list[str]:
    """A few examples of each failure, to read."""
    out = []
    for title, items in (
        ("two first names", pipe.two_first_names),
        ("links without evidence", pipe.unevidenced),
        ("own outlet among actors", pipe.own_outlet),
        ("phrase hits without the phrase", pipe.phrase_misses),
        ("surname links no longer true", pipe.stale_surnames),
    ):
        if items:
            shown = "; ".join(items[:n])
            out.append(f"- {title} ({len(items)}): {shown}")
    return out


def build(arts: list[bench_corpus.Article], root: Path) -> float:
    """Import the articles into a new library at ``root``; seconds taken."""
    from desktop.library import Library

    files = root / "articles"
    bench_corpus.write_files(arts, files)
    t0 = time.monotonic()
    with Library.open(root / "lib") as lib:
        lib.import_paths([files])
    return time.monotonic() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_trust", description=__doc__)
    parser.add_argument("--docs", type=int, default=4000, help="articles in the library")
    parser.add_argument("--library", type=Path, help="measure this library (no import)")
    parser.add_argument("--keep", type=Path, help="build the library here and keep it")
    parser.add_argument("--write", type=Path, help="put the figures in this report")
    args = parser.parse_args(argv)
    if not bench_corpus.CORPORA.is_dir():
        print(f"eval_trust: no corpora at {bench_corpus.CORPORA}; nothing to measure")
        return 0
    from desktop.library import Library

    arts = choose(args.docs)
    built = None
    root = args.library
    if root is None:
        built = Path(args.keep or tempfile.mkdtemp(prefix="sourcedesk-trust-"))
        seconds = build(arts, built)
        print(f"built a library of {len(arts)} articles in {seconds:.0f} s: {built}/lib")
        root = built / "lib"
    with Library.open(root) as lib:
        pipe = library_figures(lib)
    bare = bare_figures(arts)
    by_corpus = Counter(a.corpus for a in arts)
    mix = ", ".join(f"{c} {n}" for c, n in by_corpus.most_common())
    lines = [*table(pipe, bare), "", f"Articles: {mix}.", "", *examples(pipe)]
    print("\n".join(lines))
    if args.write:
        from .eval_report import write_trust

        write_trust(args.write, lines)
        print(f"written: {args.write}")
    if built is not None and args.keep is None:
        shutil.rmtree(built, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
