"""Entities: one entity per real-world referent across the whole corpus.

Each article's extraction names its mentions as well as that article allows
("Trump" → "Donald Trump" when the article gives the full name). Here the
names of all articles meet:

- spelling variants share a key: accents, case, hyphens and the particles
  "al"/"el" do not count, nor do doubled letters or the g/q/k and dh/d
  alternations of transliteration ("Zelensky"/"Zelenskyy",
  "Gaddafi"/"Qaddafi", "al-Bashir"/"Al Bashir");
- a lone surname, or any part of a longer name, joins the one person in
  the corpus whose name holds it, and stays apart when several do;
- the type is voted across all mentions, and data files outvote the model;
- the canonical name is the fullest form.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter

from ..extract import vocabulary
from . import identifiers

#: Types that may be the same referent under different labels of the model.
_MERGEABLE = {"person", "organization", "group", "other", "place", "event"}


def _fold(token: str) -> str:
    token = token.replace("dh", "d").replace("kh", "k").replace("ph", "f")
    token = re.sub(r"[gqk]", "k", token)
    token = re.sub(r"(.)\1+", r"\1", token)  # doubled letters
    return re.sub(r"y$", "i", token)


@cache
def name_key(name: str) -> str:
    """A spelling-insensitive key for a name."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    tokens = re.findall(r"[a-z0-9]+", text.replace("’", "'").replace("'s ", " "))
    return " ".join(_fold(t) for t in tokens if t not in vocabulary.name_particles().ignored_in_spelling)


@dataclass
class Entity:
    key: str
    mentions: list[dict] = field(default_factory=list)
    iso3: str | None = None
    wikidata: str | None = None

    @property
    def type(self) -> str:
        fixed = Counter(m["type"] for m in self.mentions if m.get("fixed"))
        votes = fixed or Counter(m["type"] for m in self.mentions)
        best = max(votes.values())
        return min((t for t, n in votes.items() if n == best), key=list(vocabulary.entity_types()).index)

    @property
    def name(self) -> str:
        names = Counter(m["name"] for m in self.mentions)
        return max(names, key=lambda n: (len(n.split()), names[n], _capitalised(n), n))

    @property
    def aliases(self) -> list[str]:
        return sorted({m["text"] for m in self.mentions} | {m["name"] for m in self.mentions})


def _capitalised(name: str) -> bool:
    return not name.isupper()  # "Washington" over the dateline's "WASHINGTON"


def resolve(mentions: list[dict]) -> list[Entity]:
    """Group mentions (dicts with name, type, text, fixed, and optional iso3) into entities."""
    groups: dict[str, Entity] = {}
    for m in mentions:
        key = f"country:{m['iso3']}" if m.get("iso3") else _group_key(m)
        entity = groups.setdefault(key, Entity(key, iso3=m.get("iso3")))
        entity.mentions.append(m)
    _merge_surnames(groups)
    return sorted(groups.values(), key=lambda e: (e.type, e.name.casefold(), e.key))


def _group_key(m: dict) -> str:
    kind = m["type"] if m["type"] not in _MERGEABLE else "name"
    return f"{kind}:{name_key(m['name'])}"


def _merge_surnames(groups: dict[str, Entity]) -> None:
    """A name of one to three words joins the single longer person name that holds its words in a row.

    "Salcedo" joins "Rosa Salcedo Paredes", "bin Rashid" "Mohammed bin
    Rashid"; a name two people share stays apart.
    """
    by_word: dict[str, list[str]] = defaultdict(list)  # a word -> the multi-word persons whose name has it
    for key, entity in groups.items():
        words = key.split(":", 1)[1].split()
        if key.startswith("name:") and len(words) >= 2 and entity.type == "person":
            for word in set(words):
                by_word[word].append(key)
    # Longer parts first: "Rosa Salcedo" joins "Rosa Salcedo Paredes" before "Salcedo" looks for its one candidate.
    for key in sorted(groups, key=lambda k: (-len(k.split()), k)):
        words = key.split(":", 1)[1].split()
        if not key.startswith("name:") or not 1 <= len(words) <= 3:
            continue
        part = groups[key]
        allowed = ("person",) if len(words) > 1 else ("person", "organization", "other")
        if any(m.get("fixed") for m in part.mentions) or part.type not in allowed:
            continue
        candidates = {c for c in by_word.get(words[0], []) if c in groups and c != key and _holds(c.split(":", 1)[1].split(), words)}
        if len(candidates) == 1:
            groups[candidates.pop()].mentions.extend(part.mentions)
            del groups[key]


def _holds(whole: list[str], part: list[str]) -> bool:
    return len(whole) > len(part) and any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def publishers_are_organizations(mentions: list[dict], publishers: set[str]) -> list[dict]:
    """Mentions of a collection's publishers ("told Al Manara"), typed as the news organizations they are.

    The manifest names each article's publisher; the statistical model
    often takes an outlet it does not know for a person.
    """
    names = {name.casefold() for name in publishers} | {re.sub(r"^the\s+", "", name, flags=re.I).casefold() for name in publishers}
    return [{**m, "type": "organization", "fixed": True} if m["name"].casefold() in names and m["type"] != "country" else m for m in mentions]


def rows(mentions: list[dict], wikidata: dict[str, str | None]) -> tuple[list[dict], list[dict]]:
    """Entity rows and mention rows, from every mention of the corpus.

    An entity's id derives from its key (scripts/load/identifiers.py).
    `wikidata` maps a canonical name from the data files to its Wikidata id.
    """
    entity_rows, mention_rows = [], []
    resolved = resolve(mentions)
    ids = identifiers.stable_ids(entity.key for entity in resolved)
    # Mentions at one place keep the order the articles give them, whatever the entities around them.
    order = {id(m): n for n, m in enumerate(mentions)}
    placed = []
    for entity in resolved:
        entity_id = ids[entity.key]
        entity_rows.append(
            {
                "id": entity_id,
                "name": entity.name,
                "type": entity.type,
                "iso3": entity.iso3,
                "wikidata": wikidata.get(entity.name),
                "aliases": json.dumps(entity.aliases, ensure_ascii=False),
                "mention_count": len(entity.mentions),
                "article_count": len({m["article_id"] for m in entity.mentions}),
            }
        )
        placed.extend(
            (
                (m["article_id"], m["field"], m["start"], order[id(m)]),
                {"entity_id": entity_id, "article_id": m["article_id"], "field": m["field"], "start": m["start"], "end": m["end"],
                 "text": m["text"], "sentence_id": m["sentence_id"], "role": m.get("role"), "label": m.get("label")},
            )
            for m in entity.mentions
        )
    placed.sort(key=itemgetter(0))
    mention_rows = [row for _, row in placed]
    return entity_rows, mention_rows


def co_mentions(mention_rows: list[dict]) -> list[dict]:
    """Pairs of entities named in one sentence (lower id first), with how many sentences and articles do so."""
    by_sentence: dict[int, set[int]] = {}
    article_of: dict[int, str] = {}
    for m in mention_rows:
        by_sentence.setdefault(m["sentence_id"], set()).add(m["entity_id"])
        article_of[m["sentence_id"]] = m["article_id"]
    sentences: Counter = Counter()
    sources: dict[tuple[int, int], set[str]] = {}
    for sentence_id, named in by_sentence.items():
        ordered = sorted(named)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                sentences[(a, b)] += 1
                sources.setdefault((a, b), set()).add(article_of[sentence_id])
    return [
        {"entity_a": a, "entity_b": b, "sentences": n, "sources": len(sources[(a, b)])}
        for (a, b), n in sorted(sentences.items())
    ]
