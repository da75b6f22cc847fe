"""Readers for the gold corpora in ../shared/corpora, as documents with document-level gold.

Nothing here is copied into the project: every corpus is read where it lies. How
each corpus's gold becomes document-level entities (see docs/quality.md):

- GUM Wikinews dev: person/place/organization entities (GUM entity ids) with at least one
  proper-noun-headed mention; forms are those mentions' texts and the Wikipedia title.
- CoNLL-2003: PER/LOC/ORG spans, one entity per kind and distinct text (MISC ignored).
- ECB+ dev: LOC_* and HUMAN_PART_GPE as places, HUMAN_PART_PER as people, HUMAN_PART_ORG
  as organisations, grouped by cross-document id; only name-like mentions (not "the
  actress", "who") and only the sentences whose annotation is complete.
- Reuters-21578 dev: PLACES/PEOPLE/ORGS codes, named through ``eval_reuters_codes.tsv``.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .eval_scoring import Entity, by_surface, group_forms, normalize

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
CODES_FILE = Path(__file__).with_name("eval_reuters_codes.tsv")


@dataclass
class EvalDoc:
    """A document to score: its text, gold entities, and where predictions count."""

    id: str
    text: str
    gold: list[Entity]
    regions: list[tuple[int, int]] | None = None  # None: the whole text
    neutral: list[Entity] = field(default_factory=list)  # neither right nor wrong to predict


@dataclass
class Corpus:
    """A named set of documents and how its gold is judged."""

    name: str
    title: str
    docs: list[EvalDoc]
    judged: dict[str, frozenset[str]] | None = None  # see eval_scoring.score_document
    notes: list[str] = field(default_factory=list)


def _jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


# -- GUM --------------------------------------------------------------------------------------


_HEAD = re.compile(r",\s|\s(?:who|which|where)\s")
_NAME_TAIL = re.compile(r"(?:[A-Z][\w.'-]*\s)*[A-Z][\w.'-]*$")


def load_gum(root: Path = CORPORA) -> Corpus:
    """GUM Wikinews dev (27 documents).

    Named entities that GUM mentions only under a common-noun head ("Facebook creator Mark
    Zuckerberg") are not gold, but predicting them is not counted wrong either (neutral).
    """
    docs = []
    for raw in _jsonl(root / "gum-wikinews" / "gum_wikinews_dev.jsonl"):
        typed = [e for e in raw["entities"] if e["type"] in ("person", "place", "organization")]
        proper = {e["entity_id"] for e in typed if e["proper"]}
        gold, neutral = [], []
        for e in typed:
            group = str(e["entity_id"])
            forms = [e["text"]]
            if e["identity"]:  # "Arlington,_Texas", "Immortals_(esports"
                forms.append(re.sub(r"\s*\(.*$", "", e["identity"].replace("_", " ")))
            forms += [_HEAD.split(f, 1)[0] for f in forms]  # "Duke University, located in"
            if e["entity_id"] in proper and e["proper"]:
                gold += [(e["type"], group, f) for f in forms]
            elif e["entity_id"] not in proper:
                tail = _NAME_TAIL.search(e["text"])  # "team member Rodaba Noori"
                forms += [tail.group()] if tail else []
                neutral += [(e["type"], group, f) for f in forms]
        docs.append(EvalDoc(raw["id"], raw["text"], group_forms(gold), None, group_forms(neutral)))
    return Corpus("gum", "GUM Wikinews dev", docs)


def gum_dates(root: Path = CORPORA) -> list[tuple[str, str, str]]:
    """``(id, text, published)`` of the GUM documents, for publication-date accuracy."""
    path = root / "gum-wikinews" / "gum_wikinews_dev.jsonl"
    return [(raw["id"], raw["text"], raw["published"]) for raw in _jsonl(path)]


# -- CoNLL-2003 -------------------------------------------------------------------------------

_CONLL_KINDS = {"PER": "person", "LOC": "place", "ORG": "organization"}


def load_conll(split: str = "testa", root: Path = CORPORA) -> Corpus:
    """CoNLL-2003 ``testa`` (dev, 216 documents) or ``train`` (946)."""
    docs = []
    for raw in _jsonl(root / "conll2003" / f"conll2003_{split}.jsonl.gz"):
        pairs = [
            (_CONLL_KINDS[e["type"]], e["text"])
            for e in raw["entities"]
            if e["type"] in _CONLL_KINDS
        ]
        docs.append(EvalDoc(raw["id"], raw["text"], by_surface(pairs)))
    title = "CoNLL-2003 testa (dev)" if split == "testa" else f"CoNLL-2003 {split}"
    return Corpus(f"conll-{split}" if split != "testa" else "conll", title, docs)


# -- ECB+ -------------------------------------------------------------------------------------

_ECB_KINDS = {
    "HUMAN_PART_PER": "person",
    "HUMAN_PART_ORG": "organization",
    "HUMAN_PART_GPE": "place",
    "LOC_GEO": "place",
    "LOC_FAC": "place",
    "LOC_OTHER": "place",
}
_LEADING = frozenset(
    {"the", "a", "an", "at", "in", "on", "of", "to", "from", "by", "for", "with", "near", "into"}
    | {"inside", "outside", "his", "her", "its", "their", "our", "my", "your", "this", "that"}
    | {"these", "those"}
)
_CUT = frozenset({",", "(", "-", "in", "at", "near", "on", "'s", "who", "which", "that"})
_LINKS = frozenset({"of", "and", "&", "de", "du", "la", "le", "van", "von", "der", "al", "for"})
_NOT_NAMES = frozenset(
    {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "who"}
    | {"whom", "whose", "this", "that", "there", "here"}
)


class _Casing:
    """Whether a capitalised word is a common word: seen lower-case more than capitalised
    inside sentences of the corpus."""

    def __init__(self, texts: list[str]) -> None:
        self.lower: Counter[str] = Counter()
        self.upper: Counter[str] = Counter()
        for text in texts:
            for line in text.split("\n"):
                for word in line.split()[1:]:
                    if word[:1].islower():
                        self.lower[word] += 1
                    elif word[:1].isupper():
                        self.upper[word.lower()] += 1

    def common(self, word: str) -> bool:
        w = word.lower()
        return self.lower[w] > 0 and self.lower[w] >= self.upper[w]


def _name_form(mention: str, initial: bool, casing: _Casing) -> str | None:
    """The name inside an ECB+ mention ("at Promises" -> "Promises"), or None for
    descriptions and pronouns ("the actress", "who", "People magazine")."""
    tokens, skipped = mention.split(), 0
    while tokens and tokens[0].lower() in _LEADING:
        tokens, skipped = tokens[1:], skipped + 1
    for i, tok in enumerate(tokens):
        if tok.lower() in _CUT and i:
            tokens = tokens[:i]
            break
    if not tokens or any(t.lower() in _NOT_NAMES for t in tokens):
        return None
    if not all(t[:1].isupper() or t[:1].isdigit() or t.lower() in _LINKS for t in tokens):
        return None
    if not (tokens[0][:1].isupper() and tokens[-1][:1].isupper()):
        return None
    if initial and not skipped and len(tokens) == 1 and casing.common(tokens[0]):
        return None  # "Police said", "Crooks at $2.6 million heist"
    return " ".join(tokens)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def load_ecb(root: Path = CORPORA) -> Corpus:
    """ECB+ dev (772 documents), scored on the sentences with complete annotation."""
    folder = root / "ecbplus"
    complete: dict[str, set[int]] = {}
    with open(folder / "ECBplus_coreference_sentences.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = f"{row['Topic']}_{row['File']}"
            complete.setdefault(key, set()).add(int(row["Sentence Number"]))
    raws = list(_jsonl(folder / "ecbplus_dev.jsonl.gz"))
    casing = _Casing([r["text"] for r in raws])
    docs = []
    for raw in raws:
        sentences = complete.get(raw["id"], set())
        if not sentences:
            continue
        text = raw["text"]
        starts = _line_starts(text)
        shift = 1 if raw["subtopic"] == "ecbplus" else 0  # sentence 0 (the URL) is not in text
        regions = []
        for n in sorted(sentences):
            line = n - shift
            if 0 <= line < len(starts):
                end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
                regions.append((starts[line], end))
        mentions = []
        for e in raw["entities"]:
            kind = _ECB_KINDS.get(e["type"])
            if kind is None or e["sentence"] not in sentences or not e["contiguous"]:
                continue
            line = bisect.bisect_right(starts, e["start"]) - 1
            form = _name_form(e["text"], starts[line] == e["start"], casing)
            if form is None:
                continue
            group = e["cross_doc_id"] or e["intra_doc_chain"] or normalize(form)
            mentions.append((kind, str(group), form))
        docs.append(EvalDoc(raw["id"], text, group_forms(mentions), regions))
    return Corpus("ecb", "ECB+ dev (complete sentences)", docs)


# -- Reuters-21578 ----------------------------------------------------------------------------

_REUTERS_KINDS = {"places": "place", "people": "person", "orgs": "organization"}


def reuters_codes() -> dict[tuple[str, str], list[str]]:
    """``(kind, code) -> names`` from ``eval_reuters_codes.tsv``."""
    out: dict[tuple[str, str], list[str]] = {}
    for line in CODES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            field_, code, names = line.split("\t")
            out[(_REUTERS_KINDS[field_], code)] = names.split("|")
    return out


def load_reuters(root: Path = CORPORA, every: int = 10) -> Corpus:
    """Reuters-21578 dev: every ``every``-th article with a body and an index term."""
    codes = reuters_codes()
    judged: dict[str, set[str]] = {}
    for (kind, _), names in codes.items():
        judged.setdefault(kind, set()).update(normalize(n) for n in names)
    docs, seen, unmapped = [], 0, Counter[str]()
    for raw in _jsonl(root / "reuters21578" / "reuters21578_dev.jsonl.gz"):
        if not (raw["body"] or "").strip() or not any(raw[f] for f in _REUTERS_KINDS):
            continue
        seen += 1
        if seen % every:
            continue
        gold = []
        for field_, kind in _REUTERS_KINDS.items():
            for code in raw[field_]:
                names = codes.get((kind, code))
                if names is None:
                    unmapped[code] += 1
                else:
                    gold.append(Entity.of(kind, names))
        title = (raw["title"] or "").strip()
        text = f"{title}\n\n{(raw['dateline'] or '').strip()} {raw['body'].strip()}\n"
        docs.append(EvalDoc(raw["id"], text.lstrip(), gold))
    notes = [f"unmapped codes: {dict(unmapped)}"] if unmapped else []
    return Corpus(
        "reuters",
        f"Reuters-21578 dev (every {every}th article)",
        docs,
        {k: frozenset(v) for k, v in judged.items()},
        notes,
    )
