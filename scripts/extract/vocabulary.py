"""Vocabulary: the lists of types and words that more than one module reads.

Each list lives in one data file beside this module; the extraction, the
loader (which fills the entity_types and event_types tables from here) and
the tests all read it through these functions. Nothing here needs spaCy, so
the loader can use it without loading the language model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


#: libyaml's safe loader when PyYAML was built with it: the same data, parsed about ten times faster (a tenth of a
#: second of every extraction run; tests/extract/test_vocabulary.py checks every data file gives the same).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(name: str) -> dict:
    """A data file of this package, parsed."""
    return yaml.load((DATA_DIR / name).read_text(encoding="utf-8"), Loader=LOADER)  # noqa: S506 - a safe loader


@cache
def entity_types() -> dict[str, str]:
    """Entity type -> description, in the order that breaks a tie between types."""
    return dict(read("entities.yml")["types"])


@cache
def spacy_labels() -> dict[str, str]:
    """spaCy entity label -> the entity type it suggests."""
    labels = dict(read("entities.yml")["spacy_labels"])
    unknown = set(labels.values()) - set(entity_types())
    if unknown:
        raise ValueError(f"data/entities.yml: spacy_labels name types not in `types`: {sorted(unknown)}")
    return labels


@cache
def event_types() -> dict[str, str]:
    """Event type -> description, in the order of data/events.yml."""
    return {name: words["description"] for name, words in read("events.yml")["types"].items()}


@dataclass(frozen=True)
class Particles:
    all: frozenset[str]  # lower-case words inside a name
    ignored_in_spelling: frozenset[str]  # dropped when two spellings are compared
    byline_cues: tuple[str, ...]  # "By", "Reporting by": a person's name follows
    author_cues: tuple[str, ...]  # the byline cues after which the names are the authors'


@cache
def name_particles() -> Particles:
    data = read("names.yml")
    particles = Particles(
        frozenset(data["particles"]), frozenset(data["ignored_in_spelling"]),
        tuple(data["byline_cues"]), tuple(data["author_cues"]),
    )
    if not particles.ignored_in_spelling <= particles.all:
        raise ValueError("data/names.yml: every word of ignored_in_spelling must be in particles")
    if not set(particles.author_cues) <= set(particles.byline_cues):
        raise ValueError("data/names.yml: every word of author_cues must be in byline_cues")
    return particles


@dataclass(frozen=True)
class DateWords:
    vague: tuple[str, ...]
    modifiers: frozenset[str]
    qualifiers: tuple[str, ...]
    range_joins: frozenset[str]
    leading: tuple[str, ...]
    dated_nouns: tuple[str, ...]
    parts_of_day: tuple[str, ...]
    relative: dict[str, tuple[str, int]]  # phrase -> (unit, offset)
    anaphoric: dict[str, tuple[str, int]]  # phrase -> (unit, offset) from the date given before it
    duration_units: tuple[str, ...]
    period_parts: tuple[str, ...]  # "the end of", "the first half of": a part of the period named after
    seasons: dict[str, int]  # season -> the month it starts in


@cache
def date_words() -> DateWords:
    data = read("dates.yml")
    return DateWords(
        vague=tuple(data["vague"]),
        modifiers=frozenset(data["modifiers"]),
        qualifiers=tuple(data["qualifiers"]),
        range_joins=frozenset(data["range_joins"]),
        leading=tuple(data["leading"]),
        dated_nouns=tuple(data["dated_nouns"]),
        period_parts=tuple(data["period_parts"]),
        seasons=dict(data["seasons"]),
        parts_of_day=tuple(data["parts_of_day"]),
        relative={phrase: (spec["unit"], int(spec["offset"])) for phrase, spec in data["relative"].items()},
        anaphoric={phrase: (spec["unit"], int(spec["offset"])) for phrase, spec in data["anaphoric"].items()},
        duration_units=tuple(data["duration_units"]),
    )
