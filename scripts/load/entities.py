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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

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
class Group:
    """The mentions of one resolution key, counted: all that resolution reads of them.

    Counts rather than the mentions themselves, so an incremental load can
    take a changed article's mentions out and put its new ones in
    (scripts/load/ledger.py) and resolve again without reading the others.
    """

    key: str
    iso3: str | None = None
    # value -> mentions; plain dicts, which the ledger stores and reads back several times faster than Counters
    types: dict = field(default_factory=dict)
    fixed: dict = field(default_factory=dict)  # the types data files gave
    names: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=dict)  # texts and names as written
    articles: dict = field(default_factory=dict)  # article id -> mentions there

    def count(self, m: dict, n: int = 1) -> None:
        """Count mention `m` in (n=1) or out (n=-1)."""
        for counter, value in ((self.types, m["type"]), (self.names, m["name"]), (self.aliases, m["text"]),
                               (self.aliases, m["name"]), (self.articles, m["article_id"])):
            _add(counter, value, n)
        if m.get("fixed"):
            _add(self.fixed, m["type"], n)

    def __bool__(self) -> bool:
        return bool(self.types)


def _add(counter: dict, value, n: int) -> None:
    counter[value] = counter.get(value, 0) + n
    if counter[value] <= 0:
        del counter[value]


def group_key(m: dict) -> str:
    """The resolution key of one mention: its country, or its kind and spelling-insensitive name."""
    return f"country:{m['iso3']}" if m.get("iso3") else _group_key(m)


def groups(mentions: list[dict]) -> tuple[dict[str, Group], list[str]]:
    """The mentions counted by resolution key, and each mention's key in order."""
    found: dict[str, Group] = {}
    keys = []
    for m in mentions:
        key = group_key(m)
        group = found.get(key)
        if group is None:
            group = found[key] = Group(key, iso3=m.get("iso3"))
        group.count(m)
        keys.append(key)
    return found, keys


@dataclass
class Entity:
    key: str
    groups: list[Group] = field(default_factory=list)
    iso3: str | None = None

    def _sum(self, name: str) -> dict:
        if len(self.groups) == 1:
            return getattr(self.groups[0], name)
        total: Counter = Counter()
        for group in self.groups:
            total.update(getattr(group, name))
        return total

    @property
    def type(self) -> str:
        votes = self._sum("fixed") or self._sum("types")
        best = max(votes.values())
        return min((t for t, n in votes.items() if n == best), key=_type_order().__getitem__)

    @property
    def fixed(self) -> bool:
        return any(group.fixed for group in self.groups)

    @property
    def name(self) -> str:
        names = self._sum("names")
        return max(names, key=lambda n: (len(n.split()), names[n], _capitalised(n), n))

    @property
    def aliases(self) -> list[str]:
        return sorted(self._sum("aliases"))

    @property
    def mention_count(self) -> int:
        return sum(sum(group.types.values()) for group in self.groups)

    @property
    def article_count(self) -> int:
        return len(set().union(*(group.articles for group in self.groups)))


@cache
def _type_order() -> dict[str, int]:
    return {t: n for n, t in enumerate(vocabulary.entity_types())}


def _capitalised(name: str) -> bool:
    return not name.isupper()  # "Washington" over the dateline's "WASHINGTON"


def resolve(mentions: list[dict]) -> list[Entity]:
    """Group mentions (dicts with name, type, text, fixed, and optional iso3) into entities."""
    return resolve_groups(groups(mentions)[0])


def resolve_groups(counted: dict[str, Group]) -> list[Entity]:
    """The entities of the corpus, from its mentions counted by resolution key."""
    found = {key: Entity(key, [group], group.iso3) for key, group in counted.items() if group}
    _merge_surnames(found)
    return sorted(found.values(), key=lambda e: (e.type, e.name.casefold(), e.key))


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
        if part.fixed or part.type not in allowed:
            continue
        candidates = []  # whether exactly one holds it: looked for among the persons of its rarest word, two are enough
        for c in min((by_word.get(w, []) for w in words), key=len):
            if c in groups and c != key and _holds(c.split(":", 1)[1].split(), words):
                candidates.append(c)
                if len(candidates) == 2:
                    break
        if len(candidates) == 1:
            groups[candidates[0]].groups.extend(part.groups)
            del groups[key]


def _holds(whole: list[str], part: list[str]) -> bool:
    return len(whole) > len(part) and any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def publishers_are_organizations(mentions: list[dict], publishers: set[str]) -> list[dict]:
    """Mentions of a collection's publishers ("told Al Manara"), typed as the news organizations they are.

    The manifest names each article's publisher; the statistical model
    often takes an outlet it does not know for a person.
    """
    names = publisher_names(publishers)
    return [{**m, "type": "organization", "fixed": True} if m["name"].casefold() in names and m["type"] != "country" else m for m in mentions]


@dataclass
class Resolution:
    """Entity resolution of a corpus: the entities, and which entity each resolution key is part of."""

    groups: dict[str, Group]
    entities: list[Entity]
    ids: dict[str, int]  # entity key -> id
    entity_of: dict[str, int]  # resolution key -> entity id


def resolution(counted: dict[str, Group]) -> Resolution:
    resolved = resolve_groups(counted)
    ids = identifiers.stable_ids(entity.key for entity in resolved)
    return Resolution(counted, resolved, ids, {group.key: ids[entity.key] for entity in resolved for group in entity.groups})


def entity_row(entity: Entity, entity_id: int, wikidata: dict[str, str | None]) -> dict:
    name = entity.name
    return {
        "id": entity_id,
        "name": name,
        "type": entity.type,
        "iso3": entity.iso3,
        "wikidata": wikidata.get(name),
        "aliases": json.dumps(entity.aliases, ensure_ascii=False),
        "mention_count": entity.mention_count,
        "article_count": entity.article_count,
    }


def mention_order(mentions: list[dict]) -> list[int]:
    """The order of the mention rows: by article, field and start; mentions at one place in the order given."""
    return sorted(range(len(mentions)), key=lambda i: (mentions[i]["article_id"], mentions[i]["field"], mentions[i]["start"], i))


def mention_row(m: dict, entity_id: int) -> dict:
    return {"entity_id": entity_id, "article_id": m["article_id"], "field": m["field"], "start": m["start"], "end": m["end"],
            "text": m["text"], "sentence_id": m["sentence_id"], "role": m.get("role"), "label": m.get("label")}


def publisher_names(publishers: set[str]) -> set[str]:
    """The names, case folded, under which a mention is one of the `publishers` ("Rheinwelle" for "The Rheinwelle")."""
    return {name.casefold() for name in publishers} | {re.sub(r"^the\s+", "", name, flags=re.I).casefold() for name in publishers}


def rows(mentions: list[dict], wikidata: dict[str, str | None]) -> tuple[list[dict], list[dict]]:
    """Entity rows and mention rows, from every mention of the corpus.

    An entity's id derives from its key (scripts/load/identifiers.py).
    `wikidata` maps a canonical name from the data files to its Wikidata id.
    """
    counted, keys = groups(mentions)
    found = resolution(counted)
    entity_rows = [entity_row(entity, found.ids[entity.key], wikidata) for entity in found.entities]
    return entity_rows, [mention_row(mentions[i], found.entity_of[keys[i]]) for i in mention_order(mentions)]


def sentence_pairs(named: Iterable[Iterable[int]]) -> Counter:
    """Pairs of entities (lower id first) named together, with how many of the sentences given name both."""
    pairs: Counter = Counter()
    for entity_ids in named:
        ordered = sorted(set(entity_ids))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs[(a, b)] += 1
    return pairs


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
