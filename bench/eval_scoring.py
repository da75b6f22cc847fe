"""Document-level entity scoring: the rules of ``python -m bench.eval_entities``.

A document's gold entities and a system's predicted entities are each a kind
(place, person, organization) and a set of surface forms. A gold entity is found
when a predicted entity of the same kind shares a form with it; a predicted
entity is correct when it shares a form with a gold entity of its kind. Forms are
compared after :func:`normalize` (case, a leading "the", a possessive, dots,
blanks and typographic quotes). Counts are pooled over documents (micro average).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

KINDS = ("place", "person", "organization")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_POSSESSIVE = re.compile(r"\s*'s?$")
_OUTER = " \t\n,;:!?\"'()[]{}\u201c\u201d-"


def normalize(form: str) -> str:
    """The comparison key of a surface form: "The U.S.'s" -> "us", "Reuters'" -> "reuters"."""
    key = unicodedata.normalize("NFKC", form).translate(_QUOTES).casefold().replace(".", "")
    key = " ".join(key.split()).strip(_OUTER)
    if key.startswith("the "):
        key = key[4:]
    return _POSSESSIVE.sub("", key).strip(_OUTER)


@dataclass(frozen=True)
class Entity:
    """One document-level entity: its kind and its normalised surface forms."""

    kind: str
    forms: frozenset[str]

    @staticmethod
    def of(kind: str, forms: Iterable[str]) -> Entity:
        """An entity from raw forms (normalised here; empty forms dropped)."""
        return Entity(kind, frozenset(k for k in map(normalize, forms) if k))


def group_forms(mentions: Iterable[tuple[str, str, str]]) -> list[Entity]:
    """Entities from ``(kind, group id, form)`` triples: one entity per kind and group id."""
    groups: dict[tuple[str, str], set[str]] = {}
    for kind, group, form in mentions:
        groups.setdefault((kind, group), set()).add(form)
    entities = [Entity.of(kind, forms) for (kind, _), forms in groups.items()]
    return [e for e in entities if e.forms]


def by_surface(mentions: Iterable[tuple[str, str]]) -> list[Entity]:
    """Entities from ``(kind, form)`` pairs, one per kind and normalised form."""
    return group_forms((kind, normalize(form), form) for kind, form in mentions)


@dataclass
class Counts:
    """Matched and total gold and predicted entities of one kind (or pooled)."""

    gold: int = 0
    gold_found: int = 0
    pred: int = 0
    pred_correct: int = 0

    def add(self, other: Counts) -> None:
        """Pool ``other`` into these counts."""
        self.gold += other.gold
        self.gold_found += other.gold_found
        self.pred += other.pred
        self.pred_correct += other.pred_correct

    @property
    def precision(self) -> float:
        """Share of predicted entities that are correct (1.0 when nothing was predicted)."""
        return self.pred_correct / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        """Share of gold entities found (1.0 when there is no gold entity)."""
        return self.gold_found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Counts per kind over a set of documents."""

    by_kind: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    docs: int = 0

    def overall(self) -> Counts:
        """All kinds pooled."""
        total = Counts()
        for counts in self.by_kind.values():
            total.add(counts)
        return total


def score_document(
    gold: Iterable[Entity],
    predicted: Iterable[Entity],
    score: Score,
    judged: dict[str, frozenset[str]] | None = None,
    neutral: Iterable[Entity] = (),
) -> None:
    """Add one document's matches to ``score``.

    ``judged`` (kind -> forms) limits precision to predicted entities having one of
    those forms: for gold that covers a closed vocabulary only (Reuters codes).
    A predicted entity that matches no gold entity but a ``neutral`` one (something the
    gold knows but does not score) is left out of precision.
    """
    gold, predicted, neutral = list(gold), list(predicted), list(neutral)
    score.docs += 1
    for kind in KINDS:
        g = [e.forms for e in gold if e.kind == kind]
        p = [e.forms for e in predicted if e.kind == kind]
        if judged is not None:
            p = [forms for forms in p if forms & judged.get(kind, frozenset())]
        gold_forms = frozenset().union(*g) if g else frozenset()
        pred_forms = frozenset().union(*p) if p else frozenset()
        if neutral:
            ok = frozenset().union(*(e.forms for e in neutral if e.kind == kind))
            p = [forms for forms in p if forms & gold_forms or not forms & ok]
        counts = score.by_kind[kind]
        counts.gold += len(g)
        counts.gold_found += sum(1 for forms in g if forms & pred_forms)
        counts.pred += len(p)
        counts.pred_correct += sum(1 for forms in p if forms & gold_forms)
