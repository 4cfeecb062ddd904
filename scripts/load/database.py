"""Database: assemble the SQLite database from the per-article extraction files.

    python -m scripts.load build/collection.json --manifest seeds/manifest.yml --out build/news.db

The only writer of the database. It reads the records, calls the corpus-wide
functions of this package, and writes their rows: all of them into a new
file (a full build), or, when the database says it was built from the same
code and manifest and only a few articles changed, only the rows that differ
into a copy of it (an incremental load, scripts/load/delta.py). Either way
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
from . import articles, countries, delta, entities, events, manifest, quotes

SCHEMA = Path(__file__).parent / "schema.sql"
#: SQL files that compute tables from the loaded rows (summaries), run in this order after every load,
#: full or incremental, in its transaction: each must rebuild its tables whole (delete, then insert).
#: Fills the summary tables the canned queries read (scripts/load/summaries.sql); re-runnable on a built database.
SUMMARIES = Path(__file__).parent / "summaries.sql"
DERIVED: tuple[Path, ...] = (SUMMARIES,)
BATCH = 1000


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


def tables(records: Records, index: dict, curation: manifest.Manifest) -> dict[str, list[dict]]:
    """Every table's rows, in an order that satisfies the foreign keys."""
    known = country_names.countries()
    # A country named (not a demonym) is also an entity, mentioned where it is named.
    named_countries = [
        {**m, "name": known[m["iso3"]].name, "type": "country", "fixed": True, "label": None, "role": None}
        for m in records.country_mentions if m["via"] != country_names.DEMONYM
    ]
    wikidata = {item.name: item.wikidata for item in organizations.known_names().values()}
    publishers = {row["publisher"] for row in records.articles if row["publisher"]}
    mentions = entities.publishers_are_organizations(records.mentions, publishers)
    entity_rows, mention_rows = entities.rows(mentions + named_countries, wikidata)
    entity_at = {(m["article_id"], m["field"], m["start"], m["end"]): m["entity_id"] for m in mention_rows}
    quote_cluster_rows, quote_rows = quotes.rows(records.quotes, entity_at)
    references = {row["id"]: articles.reference(row, curation) for row in records.articles}
    event_cluster_rows, event_rows, participant_rows = events.rows(
        records.events, references, mention_rows, records.country_mentions, entity_rows
    )
    country_columns = ("article_id", "iso3", "field", "start", "end", "text", "via", "sentence_id")
    author_rows, article_author_rows = articles.author_rows(records.authors)
    return {
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
        "event_clusters": event_cluster_rows,
        "events": event_rows,
        "event_entities": participant_rows,
        "co_mentions": entities.co_mentions(mention_rows),
        "ingest_errors": index["rejected"],
        "curation": articles.curation_rows(curation, {row["id"] for row in records.articles}),
    }


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
    rows = tables(read_records(index, index_path.parent / "articles", curation), index, curation)
    rows["load_inputs"] = [{"input": name, "sha256": digest} for name, digest in sorted(wanted.items())]
    if not plan.full:
        try:
            counts, written = _replace(out, lambda tmp: write_delta(rows, plan, out, tmp))
            print(f"load: {out}: {plan.summary()}: wrote {delta.report(written)}", file=sys.stderr)
            return counts
        except (sqlite3.DatabaseError, delta.Mismatch, LoadError) as error:  # damaged, or not what it says it holds
            plan = delta.Plan(f"{out} could not be updated: {error}")
    print(f"load: {out}: {plan.summary()}", file=sys.stderr)
    counts, _ = _replace(out, lambda tmp: write_full(rows, tmp))
    return counts


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
    """Copy the database at `out` to `tmp` and write there only the rows that differ from `rows`, in one transaction.

    The full-text indexes follow through their triggers; the statistics are
    refreshed where the tables grew or shrank much (PRAGMA optimize).
    """
    shutil.copyfile(out, tmp)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        _fast(conn)
        conn.execute("begin")
        written = delta.apply(conn, rows, plan)
        counts = _finish(conn, rows)
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
