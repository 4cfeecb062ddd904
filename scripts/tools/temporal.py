"""Temporal: this pipeline's date resolution side by side with dateparser, a maintained temporal tagger.

    python -m scripts.tools.temporal DB ANNOTATION MANIFEST [DB ANNOTATION MANIFEST …]

For every dated event of the hand annotation, both resolve the same words
(the annotated `date_text`) against the same publication date (from the
set's manifest) with the same tense (what this pipeline's extraction found
for that event, or none). An answer is right when it names the annotated
period (day, ISO week, month or year) and, for a range, its last day too.
dateparser reads no ranges, so a range counts for it when the start is
right. A measurement to choose by, not part of a build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from pathlib import Path

import yaml
from dateparser.date import DateDataParser

from ..extract import dates
from ..load import manifest
from .evaluate import _plain, period, same_date

PREFER = {"past": "past", "future": "future", None: "current_period"}


def by_dateparser(text: str, reference: dt.date, tense: str | None) -> tuple[str | None, str | None, str | None]:
    """(date, date_end, precision) as dateparser reads `text`: the start of its period."""
    parser = DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime.combine(reference, dt.time()), "PREFER_DATES_FROM": PREFER[tense]})
    found = parser.get_date_data(text)
    if found.date_obj is None:
        return None, None, None
    day, unit = found.date_obj.date(), found.period
    if unit == "week":
        day -= dt.timedelta(days=day.weekday())
    start = {"month": day.replace(day=1), "year": day.replace(month=1, day=1)}.get(unit, day)
    return start.isoformat(), None, unit


def compare(db: Path, annotation: Path, manifest_path: Path) -> dict[str, int]:
    gold = yaml.safe_load(annotation.read_text(encoding="utf-8"))["articles"]
    curated = manifest.read(manifest_path)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    counts = {"events": 0, "ours": 0, "dateparser": 0}
    for article_id, expected in gold.items():
        published = (conn.execute("select published from articles where id = ?", (article_id,)).fetchone() or [None])[0]
        reference = published or (curated.collection["reference_date"].value if "reference_date" in curated.collection else None)
        if reference is None:
            continue
        reference = dt.date.fromisoformat(reference)
        found = conn.execute("select date_text, tense from events where article_id = ? and date_text is not null", (article_id,)).fetchall()
        for item in expected.get("events") or []:
            if not item.get("date") or not item.get("date_text"):
                continue
            words = _plain(item["date_text"])
            tense = next((t for text, t in found if words in _plain(text) or _plain(text) in words), None)
            ours = dates.resolve(item["date_text"], reference, tense)
            theirs = by_dateparser(item["date_text"], reference, tense)
            counts["events"] += 1
            counts["ours"] += same_date(item, ours.date, ours.date_end, ours.precision)
            counts["dateparser"] += period(theirs[0], theirs[2]) == str(item["date"])
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", nargs="+", metavar="DB ANNOTATION MANIFEST")
    args = parser.parse_args(argv)
    if len(args.triples) % 3:
        parser.error("give a database, an annotation and a manifest for each set")
    print(f"{'set':<10}{'dated events':>14}{'this pipeline':>16}{'dateparser':>12}")
    for db, annotation, manifest_path in zip(*[iter(args.triples)] * 3):
        c = compare(Path(db), Path(annotation), Path(manifest_path))
        n = c["events"] or 1
        print(f"{Path(annotation).stem:<10}{c['events']:>14}{c['ours'] / n:>16.3f}{c['dateparser'] / n:>12.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
