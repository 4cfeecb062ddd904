"""Load: assemble the SQLite database from the per-article extraction files.

    python -m scripts.load build/collection.json --manifest seeds/manifest.yml --out build/news.db

The only writer of the database. It builds a new file beside the old one and
renames it into place at the end, so a failed or interrupted load leaves the
previous database untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import sqlite_utils

from . import clusters
from . import countries as countries_module
from . import dates
from . import manifest as manifest_module
from . import organizations
from . import resolve

SCHEMA = Path(__file__).parent / "schema.sql"
#: Article fields whose value may come from the text or the manifest, in that order.
CURATED_FIELDS = ("publisher", "url", "published")


class LoadError(RuntimeError):
    pass


def read_extraction(index_dir: Path, entry: dict) -> dict:
    """Read one article's JSON, refusing a file that is not the one the index recorded."""
    path = index_dir / entry["json"]
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"{path}: cannot be read ({error.strerror}); run `make` to extract it again") from None
    if hashlib.sha256(data).hexdigest() != entry["json_sha256"]:
        raise LoadError(f"{path}: changed or damaged since extraction; run `make` to extract it again")
    return json.loads(data)


def article_row(record: dict, curated: dict[str, manifest_module.Value]) -> tuple[dict, list[str]]:
    """The articles row for one extraction, with manifest values filling what the text does not state.

    Returns the row and warnings about conflicts between text and manifest.
    """
    fields = record["article"]
    row = {
        "id": record["id"],
        "file": record["file"],
        "title": fields["title"],
        "subtitle": fields["subtitle"],
        "caption": fields["caption"],
        "publisher": None,
        "publisher_source": None,
        "url": fields["url"],
        "url_source": "text" if fields["url"] else None,
        "published": fields["published"],
        "published_source": "text" if fields["published"] else None,
        "published_text": fields["published_text"],
        "body": fields["body"],
        "word_count": fields["word_count"],
        "sha256": record["sha256"],
    }
    warnings = []
    for name in CURATED_FIELDS:
        value = curated.get(name)
        if value is None:
            continue
        if row[name] is None:
            row[name], row[f"{name}_source"] = value.value, "manifest"
        elif row[name] != value.value:
            warnings.append(f"{record['file']}: the text states {name} {row[name]!r}; the manifest's {value.value!r} is not used")
    return row, warnings


def build(index_path: Path, manifest_path: Path, out: Path) -> dict[str, int]:
    """Write the database to `out`; return row counts per table."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    curation = manifest_module.read(manifest_path)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    for stale in out.parent.glob(f".{out.name}.*.tmp"):  # left by a load that was killed; Make runs one load at a time
        stale.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        # A temporary file that only replaces the database once complete: no
        # journal, no sync per transaction; one fsync before the rename.
        db.conn.execute("PRAGMA journal_mode = OFF")
        db.conn.execute("PRAGMA synchronous = OFF")
        db.conn.executescript(SCHEMA.read_text(encoding="utf-8"))
        _fill(db, index, index_path.parent / "articles", curation, manifest_path)
        db["articles"].enable_fts(["title", "subtitle", "caption", "body"], tokenize="porter", create_triggers=True, replace=True)
        db["quotes"].enable_fts(["text", "speaker"], tokenize="porter", create_triggers=True, replace=True)
        problems = list(db.conn.execute("PRAGMA foreign_key_check"))
        if problems:
            raise LoadError(f"foreign key violations: {problems[:5]}")
        db.analyze()
        db.vacuum()
        counts = {name: db[name].count for name in db.table_names() if not name.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")) and not name.startswith("sqlite_")}
        db.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def _fill(db: sqlite_utils.Database, index: dict, json_dir: Path, curation: manifest_module.Manifest, manifest_path: Path) -> None:
    article_ids = {entry["id"] for entry in index["articles"]}
    for article_id in sorted(set(curation.articles) - article_ids):
        print(f"{manifest_path}: articles.{article_id}: no such article in the seeds folder; ignored", file=sys.stderr)

    articles, sentences, removed, mentions, country_mentions, quotes, events = [], [], [], [], [], [], []
    sentence_ids: dict[tuple[str, str, int], int] = {}
    for entry in index["articles"]:
        record = read_extraction(json_dir, entry)
        article_id = record["id"]
        row, warnings = article_row(record, curation.article(article_id))
        for warning in warnings:
            print(warning, file=sys.stderr)
        articles.append(row)
        for sentence in record["sentences"]:
            sentence_id = len(sentences) + 1
            sentence_ids[(article_id, sentence["field"], sentence["position"])] = sentence_id
            sentences.append({"id": sentence_id, "article_id": article_id, **sentence})
        for item in record["boilerplate"]:
            removed.append({"article_id": article_id, **item})
        for m in record["mentions"]:
            mentions.append({**m, "article_id": article_id, "sentence_id": sentence_ids[(article_id, m["field"], m["sentence"])]})
        for m in record["country_mentions"]:
            country_mentions.append({**m, "article_id": article_id, "sentence_id": sentence_ids[(article_id, m["field"], m["sentence"])]})
        for q in record["quotes"]:
            quotes.append({**q, "article_id": article_id, "sentence_id": sentence_ids[(article_id, q["field"], q["sentence"])]})
        for e in record["events"]:
            events.append({**e, "article_id": article_id, "sentence_id": sentence_ids[(article_id, e["field"], e["sentence"])]})

    gazetteer = countries_module.gazetteer()
    # A country named (not a demonym) is also an entity, mentioned where it is named.
    for m in country_mentions:
        if m["via"] != countries_module.DEMONYM:
            mentions.append({**m, "name": gazetteer.countries[m["iso3"]].name, "type": "country", "fixed": True, "label": None, "role": None})
    entity_rows, mention_rows = _entities(mentions)
    country_rows = _countries(country_mentions, gazetteer)
    entity_at = {(m["article_id"], m["field"], m["start"], m["end"]): m["entity_id"] for m in mention_rows}
    cluster_rows, quote_rows = _quotes(quotes, entity_at)
    references = {row["id"]: _reference(row, curation) for row in articles}
    event_cluster_rows, event_rows, participant_rows = _events(events, references, mention_rows, country_mentions, entity_rows)

    db["articles"].insert_all(articles, batch_size=1000)
    db["sentences"].insert_all(sentences, batch_size=1000)
    db["boilerplate"].insert_all(removed, batch_size=1000)
    db["countries"].insert_all(country_rows, batch_size=1000)
    db["entities"].insert_all(entity_rows, batch_size=1000)
    db["mentions"].insert_all(mention_rows, batch_size=1000)
    db["country_mentions"].insert_all(
        {key: m[key] for key in ("article_id", "iso3", "field", "start", "end", "text", "via", "sentence_id")}
        for m in country_mentions
    )
    db["quote_clusters"].insert_all(cluster_rows, batch_size=1000)
    db["quotes"].insert_all(quote_rows, batch_size=1000)
    db["event_clusters"].insert_all(event_cluster_rows, batch_size=1000)
    db["events"].insert_all(event_rows, batch_size=1000)
    db["event_entities"].insert_all(participant_rows, batch_size=1000)
    db["co_mentions"].insert_all(_co_mentions(mention_rows), batch_size=1000)
    db["ingest_errors"].insert_all(index["rejected"])
    curated = [
        {"article_id": None, "field": name, "value": value.value, "source": value.source}
        for name, value in sorted(curation.collection.items())
    ]
    for article_id in sorted(set(curation.articles) & article_ids):
        for name, value in sorted(curation.articles[article_id].items()):
            curated.append({"article_id": article_id, "field": name, "value": value.value, "source": value.source})
    db["curation"].insert_all(curated, batch_size=1000)


def _entities(mentions: list[dict]) -> tuple[list[dict], list[dict]]:
    """Entity rows and mention rows, from every mention of the corpus."""
    known = {item.name: item for item in organizations.known_names().values()}
    entity_rows, mention_rows = [], []
    for entity_id, entity in enumerate(resolve.resolve(mentions), start=1):
        name = entity.name
        entity_rows.append(
            {
                "id": entity_id,
                "name": name,
                "type": entity.type,
                "iso3": entity.iso3,
                "wikidata": known[name].wikidata if name in known else None,
                "aliases": json.dumps(entity.aliases, ensure_ascii=False),
                "mention_count": len(entity.mentions),
                "article_count": len({m["article_id"] for m in entity.mentions}),
            }
        )
        for m in entity.mentions:
            mention_rows.append(
                {
                    "entity_id": entity_id,
                    "article_id": m["article_id"],
                    "field": m["field"],
                    "start": m["start"],
                    "end": m["end"],
                    "text": m["text"],
                    "role": m.get("role"),
                    "label": m.get("label"),
                    "sentence_id": m["sentence_id"],
                }
            )
    mention_rows.sort(key=lambda r: (r["article_id"], r["field"], r["start"]))
    return entity_rows, mention_rows


def _quotes(quotes: list[dict], entity_at: dict) -> tuple[list[dict], list[dict]]:
    """Quote cluster rows and quote rows, speakers linked to their entities."""
    cluster_rows, quote_rows = [], []
    cluster_of: dict[int, int] = {}
    for cluster_id, members in enumerate(clusters.quote_clusters(quotes), start=1):
        texts = [quotes[i]["text"] for i in members]
        cluster_rows.append(
            {
                "id": cluster_id,
                "text": max(texts, key=len),
                "quote_count": len(members),
                "article_count": len({quotes[i]["article_id"] for i in members}),
            }
        )
        for i in members:
            cluster_of[i] = cluster_id
    for i, q in enumerate(quotes):
        ref = q["speaker_ref"]
        quote_rows.append(
            {
                "article_id": q["article_id"],
                "cluster_id": cluster_of[i],
                "field": q["field"],
                "start": q["start"],
                "end": q["end"],
                "text": q["text"],
                "speaker": q["speaker"],
                "speaker_entity_id": entity_at.get((q["article_id"], ref["field"], ref["start"], ref["end"])) if ref else None,
                "cue": q["cue"],
                "anonymous": q["anonymous"],
                "via": q["via"],
                "sentence_id": q["sentence_id"],
            }
        )
    return cluster_rows, quote_rows


def _reference(article: dict, curation: manifest_module.Manifest) -> tuple[dt.date | None, str | None]:
    """The date an article's relative dates resolve against, and what it is."""
    if article["published"]:
        return dt.date.fromisoformat(article["published"]), "published"
    collection = curation.collection.get("reference_date")
    if collection:
        return dt.date.fromisoformat(collection.value), "reference_date"
    return None, None


def _events(events, references, mention_rows, country_mentions, entity_rows):
    """Event cluster rows, event rows and participant rows, dates resolved."""
    country_entity = {row["iso3"]: row["id"] for row in entity_rows if row["iso3"]}
    entity_type = {row["id"]: row["type"] for row in entity_rows}
    entity_name = {row["id"]: row["name"] for row in entity_rows}
    by_place: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for m in mention_rows:
        by_place.setdefault((m["article_id"], m["field"]), []).append((m["start"], m["end"], m["entity_id"]))
    nations: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for m in country_mentions:
        nations.setdefault((m["article_id"], m["field"]), []).append((m["start"], m["end"], m["iso3"]))

    rows, participants = [], []
    for event_id, e in enumerate(events, start=1):
        reference, basis = references[e["article_id"]]
        resolved = dates.resolve(e["date_text"], reference, e["tense"]) if e["date_text"] else None
        date_basis = None
        if resolved and resolved.date:
            date_basis = basis if resolved.relative else "stated"
        key = (e["article_id"], e["field"])
        lo, hi = e["sentence_start"], e["sentence_end"]
        taking_part: dict[int, str] = {}
        for start, end, entity_id in by_place.get(key, []):
            if lo <= start and end <= hi:
                taking_part[entity_id] = _role(start, end, e)
        agents = {i for i, role in taking_part.items() if role == "agent" and entity_type[i] == "person"}
        countries = set()
        for start, end, iso3 in nations.get(key, []):
            if lo <= start and end <= hi:
                countries.add(iso3)
                if iso3 in country_entity:
                    taking_part.setdefault(country_entity[iso3], _role(start, end, e))
        place = next((i for i, role in taking_part.items() if role == "place" and entity_type[i] in ("place", "country", "organization")), None)
        rows.append(
            {
                "id": event_id,
                "article_id": e["article_id"],
                "type": e["type"],
                "trigger": e["trigger"],
                "field": e["field"],
                "start": e["start"],
                "end": e["end"],
                "tense": e["tense"],
                "place_entity_id": place,
                "date_text": e["date_text"],
                "date": resolved.date if resolved else None,
                "date_end": resolved.date_end if resolved else None,
                "date_precision": resolved.precision if resolved else None,
                "date_basis": date_basis,
                "sentence_id": e["sentence_id"],
                "_countries": countries,
                "_agents": agents,
            }
        )
        participants.extend({"event_id": event_id, "entity_id": i, "role": role} for i, role in sorted(taking_part.items()))

    comparable = [{**row, "countries": row["_countries"], "agents": row["_agents"]} for row in rows]
    by_event: dict[int, list[dict]] = {}
    for p in participants:
        by_event.setdefault(p["event_id"], []).append(p)
    cluster_rows = []
    for cluster_id, members in enumerate(clusters.event_clusters(comparable), start=1):
        chosen = [rows[i] for i in members]
        claims = sorted({(r["date"], r["date_end"], r["date_precision"]) for r in chosen if r["date"]})
        dated_articles = {r["article_id"] for r in chosen if r["date"]}
        agreement = "none" if not claims else "one" if len(claims) == 1 and len(dated_articles) == 1 else (
            "agree" if all(a[1] >= b[0] and b[1] >= a[0] for a in claims for b in claims) else "disagree"
        )
        who = Counter(
            p["entity_id"] for r in chosen for p in by_event.get(r["id"], [])
            if p["role"] != "place" and entity_type[p["entity_id"]] != "group"
        )
        triggers = Counter(r["trigger"].casefold() for r in chosen)
        names = ", ".join(entity_name[i] for i, _ in who.most_common(3))
        cluster_rows.append(
            {
                "id": cluster_id,
                "type": chosen[0]["type"],
                "label": f"{chosen[0]['type']}: {triggers.most_common(1)[0][0]}" + (f" ({names})" if names else ""),
                "event_count": len(chosen),
                "article_count": len({r["article_id"] for r in chosen}),
                "dated_count": len(dated_articles),
                "dates": json.dumps([{"date": c[0], "date_end": c[1], "precision": c[2]} for c in claims]),
                "agreement": agreement,
            }
        )
        for r in chosen:
            r["cluster_id"] = cluster_id
    for row in rows:
        del row["_countries"], row["_agents"]
    return cluster_rows, rows, participants


def _co_mentions(mention_rows: list[dict]) -> list[dict]:
    """Pairs of entities named in one sentence, with how many sentences and articles do so."""
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


def _role(start: int, end: int, event: dict) -> str:
    if any(s <= start and end <= e for s, e in event["places"]):
        return "place"
    if any(s <= start and end <= e for s, e in event["agents"]):
        return "agent"
    return "participant"


def _countries(country_mentions: list[dict], gazetteer) -> list[dict]:
    by_country: dict[str, list[dict]] = {}
    for m in country_mentions:
        by_country.setdefault(m["iso3"], []).append(m)
    rows = []
    for iso3, found in sorted(by_country.items()):
        country = gazetteer.countries[iso3]
        rows.append(
            {
                "iso3": iso3,
                "iso2": country.iso2,
                "name": country.name,
                "latitude": country.latitude,
                "longitude": country.longitude,
                "mention_count": len(found),
                "article_count": len({m["article_id"] for m in found}),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path, help="the collection index written by scripts.extract")
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        counts = build(args.index, args.manifest, args.out)
    except (LoadError, manifest_module.ManifestError) as error:
        print(f"load: {error}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"load: {args.out}: {summary}, {time.monotonic() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
