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

#: Weekday names, lower case, to their number (Monday 0).
WEEKDAYS = {name.casefold(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
#: Month names and their abbreviations, lower case.
MONTH_NAMES = frozenset(_MONTHS)
#: Weekday and month names written out, lower case: words that end a person's name, never part of it.
DAY_AND_MONTH_NAMES = frozenset(WEEKDAYS) | frozenset(n.casefold() for n in calendar.month_name if n)
_WEEKDAY = "|".join(WEEKDAYS)
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


_UNRESOLVED = Resolved(None, None, None, False)
def _alternatives(words) -> str:
    return "|".join(re.escape(w) if not w[0].isalpha() else rf"\b{re.escape(w)}\b" for w in sorted(words, key=len, reverse=True))


#: Words before a date that do not change which date it is ("on Monday", "by 2027", "since March").
_LEADING = re.compile(rf"^(?:{_alternatives(_WORDS.leading)})\s+")
#: What joins the two ends of a range ("12-14 March", "June 3 and 4", "from Monday to Wednesday").
_RANGE = re.compile(rf"^(?P<first>.+?)\s*(?:{_alternatives(_WORDS.range_joins)})\s*(?P<last>.+)$")
#: A noun after a date that it is the date of ("the March 9 vote").
_DATED_NOUN = re.compile(rf"\s+(?:{_alternatives(_WORDS.dated_nouns)})$")
_DAY_ONLY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
#: A time of day with nothing else: "11:05 a.m.", "around 5.40pm", "past 9 p.m.".
_CLOCK_ALONE = re.compile(r"(?:(?:at|around|about|past|after|before|shortly after|just after|just before|until)\s+)?"
                          r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)")
#: "the first quarter of 2026", "Q3 2025": a quarter of a year.
_QUARTERS = {"first": 0, "1st": 0, "q1": 0, "second": 1, "2nd": 1, "q2": 1, "third": 2, "3rd": 2, "q3": 2, "fourth": 3, "4th": 3, "q4": 3}
_QUARTER = re.compile(r"(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of\s+(.+)|(q[1-4])\s+(\d{4})")
#: "two years ago", "three days ago": that many units before the reference date.
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12}
_AGO = re.compile(r"(\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(day|week|month|year)s?\s+ago")
#: A time of day before a date ("10am today", "7:50 a.m. Monday").
_CLOCK = re.compile(r"^\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?:\s+(?:on\s+)?)(?=\S)")
#: A part of a period before its name ("the end of", "the first half of").
_PERIOD_PART = re.compile(rf"^(?:the\s+)?(?:very\s+)?(?:{_alternatives(_WORDS.period_parts)})\s+of\s+(?:the\s+)?")
_SEASON = "|".join(_WORDS.seasons)
#: "early", "late" or "later in" before a day, a relative period or a season: the period itself, at its precision.
_EARLY_OR_LATE = re.compile(r"^(?:early|late|later|earlier)(?:\s+in)?\s+(?=(?:the\s+)?(?:this|next|last|"
                            + "|".join(WEEKDAYS) + "|" + _SEASON + r")\b)")


def anaphoric(text: str) -> tuple[str, int] | None:
    """(unit, offset) when `text` dates from the date given before it ("the same day", "later that year")."""
    t = " ".join(text.strip().casefold().replace("’", "'").split())
    return _WORDS.anaphoric.get(re.sub(r"^(?:on|in|by|from|until)\s+", "", t))


def after(previous: Resolved, unit: str, offset: int) -> Resolved:
    """The date `offset` units from a date given before, when it is at least as precise as the unit."""
    order = [DAY, WEEK, MONTH, YEAR]
    if previous.date is None or previous.precision not in order or order.index(previous.precision) > order.index(unit):
        return _UNRESOLVED
    return _relative(dt.date.fromisoformat(previous.date), unit, offset)


def resolve(text: str, reference: dt.date | None, tense: str | None = None) -> Resolved:
    """Resolve `text` ("Thursday", "November 18", "next week", "early 2021", "12-14 March", "soon").

    `reference` is the publication date (or the collection's reference date);
    `tense` is "past", "future" or None as the sentence implies. Without a
    reference only absolute dates resolve. A range resolves to its first day
    (`date`) and its last (`date_end`); "the eve of" a date to the day before.
    """
    t = " ".join(text.strip().casefold().replace("’", "'").split())
    eve = re.fullmatch(r"(?:the\s+)?eve\s+of\s+(?:the\s+)?(.+)", t)
    if eve:
        inner = resolve(eve.group(1), reference, tense)
        if inner.precision != DAY:
            return Resolved(None, None, None, inner.relative)
        day = dt.date.fromisoformat(inner.date) - dt.timedelta(days=1)
        return Resolved(day.isoformat(), day.isoformat(), DAY, inner.relative)
    as_written = t
    if re.match(r"(?:until|till)\s", t) and tense == "past":
        tense = None  # "were remanded till December 2": a state that may last past today, whatever the verb's tense
    t = _LEADING.sub("", t)
    t = re.sub(r"^the\s+", "", t) if not t.startswith("the same") else t  # "the same day" needs the text before: unresolved
    t = _LEADING.sub("", t)
    t = _DATED_NOUN.sub("", t)  # "the March 9 vote"
    t = re.sub(r"'s$", "", t)  # "last week's meeting"
    t = _CLOCK.sub("", t)  # "10am today", "7:50 a.m. monday": the day
    if reference is not None and _CLOCK_ALONE.fullmatch(t):
        return _day(reference)  # "11:05 a.m.", "past 9 p.m.": a time of the day the text is written on
    t = _EARLY_OR_LATE.sub("", t)  # "early Saturday", "early next year", "later in the winter"
    t = re.sub(r"^this\s+(?=(?:last|next)\b)", "", t)  # "like this last year": last year
    single = _single(t, as_written, reference, tense)
    if single.precision is not None or single.relative:
        return single
    quarter = _QUARTER.fullmatch(t)
    if quarter:  # "the first quarter of 2026": its three months
        which, of = quarter.group(1) or quarter.group(3), quarter.group(2) or quarter.group(4)
        year = _single(of, of, reference, tense)
        if year.precision == YEAR:
            first = 3 * _QUARTERS[which] + 1
            start, end = _month(int(year.date[:4]), first, year.relative), _month(int(year.date[:4]), first + 2, year.relative)
            return Resolved(start.date, end.date_end, MONTH, year.relative)
    ago = _AGO.fullmatch(t)
    if ago and reference is not None:  # "two years ago", "three days ago"
        count = int(ago.group(1)) if ago.group(1).isdigit() else _COUNTS.get(ago.group(1))
        if count is not None:
            return _relative(reference, ago.group(2), -count)
    part = _PERIOD_PART.sub("", t)  # "the end of March": March; "the first half of next year": next year
    if part != t:
        whole = _single("this " + part if part in ("year", "month", "week") else part, part, reference, tense)
        if whole.precision is not None or whole.relative:
            return whole
    ranged = _range(t, reference, tense)
    if ranged:
        return ranged
    if "," in t:  # "by December 10, ending a week of protests": the model ran the date on into the clause
        head = t.split(",")[0]
        found = _single(head, head, reference, tense)
        if found.date is not None:
            return found
    # a duration or a part of the day the model took in before the date: "five days later this month", "evening last August"
    words = t.split()
    for cut in range(1, min(3, len(words) - 1) + 1):
        if is_duration(" ".join(words[:cut])) or words[cut - 1] in _WORDS.parts_of_day:
            rest = " ".join(words[cut:])
            found = _single(rest, rest, reference, tense)
            if found.date is not None:
                return found
    return single


def _single(t: str, as_written: str, reference: dt.date | None, tense: str | None) -> Resolved:
    """One date expression, normalized: a calendar date, a month or year, a named or relative day, a vague word."""
    found = _month_day(t, reference, tense) or _absolute(t)
    if found:
        return found
    vague = t in VAGUE_WORDS or as_written in VAGUE_WORDS
    if reference is None:
        return Resolved(None, None, VAGUE if vague else None, not vague)
    found = _named(t, reference, tense)
    if found:
        return found
    if t in _WORDS.relative:
        unit, offset = _WORDS.relative[t]
        if t == "weekend" and tense == "past" and reference.weekday() < 5:
            offset = -1  # "talks broke down at the weekend", written on a Thursday: the one just gone
        return _relative(reference, unit, offset)
    return Resolved(None, None, VAGUE, False) if vague else _UNRESOLVED


def _month_day(t: str, reference: dt.date | None, tense: str | None) -> Resolved | None:
    """ "November 18", "18 November 2025", "Thursday, Nov. 6": the year stated, or the one the tense points to."""
    match = re.fullmatch(rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", t) or re.fullmatch(
        rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?(?:,?\s+(\d{{4}}))?", t
    )
    if not match:
        return None
    weekday, first, second, year = match.groups()
    month, day = (_MONTHS[first], int(second)) if first in _MONTHS else (_MONTHS[second], int(first))
    if year:
        try:
            return Resolved(dt.date(int(year), month, day).isoformat(), dt.date(int(year), month, day).isoformat(), DAY, False)
        except ValueError:
            return _UNRESOLVED
    if reference is None:
        return Resolved(None, None, None, True)
    try:
        candidates = [dt.date(reference.year + k, month, day) for k in (-1, 0, 1)]
    except ValueError:
        return Resolved(None, None, None, True)
    if weekday is not None:  # "Wednesday, October 8": the year in which that day is a Wednesday
        candidates = [c for c in candidates if c.weekday() == WEEKDAYS[weekday]] or candidates
    if tense == "future":
        candidates = [c for c in candidates if c >= reference] or candidates
    elif tense == "past":
        candidates = [c for c in candidates if c <= reference] or candidates
    return _day(min(candidates, key=lambda c: abs((c - reference).days)))


def _absolute(t: str) -> Resolved | None:
    """An ISO date, "July 2023", "early 2021", "2019": no reference needed."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if match:
        try:
            d = dt.date(*map(int, match.groups()))
        except ValueError:
            return _UNRESOLVED
        return Resolved(d.isoformat(), d.isoformat(), DAY, False)
    match = re.fullmatch(rf"(?:{_SEASON})\s+(?:of\s+)?(\d{{4}})", t)
    if match:  # "the summer of 2019"
        return Resolved(f"{match.group(1)}-01-01", f"{match.group(1)}-12-31", YEAR, False)
    match = re.fullmatch(rf"(?:(early|mid|late)[- ])?(?:({_MONTH})\.?,?\s+)?(\d{{4}})", t)
    if match:
        _, month, year = match.groups()
        if month:
            return _month(int(year), _MONTHS[month], False)
        return Resolved(f"{year}-01-01", f"{year}-12-31", YEAR, False)
    return None


def _named(t: str, reference: dt.date, tense: str | None) -> Resolved | None:
    """A month or weekday by name ("in December", "last June", "next Tuesday", "Thursday night")."""
    match = re.fullmatch(rf"(?:(this|next|last)\s+)?(?:(early|mid|late)[- ])?({_MONTH})\.?", t)
    if match:  # "in December": the December the tense points to
        which, month = match.group(1), _MONTHS[match.group(3)]
        here = (reference.year, reference.month)
        years = [reference.year - 1, reference.year, reference.year + 1]
        if which == "this":
            years = [reference.year]
        elif which == "last" or (which is None and tense == "past"):
            years = [y for y in years if (y, month) < here or (which is None and (y, month) == here)]
        elif which == "next" or tense == "future":
            years = [y for y in years if (y, month) > here or (which is None and (y, month) == here)]
        year = min(years, key=lambda y: abs((y - reference.year) * 12 + month - reference.month))
        return _month(year, month, True)
    match = re.fullmatch(rf"({_MONTH})\.?\s+(?:of\s+)?(this|next|last)\s+year", t)
    if match:  # "December this year"
        year = reference.year + {"this": 0, "next": 1, "last": -1}[match.group(2)]
        return _month(year, _MONTHS[match.group(1)], True)
    match = re.fullmatch(rf"(?:(this|next|last|the)\s+)?({_SEASON})", t)
    if match:
        return _season(reference, match.group(1), _WORDS.seasons[match.group(2)], tense)
    match = re.fullmatch(rf"(?:the\s+)?(?:{_SEASON})\s+of\s+(this|next|last)\s+year", t)
    if match:  # "the autumn of next year": dated by its year, as a season is
        year = reference.year + {"this": 0, "next": 1, "last": -1}[match.group(1)]
        return Resolved(f"{year}-01-01", f"{year}-12-31", YEAR, True)
    match = re.fullmatch(rf"(?:(this|next|last)\s+)?({_WEEKDAY})(?:'s)?{_PART_OF_DAY}", t)
    if match:
        which, weekday = match.groups()
        wd = WEEKDAYS[weekday]
        if which == "next":
            return _day(reference + dt.timedelta(days=(wd - reference.weekday()) % 7 or 7))
        if which == "last":
            return _day(reference - dt.timedelta(days=(reference.weekday() - wd) % 7 or 7))
        return _day(_weekday(reference, wd, tense))
    return None


def _season(reference: dt.date, which: str | None, first_month: int, tense: str | None) -> Resolved:
    """A season, dated by the year it starts in: "next spring" is the first spring to start after the
    reference date, "last spring" the last to end before it, "the spring" the one the tense points to."""
    starts = {y: dt.date(y, first_month, 1) for y in (reference.year - 1, reference.year, reference.year + 1)}
    ends = {y: dt.date(y + (first_month + 2 > 12), (first_month + 2 - 1) % 12 + 1, 28) for y in starts}
    if which == "next" or (which != "last" and tense == "future"):
        found = min(y for y in starts if starts[y] > reference or (which != "next" and ends[y] >= reference))
    elif which == "last" or tense == "past":
        found = max(y for y in starts if ends[y] < reference or (which != "last" and starts[y] <= reference))
    else:
        found = min(starts, key=lambda y: abs((starts[y] - reference).days))
    return Resolved(f"{found}-01-01", f"{found}-12-31", YEAR, True)


def _range(t: str, reference: dt.date | None, tense: str | None) -> Resolved | None:
    """ "12-14 March", "June 3 and 4", "May 2 and May 5", "Monday to Wednesday", "2017 and 2020": first day to last.

    An end given as a bare day borrows the month (and year) of the start, and
    a start given as a bare day those of the end.
    """
    match = _RANGE.match(t)
    if not match:
        return None
    first, last = match.group("first").strip(" ,"), _LEADING.sub("", match.group("last").strip(" ,"))
    year_at_end = re.search(r",?\s+(\d{4})$", last)
    if year_at_end and not re.search(r"\d{4}", first) and not _DAY_ONLY.match(first) and re.search(r"[a-z]", last[: year_at_end.start()]):
        first = f"{first}, {year_at_end.group(1)}"  # "from February 14 to October 14, 2022": the start's year too
    day_and_year = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", last)
    if day_and_year and not _DAY_ONLY.match(first) and not re.search(r"\d{4}", first):  # "July 7-8, 2026"
        first, last = f"{first}, {day_and_year.group(2)}", re.sub(r"\d{1,2}(?:st|nd|rd|th)?", day_and_year.group(1), first, count=1) \
            + f", {day_and_year.group(2)}"
    elif _DAY_ONLY.match(first) and not _DAY_ONLY.match(last):
        first = re.sub(r"\d{1,2}(?:st|nd|rd|th)?", first, last, count=1)
    elif _DAY_ONLY.match(last) and not _DAY_ONLY.match(first):
        last = re.sub(r"\d{1,2}(?:st|nd|rd|th)?(?=\D*$|,?\s+\d{4}$)", last, first, count=1)
    def spanning(tense_: str | None) -> Resolved | None:
        start = _single(first, first, reference, tense_)
        if not start.date or start.precision == VAGUE:
            return None
        # The end is the first such date from the start on: "from December 30 to January 2", "from Friday to Monday".
        end = _single(last, last, dt.date.fromisoformat(start.date), "future")
        if not end.date or end.precision != start.precision or end.date_end < start.date:
            return None
        return Resolved(start.date, end.date_end, start.precision, start.relative or end.relative)

    found = spanning(tense)
    if tense == "future" and reference is not None:
        # "classes would remain suspended from Oct. 27 to 29", written on the 28th: the stretch under way, not next year's
        nearest = spanning(None)
        if nearest is not None and found is not None and nearest.date < found.date and nearest.date_end >= reference.isoformat():
            return nearest
    return found
