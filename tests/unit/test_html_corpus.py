"""A slice of the real saved pages (../shared/corpora/html-news-dev), read by the HTML reader
and scored as bench/eval_html.py scores them: a guard against regressions, in seconds."""

from __future__ import annotations

import pytest

from bench.eval_html import DEV, load_gold, page_bytes
from bench.eval_html_scoring import Prediction, Scores


@pytest.mark.corpus
@pytest.mark.skipif(not (DEV / "gold.jsonl").exists(), reason="needs ../shared/corpora")
def test_a_slice_of_real_pages_reads_as_well_as_the_bench_says() -> None:
    from desktop.ingest.article import ReadError
    from desktop.ingest.readers.html import read_html

    scores = Scores("Sourcedesk")
    for gold in load_gold()[::12]:  # 39 pages from every set
        try:
            article = read_html(page_bytes(gold))
        except ReadError as exc:
            scores.add(gold, Prediction(failed=True, text=str(exc)))
            continue
        date = article.published.isoformat() if article.published else None
        scores.add(gold, Prediction(date, article.title, article.author, article.text))
    figures = scores.figures()
    assert scores.failed == 0, scores.errors.get("failed")
    assert (figures["date_exact"] or 0) >= 0.85, scores.errors.get("date")
    assert (figures["date_wrong"] or 0) <= 0.08, scores.errors.get("date")
    assert (figures["title_exact"] or 0) >= 0.75, scores.errors.get("title")
    assert (figures["with_found"] or 0) >= 0.9, scores.errors.get("body")
