"""The extraction measured against the hand annotation of the seeds (tests/annotations/seeds.yml)."""

from pathlib import Path

import pytest

from scripts import evaluate

ANNOTATION = Path(__file__).parent / "annotations" / "seeds.yml"


@pytest.fixture(scope="module")
def scores(seeds_db):
    return evaluate.evaluate(seeds_db, ANNOTATION)


@pytest.mark.parametrize("table", ["persons", "countries"])
def test_persons_and_countries_reach_the_target(scores, table):
    score = scores[table]
    assert score.gold > 0
    assert score.precision >= 0.97, score.extras
    assert score.recall >= 0.97, score.misses


def test_scoring_counts_misses_and_extras():
    score = evaluate.Score()
    predicted = {"Steve Witkoff": {"steve witkof", "witkof"}, "Jane Roe": {"jane roe"}}
    evaluate.score_names(["Witkoff", "Marco Rubio"], predicted, score, "a1")
    assert (score.gold, score.predicted, score.matched_gold, score.matched_predicted) == (2, 2, 1, 1)
    assert score.misses == ["a1: Marco Rubio"] and score.extras == ["a1: Jane Roe"]
    assert (score.precision, score.recall) == (0.5, 0.5)
