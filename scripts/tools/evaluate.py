"""Evaluate: precision and recall of a built database against a hand annotation.

    python -m scripts.tools.evaluate DB ANNOTATION [DB ANNOTATION …] [--details]

The annotation lists, per article, what a careful reader finds (see the
header of tests/annotations/seeds.yml). A gold name matches a predicted
entity when their spelling-insensitive keys agree, with the entity's
canonical name or with a form it was written in in that article; so a
reader's "Lindqvist" matches the entity "Maria Lindqvist" mentioned there as
"Lindqvist".
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..load.entities import name_key

#: Annotation key -> entity type in the database.
ENTITY_TABLES = {"persons": "person", "organizations": "organization", "agreements": "agreement"}


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0


def predicted_entities(conn: sqlite3.Connection, article_id: str, kind: str) -> dict[str, set[str]]:
    """Canonical name -> keys of the canonical name and the forms written in this article."""
    rows = conn.execute(
        "select e.name, m.text from mentions m join entities e on e.id = m.entity_id where m.article_id = ? and e.type = ?",
        (article_id, kind),
    )
    found: dict[str, set[str]] = {}
    for name, text in rows:
        found.setdefault(name, {name_key(name)}).add(name_key(text))
    return found


def score_names(gold: list[str], predicted: dict[str, set[str]], score: Score, article_id: str) -> None:
    score.gold += len(gold)
    score.predicted += len(predicted)
    used: set[str] = set()
    for name in gold:
        key = name_key(name)
        match = next((p for p, keys in predicted.items() if p not in used and key in keys), None)
        if match:
            used.add(match)
            score.matched_gold += 1
        else:
            score.misses.append(f"{article_id}: {name}")
    score.matched_predicted += len(used)
    score.extras.extend(f"{article_id}: {p}" for p in predicted if p not in used)
    # An extra that shares a word with a matched name is that person again ("bin Rashid" beside "Mohammed bin Rashid").
    matched_words = {word for p in used for key in predicted[p] for word in key.split()}
    score.duplicates.extend(f"{article_id}: {p}" for p in predicted if p not in used and set(name_key(p).split()) & matched_words)


def score_codes(gold: list[str], predicted: set[str], score: Score, article_id: str) -> None:
    gold_set = set(gold)
    score.gold += len(gold_set)
    score.predicted += len(predicted)
    score.matched_gold += len(gold_set & predicted)
    score.matched_predicted += len(gold_set & predicted)
    score.misses.extend(f"{article_id}: {c}" for c in sorted(gold_set - predicted))
    score.extras.extend(f"{article_id}: {c}" for c in sorted(predicted - gold_set))


def _plain(text: str | None) -> str:
    return " ".join(re.findall(r"[\w']+", (text or "").casefold().replace("’", "'")))


def _same_words(a: str, b: str) -> bool:
    a, b = _plain(a), _plain(b)
    return bool(a) and bool(b) and (a == b or (min(len(a), len(b)) > 12 and (a in b or b in a)))


def period(date: str | None, precision: str | None) -> str | None:
    """A resolved date in the annotation's notation: 2025-11-06, 2025-W46, 2025-11, 2025."""
    if not date:
        return None
    d = dt.date.fromisoformat(date)
    if precision == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    return {"day": date, "month": date[:7], "year": date[:4]}.get(precision or "", date)


def same_speaker(item: dict, speaker: str | None, entity: str | None) -> bool:
    """Whether a found speaker is the annotated one.

    A named speaker must be linked to the entity of that name (the words as
    written are not enough: "he" is right only when it links to the right
    person), or, for a body, to the entity its words name ("Kazakhstan's
    government": Kazakhstan). An unnamed one must be linked to no entity; a
    body no entity holds is right only when its full name is written.
    """
    wanted = item.get("speaker_entity")
    if wanted is None:
        return entity is None and speaker is not None
    if entity is not None:
        if name_key(entity) == name_key(wanted):
            return True
        # "Kazakhstan's government" linked to the country Kazakhstan: the body it names, in other words
        return _plain(speaker) == _plain(item.get("speaker")) and set(name_key(entity).split()) < set(name_key(wanted).split())
    return _plain(speaker) == _plain(wanted)  # a body written out in full that no entity holds


def score_quotes(conn: sqlite3.Connection, article_id: str, expected: dict, scores: dict[str, Score]) -> None:
    gold = expected.get("quotes") or []
    rows = conn.execute(
        """select q.text, q.speaker, e.name, q.anonymous from quotes q left join entities e on e.id = q.speaker_entity_id
           where q.article_id = ? order by q.field, q.start""",
        (article_id,),
    ).fetchall()
    quotes, speakers, anonymity = scores["quotes"], scores["speaker accuracy"], scores["anonymous flag"]
    quotes.gold += len(gold)
    quotes.predicted += len(rows)
    used: set[int] = set()
    for item in gold:
        index = next((i for i, row in enumerate(rows) if i not in used and _same_words(row[0], item["text"])), None)
        if index is None:
            quotes.misses.append(f"{article_id}: {item['text'][:60]}")
            continue
        used.add(index)
        quotes.matched_gold += 1
        text, speaker, entity, anonymous = rows[index]
        speakers.gold += 1
        speakers.predicted += 1
        right = same_speaker(item, speaker, entity)
        speakers.matched_gold += right
        speakers.matched_predicted += right
        if not right:
            speakers.misses.append(f"{article_id}: {item['text'][:40]} — said by {item.get('speaker')!r}, found {speaker!r} ({entity})")
        anonymity.gold += 1
        anonymity.predicted += 1
        same = bool(anonymous) == bool(item.get("anonymous"))
        anonymity.matched_gold += same
        anonymity.matched_predicted += same
        if not same:
            anonymity.misses.append(f"{article_id}: {item['text'][:40]} — anonymous {item.get('anonymous')}, found {anonymous}")
    quotes.matched_predicted += len(used)
    quotes.extras.extend(f"{article_id}: {rows[i][0][:60]}" for i in range(len(rows)) if i not in used)
    scare = scores["scare quotes kept"]
    for text in expected.get("scare_quotes") or []:
        scare.gold += 1
        if any(_plain(row[0]) == _plain(text) for row in rows):
            scare.extras.append(f"{article_id}: {text}")
    scare.predicted = len(scare.extras)
    scare.matched_gold = scare.gold - len(scare.extras)


def same_date(item: dict, date: str | None, date_end: str | None, precision: str | None) -> bool:
    """Whether a resolved date is the annotated one: the same period, and for a range the same end."""
    if period(date, precision) != (str(item["date"]) if item.get("date") is not None else None):
        return False
    return item.get("date_end") is None or period(date_end, precision) == str(item["date_end"])


def score_event_dates(conn: sqlite3.Connection, article_id: str, expected: dict, scores: dict[str, Score]) -> None:
    """Of the events a reader dates: how many are found here with the same date words, and how many resolve right.

    "dated events found" and "event dates right" (of those found) tell the two
    failures apart; "dated events right" is both at once, over every dated event.
    """
    found_score, right_score, both = scores["dated events found"], scores["event dates right"], scores["dated events right"]
    rows = conn.execute("select date_text, date, date_end, date_precision from events where article_id = ? and date_text is not null", (article_id,)).fetchall()
    for item in expected.get("events") or []:
        if not item.get("date"):
            continue
        found_score.gold += 1
        both.gold += 1
        words = _plain(item["date_text"])
        found = [row for row in rows if words in _plain(row[0]) or _plain(row[0]) in words]
        if not found:
            found_score.misses.append(f"{article_id}: {item['type']} {item['date_text']!r}")
            both.misses.append(f"{article_id}: {item['type']} {item['date_text']!r} not found")
            continue
        found_score.matched_gold += 1
        right_score.gold += 1
        if any(same_date(item, *row[1:]) for row in found):
            right_score.matched_gold += 1
            both.matched_gold += 1
        else:
            resolved = [(period(d, p), period(e, p)) for _, d, e, p in found]
            right_score.misses.append(f"{article_id}: {item['type']} {item['date_text']!r} = {item['date']}..{item.get('date_end', '')}, resolved to {resolved}")
            both.misses.append(right_score.misses[-1])
    for score in (found_score, right_score, both):
        score.predicted = score.gold
        score.matched_predicted = score.matched_gold


def evaluate(db: Path, annotation: Path) -> dict[str, Score]:
    gold = yaml.safe_load(annotation.read_text(encoding="utf-8"))["articles"]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    loaded = {row[0] for row in conn.execute("select id from articles")}
    scores = {key: Score() for key in [*ENTITY_TABLES, "countries", "quotes", "speaker accuracy", "anonymous flag", "scare quotes kept", "dated events found", "event dates right", "dated events right"]}
    for article_id, expected in gold.items():
        if article_id not in loaded:
            raise SystemExit(f"evaluate: {annotation}: article {article_id} is not in {db}")
        for key, kind in ENTITY_TABLES.items():
            score_names(expected.get(key) or [], predicted_entities(conn, article_id, kind), scores[key], article_id)
        countries = {row[0] for row in conn.execute("select distinct iso3 from country_mentions where article_id = ?", (article_id,))}
        score_codes(expected.get("countries") or [], countries, scores["countries"], article_id)
        score_quotes(conn, article_id, expected, scores)
        score_event_dates(conn, article_id, expected, scores)
    return scores


#: Measures that are one fraction rather than precision and recall.
ACCURACY = {"speaker accuracy", "anonymous flag", "dated events found", "event dates right", "dated events right"}


def report(title: str, scores: dict[str, Score], details: bool) -> str:
    lines = [title, f"{'measure':<19}{'gold':>6}{'found':>7}{'precision':>11}{'recall':>8}"]
    for key, s in scores.items():
        if key in ACCURACY:
            lines.append(f"{key:<19}{s.gold:>6}{s.matched_gold:>7}{'accuracy':>11}{s.recall:>8.3f}")
        elif key == "scare quotes kept":
            lines.append(f"{key:<19}{s.gold:>6}{len(s.extras):>7}{'(want 0)':>11}{'':>8}")
        else:
            lines.append(f"{key:<19}{s.gold:>6}{s.predicted:>7}{s.precision:>11.3f}{s.recall:>8.3f}")
        if details:
            lines.extend(f"    missed  {m}" for m in s.misses)
            lines.extend(f"    extra   {e}" for e in s.extras)
            lines.extend(f"    twice   {d}" for d in s.duplicates)
    return "\n".join(lines)


def summary(results: dict[str, dict[str, Score]]) -> str:
    """One line per measure, one column per set: P / R, or the accuracy."""
    names = list(results)
    lines = [f"{'measure':<22}" + "".join(f"{name:>16}" for name in names)]
    for key in next(iter(results.values())):
        cells = []
        for name in names:
            s = results[name][key]
            if key in ACCURACY:
                cells.append(f"{s.recall:.3f} ({s.gold})")
            elif key == "scare quotes kept":
                cells.append(f"{len(s.extras)} of {s.gold}")
            else:
                cells.append(f"{s.precision:.2f}/{s.recall:.2f} ({s.gold})")
        lines.append(f"{key:<22}" + "".join(f"{c:>16}" for c in cells))
        if key == "persons":
            lines.append(f"{'duplicate persons':<22}" + "".join(f"{len(results[n][key].duplicates):>16}" for n in names))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", metavar="DB ANNOTATION", help="a database and its annotation, one pair per set")
    parser.add_argument("--details", action="store_true", help="list every miss and every extra of each set")
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        parser.error("give a database and an annotation for each set")
    results = {}
    for db, annotation in zip(args.pairs[::2], args.pairs[1::2]):
        scores = evaluate(Path(db), Path(annotation))
        results[Path(annotation).stem] = scores
        if args.details:
            print(report(f"{annotation} against {db}", scores, True) + "\n")
    print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
