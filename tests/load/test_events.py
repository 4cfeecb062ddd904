"""Corpus-wide event logic: date resolution, roles, date agreement and cluster summaries."""

import datetime as dt
import json

import pytest

from scripts.load import events

THURSDAY = dt.date(2025, 11, 6)


@pytest.mark.parametrize("words, tense, basis, expected", [
    ("Thursday", "past", "published", ("2025-11-06", "2025-11-06", "day", "published")),
    ("November 18", "future", "reference_date", ("2025-11-18", "2025-11-18", "day", "reference_date")),
    ("6 November 2024", None, "published", ("2024-11-06", "2024-11-06", "day", "stated")),
    ("later this month", "future", "published", ("2025-11-01", "2025-11-30", "month", "published")),
    ("soon", "future", "published", (None, None, "vague", None)),
    (None, "past", "published", (None, None, None, None)),
])
def test_resolve_date(words, tense, basis, expected):
    found = events.resolve_date(words, tense, THURSDAY, basis)
    assert (found["date"], found["date_end"], found["date_precision"], found["date_basis"]) == expected


def test_without_a_reference_only_a_stated_date_resolves():
    assert events.resolve_date("Thursday", "past", None, None)["date"] is None
    assert events.resolve_date("6 November 2024", "past", None, None)["date_basis"] == "stated"


EVENT = {"sentence_start": 0, "sentence_end": 60, "places": [(40, 52)], "agents": [(0, 10)]}


@pytest.mark.parametrize("start, end, role", [(0, 5, "agent"), (0, 10, "agent"), (41, 50, "place"), (20, 30, "participant"), (35, 45, "participant")])
def test_role(start, end, role):
    assert events.role(start, end, EVENT) == role


def test_participants_are_the_entities_and_countries_of_the_sentence():
    entities = [(0, 8, 1), (20, 28, 2), (41, 50, 3), (70, 80, 4)]  # the last is in another sentence
    nations = [(30, 36, "ISR"), (90, 95, "USA")]
    who, countries = events.participants(EVENT, entities, nations, {"ISR": 9, "USA": 10})
    assert who == {1: "agent", 2: "participant", 3: "place", 9: "participant"}
    assert countries == {"ISR"}
    assert events.place(who, {1: "person", 2: "person", 3: "place", 9: "country"}) == 3
    assert events.place(who, {1: "person", 2: "person", 3: "person", 9: "country"}) is None


@pytest.mark.parametrize("claims, articles, verdict", [
    (set(), set(), "none"),
    ({("2025-11-18", "2025-11-18", "day")}, {"a"}, "one"),
    ({("2025-11-18", "2025-11-18", "day")}, {"a", "b"}, "agree"),
    ({("2025-11-01", "2025-11-30", "month"), ("2025-11-18", "2025-11-18", "day")}, {"a", "b"}, "agree"),  # November holds the 18th
    ({("2025-11-18", "2025-11-18", "day"), ("2025-11-19", "2025-11-19", "day")}, {"a", "b"}, "disagree"),
    ({("2025-11-10", "2025-11-16", "week"), ("2025-12-01", "2025-12-31", "month")}, {"a", "b"}, "disagree"),
])
def test_agreement(claims, articles, verdict):
    assert events.agreement(claims, articles) == verdict


def test_cluster_summary_names_the_type_trigger_and_who_takes_part():
    members = [
        {"id": 1, "article_id": "a", "type": "visit", "trigger": "visit", "date": "2025-11-18", "date_end": "2025-11-18", "date_precision": "day"},
        {"id": 2, "article_id": "b", "type": "visit", "trigger": "Visit", "date": None, "date_end": None, "date_precision": None},
        {"id": 3, "article_id": "b", "type": "visit", "trigger": "trip", "date": "2025-11-01", "date_end": "2025-11-30", "date_precision": "month"},
    ]
    taking_part = {1: {10: "agent", 11: "place"}, 2: {10: "agent", 12: "participant"}, 3: {13: "participant"}}
    types = {10: "person", 11: "place", 12: "group", 13: "country"}
    names = {10: "Ana Ruiz", 11: "Lima", 12: "Peruvians", 13: "Chile"}
    row = events.cluster_summary(7, members, taking_part, types, names)
    assert row["label"] == "visit: visit (Ana Ruiz, Chile)"  # no place, no group
    assert (row["event_count"], row["article_count"], row["dated_count"], row["agreement"]) == (3, 2, 2, "agree")
    assert json.loads(row["dates"]) == [
        {"date": "2025-11-01", "date_end": "2025-11-30", "precision": "month"},
        {"date": "2025-11-18", "date_end": "2025-11-18", "precision": "day"},
    ]


def test_a_date_that_points_back_resolves_against_the_date_given_before_it():
    def event(start, text, tense="past", article="a"):
        return {"article_id": article, "field": "body", "start": start, "date_start": start, "date_text": text, "tense": tense}

    found = events.resolve_dates(
        [event(50, "the same day"), event(10, "Thursday"), event(90, "later that year"), event(5, "the same day", article="b"),
         event(70, "in 2020"), event(95, "soon")],
        {"a": (THURSDAY, "published"), "b": (THURSDAY, "published")},
    )
    assert [(f["date"], f["date_precision"], f["date_basis"]) for f in found] == [
        ("2025-11-06", "day", "previous"),  # after Thursday, in reading order
        ("2025-11-06", "day", "published"),
        ("2020-01-01", "year", "previous"),  # after "in 2020"
        (None, None, None),  # nothing before it in its article
        ("2020-01-01", "year", "stated"),
        (None, "vague", None),
    ]


def test_a_day_cannot_follow_from_a_year():
    found = events.resolve_dates(
        [{"article_id": "a", "field": "body", "start": s, "date_start": s, "date_text": t, "tense": "past"} for s, t in [(1, "in 2020"), (9, "the same day")]],
        {"a": (THURSDAY, "published")},
    )
    assert found[1]["date"] is None
