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


@pytest.mark.parametrize("item, speaker, entity, right", [
    ({"speaker": "he", "speaker_entity": "Ana Ruiz"}, "he", "Ana Ruiz", True),
    ({"speaker": "he", "speaker_entity": "Ana Ruiz"}, "he", "Luis Soto", False),  # the words alone are not enough
    ({"speaker": "he", "speaker_entity": "Ana Ruiz"}, "he", None, False),
    ({"speaker": "a senior diplomat", "speaker_entity": None}, "a senior diplomat", None, True),
    ({"speaker": "a senior diplomat", "speaker_entity": None}, "a senior diplomat", "Ana Ruiz", False),
    ({"speaker": "the ministry", "speaker_entity": "Foreign Ministry"}, "the ministry", "Foreign Ministry", True),
    ({"speaker": "Peru's government", "speaker_entity": "Government of Peru"}, "Peru's government", "Peru", True),
    ({"speaker": "Peru's government", "speaker_entity": "Government of Peru"}, "Lima", "Peru", False),
])
def test_same_speaker(item, speaker, entity, right):
    assert evaluate.same_speaker(item, speaker, entity) is right


@pytest.mark.parametrize("item, found, right", [
    ({"date": "2026-03-12"}, ("2026-03-12", "2026-03-12", "day"), True),
    ({"date": "2026-03"}, ("2026-03-01", "2026-03-31", "month"), True),
    ({"date": "2026-06-03", "date_end": "2026-06-04"}, ("2026-06-03", "2026-06-04", "day"), True),
    ({"date": "2026-06-03", "date_end": "2026-06-04"}, ("2026-06-03", "2026-06-03", "day"), False),  # a range needs its end
    ({"date": "2022-05", "date_end": "2023-08"}, ("2022-05-01", "2023-08-31", "month"), True),
    ({"date": "2026-W11"}, ("2026-03-09", "2026-03-15", "week"), True),
    ({"date": "2026-03-12"}, ("2025-03-12", "2025-03-12", "day"), False),
])
def test_same_date(item, found, right):
    assert evaluate.same_date(item, *found) is right


def test_a_partial_name_beside_the_full_one_is_a_duplicate():
    score = evaluate.Score()
    predicted = {"Mohammed bin Rashid": {"mohamed bin rashid"}, "bin Rashid": {"bin rashid"}, "Ana Ruiz": {"ana ruiz"}}
    evaluate.score_names(["Mohammed bin Rashid"], predicted, score, "a1")
    assert score.duplicates == ["a1: bin Rashid"]


def test_dateparser_reads_the_start_of_a_period():
    from scripts.tools import temporal

    thursday = __import__("datetime").date(2026, 3, 12)
    assert temporal.by_dateparser("yesterday", thursday, "past") == ("2026-03-11", None, "day")
    assert temporal.by_dateparser("next week", thursday, "future")[0] == "2026-03-16"  # its Monday
    assert temporal.by_dateparser("the eve of the March 9 vote", thursday, "past") == (None, None, None)


def test_the_comparison_counts_both_on_the_same_events(seeds_db):
    from scripts.tools import temporal

    counts = temporal.compare(seeds_db, ANNOTATION, Path(__file__).parents[2] / "seeds" / "manifest.yml")
    gold = sum(1 for a in __import__("yaml").safe_load(ANNOTATION.read_text())["articles"].values()
               for e in a.get("events") or [] if e.get("date") and e.get("date_text"))
    assert counts["events"] == gold and counts["ours"] > counts["dateparser"]
