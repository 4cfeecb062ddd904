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
        # a part of a period is dated as the period
        ("by the end of March", "future", ("2026-03-01", "2026-03-31", "month")),
        ("by the end of this month", "future", ("2025-11-01", "2025-11-30", "month")),
        ("in the first half of next year", "future", ("2026-01-01", "2026-12-31", "year")),
        ("December this year", "future", ("2025-12-01", "2025-12-31", "month")),
        ("last weekend", "past", ("2025-11-01", "2025-11-02", "week")),
        # a duration or a part of the day before the date
        ("five days later this month", "future", ("2025-11-01", "2025-11-30", "month")),
        ("evening last August", "past", ("2025-08-01", "2025-08-31", "month")),
        # "until" a date: the nearest, whatever the verb's tense ("were remanded till December 2")
        ("till December 2", "past", ("2025-12-02", "2025-12-02", "day")),
        # a season by the year it starts in
        ("next spring", None, ("2026-01-01", "2026-12-31", "year")),
        ("next autumn", None, ("2026-01-01", "2026-12-31", "year")),  # this autumn has begun
        ("in the spring", "future", ("2026-01-01", "2026-12-31", "year")),
        ("last summer", "past", ("2025-01-01", "2025-12-31", "year")),
        ("last winter", "past", ("2024-01-01", "2024-12-31", "year")),  # December 2024 to February 2025
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
        ("the summer of 2019", ("2019-01-01", "2019-12-31", "year")),
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


THURSDAY_MARCH = dt.date(2026, 3, 12)


@pytest.mark.parametrize("text, tense, expected", [
    ("12-14 March", None, ("2026-03-12", "2026-03-14", "day")),
    ("June 3 and 4", "future", ("2026-06-03", "2026-06-04", "day")),
    ("between May 2 and May 5", "future", ("2026-05-02", "2026-05-05", "day")),
    ("from Monday to Wednesday", "past", ("2026-03-09", "2026-03-11", "day")),
    ("from Friday to Monday", "future", ("2026-03-13", "2026-03-16", "day")),  # the end wraps into the next week
    ("from Sept. 16 to 18", "future", ("2026-09-16", "2026-09-18", "day")),
    ("from 3rd to 5th March", "past", ("2026-03-03", "2026-03-05", "day")),
    ("from December 30 to January 2", "past", ("2025-12-30", "2026-01-02", "day")),
    ("between 2017 and 2020", None, ("2017-01-01", "2020-12-31", "year")),
    ("between May 2022 and August 2023", None, ("2022-05-01", "2023-08-31", "month")),
    ("the eve of the March 9 vote", "past", ("2026-03-08", "2026-03-08", "day")),
    ("last June", None, ("2025-06-01", "2025-06-30", "month")),
    ("next March", None, ("2027-03-01", "2027-03-31", "month")),
    ("by 2027", "future", ("2027-01-01", "2027-12-31", "year")),
    ("until 28 February", "future", ("2027-02-28", "2027-02-28", "day")),
    ("since November", "past", ("2025-11-01", "2025-11-30", "month")),
    ("Thursday", "past", ("2026-03-12", "2026-03-12", "day")),  # the publication day itself
    ("Thursday", "future", ("2026-03-12", "2026-03-12", "day")),
    ("in July", "future", ("2026-07-01", "2026-07-31", "month")),
    ("in July", "past", ("2025-07-01", "2025-07-31", "month")),
    # a range with its year after the days; a stretch under way when the text looks ahead
    ("July 7-8, 2026", None, ("2026-07-07", "2026-07-08", "day")),
    ("June 28-29, 2004", "past", ("2004-06-28", "2004-06-29", "day")),
    ("from March 11 to 13", "future", ("2026-03-11", "2026-03-13", "day")),
    # a weekday beside a date picks its year; a time of day before a date is no part of it
    ("from Wednesday, March 10", "past", ("2027-03-10", "2027-03-10", "day")),
    ("10am today", None, ("2026-03-12", "2026-03-12", "day")),
    ("7:50 a.m. Tuesday", "past", ("2026-03-10", "2026-03-10", "day")),
    # a time of day alone is the day written on; "overnight" the night before it
    ("11:05 a.m.", None, ("2026-03-12", "2026-03-12", "day")),
    ("past 9 p.m.", "past", ("2026-03-12", "2026-03-12", "day")),
    ("overnight", "past", ("2026-03-11", "2026-03-11", "day")),
    # early or late in a day, a year or a season is that day, year or season
    ("early Saturday", "past", ("2026-03-07", "2026-03-07", "day")),
    ("early next year", "future", ("2027-01-01", "2027-12-31", "year")),
    ("for the autumn of next year", "future", ("2027-01-01", "2027-12-31", "year")),
    # the start of a range takes the year written at its end
    ("from February 14 to October 14, 2022", "past", ("2022-02-14", "2022-10-14", "day")),
    # quarters, "ago", the start of the year, a date the model ran on into its clause
    ("in the first quarter of 2026", None, ("2026-01-01", "2026-03-31", "month")),
    ("two years ago", "past", ("2024-01-01", "2024-12-31", "year")),
    ("three days ago", "past", ("2026-03-09", "2026-03-09", "day")),
    ("since the start of the year", "past", ("2026-01-01", "2026-12-31", "year")),
    ("this last year", "past", ("2025-01-01", "2025-12-31", "year")),
    ("by December 10, ending a week", "future", ("2026-12-10", "2026-12-10", "day")),
    # "the weekend" in the past tense, written before Saturday, is the one just gone
    ("at the weekend", "past", ("2026-03-07", "2026-03-08", "week")),
])
def test_ranges_months_and_prepositions(text, tense, expected):
    found = dates.resolve(text, THURSDAY_MARCH, tense)
    assert (found.date, found.date_end, found.precision) == expected


@pytest.mark.parametrize("text", ["2021 and 2019", "Monday and 2020", "the same day", "a day after the vote"])
def test_what_cannot_be_a_date_stays_unresolved(text):
    assert dates.resolve(text, THURSDAY_MARCH, "past").date is None


@pytest.mark.parametrize("text, back", [("the same day", ("day", 0)), ("later that year", ("year", 0)), ("the next day", ("day", 1)), ("Thursday", None)])
def test_anaphoric_dates(text, back):
    assert dates.anaphoric(text) == back
