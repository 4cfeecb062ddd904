"""Events: dates resolved, participants and their roles, clusters and whether sources agree.

Pure functions over the events of the whole corpus. An event's date words
were read per article; here they are resolved against the article's
publication date (which may come from the manifest), the entities of its
sentence become its participants, and the events different sources report
are grouped (scripts/load/clusters.py) and summarised: who, what, and
whether the sources that date it agree.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from ..extract import articles, dates
from . import clusters, identifiers

#: How an entity takes part in an event (event_entities.role).
ROLES = ("agent", "participant", "place")
#: What a date was resolved against (events.date_basis): nothing, the article's date, the collection's,
#: or the date the article gave before it ("the same day").
BASES = ("stated", "published", "reference_date", "previous")
#: Whether the sources that date one event agree (event_clusters.agreement).
AGREEMENTS = ("none", "one", "agree", "disagree")
#: Entity types that can be where an event happens.
PLACE_TYPES = ("place", "country", "organization")
#: A cluster's label names at most this many of the people and bodies taking part.
LABEL_NAMES = 3


def resolve_date(date_text: str | None, tense: str | None, reference: dt.date | None, basis: str | None) -> dict:
    """The event's date columns: date, date_end, date_precision and date_basis.

    `basis` says what `reference` is ("published" or "reference_date"); a
    date that needs no reference ("12 March 2026") has basis "stated".
    """
    return dict(_resolved_columns(date_text, tense, reference, basis))


@cache
def _resolved_columns(date_text: str | None, tense: str | None, reference: dt.date | None, basis: str | None) -> tuple:
    # Remembered: a corpus repeats its date words ("Thursday", "last year") against few reference dates.
    resolved = dates.resolve(date_text, reference, tense) if date_text else None
    return tuple(_columns(resolved, (basis if resolved.relative else "stated") if resolved else None).items())


def resolve_dates(events: list[dict], references: dict[str, tuple[dt.date | None, str | None]]) -> list[dict]:
    """The date columns of every event, in the order given.

    Each date resolves against its article's reference date; one that points
    back ("signed the same day", "later that year") against the date its
    article gave last before it, in reading order, with basis "previous".
    """
    fields = {name: n for n, name in enumerate(articles.FIELDS)}
    order = sorted(range(len(events)), key=lambda i: (
        events[i]["article_id"], fields[events[i]["field"]],
        events[i]["date_start"] if events[i].get("date_start") is not None else events[i]["start"]))
    columns: list[dict] = [{} for _ in events]  # each filled below, in reading order
    last: dict[str, dates.Resolved] = {}
    for i in order:
        e = events[i]
        back = dates.anaphoric(e["date_text"]) if e["date_text"] else None
        if back:
            found = dates.after(last[e["article_id"]], *back) if e["article_id"] in last else None
            columns[i] = _columns(found, "previous")
            continue
        columns[i] = resolve_date(e["date_text"], e["tense"], *references[e["article_id"]])
        if columns[i]["date"] and columns[i]["date_precision"] != dates.VAGUE:
            last[e["article_id"]] = dates.Resolved(columns[i]["date"], columns[i]["date_end"], columns[i]["date_precision"], True)
    return columns


def _columns(resolved: dates.Resolved | None, basis: str | None) -> dict:
    if resolved is None:
        return {"date": None, "date_end": None, "date_precision": None, "date_basis": None}
    return {"date": resolved.date, "date_end": resolved.date_end, "date_precision": resolved.precision,
            "date_basis": basis if resolved.date else None}


def role(start: int, end: int, event: dict) -> str:
    """How the words at start..end take part in the event: place, agent or participant."""
    for s, e in event["places"]:
        if s <= start and end <= e:
            return "place"
    for s, e in event["agents"]:
        if s <= start and end <= e:
            return "agent"
    return "participant"


def parties(event: dict, entities: Iterable[tuple[int, int, object]], nations: Iterable[tuple[int, int, str]]
            ) -> tuple[tuple[tuple[object, str], ...], tuple[tuple[str, str], ...]]:
    """Who and which countries are named in an event's sentence, in order, each with how it takes part.

    `entities` are (start, end, ref) and `nations` (start, end, iso3) in the
    event's field; a ref is an entity id or a resolution key. Returns
    ((ref, role), …) and ((iso3, role), …): what the event's article says,
    whatever the rest of the corpus decides about the refs.
    """
    lo, hi = event["sentence_start"], event["sentence_end"]
    named = tuple((ref, role(start, end, event)) for start, end, ref in entities if lo <= start and end <= hi)
    placed = tuple((iso3, role(start, end, event)) for start, end, iso3 in nations if lo <= start and end <= hi)
    return named, placed


class _Same(dict):
    def __missing__(self, key):
        return key


def taking_part(named: Iterable[tuple[object, str]], placed: Iterable[tuple[str, str]], entity_of: dict,
                country_entity: dict[str, int]) -> dict[int, str]:
    """Entity id -> role, from parties(): a ref's entity (through `entity_of`), then the countries that are entities."""
    found: dict[int, str] = {}
    for ref, r in named:
        found[entity_of[ref]] = r
    for iso3, r in placed:
        if iso3 in country_entity:
            found.setdefault(country_entity[iso3], r)
    return found


def participants(event: dict, entities: Iterable[tuple[int, int, int]], nations: Iterable[tuple[int, int, str]],
                 country_entity: dict[str, int]) -> tuple[dict[int, str], set[str]]:
    """Who takes part in an event, from the entities and countries named in its sentence.

    `entities` are (start, end, entity_id) and `nations` (start, end, iso3)
    in the event's field. Returns entity id -> role, and the countries named.
    """
    named, placed = parties(event, entities, nations)
    return taking_part(named, placed, _Same(), country_entity), {iso3 for iso3, _ in placed}


def agents(who: dict[int, str], entity_type: dict[int, str]) -> set[int]:
    """The people who do an event: what clustering compares besides its type, tense, dates and countries."""
    return {i for i, r in who.items() if r == "agent" and entity_type[i] == "person"}


def place(taking_part: dict[int, str], entity_type: dict[int, str]) -> int | None:
    """The entity where the event happens: the first taking part as a place that can be one."""
    return next((i for i, r in taking_part.items() if r == "place" and entity_type[i] in PLACE_TYPES), None)


def agreement(claims: set[tuple[str, str, str]], dated_articles: set[str]) -> str:
    """Whether the sources that date one event agree: none, one, agree or disagree.

    `claims` are the distinct (date, date_end, precision) the sources give;
    two claims agree when their periods overlap ("November" and "November 18").
    """
    if not claims:
        return "none"
    if len(claims) == 1 and len(dated_articles) == 1:
        return "one"
    overlap = all(a[1] >= b[0] and b[1] >= a[0] for a in claims for b in claims)
    return "agree" if overlap else "disagree"


def cluster_summary(cluster_id: int, members: list[dict], taking_part: dict[int, dict[int, str]],
                    entity_type: dict[int, str], entity_name: dict[int, str]) -> dict:
    """The event_clusters row of one group of event rows.

    The label is the type, the commonest trigger, and the people and bodies
    most often taking part (not places, not groups such as "Israelis").
    """
    claims = {(r["date"], r["date_end"], r["date_precision"]) for r in members if r["date"]}
    dated_articles = {r["article_id"] for r in members if r["date"]}
    who = Counter(  # counted in entity order, so that ties name the same entities every build
        entity_id for r in members for entity_id, r_role in sorted(taking_part.get(r["id"], {}).items())
        if r_role != "place" and entity_type[entity_id] != "group"
    )
    trigger = Counter(r["trigger"].casefold() for r in members).most_common(1)[0][0]
    names = ", ".join(entity_name[i] for i, _ in who.most_common(LABEL_NAMES))
    kind = members[0]["type"]
    return {
        "id": cluster_id,
        "type": kind,
        "label": f"{kind}: {trigger}" + (f" ({names})" if names else ""),
        "event_count": len(members),
        "article_count": len({r["article_id"] for r in members}),
        "dated_count": len(dated_articles),
        "dates": json.dumps([{"date": c[0], "date_end": c[1], "precision": c[2]} for c in sorted(claims)]),
        "agreement": agreement(claims, dated_articles),
    }


def _by_field(rows: Iterable[dict], *keys: str) -> dict[tuple[str, str], list[tuple]]:
    found: dict[tuple[str, str], list[tuple]] = {}
    where, values = itemgetter("article_id", "field"), itemgetter(*keys)
    for row in rows:
        found.setdefault(where(row), []).append(values(row))
    return found


class _Spans:
    """The (start, end, …) tuples of one field; those that can lie in a sentence, found by binary search when in order."""

    def __init__(self, items: list[tuple]):
        self.items = items
        self.starts = [item[0] for item in items]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))

    def within(self, lo: int, hi: int) -> list[tuple]:
        """The items starting in lo..hi, in their order (all items when they are not in order of start)."""
        if not self.ordered:
            return self.items
        return self.items[bisect.bisect_left(self.starts, lo) : bisect.bisect_right(self.starts, hi)]


@dataclass
class Computed:
    """The events of a corpus: their rows, and per event what its article says of who takes part (parties())."""

    cluster_rows: list[dict]
    event_rows: list[dict]
    participant_rows: list[dict]
    parties: list[tuple[tuple, tuple]]  # per event: ((ref, role), …), ((iso3, role), …)
    signatures: list[tuple]  # per event: clusters.signature()


def rows(events: list[dict], references: dict[str, tuple[dt.date | None, str | None]], mention_rows: list[dict],
         country_mentions: list[dict], entity_rows: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """Event cluster rows, event rows and event_entities rows for every event of the corpus."""
    found = computed(events, references, mention_rows, [m["entity_id"] for m in mention_rows], _Same(), country_mentions, entity_rows)
    return found.cluster_rows, found.event_rows, found.participant_rows


def computed(events: list[dict], references: dict[str, tuple[dt.date | None, str | None]], mention_rows: list[dict],
             refs: list, entity_of: dict, country_mentions: list[dict], entity_rows: list[dict]) -> Computed:
    """Every event's rows; `refs` name each mention row's referent (its entity id or resolution key), `entity_of` its entity."""
    country_entity = {row["iso3"]: row["id"] for row in entity_rows if row["iso3"]}
    entity_type = {row["id"]: row["type"] for row in entity_rows}
    entity_name = {row["id"]: row["name"] for row in entity_rows}
    entities_at = {key: _Spans(items) for key, items in _by_field(
        ({**m, "ref": ref} for m, ref in zip(mention_rows, refs)), "start", "end", "ref").items()}
    nations_at = {key: _Spans(items) for key, items in _by_field(country_mentions, "start", "end", "iso3").items()}
    nowhere = _Spans([])

    event_rows, taking, comparable, said = [], {}, [], []
    when = resolve_dates(events, references)
    for event_id, e in enumerate(events, start=1):
        key = (e["article_id"], e["field"])
        lo, hi = e["sentence_start"], e["sentence_end"]
        named, placed = parties(e, entities_at.get(key, nowhere).within(lo, hi), nations_at.get(key, nowhere).within(lo, hi))
        who = taking_part(named, placed, entity_of, country_entity)
        row = event_row(event_id, e, when[event_id - 1], place(who, entity_type))
        event_rows.append(row)
        taking[event_id] = who
        said.append((named, placed))
        comparable.append({**row, "countries": {iso3 for iso3, _ in placed}, "agents": agents(who, entity_type)})

    cluster_rows = []
    groups = clusters.event_clusters(comparable)
    # A cluster is named by the event that founds it (its first member, whose signature no other cluster has).
    keys = [identifiers.key_text(*clusters.signature(comparable[members[0]])) for members in groups]
    ids = identifiers.stable_ids(keys)
    for key, members in zip(keys, groups):
        cluster_id = ids[key]
        chosen = [event_rows[i] for i in members]
        cluster_rows.append(cluster_summary(cluster_id, chosen, taking, entity_type, entity_name))
        for r in chosen:
            r["cluster_id"] = cluster_id
    participant_rows = [
        {"event_id": event_id, "entity_id": i, "role": r} for event_id, who in taking.items() for i, r in sorted(who.items())
    ]
    return Computed(cluster_rows, event_rows, participant_rows, said, [clusters.signature(c) for c in comparable])


def event_row(event_id: int, e: dict, when: dict, place_entity_id: int | None) -> dict:
    """The events row of one extracted event, its date resolved (resolve_dates()) and its place known; cluster_id comes later."""
    return {
        "id": event_id,
        **{k: e[k] for k in ("article_id", "type", "trigger", "field", "start", "end", "tense", "date_text", "sentence_id")},
        "date_text_start": e["date_start"],
        "date_text_end": e["date_end"],
        "place_entity_id": place_entity_id,
        **when,
    }
