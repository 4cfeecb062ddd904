"""The extraction measured against the hand annotation of the seeds (tests/annotations/seeds.yml)."""

from pathlib import Path

import pytest

from scripts.tools import evaluate

ANNOTATION = Path(__file__).parents[1] / "annotations" / "seeds.yml"


@pytest.fixture(scope="module")
def scores(seeds_db):
    return evaluate.evaluate(seeds_db, ANNOTATION)


@pytest.mark.parametrize("table", ["persons", "countries"])
def test_persons_and_countries_reach_the_target(scores, table):
    score = scores[table]
    assert score.gold > 0
    assert score.precision >= 0.97, score.extras
    assert score.recall >= 0.97, score.misses


def test_quotes_reach_the_target(scores):
    quotes = scores["quotes"]
    assert quotes.gold > 0
    assert quotes.precision >= 0.95 and quotes.recall >= 0.95, (quotes.misses, quotes.extras)
    assert scores["speaker accuracy"].recall >= 0.90, scores["speaker accuracy"].misses
    assert scores["anonymous flag"].recall == 1.0, scores["anonymous flag"].misses
    assert scores["scare quotes kept"].gold > 0 and scores["scare quotes kept"].extras == []


def test_dated_events_resolve_right(scores):
    right = scores["event dates right"]
    assert right.gold > 0
    assert right.recall >= 0.9, right.misses


@pytest.mark.parametrize(
    "date, precision, notation",
    [("2025-11-06", "day", "2025-11-06"), ("2025-11-10", "week", "2025-W46"), ("2025-11-01", "month", "2025-11"), ("2021-01-01", "year", "2021"), (None, "vague", None)],
)
def test_period_notation(date, precision, notation):
    assert evaluate.period(date, precision) == notation


def test_scoring_counts_misses_and_extras():
    score = evaluate.Score()
    predicted = {"Steve Witkoff": {"steve witkof", "witkof"}, "Jane Roe": {"jane roe"}}
    evaluate.score_names(["Witkoff", "Marco Rubio"], predicted, score, "a1")
    assert (score.gold, score.predicted, score.matched_gold, score.matched_predicted) == (2, 2, 1, 1)
    assert score.misses == ["a1: Marco Rubio"] and score.extras == ["a1: Jane Roe"]
    assert (score.precision, score.recall) == (0.5, 0.5)
