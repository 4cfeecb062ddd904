"""Database: assemble the SQLite database from the per-article extraction files.

    python -m scripts.load build/collection.json --manifest seeds/manifest.yml --out build/news.db

The only writer of the database. It reads the records, calls the corpus-wide
functions of this package, and writes their rows: all of them into a new
file (a full build), or, when the database says it was built from the same
code and manifest and only a few articles changed, only the rows that differ
into a copy of it (an incremental load, scripts/load/delta.py; it reads only
the changed articles' files and the ledger the previous load wrote beside the
database, scripts/load/ledger.py). Either way
the new file is written beside the old one and renamed into place at the
end, so a failed or interrupted load leaves the previous database untouched
and a reader never sees half a change. Which of the two it did, and why, is
said on stderr; --full asks for a full build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..extract import articles as article_fields
from ..extract import countries as country_names
from ..extract import organizations, vocabulary
from . import articles, countries, delta, entities, events, ledger, manifest, quotes

SCHEMA = Path(__file__).parent / "schema.sql"
#: SQL files that compute tables from the loaded rows (summaries), run in this order after every load,
#: full or incremental, in its transaction: each must rebuild its tables whole (delete, then insert).
#: Fills the summary tables the canned queries read (scripts/load/summaries.sql); re-runnable on a built database.
SUMMARIES = Path(__file__).parent / "summaries.sql"
DERIVED: tuple[Path, ...] = (SUMMARIES,)
BATCH = 1000
#: Every table the load writes, in the order it fills them (foreign keys first) and reports their counts.
TABLES = ("entity_types", "event_types", "articles", "authors", "article_authors", "sentences", "boilerplate", "countries",
          "entities", "mentions", "country_mentions", "quote_clusters", "quotes", "event_clusters", "events", "event_entities",
          "co_mentions", "ingest_errors", "curation", "load_inputs")


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


@dataclass
class Records:
    """The per-article rows of every extraction, each tied to its article and sentence."""

    articles: list[dict] = field(default_factory=list)
    authors: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # (article id, [(name, source)])
    sentences: list[dict] = field(default_factory=list)
    boilerplate: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    country_mentions: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    def add(self, record: dict, article: dict) -> None:
        article_id = record["id"]
        self.articles.append(article)
        self.authors.append((article_id, articles.authors(record, article)))
        sentence_ids: dict[tuple[str, int], int] = {}
        for sentence in record["sentences"]:
            sentence_id = len(self.sentences) + 1
            sentence_ids[(sentence["field"], sentence["position"])] = sentence_id
            self.sentences.append({"id": sentence_id, "article_id": article_id, **sentence})
        self.boilerplate.extend({"article_id": article_id, **item} for item in record["boilerplate"])
        for kind in ("mentions", "country_mentions", "quotes", "events"):
            getattr(self, kind).extend(
                {**item, "article_id": article_id, "sentence_id": sentence_ids[(item["field"], item["sentence"])]}
                for item in record[kind]
            )


def read_records(index: dict, json_dir: Path, curation: manifest.Manifest) -> Records:
    """Every extraction the index lists, with its articles row (warnings about the manifest on stderr)."""
    records = Records()
    for entry in index["articles"]:
        record = read_extraction(json_dir, entry)
        row, warnings = articles.article_row(record, curation.article(record["id"]))
        for warning in warnings:
            print(warning, file=sys.stderr)
        records.add(record, row)
    return records


def read_some(index: dict, json_dir: Path, curation: manifest.Manifest, wanted: set[str]) -> Records:
    """The records of the articles in `wanted` only, in the index's order."""
    return read_records({**index, "articles": [e for e in index["articles"] if e["id"] in wanted]}, json_dir, curation)


def mentions_of(records: Records, publishers: set[str], country_name=None) -> list[dict]:
    """The mentions entity resolution reads: the extraction's, a publisher's typed as one, and every country named.

    `country_name(iso3)` gives a country's name (default: from the gazetteer's data).
    """
    named = [m for m in records.country_mentions if m["via"] != country_names.DEMONYM]
    country_name = country_name or (lambda iso3: country_names.countries()[iso3].name)
    # A country named (not a demonym) is also an entity, mentioned where it is named.
    named_countries = [{**m, "name": country_name(m["iso3"]), "type": "country", "fixed": True, "label": None, "role": None} for m in named]
    return entities.publishers_are_organizations(records.mentions, publishers) + named_countries


def wikidata() -> dict[str, str | None]:
    return {item.name: item.wikidata for item in organizations.known_names().values()}


def tables(records: Records, index: dict, curation: manifest.Manifest, inputs: dict[str, str] | None = None
           ) -> tuple[dict[str, list[dict]], ledger.Ledger]:
    """Every table's rows, in an order that satisfies the foreign keys, and the ledger of the database they make."""
    known = country_names.countries()
    publishers = {row["publisher"] for row in records.articles if row["publisher"]}
    mentions = mentions_of(records, publishers)
    counted, keys = entities.groups(mentions)
    found = entities.resolution(counted)
    names = wikidata()
    entity_rows = [entities.entity_row(entity, found.ids[entity.key], names) for entity in found.entities]
    order = entities.mention_order(mentions)
    mention_rows = [entities.mention_row(mentions[i], found.entity_of[keys[i]]) for i in order]
    entity_at = {(m["article_id"], m["field"], m["start"], m["end"]): m["entity_id"] for m in mention_rows}
    quote_cluster_rows, quote_rows = quotes.rows(records.quotes, entity_at)
    references = {row["id"]: articles.reference(row, curation) for row in records.articles}
    computed = events.computed(records.events, references, mention_rows, [keys[i] for i in order], found.entity_of,
                               records.country_mentions, entity_rows)
    country_columns = ("article_id", "iso3", "field", "start", "end", "text", "via", "sentence_id")
    author_rows, article_author_rows = articles.author_rows(records.authors)
    rows = {
        "entity_types": [{"name": k, "description": v} for k, v in vocabulary.entity_types().items()],
        "event_types": [{"name": k, "description": v} for k, v in vocabulary.event_types().items()],
        "articles": records.articles,
        "authors": author_rows,
        "article_authors": article_author_rows,
        "sentences": records.sentences,
        "boilerplate": records.boilerplate,
        "countries": countries.rows(records.country_mentions, known),
        "entities": entity_rows,
        "mentions": mention_rows,
        "country_mentions": [{k: m[k] for k in country_columns} for m in records.country_mentions],
        "quote_clusters": quote_cluster_rows,
        "quotes": quote_rows,
        "event_clusters": computed.cluster_rows,
        "events": computed.event_rows,
        "event_entities": computed.participant_rows,
        "co_mentions": entities.co_mentions(mention_rows),
        "ingest_errors": index["rejected"],
        "curation": articles.curation_rows(curation, {row["id"] for row in records.articles}),
    }
    note_of = ledger.notes(records.articles, records.authors, mentions, keys, order, records.quotes, computed.event_rows,
                           computed.parties, records.country_mentions)
    return rows, ledger.from_full(inputs or {}, note_of, rows, counted, found.entity_of, computed.signatures)


def summary_tables() -> list[str]:
    """The tables summaries.sql fills, in its order."""
    return list(dict.fromkeys(re.findall(r"^INSERT INTO (\w+)", SUMMARIES.read_text(encoding="utf-8"), re.M)))


def build(index_path: Path, manifest_path: Path, out: Path, full: bool = False) -> dict[str, int]:
    """Bring the database at `out` up to date, incrementally when it can; return row counts per table."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    curation = manifest.read(manifest_path)
    for article_id in sorted(set(curation.articles) - {entry["id"] for entry in index["articles"]}):
        print(f"{manifest_path}: articles.{article_id}: no such article in the seeds folder; ignored", file=sys.stderr)
    wanted = delta.inputs(index, manifest_path)
    plan = delta.plan(out, wanted, full)
    json_dir = index_path.parent / "articles"
    if not plan.full:
        kept = ledger.read(out, plan.built)
        try:
            if kept is None:
                raise ledger.Unfollowable("no ledger of this database")
            records = read_some(index, json_dir, curation, plan.inserted)
            writes = plan
            publishers = {n.publisher for a, n in kept.notes.items() if n.publisher and a not in plan.replaced} | {
                r["publisher"] for r in records.articles if r["publisher"]}
            if publishers != kept.publishers:  # other articles' mentions of a publisher that came or went are typed anew
                retyped = ledger.naming(kept, entities.publisher_names(publishers) ^ entities.publisher_names(kept.publishers))
                writes = delta.Plan(changed=plan.changed | (retyped - plan.replaced), added=plan.added, removed=plan.removed)
                records = read_some(index, json_dir, curation, writes.inserted)
            change = ledger.update(
                kept, writes.replaced, writes.inserted, records,
                {row["id"]: articles.reference(row, curation) for row in records.articles},
                mentions_of(records, publishers, kept.country_name), publishers, wanted, index["rejected"],
                [r for r in articles.curation_rows(curation, writes.inserted) if r["article_id"] in writes.inserted],
                country_names.countries, _once(wikidata))
            counts, written = _replace(out, lambda tmp: write_change(change, writes, out, tmp))
            ledger.write(out, kept)
            print(f"load: {out}: {plan.summary()}: wrote {delta.report(written)}", file=sys.stderr)
            return counts
        except (sqlite3.DatabaseError, delta.Mismatch, LoadError) as error:  # damaged, or not what it says it holds
            plan = delta.Plan(f"{out} could not be updated: {error}")
        except ledger.Unfollowable as error:
            print(f"load: {out}: every table computed from the extraction files ({error})", file=sys.stderr)
    rows, made = tables(read_records(index, json_dir, curation), index, curation, wanted)
    rows["load_inputs"] = [{"input": name, "sha256": digest} for name, digest in sorted(wanted.items())]
    ledger.remove(out)  # the database is about to change: its ledger goes first, the new one comes after it
    if not plan.full:
        try:
            counts, written = _replace(out, lambda tmp: write_delta(rows, plan, out, tmp))
            ledger.write(out, made)
            print(f"load: {out}: {plan.summary()}: wrote {delta.report(written)}", file=sys.stderr)
            return counts
        except (sqlite3.DatabaseError, delta.Mismatch, LoadError) as error:  # damaged, or not what it says it holds
            plan = delta.Plan(f"{out} could not be updated: {error}")
    print(f"load: {out}: {plan.summary()}", file=sys.stderr)
    counts, _ = _replace(out, lambda tmp: write_full(rows, tmp))
    ledger.write(out, made)
    return counts


def _once(function):
    found = []

    def call():
        if not found:
            found.append(function())
        return found[0]
    return call


def _replace(out: Path, write) -> tuple[dict[str, int], dict[str, int]]:
    """Run write(tmp) on a temporary file beside `out`, then rename it into place (after an fsync)."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    for stale in out.parent.glob(f".{out.name}.*.tmp"):  # left by a load that was killed; Make runs one load at a time
        stale.unlink(missing_ok=True)
    try:
        result = write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return result


def _fast(conn: sqlite3.Connection) -> None:
    # A temporary file that only replaces the database once complete: no
    # journal, no sync per transaction; one fsync before the rename.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")


def statements(sql: str) -> list[str]:
    """The statements of an SQL script, each complete (SQLite's own test), in order."""
    found, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip() and not all(l.strip().startswith("--") or not l.strip() for l in pending.splitlines()):
        raise LoadError(f"an SQL statement does not end: {pending.strip()[:80]}")
    return found


def _finish(conn: sqlite3.Connection, names) -> dict[str, int]:
    """Derived tables, the foreign-key check, and the row counts of `names`."""
    for path in DERIVED:
        for statement in statements(path.read_text(encoding="utf-8")):
            conn.execute(statement)  # one by one: executescript would commit the delta's transaction half-way
    problems = list(conn.execute("PRAGMA foreign_key_check"))
    if problems:
        raise LoadError(f"foreign key violations: {problems[:5]}")
    return {name: conn.execute(f"select count(*) from [{name}]").fetchone()[0] for name in [*names, *summary_tables()]}


def write_full(rows: dict[str, list[dict]], tmp: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Write every row into a new database at `tmp`."""
    import sqlite_utils  # only a full build needs it (a tenth of a second to import)

    db = sqlite_utils.Database(tmp)
    _fast(db.conn)
    db.conn.executescript(SCHEMA.read_text(encoding="utf-8"))
    for table, table_rows in rows.items():
        db[table].insert_all(table_rows, batch_size=BATCH)
    db["articles"].enable_fts(list(article_fields.FIELDS), tokenize="porter", create_triggers=True, replace=True)
    db["quotes"].enable_fts(["text", "speaker"], tokenize="porter", create_triggers=True, replace=True)
    counts = _finish(db.conn, rows)
    db.conn.commit()  # the derived tables' statements opened a transaction; VACUUM runs outside one
    db.analyze()
    db.vacuum()
    db.close()
    return counts, {}


def write_delta(rows: dict[str, list[dict]], plan: delta.Plan, out: Path, tmp: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Copy the database at `out` to `tmp` and write there only the rows that differ from `rows`, in one transaction."""
    return _write_on_a_copy(out, tmp, lambda conn: delta.apply(conn, rows, plan), rows)


def write_change(change: ledger.Change, plan: delta.Plan, out: Path, tmp: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Copy the database at `out` to `tmp` and write there what the ledger decided (`change`), in one transaction."""
    return _write_on_a_copy(out, tmp, lambda conn: delta.apply_change(conn, change, plan), TABLES)


def _write_on_a_copy(out: Path, tmp: Path, write, tables) -> tuple[dict[str, int], dict[str, int]]:
    """Copy the database at `out` to `tmp`, run `write(conn)` there in one transaction, and count `tables`.

    The full-text indexes follow through their triggers; the statistics are
    refreshed where the tables grew or shrank much (PRAGMA optimize).
    """
    shutil.copyfile(out, tmp)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        _fast(conn)
        conn.execute("begin")
        written = write(conn)
        counts = _finish(conn, tables)
        conn.execute("commit")
        conn.execute("PRAGMA optimize")
    finally:
        conn.close()
    return counts, written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path, help="the collection index written by `python -m scripts.extract`")
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--full", action="store_true", help="build the whole database even when an incremental load would do")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        counts = build(args.index, args.manifest, args.out, args.full)
    except (LoadError, manifest.ManifestError) as error:
        print(f"load: {error}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"load: {args.out}: {summary}, {time.monotonic() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
