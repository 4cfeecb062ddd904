"""Evaluate: precision and recall of a built database against a hand annotation.

    python -m scripts.evaluate build/news.db tests/annotations/seeds.yml [--details]

The annotation lists, per article, what a careful reader finds (see the
header of tests/annotations/seeds.yml). A gold name matches a predicted
entity when their spelling-insensitive keys agree, with the entity's
canonical name or with a form it was written in in that article; so a
reader's "Witkoff" matches the entity "Steve Witkoff" mentioned there as
"Witkoff".
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .resolve import name_key

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


def score_codes(gold: list[str], predicted: set[str], score: Score, article_id: str) -> None:
    gold_set = set(gold)
    score.gold += len(gold_set)
    score.predicted += len(predicted)
    score.matched_gold += len(gold_set & predicted)
    score.matched_predicted += len(gold_set & predicted)
    score.misses.extend(f"{article_id}: {c}" for c in sorted(gold_set - predicted))
    score.extras.extend(f"{article_id}: {c}" for c in sorted(predicted - gold_set))


def evaluate(db: Path, annotation: Path) -> dict[str, Score]:
    gold = yaml.safe_load(annotation.read_text(encoding="utf-8"))["articles"]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    loaded = {row[0] for row in conn.execute("select id from articles")}
    scores = {key: Score() for key in [*ENTITY_TABLES, "countries"]}
    for article_id, expected in gold.items():
        if article_id not in loaded:
            raise SystemExit(f"evaluate: {annotation}: article {article_id} is not in {db}")
        for key, kind in ENTITY_TABLES.items():
            score_names(expected.get(key) or [], predicted_entities(conn, article_id, kind), scores[key], article_id)
        countries = {row[0] for row in conn.execute("select distinct iso3 from country_mentions where article_id = ?", (article_id,))}
        score_codes(expected.get("countries") or [], countries, scores["countries"], article_id)
    return scores


def report(title: str, scores: dict[str, Score], details: bool) -> str:
    lines = [title, f"{'table':<14}{'gold':>6}{'found':>7}{'precision':>11}{'recall':>8}"]
    for key, s in scores.items():
        lines.append(f"{key:<14}{s.gold:>6}{s.predicted:>7}{s.precision:>11.3f}{s.recall:>8.3f}")
        if details:
            lines.extend(f"    missed  {m}" for m in s.misses)
            lines.extend(f"    extra   {e}" for e in s.extras)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("annotation", type=Path)
    parser.add_argument("--details", action="store_true", help="list every miss and every extra")
    args = parser.parse_args(argv)
    print(report(f"{args.annotation} against {args.db}", evaluate(args.db, args.annotation), args.details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
