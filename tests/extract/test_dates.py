import datetime as dt

import pytest

from scripts.extract import dates

THURSDAY = dt.date(2025, 11, 6)  # a Thursday


@pytest.mark.parametrize(
    "text, tense, expected",
    [
        ("Thursday", None, ("2025-11-06", "2025-11-06", "day")),
        ("on Thursday", "future", ("2025-11-06", "2025-11-06", "day")),
        ("Thursday evening", None, ("2025-11-06", "2025-11-06", "day")),
        ("Thursday’s", None, ("2025-11-06", "2025-11-06", "day")),
        ("Monday", "past", ("2025-11-03", "2025-11-03", "day")),
        ("Monday", "future", ("2025-11-10", "2025-11-10", "day")),
        ("Monday", None, ("2025-11-03", "2025-11-03", "day")),  # nearest: three days back, four ahead
        ("Sunday", None, ("2025-11-09", "2025-11-09", "day")),
        ("next Monday", None, ("2025-11-10", "2025-11-10", "day")),
        ("last Friday", None, ("2025-10-31", "2025-10-31", "day")),
        ("tonight", None, ("2025-11-06", "2025-11-06", "day")),
        ("November 18", None, ("2025-11-18", "2025-11-18", "day")),
        ("on Nov. 18", "future", ("2025-11-18", "2025-11-18", "day")),
        ("18 November", None, ("2025-11-18", "2025-11-18", "day")),
        ("January 5", "future", ("2026-01-05", "2026-01-05", "day")),  # the next one, across the year
        ("next week", None, ("2025-11-10", "2025-11-16", "week")),
        ("last week", None, ("2025-10-27", "2025-11-02", "week")),
        ("this weekend", None, ("2025-11-08", "2025-11-09", "week")),
        ("as early as this weekend", None, ("2025-11-08", "2025-11-09", "week")),
        ("later this month", None, ("2025-11-01", "2025-11-30", "month")),
        ("last month", None, ("2025-10-01", "2025-10-31", "month")),
        ("in December", "past", ("2024-12-01", "2024-12-31", "month")),
        ("in December", "future", ("2025-12-01", "2025-12-31", "month")),
        ("the year’s end", None, ("2025-01-01", "2025-12-31", "year")),
    ],
)
def test_relative_dates_resolve_against_the_reference(text, tense, expected):
    resolved = dates.resolve(text, THURSDAY, tense)
    assert (resolved.date, resolved.date_end, resolved.precision) == expected
    assert resolved.relative


@pytest.mark.parametrize(
    "text, expected",
    [
        ("October 10, 2025", ("2025-10-10", "2025-10-10", "day")),
        ("Thursday, November 6, 2025", ("2025-11-06", "2025-11-06", "day")),
        ("2025-11-06", ("2025-11-06", "2025-11-06", "day")),
        ("early 2021", ("2021-01-01", "2021-12-31", "year")),
        ("in 2020", ("2020-01-01", "2020-12-31", "year")),
        ("May 2023", ("2023-05-01", "2023-05-31", "month")),
    ],
)
def test_stated_dates_need_no_reference(text, expected):
    resolved = dates.resolve(text, None)
    assert (resolved.date, resolved.date_end, resolved.precision) == expected
    assert not resolved.relative


@pytest.mark.parametrize("text", ["soon", "eventually", "in the coming days", "shortly"])
def test_vague_words_stay_vague(text):
    for reference in (THURSDAY, None):
        resolved = dates.resolve(text, reference)
        assert (resolved.date, resolved.precision) == (None, "vague")


@pytest.mark.parametrize("text", ["Thursday", "next week", "later this month", "November 18"])
def test_without_a_reference_relative_dates_stay_unresolved(text):
    resolved = dates.resolve(text, None)
    assert (resolved.date, resolved.precision) == (None, None)


@pytest.mark.parametrize("text", ["the same day", "later that year", "later the same year", "within hours", "February 30"])
def test_what_cannot_be_resolved_is_never_guessed(text):
    assert dates.resolve(text, THURSDAY).date is None


@pytest.mark.parametrize("text, duration", [("four years", True), ("over 30 years", True), ("decades", True), ("next week", False), ("2020", False)])
def test_is_duration(text, duration):
    assert dates.is_duration(text) is duration
