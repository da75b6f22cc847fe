"""The entity evaluation (bench/eval_entities.py): its scorer on hand-made data, and the
pipeline against the bare model on a slice of the real corpora (where ../shared is)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.eval_corpora import CORPORA, _Casing, _name_form, reuters_codes
from bench.eval_scoring import Counts, Entity, Score, by_surface, normalize, score_document


@pytest.mark.parametrize(
    ("form", "key"),
    [
        ("The U.S.'s", "us"),
        ("the United States", "united states"),
        ("Reuters'", "reuters"),
        ("Zelenskyy’s", "zelenskyy"),
        ("  Kyiv  ", "kyiv"),
        ("U.N.", "un"),
        ("Clinton 's", "clinton"),  # CoNLL tokenisation
        ("Theresa May", "theresa may"),  # only a whole leading word "the" goes
        ("New  York", "new york"),
    ],
)
def test_normalize(form: str, key: str) -> None:
    assert normalize(form) == key


def test_a_gold_entity_is_found_through_any_shared_form() -> None:
    gold = [Entity.of("place", ["Kyiv", "Kiev"]), Entity.of("person", ["Ivan Fedorov"])]
    predicted = [Entity.of("place", ["Kyiv"]), Entity.of("person", ["Fedorov", "Ivan Fedorov"])]
    score = Score()
    score_document(gold, predicted, score)
    assert score.overall() == Counts(gold=2, gold_found=2, pred=2, pred_correct=2)


def test_the_kind_must_agree() -> None:
    score = Score()
    score_document([Entity.of("place", ["Kherson"])], [Entity.of("person", ["Kherson"])], score)
    place, person = score.by_kind["place"], score.by_kind["person"]
    assert (place.gold, place.gold_found, place.pred) == (1, 0, 0)
    assert (person.gold, person.pred, person.pred_correct) == (0, 1, 0)


def test_precision_recall_f1_arithmetic() -> None:
    gold = by_surface([("organization", n) for n in ["NATO", "EU", "UN", "OSCE"]])
    predicted = by_surface([("organization", n) for n in ["the EU", "NATO", "Twitter"]])
    score = Score()
    score_document(gold, predicted, score)
    counts = score.by_kind["organization"]
    assert (counts.gold, counts.gold_found, counts.pred, counts.pred_correct) == (4, 2, 3, 2)
    assert counts.recall == pytest.approx(0.5)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert (Counts().precision, Counts().recall) == (1.0, 1.0)  # nothing to find, nothing said
    assert Counts(gold=1, pred=1).f1 == 0.0


def test_counts_pool_over_documents() -> None:
    score = Score()
    score_document([Entity.of("place", ["Odesa"])], [Entity.of("place", ["Odesa"])], score)
    score_document([Entity.of("place", ["Lviv"])], [Entity.of("place", ["Lutsk"])], score)
    counts = score.by_kind["place"]
    assert (score.docs, counts.gold, counts.gold_found, counts.pred, counts.pred_correct) == (
        2,
        2,
        1,
        2,
        1,
    )
    assert counts.f1 == pytest.approx(0.5)


def test_judged_and_neutral_forms_leave_predictions_out_of_precision() -> None:
    gold = [Entity.of("place", ["United States", "U.S."])]
    predicted = [Entity.of("place", ["U.S."]), Entity.of("place", ["Ohio"])]
    closed = Score()  # Reuters: only names of codes are judged
    score_document(gold, predicted, closed, judged={"place": frozenset({"us", "japan"})})
    assert (closed.by_kind["place"].pred, closed.by_kind["place"].pred_correct) == (1, 1)
    neutral = Score()  # GUM: a name under a common-noun head is neither right nor wrong
    score_document(gold, predicted, neutral, neutral=[Entity.of("place", ["Ohio"])])
    assert (neutral.by_kind["place"].pred, neutral.by_kind["place"].pred_correct) == (1, 1)


def test_ecb_mentions_become_names_or_nothing() -> None:
    casing = _Casing(["the crooks fled\nIn Paris the police said that crooks fled"])
    assert _name_form("at Promises", False, casing) == "Promises"
    assert _name_form("the Promises Treatment Center in Malibu", False, casing) == (
        "Promises Treatment Center"
    )
    assert _name_form("Tara Reid", True, casing) == "Tara Reid"
    assert _name_form("Crooks", True, casing) is None  # a common word opening a sentence
    assert _name_form("the actress", False, casing) is None
    assert _name_form("who", False, casing) is None
    assert _name_form("People magazine", False, casing) is None


def test_every_reuters_code_has_a_name() -> None:
    codes = reuters_codes()
    assert len(codes) == 175 + 267 + 56
    assert codes[("place", "usa")][0] == "United States"
    assert "Baker" in codes[("person", "james-baker")]
    assert all(names and all(names) for names in codes.values())


@pytest.mark.corpus
@pytest.mark.skipif(not CORPORA.is_dir(), reason="needs ../shared/corpora")
def test_the_pipeline_beats_the_bare_model_on_a_slice() -> None:
    """A slice of GUM (tuned on) and of CoNLL testa (held out): within a minute."""
    from bench.eval_corpora import load_conll, load_gum
    from bench.eval_entities import Timer, evaluate

    started = time.monotonic()
    timer = Timer()
    for corpus, limit in ((load_gum(CORPORA), 5), (load_conll("testa", CORPORA), 25)):
        bare, pipe = evaluate(corpus, limit, timer)
        assert pipe.overall().f1 > bare.overall().f1, corpus.name
        assert pipe.by_kind["organization"].f1 >= bare.by_kind["organization"].f1, corpus.name
    assert time.monotonic() - started < 60


def test_the_command_says_so_without_corpora(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.eval_entities import main

    assert main(["--corpora", str(tmp_path / "absent")]) == 0
    assert "no corpora" in capsys.readouterr().out
