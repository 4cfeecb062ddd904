"""Ledger: what the corpus-wide decisions read of each article, kept beside the database.

Entity resolution, the quote and event clusters, co-mentions and the country
counts are decisions across the corpus. Every load also writes this ledger
beside the database (build/news.db.ledger): per article, the little those
decisions read of it — each mention's resolution key, type and name, the keys
named together in a sentence, each quotation's wording and speaker's key,
each event's type, dates and who its sentence names — and the decisions'
counts and results. An incremental load then reads only the changed
articles' extraction files: it counts the replaced articles' notes out and
the new ones in, decides again only what they touch (the entities their keys
form, the quote clusters of the wordings, the event clusters of the event
types) and rewrites another article's rows only where a decision about them
moved. The result is the database a full build gives (tests/load/test_delta.py).

A ledger says which database it belongs to (that database's load_inputs);
one that is missing, unreadable or another's, or a change it cannot follow
(the set of publishers, which types mentions across the corpus, changed;
two authors' ids collide), makes the load compute every table from the
extraction files instead (scripts/load/delta.py), which writes a new ledger.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import clusters, entities, events, identifiers, quotes

#: Bumped when the ledger's layout changes: another format is no ledger.
FORMAT = 1


class Unfollowable(RuntimeError):
    """A change the ledger cannot follow: compute every table from the extraction files."""


@dataclass
class Note:
    """What the corpus-wide decisions read of one article, each list in the order of the article's rows."""

    mentions: tuple  # (resolution key, type, fixed, name, text, iso3) per mention row
    sentences: tuple  # the keys named in one sentence, for each sentence that names two or more
    quotes: tuple  # (wording normalized, text, the speaker's resolution key or None) per quote row
    events: tuple  # (type, trigger, date, date_end, date_precision, date_basis, tense, named, placed) per event row
    countries: dict  # iso3 -> country mentions
    authors: tuple  # names in byline order
    publisher: str | None


@dataclass
class Ledger:
    inputs: dict[str, str]  # the load_inputs of the database it belongs to
    notes: dict[str, Note] = field(default_factory=dict)
    # counts, each taken apart again when an article goes
    groups: dict[str, entities.Group] = field(default_factory=dict)
    pairs: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # (a, b) -> [sentences, sources]
    # (plain dicts of counts, not Counters: the ledger is read and written on every load, and dicts pickle several times faster)
    country_articles: dict[str, dict] = field(default_factory=dict)  # iso3 -> article -> mentions
    wordings: dict[str, dict] = field(default_factory=dict)  # normalized wording -> article -> quotes
    signatures: dict[tuple, dict] = field(default_factory=dict)  # event signature -> article -> events
    first: dict[tuple, tuple[str, int]] = field(default_factory=dict)  # event signature -> (article, event) it first appears at
    authors: dict[str, int] = field(default_factory=dict)  # name -> articles
    # decisions
    entity_of: dict[str, int] = field(default_factory=dict)  # resolution key -> entity id
    entities: dict[int, dict] = field(default_factory=dict)  # id -> entities row
    countries: dict[str, dict] = field(default_factory=dict)  # iso3 -> countries row
    quote_cluster_of: dict[str, int] = field(default_factory=dict)  # wording -> cluster id
    quote_clusters: dict[int, dict] = field(default_factory=dict)
    event_cluster_of: dict[tuple, int] = field(default_factory=dict)  # signature -> cluster id
    event_cluster_key: dict[int, str] = field(default_factory=dict)  # cluster id -> the key its id derives from
    event_clusters: dict[int, dict] = field(default_factory=dict)
    author_ids: dict[str, int] = field(default_factory=dict)
    rejected: list = field(default_factory=list)

    @property
    def publishers(self) -> set[str]:
        return {note.publisher for note in self.notes.values() if note.publisher}

    def country_name(self, iso3: str) -> str:
        """A country's name: from its countries row when the corpus names it already (the gazetteer's data costs a tenth of a second)."""
        if iso3 in self.countries:
            return self.countries[iso3]["name"]
        from ..extract.countries import countries

        return countries()[iso3].name


# ---- reading and writing ---------------------------------------------------------------------

def path_of(db: Path) -> Path:
    return db.with_name(db.name + ".ledger")


def read(db: Path, inputs: dict[str, str]) -> Ledger | None:
    """The ledger of the database at `db`, when it is there and belongs to a database built from `inputs`."""
    try:
        with open(path_of(db), "rb") as f:
            found = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None
    if not isinstance(found, tuple) or len(found) != 2 or found[0] != FORMAT or not isinstance(found[1], Ledger):
        return None
    return found[1] if found[1].inputs == inputs else None


def write(db: Path, ledger: Ledger) -> None:
    """Write the ledger beside `db` (after the database is in place: a ledger of another database is never used)."""
    target = path_of(db)
    for stale in target.parent.glob(f".{target.name}.*.part"):  # left by a load that was killed
        stale.unlink(missing_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as f:
            pickle.dump((FORMAT, ledger), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def remove(db: Path) -> None:
    path_of(db).unlink(missing_ok=True)


# ---- notes ---------------------------------------------------------------------------------------

def _i(text):
    return sys.intern(text) if isinstance(text, str) else text


def notes(article_rows: list[dict], authors: list[tuple[str, list]], mentions: list[dict], keys: list[str], order: list[int],
          quote_records: list[dict], event_rows: list[dict], parties: list[tuple], country_mentions: list[dict]) -> dict[str, Note]:
    """The notes of some articles, from what the load computed of them.

    `mentions` are every mention (publishers typed, named countries added),
    `keys` their resolution keys and `order` the order of their rows
    (entities.mention_order()); `parties` what events.computed() found.
    """
    by_article: dict[str, dict] = {row["id"]: {"mentions": [], "sentences": {}, "quotes": [], "events": [], "countries": Counter()}
                                   for row in article_rows}
    key_at: dict[tuple, str] = {}
    for i in order:
        m, key = mentions[i], _i(keys[i])
        there = by_article[m["article_id"]]
        there["mentions"].append((key, _i(m["type"]), bool(m.get("fixed")), _i(m["name"]), _i(m["text"]), _i(m.get("iso3"))))
        there["sentences"].setdefault(m["sentence_id"], set()).add(key)
        key_at[(m["article_id"], m["field"], m["start"], m["end"])] = key
    for q in quote_records:
        ref = q["speaker_ref"]
        speaker = key_at.get((q["article_id"], ref["field"], ref["start"], ref["end"])) if ref else None
        by_article[q["article_id"]]["quotes"].append((_i(clusters.normalize(q["text"])), q["text"], speaker))
    for row, (named, placed) in zip(event_rows, parties):
        by_article[row["article_id"]]["events"].append((
            _i(row["type"]), row["trigger"], row["date"], row["date_end"], row["date_precision"], row["date_basis"], row["tense"],
            tuple((_i(k), _i(r)) for k, r in named), tuple((_i(c), _i(r)) for c, r in placed)))
    for m in country_mentions:
        by_article[m["article_id"]]["countries"][_i(m["iso3"])] += 1
    names = dict(authors)
    return {
        row["id"]: Note(
            tuple(there["mentions"]), tuple(tuple(sorted(s)) for s in there["sentences"].values() if len(s) > 1),
            tuple(there["quotes"]), tuple(there["events"]), dict(there["countries"]),
            tuple(name for name, _ in names.get(row["id"], [])), row["publisher"])
        for row in article_rows for there in [by_article[row["id"]]]
    }


def _mention(note_mention: tuple, article_id: str) -> dict:
    key, type_, fixed, name, text, iso3 = note_mention
    return {"type": type_, "fixed": fixed, "name": name, "text": text, "article_id": article_id, "iso3": iso3}


def _counted(counter_of: dict, key, article_id: str, n: int) -> None:
    counter = counter_of.get(key)
    if counter is None:
        counter = counter_of[key] = {}
    counter[article_id] = counter.get(article_id, 0) + n
    if counter[article_id] <= 0:
        del counter[article_id]
        if not counter:
            del counter_of[key]


# ---- derived per event -----------------------------------------------------------------------------

@dataclass
class Decided:
    """What the corpus decides that an event reads: entities of keys, their types, the countries that are entities."""

    entity_of: dict[str, int]
    entity_type: dict[int, str]
    entity_name: dict[int, str]
    country_entity: dict[str, int]

    @classmethod
    def of(cls, entity_of: dict[str, int], entity_rows: dict[int, dict]) -> Decided:
        return cls(entity_of, {i: r["type"] for i, r in entity_rows.items()}, {i: r["name"] for i, r in entity_rows.items()},
                   {r["iso3"]: i for i, r in entity_rows.items() if r["iso3"]})


def derive(note_event: tuple, decided: Decided) -> tuple[dict[int, str], int | None, tuple]:
    """An event's participants, place and signature under the decisions given (as events.computed() finds them)."""
    type_, _, date, date_end, _, basis, tense, named, placed = note_event
    who = events.taking_part(named, placed, decided.entity_of, decided.country_entity)
    comparable = {"type": type_, "tense": tense, "date": date, "date_end": date_end, "date_basis": basis,
                  "countries": {c for c, _ in placed}, "agents": events.agents(who, decided.entity_type)}
    return who, events.place(who, decided.entity_type), clusters.signature(comparable)


def _comparable(signature: tuple) -> dict:
    type_, tense, date, date_end, basis, countries, agents = signature
    return {"type": type_, "tense": tense, "date": date, "date_end": date_end, "date_basis": basis,
            "countries": set(countries), "agents": set(agents)}


# ---- a whole ledger from a full load ---------------------------------------------------------------

def from_full(inputs: dict[str, str], note_of: dict[str, Note], rows: dict[str, list[dict]], groups: dict[str, entities.Group],
              entity_of: dict[str, int], signatures: list[tuple]) -> Ledger:
    """The ledger of a database a full load computed (`rows`, every table), from its notes, counts and decisions."""
    ledger = Ledger(dict(inputs), note_of, groups={_i(k): g for k, g in groups.items()}, entity_of={_i(k): i for k, i in entity_of.items()})
    ledger.entities = {row["id"]: row for row in rows["entities"]}
    ledger.countries = {row["iso3"]: row for row in rows["countries"]}
    ledger.quote_clusters = {row["id"]: row for row in rows["quote_clusters"]}
    ledger.event_clusters = {row["id"]: row for row in rows["event_clusters"]}
    ledger.pairs = {(r["entity_a"], r["entity_b"]): [r["sentences"], r["sources"]] for r in rows["co_mentions"]}
    ledger.author_ids = {row["name"]: row["id"] for row in rows["authors"]}
    ledger.rejected = list(rows["ingest_errors"])
    for article_id, note in note_of.items():
        _count_rest(ledger, article_id, note, 1)
    by_place: dict[str, list[int]] = {}
    for row in rows["quotes"]:
        by_place.setdefault(row["article_id"], []).append(row["cluster_id"])
    for article_id, note in note_of.items():
        for (wording, _, _), cluster_id in zip(note.quotes, by_place.get(article_id, [])):
            ledger.quote_cluster_of[wording] = cluster_id
    event_positions: dict[str, int] = Counter()
    for row, signature in zip(rows["events"], signatures):
        ledger.event_cluster_of[signature] = row["cluster_id"]
        _counted(ledger.signatures, signature, row["article_id"], 1)
        place = (row["article_id"], event_positions[row["article_id"]])
        event_positions[row["article_id"]] += 1
        if signature not in ledger.first or place < ledger.first[signature]:
            ledger.first[signature] = place
    for signature, cluster_id in ledger.event_cluster_of.items():  # the founding signature: the cluster's first in corpus order
        known = ledger.event_cluster_key.get(cluster_id)
        if known is None or ledger.first[signature] < ledger.first[known]:
            ledger.event_cluster_key[cluster_id] = signature
    ledger.event_cluster_key = {i: identifiers.key_text(*s) for i, s in ledger.event_cluster_key.items()}
    return ledger


def _count_in(ledger: Ledger, article_id: str, note: Note, n: int = 1) -> None:
    """Count an article's note into (n=1) or out of (n=-1) the ledger's counts (not the pairs, nor the signatures)."""
    _count_mentions(ledger, article_id, note.mentions, n)
    _count_rest(ledger, article_id, note, n)


def _count_mentions(ledger: Ledger, article_id: str, mentions: tuple, n: int) -> None:
    for mention in mentions:
        key = mention[0]
        group = ledger.groups.get(key)
        if group is None:
            group = ledger.groups[key] = entities.Group(key, iso3=mention[5])
        group.count(_mention(mention, article_id), n)
        if not group:
            del ledger.groups[key]


def _count_rest(ledger: Ledger, article_id: str, note: Note, n: int) -> None:
    for iso3, count in note.countries.items():
        _counted(ledger.country_articles, iso3, article_id, n * count)
    for wording, _, _ in note.quotes:
        _counted(ledger.wordings, wording, article_id, n)
    for name in set(note.authors):
        ledger.authors[name] = ledger.authors.get(name, 0) + n
        if ledger.authors[name] <= 0:
            del ledger.authors[name]


def naming(led: Ledger, names: set[str]) -> set[str]:
    """The articles with a mention under one of `names` (case folded)."""
    return {a for a, note in led.notes.items() if any(m[3].casefold() in names for m in note.mentions)}


# ---- an incremental load ---------------------------------------------------------------------------

@dataclass
class Change:
    """The writes of an incremental load: the inserted articles' rows, and what the corpus decided anew."""

    rows: dict[str, list[dict]]  # every per-article table: the rows of the inserted articles
    corpus: dict[str, tuple[list[dict], list[tuple]]]  # corpus table -> (rows written whole, keys of rows deleted)
    mentions: list[tuple[str, int, int]] = field(default_factory=list)  # (article, place among its rows, entity_id)
    quotes: list[tuple[str, int, int, int | None]] = field(default_factory=list)  # (…, cluster_id, speaker_entity_id)
    events: list[tuple[str, int, int, int | None]] = field(default_factory=list)  # (…, cluster_id, place_entity_id)
    participants: list[tuple[str, int, list[tuple[int, str]]]] = field(default_factory=list)  # (…, [(entity_id, role)])


class _Wikidata:
    """Name -> Wikidata id: from the entity rows before when they have the name, else from the data files (read once)."""

    def __init__(self, known: dict[str, str | None], read):
        self.known, self.read = known, read

    def get(self, name: str) -> str | None:
        return self.known[name] if name in self.known else self.read().get(name)


def _inverse(mapping: dict) -> dict:
    found: dict = {}
    for key, value in mapping.items():
        found.setdefault(value, set()).add(key)
    return found


def _articles_of(counter_of: dict, keys) -> set[str]:
    """The articles counted under any of `keys` (a dict of counts by article, or of entities.Group)."""
    found: set[str] = set()
    for key in keys:
        if key in counter_of:
            counted = counter_of[key]
            found.update(counted.articles if isinstance(counted, entities.Group) else counted)
    return found


def _sync(before: dict, after: dict, touched=None) -> tuple[list[dict], list[tuple]]:
    """Rows of `after` that differ from `before` (among the `touched` keys, or all), and the keys `after` lost."""
    keys = after.keys() | before.keys() if touched is None else touched
    written = [after[k] for k in keys if k in after and before.get(k) != after[k]]
    gone = [k if isinstance(k, tuple) else (k,) for k in keys if k in before and k not in after]
    return written, gone


def update(led: Ledger, replaced: set[str], inserted: set[str], records, references: dict, mentions: list[dict],
           publishers: set[str], inputs: dict[str, str], rejected: list[dict], curation_rows: list[dict],
           known_countries, wikidata) -> Change:
    """Bring `led` (changed in place) up to date: the `replaced` articles' notes go, the `inserted` ones' come
    (`records` of them, with `mentions` as the load types them). Returns the writes that bring its database in line.

    `known_countries()` and `wikidata()` give what the load reads of the data files, when a new row needs it.
    """
    kept = {n.publisher for a, n in led.notes.items() if n.publisher and a not in replaced}
    if publishers != kept | {r["publisher"] for r in records.articles if r["publisher"]}:
        raise Unfollowable("the publishers are not those of the articles")
    old_notes = {a: led.notes.pop(a) for a in replaced}
    before_entity_of, before_entities = led.entity_of, led.entities

    # entities: the replaced articles' mentions counted out, the inserted ones' in, and the keys resolved again
    keys = [_i(entities.group_key(m)) for m in mentions]
    order = entities.mention_order(mentions)
    touched_keys = {k for note in old_notes.values() for k, *_ in note.mentions} | set(keys)
    for article_id, note in old_notes.items():
        _count_in(led, article_id, note, -1)
    for m, key in zip(mentions, keys):
        _count_mentions(led, m["article_id"], ((key, m["type"], bool(m.get("fixed")), m["name"], m["text"], m.get("iso3")),), 1)
    found = entities.resolution(led.groups)
    old_members, new_members = _inverse(before_entity_of), _inverse(found.entity_of)
    entity_rows: dict[int, dict] = {}
    named = _Wikidata({row["name"]: row["wikidata"] for row in before_entities.values()}, wikidata)
    for entity in found.entities:
        entity_id = found.ids[entity.key]
        members = new_members[entity_id]
        if entity_id in before_entities and old_members.get(entity_id) == members and not members & touched_keys:
            entity_rows[entity_id] = before_entities[entity_id]
        else:
            entity_rows[entity_id] = entities.entity_row(entity, entity_id, named)
    led.entity_of, led.entities = found.entity_of, entity_rows
    moved_keys = {k for k, i in found.entity_of.items() if before_entity_of.get(k) != i}
    old, new = Decided.of(before_entity_of, before_entities), Decided.of(found.entity_of, entity_rows)
    recast = {i for i, row in entity_rows.items() if i in before_entities and
              (before_entities[i]["type"], before_entities[i]["name"]) != (row["type"], row["name"])}
    moved_articles = _articles_of(led.groups, moved_keys) - inserted
    countries_moved = {c for c, _ in set(old.country_entity.items()) ^ set(new.country_entity.items())}

    # the inserted articles' rows, under the new decisions
    mention_rows = [entities.mention_row(mentions[i], found.entity_of[keys[i]]) for i in order]
    entity_at = {(m["article_id"], m["field"], m["start"], m["end"]): m["entity_id"] for m in mention_rows}
    computed = events.computed(records.events, references, mention_rows, [keys[i] for i in order], found.entity_of,
                               records.country_mentions, list(entity_rows.values()))
    new_notes = notes(records.articles, records.authors, mentions, keys, order, records.quotes, computed.event_rows,
                      computed.parties, records.country_mentions)
    for article_id, note in new_notes.items():
        led.notes[article_id] = note
        _count_rest(led, article_id, note, 1)
    change = Change({}, {})
    change.corpus["entities"] = _sync(before_entities, entity_rows)
    for article_id in moved_articles:
        for place, (key, *_) in enumerate(led.notes[article_id].mentions):
            if key in moved_keys:
                change.mentions.append((article_id, place, found.entity_of[key]))

    _update_pairs(led, change, old_notes, new_notes, before_entity_of, moved_articles)
    _update_countries(led, change, old_notes, new_notes, known_countries)
    _update_quotes(led, change, old_notes, new_notes, before_entity_of, moved_articles, inserted)
    quote_rows = []
    for q in records.quotes:
        ref = q["speaker_ref"]
        quote_rows.append({
            **{k: q[k] for k in ("article_id", "field", "start", "end", "text", "speaker", "cue", "anonymous", "via", "sentence_id")},
            "cluster_id": led.quote_cluster_of[clusters.normalize(q["text"])],
            "speaker_entity_id": entity_at.get((q["article_id"], ref["field"], ref["start"], ref["end"])) if ref else None,
        })
    _update_events(led, change, old_notes, new_notes, old, new, moved_articles, recast, countries_moved, inserted)
    for row, signature in zip(computed.event_rows, computed.signatures):
        row["cluster_id"] = led.event_cluster_of[signature]

    # authors: an id that moved (two names sharing a digest) would move other articles' rows
    author_ids = identifiers.stable_ids(led.authors)
    if any(author_ids.get(name, i) != i for name, i in led.author_ids.items()):
        raise Unfollowable("an author's id moved")
    change.corpus["authors"] = ([{"id": author_ids[n], "name": n} for n in sorted(author_ids.keys() - led.author_ids.keys())],
                                [(led.author_ids[n],) for n in led.author_ids.keys() - author_ids.keys()])
    led.author_ids = author_ids
    change.corpus["ingest_errors"] = _sync({r["file"]: r for r in led.rejected}, {r["file"]: r for r in rejected})
    led.rejected = list(rejected)
    change.corpus["load_inputs"] = _sync({k: {"input": k, "sha256": v} for k, v in led.inputs.items()},
                                         {k: {"input": k, "sha256": v} for k, v in inputs.items()})
    led.inputs = dict(inputs)

    country_columns = ("article_id", "iso3", "field", "start", "end", "text", "via", "sentence_id")
    change.rows = {
        "articles": records.articles,
        "article_authors": [{"article_id": a, "author_id": author_ids[name], "position": n, "source": source}
                            for a, names in records.authors for n, (name, source) in enumerate(names)],
        "sentences": records.sentences,
        "boilerplate": records.boilerplate,
        "curation": curation_rows,
        "mentions": mention_rows,
        "country_mentions": [{k: m[k] for k in country_columns} for m in records.country_mentions],
        "quotes": quote_rows,
        "events": computed.event_rows,
        "event_entities": computed.participant_rows,
    }
    return change


def _update_pairs(led: Ledger, change: Change, old_notes: dict, new_notes: dict, before_entity_of: dict,
                  moved_articles: set[str]) -> None:
    """Co-mentions: each affected article's pairs counted out under the old decisions, in under the new."""
    pairs = dict(led.pairs)
    touched: set = set()

    def count(note: Note, entity_of: dict[str, int], n: int) -> None:
        for pair, sentences in entities.sentence_pairs([entity_of[k] for k in s] for s in note.sentences).items():
            now = pairs.get(pair, (0, 0))
            now = [now[0] + n * sentences, now[1] + n]
            if now[0]:
                pairs[pair] = now
            else:
                pairs.pop(pair, None)
            touched.add(pair)

    for note in old_notes.values():
        count(note, before_entity_of, -1)
    for article_id in moved_articles:
        count(led.notes[article_id], before_entity_of, -1)
        count(led.notes[article_id], led.entity_of, 1)
    for note in new_notes.values():
        count(note, led.entity_of, 1)
    written = [{"entity_a": p[0], "entity_b": p[1], "sentences": pairs[p][0], "sources": pairs[p][1]}
               for p in sorted(touched) if p in pairs and led.pairs.get(p) != pairs[p]]
    change.corpus["co_mentions"] = (written, [p for p in sorted(touched) if p in led.pairs and p not in pairs])
    led.pairs = pairs


def _update_countries(led: Ledger, change: Change, old_notes: dict, new_notes: dict, known_countries) -> None:
    touched = {c for note in [*old_notes.values(), *new_notes.values()] for c in note.countries}
    countries = dict(led.countries)
    for iso3 in touched:
        counts = led.country_articles.get(iso3)
        if not counts:
            countries.pop(iso3, None)
            continue
        counted = {"mention_count": sum(counts.values()), "article_count": len(counts)}
        if iso3 in countries:
            countries[iso3] = {**countries[iso3], **counted}
        else:
            c = known_countries()[iso3]
            countries[iso3] = {"iso3": iso3, "iso2": c.iso2, "name": c.name, "latitude": c.latitude, "longitude": c.longitude, **counted}
    change.corpus["countries"] = _sync(led.countries, countries, touched)
    led.countries = countries


def _update_quotes(led: Ledger, change: Change, old_notes: dict, new_notes: dict, before_entity_of: dict,
                   moved_articles: set[str], inserted: set[str]) -> None:
    """Quote clusters of the wordings a change touches, again; the rows of other articles' quotes whose cluster or
    speaker's entity moved.

    Clusters are the connected groups of wordings that match (clusters.quote_clusters()), and two wordings are
    compared only when they share SHINGLE words in a row: so only the clusters that held a wording no quote has
    any more, and those holding a wording that shares a run with a new one, can change. They are clustered again
    with the new wordings; every other cluster stays as it was.
    """
    touched = {w for note in [*old_notes.values(), *new_notes.values()] for w, _, _ in note.quotes}
    gone = {w for w in touched if w not in led.wordings}
    new = {w for w in touched if w in led.wordings and w not in led.quote_cluster_of}
    old_members = _inverse(led.quote_cluster_of)
    redo: set[str] = set()
    if gone or new:
        runs = set().union(*(_runs(w) for w in new))
        near = {w for w in led.wordings if w not in new and not runs.isdisjoint(_runs(w))} if runs else set()
        redo = {w for c in {led.quote_cluster_of[w] for w in gone | near} for w in old_members[c] if w in led.wordings} | new
    kept = {c: members for c, members in old_members.items() if not members & (redo | gone)}
    groups = [set(members) for members in kept.values()]
    ordered = sorted(redo)
    groups += [{ordered[i] for i in members} for members in clusters.quote_clusters([{"text": w} for w in ordered])]
    keys = [min(members) for members in groups]  # a cluster is named by its first wording in sorted order
    ids = identifiers.stable_ids(keys)
    cluster_of = {w: ids[key] for key, members in zip(keys, groups) for w in members}
    old_members, new_members = _inverse(led.quote_cluster_of), _inverse(cluster_of)
    rows: dict[int, dict] = {}
    for cluster_id, members in new_members.items():
        if cluster_id in led.quote_clusters and old_members.get(cluster_id) == members and not members & touched:
            rows[cluster_id] = led.quote_clusters[cluster_id]
            continue
        articles = sorted(_articles_of(led.wordings, members))
        texts = [text for a in articles for w, text, _ in led.notes[a].quotes if w in members]
        rows[cluster_id] = {"id": cluster_id, "text": max(texts, key=len), "quote_count": len(texts), "article_count": len(articles)}
    change.corpus["quote_clusters"] = _sync(led.quote_clusters, rows)
    moved = {w for w, i in cluster_of.items() if led.quote_cluster_of.get(w) != i}
    for article_id in sorted((_articles_of(led.wordings, moved) | moved_articles) - inserted):
        for place, (w, _, speaker) in enumerate(led.notes[article_id].quotes):
            now = (cluster_of[w], led.entity_of[speaker] if speaker else None)
            if now != (led.quote_cluster_of.get(w), before_entity_of.get(speaker) if speaker else None):
                change.quotes.append((article_id, place, *now))
    led.quote_cluster_of, led.quote_clusters = cluster_of, rows


def _runs(wording: str) -> set[tuple[str, ...]]:
    words = wording.split()
    return {tuple(words[k : k + clusters.SHINGLE]) for k in range(len(words) - clusters.SHINGLE + 1)}


def _update_events(led: Ledger, change: Change, old_notes: dict, new_notes: dict, old: Decided, new: Decided,
                   moved_articles: set[str], recast: set[int], countries_moved: set[str], inserted: set[str]) -> None:
    """Event clusters of the event types the change touches, again; other articles' events whose cluster,
    place or participants moved."""
    derived: dict[str, list] = {}

    def now(article_id: str) -> list:
        if article_id not in derived:
            derived[article_id] = [derive(e, new) for e in led.notes[article_id].events]
        return derived[article_id]

    touched: set[tuple] = set()  # signatures whose events came or went
    dirty: set[tuple] = set()  # signatures whose events' participants changed
    for article_id, note in old_notes.items():
        for e in note.events:
            signature = derive(e, old)[2]
            _counted(led.signatures, signature, article_id, -1)
            touched.add(signature)
    recast_keys = {k for k, i in new.entity_of.items() if i in recast} | {k for k, i in old.entity_of.items() if i in recast}
    looked_at = (moved_articles | _articles_of(led.groups, recast_keys) | _articles_of(led.country_articles, countries_moved)) - inserted
    was: dict[str, list] = {}
    for article_id in looked_at:
        was[article_id] = [derive(e, old) for e in led.notes[article_id].events]
        for (who_then, _, then), (who, _, signature) in zip(was[article_id], now(article_id)):
            if then != signature:
                _counted(led.signatures, then, article_id, -1)
                _counted(led.signatures, signature, article_id, 1)
                touched |= {then, signature}
            if who_then != who or set(who) & recast:
                dirty.add(signature)
    for article_id in new_notes:
        for _, _, signature in now(article_id):
            _counted(led.signatures, signature, article_id, 1)
            touched.add(signature)
    for signature in touched:  # where each first appears, in corpus order
        if signature not in led.signatures:
            led.first.pop(signature, None)
            continue
        article_id = min(led.signatures[signature])
        led.first[signature] = (article_id, next(n for n, d in enumerate(now(article_id)) if d[2] == signature))

    kinds = {s[0] for s in touched}
    keys: dict[tuple, str] = {}  # signature -> its cluster's key
    by_kind: dict[str, list[tuple]] = {}
    for signature in led.signatures:
        if signature[0] in kinds:
            by_kind.setdefault(signature[0], []).append(signature)
    for kind, found in by_kind.items():
        found.sort(key=led.first.__getitem__)
        for members in clusters.event_clusters([_comparable(s) for s in found]):
            key = identifiers.key_text(*found[members[0]])
            for i in members:
                keys[found[i]] = key
    for signature, cluster_id in led.event_cluster_of.items():
        if signature[0] not in kinds:
            keys[signature] = led.event_cluster_key[cluster_id]
    ids = identifiers.stable_ids(set(keys.values()))
    cluster_of = {signature: ids[key] for signature, key in keys.items()}
    old_members, new_members = _inverse(led.event_cluster_of), _inverse(cluster_of)

    rows: dict[int, dict] = {}
    for cluster_id, members in new_members.items():
        if cluster_id in led.event_clusters and old_members.get(cluster_id) == members and not members & (touched | dirty):
            rows[cluster_id] = led.event_clusters[cluster_id]
            continue
        chosen, taking = [], {}
        for article_id in sorted(_articles_of(led.signatures, members)):
            for n, (e, (who, _, signature)) in enumerate(zip(led.notes[article_id].events, now(article_id))):
                if signature in members:
                    taking[(article_id, n)] = who
                    chosen.append({"id": (article_id, n), "article_id": article_id, "type": e[0], "trigger": e[1],
                                   "date": e[2], "date_end": e[3], "date_precision": e[4]})
        rows[cluster_id] = events.cluster_summary(cluster_id, chosen, taking, new.entity_type, new.entity_name)
    change.corpus["event_clusters"] = _sync(led.event_clusters, rows)

    moved = {s for s, i in cluster_of.items() if led.event_cluster_of.get(s) != i}
    for article_id in sorted((_articles_of(led.signatures, moved) | looked_at) - inserted):
        then_all = was.get(article_id) or now(article_id)
        for n, ((who_then, place_then, then), (who, place, signature)) in enumerate(zip(then_all, now(article_id))):
            if (led.event_cluster_of.get(then), place_then) != (cluster_of[signature], place):
                change.events.append((article_id, n, cluster_of[signature], place))
            if sorted(who_then.items()) != sorted(who.items()):
                change.participants.append((article_id, n, sorted(who.items())))
    led.event_cluster_of, led.event_clusters = cluster_of, rows
    led.event_cluster_key = {ids[key]: key for key in set(keys.values())}
