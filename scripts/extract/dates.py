"""Dates: resolve a date expression as written against a reference date.

News dates are mostly relative ("Thursday", "next week", "later this
month"); they mean something only against the day the article was
published. The rules follow HeidelTime's news profile: a bare weekday is the
one nearest the reference date in the direction the tense implies, "next
week" is an ISO week, "later this month" is that month. Pure functions;
what cannot be resolved stays unresolved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from . import vocabulary

DAY, WEEK, MONTH, YEAR, VAGUE = "day", "week", "month", "year", "vague"
#: The values of events.date_precision.
PRECISIONS = (DAY, WEEK, MONTH, YEAR, VAGUE)

_WEEKDAYS = {name.casefold(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(_WEEKDAYS)
#: A full calendar date as newswriting states it ("2025-11-06", "Thursday, Nov. 6, 2025",
#: "6 November 2025"), for other modules' patterns (match case-insensitively); resolve() reads it.
STATED_DATE = (
    rf"\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:(?:{_WEEKDAY}),?\s+)?(?:{_MONTH})\.?\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|(?:(?:{_WEEKDAY}),?\s+)?\d{{1,2}}\s+(?:{_MONTH})\.?,?\s+\d{{4}}"
)
_WORDS = vocabulary.date_words()
_PART_OF_DAY = rf"(?:\s+(?:{'|'.join(_WORDS.parts_of_day)}))?"

#: Words that say when without saying a date (data/dates.yml): kept as written, precision vague.
VAGUE_WORDS = _WORDS.vague

#: A span of time rather than a point in it ("four years", "over 30 years", "decades").
_UNITS = "|".join(f"{unit}s?" for unit in _WORDS.duration_units) + "|centuries"
_DURATION = re.compile(
    r"^(?:(?:over|about|nearly|almost|more than|some|the past|the last|for)\s+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few|a few)?\s*"
    rf"(?:{_UNITS})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Resolved:
    date: str | None  # ISO start
    date_end: str | None  # ISO end, inclusive, for periods
    precision: str | None  # day, week, month, year, vague; None when unresolved
    relative: bool  # True when the reference date was needed


def is_duration(text: str) -> bool:
    return bool(_DURATION.match(text.strip()))


def _day(d: dt.date) -> Resolved:
    return Resolved(d.isoformat(), d.isoformat(), DAY, True)


def _month(year: int, month: int, relative: bool) -> Resolved:
    last = calendar.monthrange(year, month)[1]
    return Resolved(dt.date(year, month, 1).isoformat(), dt.date(year, month, last).isoformat(), MONTH, relative)


def _week(monday: dt.date) -> Resolved:
    return Resolved(monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), WEEK, True)


def _weekday(reference: dt.date, weekday: int, tense: str | None) -> dt.date:
    ahead = (weekday - reference.weekday()) % 7
    behind = (reference.weekday() - weekday) % 7
    if tense == "future":
        return reference + dt.timedelta(days=ahead)
    if tense == "past":
        return reference - dt.timedelta(days=behind)
    return reference + dt.timedelta(days=ahead) if ahead <= behind else reference - dt.timedelta(days=behind)


def _relative(reference: dt.date, unit: str, offset: int) -> Resolved:
    """The day, week, weekend, month or year `offset` units from the one holding `reference`."""
    if unit == "day":
        return _day(reference + dt.timedelta(days=offset))
    monday = reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(weeks=offset)
    if unit == "week":
        return _week(monday)
    if unit == "weekend":
        saturday = monday + dt.timedelta(days=5)
        return Resolved(saturday.isoformat(), (saturday + dt.timedelta(days=1)).isoformat(), WEEK, True)
    if unit == "month":
        year, month = divmod(reference.year * 12 + reference.month - 1 + offset, 12)
        return _month(year, month + 1, True)
    if unit == "year":
        year = reference.year + offset
        return Resolved(f"{year}-01-01", f"{year}-12-31", YEAR, True)
    raise ValueError(f"data/dates.yml: unknown unit {unit!r}")


def resolve(text: str, reference: dt.date | None, tense: str | None = None) -> Resolved:
    """Resolve `text` ("Thursday", "November 18", "next week", "early 2021", "soon").

    `reference` is the publication date (or the collection's reference date);
    `tense` is "past", "future" or None as the sentence implies. Without a
    reference only absolute dates resolve.
    """
    t = " ".join(text.strip().casefold().replace("’", "'").split())
    as_written = t
    t = re.sub(r"^(?:on|in|by|as early as|as of|from|until|since|at)\s+", "", t)
    t = re.sub(r"^the\s+", "", t) if not t.startswith("the same") else t  # "the same day" needs the text before: unresolved
    t = re.sub(r"^as early as\s+", "", t)

    match = re.fullmatch(rf"(?:(?:{_WEEKDAY}),?\s+)?({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", t) or re.fullmatch(
        rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?", t
    )
    if match:
        first, second, year = match.groups()
        month, day = (_MONTHS[first], int(second)) if first in _MONTHS else (_MONTHS[second], int(first))
        if year:
            try:
                return Resolved(dt.date(int(year), month, day).isoformat(), dt.date(int(year), month, day).isoformat(), DAY, False)
            except ValueError:
                return Resolved(None, None, None, False)
        if reference is None:
            return Resolved(None, None, None, True)
        try:
            candidates = [dt.date(reference.year + k, month, day) for k in (-1, 0, 1)]
        except ValueError:
            return Resolved(None, None, None, True)
        if tense == "future":
            candidates = [c for c in candidates if c >= reference] or candidates
        elif tense == "past":
            candidates = [c for c in candidates if c <= reference] or candidates
        return _day(min(candidates, key=lambda c: abs((c - reference).days)))

    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if match:
        try:
            d = dt.date(*map(int, match.groups()))
        except ValueError:
            return Resolved(None, None, None, False)
        return Resolved(d.isoformat(), d.isoformat(), DAY, False)

    match = re.fullmatch(rf"(?:(early|mid|late)[- ])?(?:({_MONTH})\s+)?(\d{{4}})", t)
    if match:
        _, month, year = match.groups()
        if month:
            return _month(int(year), _MONTHS[month], False)
        return Resolved(f"{year}-01-01", f"{year}-12-31", YEAR, False)

    vague = t in VAGUE_WORDS or as_written in VAGUE_WORDS
    if reference is None:
        return Resolved(None, None, VAGUE if vague else None, not vague)

    match = re.fullmatch(rf"(?:(early|mid|late)[- ])?({_MONTH})", t)
    if match:  # "in December": the December the tense points to
        month = _MONTHS[match.group(2)]
        years = [reference.year - 1, reference.year, reference.year + 1]
        if tense == "past":
            years = [y for y in years if (y, month) <= (reference.year, reference.month)]
        elif tense == "future":
            years = [y for y in years if (y, month) >= (reference.year, reference.month)]
        year = min(years, key=lambda y: abs((y - reference.year) * 12 + month - reference.month))
        return _month(year, month, True)

    match = re.fullmatch(rf"(?:(this|next|last)\s+)?({_WEEKDAY})(?:'s)?{_PART_OF_DAY}", t)
    if match:
        which, weekday = match.groups()
        wd = _WEEKDAYS[weekday]
        if which == "next":
            return _day(reference + dt.timedelta(days=(wd - reference.weekday()) % 7 or 7))
        if which == "last":
            return _day(reference - dt.timedelta(days=(reference.weekday() - wd) % 7 or 7))
        return _day(_weekday(reference, wd, tense))
    if t in _WORDS.relative:
        return _relative(reference, *_WORDS.relative[t])
    if vague:
        return Resolved(None, None, VAGUE, False)
    return Resolved(None, None, None, False)
