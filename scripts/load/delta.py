"""Delta: what changed since the database was built, and the writes that bring it up to date.

The database records what it was built from (the `load_inputs` table: the
SHA-256 of each article's extraction file, of the manifest, and a
fingerprint of the code, schema and data files the load reads). The next
load compares that with the collection index:

- the same code and manifest, and few articles changed, added or removed:
  an incremental load. The previous database is copied beside itself and
  only the rows that differ are written, in one transaction, before the
  copy is renamed into place. What differs comes from the ledger beside the
  database (scripts/load/ledger.py: only the changed articles' files are
  read, and only the decisions they touch are taken again; apply_change());
  without a ledger that belongs to the database, from every table computed
  in memory as for a full build and compared with the database (apply()):
  entity resolution and clusters are decisions across the corpus, so one
  article can move rows of others;
- anything else (no database, a damaged one, other code, schema or
  manifest, or most articles changed): a full build.

Rows are matched without their surrogate ids: a row of one article by the
article and its place among that article's rows (the order the extraction
gives them), a corpus-wide row by its primary key (entity and cluster ids
derive from what they are, scripts/load/identifiers.py).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).parent
#: Packages whose data or behaviour decides rows: another version means a full build.
PACKAGES = ("pycountryinfo", "rapidfuzz")
#: Above this share of changed articles a full build costs no more than a delta.
MAX_CHANGED_SHARE = 0.25

#: Tables whose rows belong to one article: deleted and inserted with it (event_entities go with their events).
ARTICLE_TABLES = ("articles", "article_authors", "sentences", "boilerplate", "curation",
                  "mentions", "country_mentions", "quotes", "events", "event_entities")
#: Columns of an article's rows that the whole corpus decides: they can change when another article does.
CORPUS_COLUMNS = {
    "mentions": ("entity_id",),
    "quotes": ("cluster_id", "speaker_entity_id"),
    "events": ("cluster_id", "place_entity_id"),
}
#: Tables of the whole corpus, by primary key: brought in line row by row.
CORPUS_TABLES = {
    "entity_types": ("name",),
    "event_types": ("name",),
    "authors": ("id",),
    "countries": ("iso3",),
    "entities": ("id",),
    "quote_clusters": ("id",),
    "event_clusters": ("id",),
    "co_mentions": ("entity_a", "entity_b"),
    "ingest_errors": ("file",),
    "load_inputs": ("input",),
}
#: Per-article tables whose ids other rows point at, and the columns that point at them.
REFERENCED = {"sentences": ("mentions", "country_mentions", "quotes", "events"), "events": ("event_entities",)}


class Mismatch(RuntimeError):
    """The database does not hold what its load_inputs say: build it in full."""


ARTICLE_INPUT = "article:"


def code_fingerprint(index: dict) -> str:
    """Hash of what decides the rows besides the articles and the manifest.

    The extraction's fingerprint (its code, data files and language model),
    every file of this package (code and schema), the versions of the
    packages that give data, and SQLite's.
    """
    digest = hashlib.sha256(f"index format {index.get('format')}\nextraction {index.get('fingerprint')}\n".encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in PACKAGES:
        digest.update(f"{name} {metadata.version(name)}\n".encode())
    digest.update(f"sqlite {sqlite3.sqlite_version}\n".encode())
    return digest.hexdigest()


def inputs(index: dict, manifest_path: Path) -> dict[str, str]:
    """The load_inputs rows of a load of `index`: input name -> SHA-256."""
    found = {"code": code_fingerprint(index)}
    found["manifest"] = hashlib.sha256(manifest_path.read_bytes()).hexdigest() if manifest_path.exists() else "absent"
    for entry in index["articles"]:
        found[ARTICLE_INPUT + entry["id"]] = entry["json_sha256"]
    return found


@dataclass
class Plan:
    """What the next load does: a full build (and why) or an incremental one (and on which articles)."""

    reason: str = ""  # why a full build; empty for an incremental load
    changed: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    built: dict[str, str] = field(default_factory=dict)  # the load_inputs of the database now

    @property
    def full(self) -> bool:
        return bool(self.reason)

    @property
    def replaced(self) -> set[str]:
        """Articles whose rows are deleted."""
        return self.changed | self.removed

    @property
    def inserted(self) -> set[str]:
        """Articles whose rows are inserted."""
        return self.changed | self.added

    def summary(self) -> str:
        if self.full:
            return f"full build ({self.reason})"
        return f"incremental ({len(self.changed)} changed, {len(self.added)} added, {len(self.removed)} removed)"


def plan(db: Path, wanted: dict[str, str], full: bool = False) -> Plan:
    """Compare what the database at `db` was built from with `wanted` (from inputs())."""
    if full:
        return Plan("asked for")
    if not db.exists():
        return Plan("no database yet")
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            built = dict(conn.execute("select input, sha256 from load_inputs"))
        finally:
            conn.close()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return Plan("the database does not record what it was built from")
        return Plan(f"{db} cannot be read ({error})")
    except sqlite3.DatabaseError as error:
        return Plan(f"{db} cannot be read ({error})")
    if built.get("code") != wanted["code"]:
        return Plan("the load's code, schema or data files changed")
    if built.get("manifest") != wanted["manifest"]:
        return Plan("the manifest changed")
    before = {k[len(ARTICLE_INPUT):]: v for k, v in built.items() if k.startswith(ARTICLE_INPUT)}
    after = {k[len(ARTICLE_INPUT):]: v for k, v in wanted.items() if k.startswith(ARTICLE_INPUT)}
    found = Plan(
        changed={a for a in before.keys() & after.keys() if before[a] != after[a]},
        added=after.keys() - before.keys(),
        removed=before.keys() - after.keys(),
        built=built,
    )
    touched = len(found.changed | found.added | found.removed)
    if touched > MAX_CHANGED_SHARE * max(len(after), 1) and touched > 1:
        return Plan(f"{touched} of {len(after)} articles changed")
    return found


# ---- writing the delta ---------------------------------------------------------------------

def apply(conn: sqlite3.Connection, rows: dict[str, list[dict]], change: Plan) -> dict[str, int]:
    """Bring the database behind `conn` in line with `rows` (every table, as a full build computes it).

    Returns how many rows were written (inserted, updated or deleted) per table.
    """
    unknown = set(rows) - set(ARTICLE_TABLES) - set(CORPUS_TABLES)
    if unknown:
        raise Mismatch(f"no rule for the delta of tables {sorted(unknown)}")
    written: dict[str, int] = defaultdict(int)
    country_entities = {r[0] for r in conn.execute("select iso3 from entities where iso3 is not null")}
    conn.execute("create temp table delta_articles (id TEXT PRIMARY KEY)")
    conn.executemany("insert into delta_articles values (?)", [(a,) for a in change.replaced])
    _delete_articles(conn, written)
    for table, key in CORPUS_TABLES.items():
        _sync(conn, table, key, rows[table], written)
    _insert_articles(conn, rows, change.inserted, written)
    _update_corpus_columns(conn, rows, change, country_entities, written)
    conn.execute("drop table delta_articles")
    return {table: n for table, n in written.items() if n}


def _delete_articles(conn: sqlite3.Connection, written: dict[str, int]) -> None:
    written["event_entities"] += conn.execute(
        "delete from event_entities where event_id in (select id from events where article_id in (select id from delta_articles))").rowcount
    for table in reversed(ARTICLE_TABLES):
        column = "id" if table == "articles" else "article_id"
        if table != "event_entities":
            written[table] += conn.execute(f"delete from [{table}] where [{column}] in (select id from delta_articles)").rowcount


def _columns(rows: list[dict]) -> list[str]:
    return list(rows[0]) if rows else []


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict]) -> int:
    if not rows:
        return 0
    columns = _columns(rows)
    sql = f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' for _ in columns)})"
    conn.executemany(sql, [tuple(row[c] for c in columns) for row in rows])
    return len(rows)


def _sync(conn: sqlite3.Connection, table: str, key: tuple[str, ...], wanted: list[dict], written: dict[str, int]) -> None:
    """Make `table` hold exactly `wanted`, matched by primary key: delete, insert and update what differs."""
    columns = _columns(wanted) or [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
    listed = ", ".join(f"[{c}]" for c in columns)
    at = [columns.index(k) for k in key]
    have = {tuple(row[i] for i in at): row for row in conn.execute(f"select {listed} from [{table}]")}
    want = {tuple(row[k] for k in key): tuple(row[c] for c in columns) for row in wanted}
    where = " and ".join(f"[{k}] = ?" for k in key)
    gone = [k for k in have if k not in want]
    conn.executemany(f"delete from [{table}] where {where}", gone)
    differ = [k for k, row in want.items() if k in have and have[k] != row]
    conn.executemany(f"delete from [{table}] where {where}", differ)
    new = [want[k] for k in want if k not in have] + [want[k] for k in differ]
    conn.executemany(f"insert into [{table}] ({listed}) values ({', '.join('?' for _ in columns)})", new)
    written[table] += len(gone) + len(new)


def _insert_articles(conn: sqlite3.Connection, rows: dict[str, list[dict]], articles: set[str], written: dict[str, int]) -> None:
    """Insert every row of `articles`; sentences and events get new ids, and the rows that point at them follow."""
    new_id: dict[str, dict[int, int]] = {}
    for table in ARTICLE_TABLES:
        if table == "event_entities":
            chosen = [r for r in rows[table] if r["event_id"] in new_id["events"]]
        else:
            chosen = [r for r in rows[table] if r["id" if table == "articles" else "article_id"] in articles]
        for referenced, tables in REFERENCED.items():
            if table in tables:
                column = "sentence_id" if referenced == "sentences" else "event_id"
                chosen = [{**r, column: new_id[referenced][r[column]]} for r in chosen]
        if table in REFERENCED:
            start = conn.execute(f"select coalesce(max(id), 0) from [{table}]").fetchone()[0] + 1
            new_id[table] = {r["id"]: start + n for n, r in enumerate(chosen)}
            chosen = [{**r, "id": new_id[table][r["id"]]} for r in chosen]
        written[table] += _insert(conn, table, chosen)


def _by_article(rows: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        found[row["article_id"]].append(row)
    return found


def _update_corpus_columns(conn: sqlite3.Connection, rows: dict[str, list[dict]], change: Plan, country_entities: set[str],
                           written: dict[str, int]) -> None:
    """Bring the corpus-decided columns of every article's rows in line, matching rows by article and order."""
    event_id: dict[int, int] = {}  # computed event id -> database event id
    moved: set[str] = set(change.inserted)  # articles some of whose mentions now name another entity
    for table, columns in CORPUS_COLUMNS.items():
        listed = ", ".join(f"[{c}]" for c in columns)
        have: dict[str, list[tuple]] = defaultdict(list)
        for row in conn.execute(f"select article_id, id, {listed} from [{table}] order by article_id, id"):
            have[row[0]].append(row[1:])
        want = _by_article(rows[table])
        if have.keys() != want.keys():
            raise Mismatch(f"{table}: the articles with rows differ from the extraction files")
        updates = []
        for article_id, wanted in want.items():
            stored = have[article_id]
            if len(stored) != len(wanted):
                raise Mismatch(f"{table}: article {article_id} has {len(stored)} rows, its extraction {len(wanted)}")
            for (row_id, *values), row in zip(stored, wanted):
                if table == "events":
                    event_id[row["id"]] = row_id
                new = [row[c] for c in columns]
                if new != values:
                    updates.append((*new, row_id))
                    if table == "mentions":
                        moved.add(article_id)
        conn.executemany(f"update [{table}] set {', '.join(f'[{c}] = ?' for c in columns)} where id = ?", updates)
        written[table] += len(updates)
    _sync_participants(conn, rows, event_id, moved, country_entities, written)


def _sync_participants(conn: sqlite3.Connection, rows: dict[str, list[dict]], event_id: dict[int, int], moved: set[str],
                       countries_before: set[str], written: dict[str, int]) -> None:
    """Replace the event_entities rows of every event whose participants differ.

    An event's participants are the entities of the mentions in its
    sentence, and the country entities of the countries named there: they
    can differ only in an article whose mentions now name other entities,
    or that names a country whose entity came or went (it exists while the
    corpus names the country by name somewhere). Only those are compared.
    """
    countries_after = {r["iso3"] for r in rows["entities"] if r["iso3"]}
    came_or_went = countries_before ^ countries_after
    compared = set(moved) | {m["article_id"] for m in rows["country_mentions"] if m["iso3"] in came_or_went}
    in_compared = {row["id"] for row in rows["events"] if row["article_id"] in compared}
    conn.execute("create temp table delta_compared (id TEXT PRIMARY KEY)")
    conn.executemany("insert into delta_compared values (?)", [(a,) for a in compared])
    have: dict[int, list[tuple]] = defaultdict(list)
    for row in conn.execute("""select ee.event_id, ee.entity_id, ee.role from event_entities ee join events e on e.id = ee.event_id
                               where e.article_id in (select id from delta_compared)"""):
        have[row[0]].append(row[1:])
    conn.execute("drop table delta_compared")
    want: dict[int, list[tuple]] = {event_id[e]: [] for e in in_compared}
    for row in rows["event_entities"]:
        if row["event_id"] in in_compared:
            want[event_id[row["event_id"]]].append((row["entity_id"], row["role"]))
    differ = [e for e in have.keys() | want.keys() if sorted(have.get(e, [])) != sorted(want.get(e, []))]
    conn.executemany("delete from event_entities where event_id = ?", [(e,) for e in differ])
    new = [(e, entity, role) for e in sorted(differ) for entity, role in want.get(e, [])]
    conn.executemany("insert into event_entities (event_id, entity_id, role) values (?, ?, ?)", new)
    written["event_entities"] += len(new)


def apply_change(conn: sqlite3.Connection, change, plan: Plan) -> dict[str, int]:
    """Write what an incremental load decided from the ledger (scripts/load/ledger.py: Change) into the database behind `conn`.

    The replaced articles' rows are deleted and the inserted ones' inserted;
    the corpus tables' rows that changed are written whole and the ones
    gone deleted; other articles' rows whose corpus-decided columns moved are
    updated, found by their article and their place among its rows.
    """
    written: dict[str, int] = defaultdict(int)
    conn.execute("create temp table delta_articles (id TEXT PRIMARY KEY)")
    conn.executemany("insert into delta_articles values (?)", [(a,) for a in plan.replaced])
    _delete_articles(conn, written)
    conn.execute("drop table delta_articles")
    for table, (rows, gone) in change.corpus.items():
        key = CORPUS_TABLES[table]
        where = " and ".join(f"[{k}] = ?" for k in key)
        conn.executemany(f"delete from [{table}] where {where}", gone)
        conn.executemany(f"delete from [{table}] where {where}", [tuple(row[k] for k in key) for row in rows])
        written[table] += len(gone) + _insert(conn, table, rows)
    _insert_articles(conn, change.rows, plan.inserted, written)
    ids: dict[tuple[str, str], list[int]] = {}

    def row_id(table: str, article_id: str, place: int) -> int:
        if (table, article_id) not in ids:
            ids[(table, article_id)] = [r[0] for r in conn.execute(f"select id from [{table}] where article_id = ? order by id", (article_id,))]
        return ids[(table, article_id)][place]

    try:
        for table, updates in (("mentions", change.mentions), ("quotes", change.quotes), ("events", change.events)):
            columns = CORPUS_COLUMNS[table]
            conn.executemany(f"update [{table}] set {', '.join(f'[{c}] = ?' for c in columns)} where id = ?",
                             [(*values, row_id(table, article_id, place)) for article_id, place, *values in updates])
            written[table] += len(updates)
        for article_id, place, taking_part in change.participants:
            event_id = row_id("events", article_id, place)
            conn.execute("delete from event_entities where event_id = ?", (event_id,))
            conn.executemany("insert into event_entities (event_id, entity_id, role) values (?, ?, ?)",
                             [(event_id, entity_id, role) for entity_id, role in taking_part])
            written["event_entities"] += len(taking_part)
    except IndexError:
        raise Mismatch("an article has fewer rows than its ledger notes") from None
    return {table: n for table, n in written.items() if n}


def report(written: dict[str, int]) -> str:
    return ", ".join(f"{n} {table}" for table, n in sorted(written.items())) or "no rows"

