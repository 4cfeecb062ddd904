"""Load: assemble the SQLite database from the per-article extraction files.

    python -m scripts.load build/collection.json --manifest seeds/manifest.yml --out build/news.db

The only writer of the database. It builds a new file beside the old one and
renames it into place at the end, so a failed or interrupted load leaves the
previous database untouched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import sqlite_utils

from . import countries as countries_module
from . import manifest as manifest_module
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
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        db.conn.executescript(SCHEMA.read_text(encoding="utf-8"))
        _fill(db, index, index_path.parent / "articles", curation, manifest_path)
        db["articles"].enable_fts(["title", "subtitle", "caption", "body"], tokenize="porter", create_triggers=True, replace=True)
        problems = list(db.conn.execute("PRAGMA foreign_key_check"))
        if problems:
            raise LoadError(f"foreign key violations: {problems[:5]}")
        db.analyze()
        db.vacuum()
        counts = {name: db[name].count for name in db.table_names() if not name.startswith(("articles_fts", "sqlite_"))}
        db.close()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def _fill(db: sqlite_utils.Database, index: dict, json_dir: Path, curation: manifest_module.Manifest, manifest_path: Path) -> None:
    article_ids = {entry["id"] for entry in index["articles"]}
    for article_id in sorted(set(curation.articles) - article_ids):
        print(f"{manifest_path}: articles.{article_id}: no such article in the seeds folder; ignored", file=sys.stderr)

    articles, sentences, removed, mentions, country_mentions = [], [], [], [], []
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

    gazetteer = countries_module.gazetteer()
    # A country named (not a demonym) is also an entity, mentioned where it is named.
    for m in country_mentions:
        if m["via"] != countries_module.DEMONYM:
            mentions.append({**m, "name": gazetteer.countries[m["iso3"]].name, "type": "country", "fixed": True, "label": None, "role": None})
    entity_rows, mention_rows = _entities(mentions)
    country_rows = _countries(country_mentions, gazetteer)

    db["articles"].insert_all(articles)
    db["sentences"].insert_all(sentences)
    db["boilerplate"].insert_all(removed)
    db["countries"].insert_all(country_rows)
    db["entities"].insert_all(entity_rows)
    db["mentions"].insert_all(mention_rows)
    db["country_mentions"].insert_all(
        {key: m[key] for key in ("article_id", "iso3", "field", "start", "end", "text", "via", "sentence_id")}
        for m in country_mentions
    )
    db["ingest_errors"].insert_all(index["rejected"])
    curated = [
        {"article_id": None, "field": name, "value": value.value, "source": value.source}
        for name, value in sorted(curation.collection.items())
    ]
    for article_id in sorted(set(curation.articles) & article_ids):
        for name, value in sorted(curation.articles[article_id].items()):
            curated.append({"article_id": article_id, "field": name, "value": value.value, "source": value.source})
    db["curation"].insert_all(curated)


def _entities(mentions: list[dict]) -> tuple[list[dict], list[dict]]:
    """Entity rows and mention rows, from every mention of the corpus."""
    known = {item.name: item for item in _known_entities()}
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


def _known_entities():
    from .entities import knowledge

    return set(knowledge().known.values())


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
