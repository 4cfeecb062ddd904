"""An incremental load gives the database a full build of the same folder gives, table by table."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from scripts.extract import collection as extract
from scripts.load import database, delta
from tests.builds import ROOT, SEEDS

DEV = ROOT / "tests" / "dev"
#: Dev articles in the first build; the last is removed by the change, and ADDED comes in.
DEV_FIRST = ["d2_01_peru_bolivia_envoy", "d2_02_tunisia_vote_dispute", "d2_03_rotterdam_port_strike",
             "d2_04_karnataka_monkey_fever", "d2_05_ecowas_sahel_borders", "d2_07_china_asean_digital_trade",
             "d2_08_malatya_earthquake", "d2_09_solar_boss_arrest"]
REMOVED = "d2_05_ecowas_sahel_borders"
ADDED = "d2_06_gas_reservation"
CHANGED = "000_fee7810e8accf7a7"
#: Appended to CHANGED: a name, a quotation and a dated event that other articles share.
APPENDED = "\nDonald Trump told Reuters on Friday that “the Abraham Accords will keep growing.” Tokayev met Trump in Washington on Thursday.\n"

#: Per-article tables, whose surrogate ids depend on load order and are compared through what they point at.
SURROGATE = {"sentences", "mentions", "country_mentions", "quotes", "events", "event_entities", "boilerplate", "curation"}


def natural_rows(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, with each surrogate id of a per-article row replaced by the row's natural key."""
    conn = sqlite3.connect(db)
    sentence = {r[0]: r[1:] for r in conn.execute("select id, article_id, field, position from sentences")}
    event = {r[0]: r[1:] for r in conn.execute('select id, article_id, field, start, "end", type from events')}
    tables = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'")]
    found = {}
    for table in tables:
        columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        rows = []
        for row in conn.execute(f"select * from [{table}]"):
            values = dict(zip(columns, row))
            if table in SURROGATE:
                values.pop("id", None)
            if "sentence_id" in values:
                values["sentence_id"] = sentence[values["sentence_id"]]
            if table == "event_entities":
                values["event_id"] = event[values["event_id"]]
            rows.append(tuple(sorted(values.items())))
        found[table] = sorted(rows, key=repr)
    # The full-text indexes, through the rows they index.
    found["articles_fts"] = sorted(conn.execute(
        "select a.id, f.title, f.subtitle, f.caption, f.body from articles_fts f join articles a on a.rowid = f.rowid"))
    found["quotes_fts"] = sorted(conn.execute(
        'select q.article_id, q.field, q.start, q."end", f.text, f.speaker from quotes_fts f join quotes q on q.rowid = f.rowid'))
    return found


def make_folder(folder: Path) -> None:
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder)
    for name in DEV_FIRST:
        shutil.copy(DEV / f"{name}.txt", folder)
    seeds, dev = (yaml.safe_load((f / "manifest.yml").read_text()) for f in (SEEDS, DEV))
    seeds["articles"] = {**(seeds.get("articles") or {}), **{k: v for k, v in dev["articles"].items() if k in [*DEV_FIRST, ADDED]}}
    (folder / "manifest.yml").write_text(yaml.safe_dump(seeds, allow_unicode=True))


def load(folder: Path, build: Path, out: Path, full: bool = False) -> dict[str, int]:
    extract.run(folder, build / "articles", build / "collection.json", jobs=1)
    return database.build(build / "collection.json", folder / "manifest.yml", out, full)


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    """A build of seeds and dev articles, then one article changed, one added and one removed, loaded incrementally.

    Returns the folder, its build folder, the database before the change, the
    updated database, and what the load said on stderr.
    """
    root = tmp_path_factory.mktemp("delta")
    folder, build = root / "seeds", root / "build"
    make_folder(folder)
    db = build / "news.db"
    load(folder, build, db)
    before = root / "before.db"
    shutil.copy(db, before)
    changed = folder / f"{CHANGED}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + APPENDED, encoding="utf-8")
    shutil.copy(DEV / f"{ADDED}.txt", folder)
    (folder / f"{REMOVED}.txt").unlink()
    return folder, build, before, db


@pytest.fixture(scope="module")
def incremental(updated):
    folder, build, before, db = updated
    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        load(folder, build, db)
    return db, said.getvalue()


def test_the_load_says_it_was_incremental(incremental):
    _, said = incremental
    assert "incremental (1 changed, 1 added, 1 removed)" in said


def test_every_table_equals_a_full_build_of_the_same_folder(updated, incremental, tmp_path):
    folder, build, _, _ = updated
    db, _ = incremental
    full = tmp_path / "full.db"
    database.build(build / "collection.json", folder / "manifest.yml", full, full=True)
    got, wanted = natural_rows(db), natural_rows(full)
    assert got.keys() == wanted.keys()
    for table in wanted:
        assert got[table] == wanted[table], table
    assert any(ADDED == row[0] for row in got["articles_fts"])  # the check reaches the change
    assert not any(REMOVED == row[0] for row in got["articles_fts"])


def test_the_change_reaches_the_corpus_wide_tables(updated, incremental):
    _, _, before, _ = updated
    db, _ = incremental
    old, new = sqlite3.connect(before), sqlite3.connect(db)
    query = "select mention_count from entities where name = 'Donald Trump'"
    assert new.execute(query).fetchone()[0] > old.execute(query).fetchone()[0]
    assert new.execute("select count(*) from quotes where text like '%will keep growing%'").fetchone() == (1,)


def test_ids_users_see_stay_the_same_for_what_is_unchanged(updated, incremental):
    _, _, before, _ = updated
    db, _ = incremental
    old, new = sqlite3.connect(before), sqlite3.connect(db)
    untouched = dict(old.execute(
        "select e.id, e.name from entities e where not exists (select 1 from mentions m where m.entity_id = e.id and m.article_id in (?, ?))",
        (CHANGED, REMOVED)))
    kept = dict(new.execute("select id, name from entities"))
    assert len(untouched) > 50
    assert sum(kept.get(i) == name for i, name in untouched.items()) >= 0.95 * len(untouched)
    trump = old.execute("select id from entities where name = 'Donald Trump'").fetchone()[0]
    assert kept[trump] == "Donald Trump"  # the entity the change touched keeps its page


def test_an_unchanged_folder_writes_no_rows(updated, incremental, capsys):
    folder, build, _, db = updated
    load(folder, build, db)
    assert "incremental (0 changed, 0 added, 0 removed): wrote no rows" in capsys.readouterr().err


@pytest.mark.parametrize("breaking, reason", [
    ("manifest", "the manifest changed"),
    ("code", "the load's code, schema or data files changed"),
    ("damaged", "could not be updated"),
    ("missing", "no database yet"),
    ("not a database", "cannot be read"),
])
def test_a_full_build_when_the_database_cannot_be_updated(updated, incremental, tmp_path, monkeypatch, capsys, breaking, reason):
    folder, build, _, db = updated
    out = tmp_path / "news.db"
    shutil.copy(db, out)
    manifest = tmp_path / "manifest.yml"
    shutil.copy(folder / "manifest.yml", manifest)
    if breaking == "manifest":
        manifest.write_text(manifest.read_text() + "\n# a comment is a change\n")
    elif breaking == "code":
        monkeypatch.setattr(delta, "code_fingerprint", lambda index: "another version of the code")
    elif breaking == "damaged":
        conn = sqlite3.connect(out)
        page = conn.execute("select rootpage from sqlite_master where name = 'mentions'").fetchone()[0]
        size = conn.execute("pragma page_size").fetchone()[0]
        conn.close()
        with open(out, "r+b") as f:  # the first page of the mentions table overwritten
            f.seek((page - 1) * size)
            f.write(b"\xff" * size)
    elif breaking == "missing":
        out.unlink()
    else:
        out.write_bytes(b"this is not a database" * 100)
    counts = database.build(build / "collection.json", manifest, out)
    said = capsys.readouterr().err
    assert "full build" in said and reason in said, said
    assert counts["articles"] == sqlite3.connect(out).execute("select count(*) from articles").fetchone()[0]
    if breaking != "code":
        got, wanted = natural_rows(out), natural_rows(db)
        if breaking == "manifest":  # another manifest, with the same values
            del got["load_inputs"], wanted["load_inputs"]
        assert got == wanted


def test_most_articles_changed_is_a_full_build(incremental):
    db, _ = incremental
    built = dict(sqlite3.connect(db).execute("select input, sha256 from load_inputs"))
    kept = dict(list(built.items())[:3])  # the code, the manifest, one article
    plan = delta.plan(db, {**kept, "code": built["code"], "manifest": built["manifest"]})
    assert plan.full and "articles changed" in plan.reason, plan
    assert not delta.plan(db, built).full


def test_derived_tables_are_computed_again_after_a_delta(updated, incremental, tmp_path, monkeypatch, capsys):
    folder, build, _, db = updated
    summary = tmp_path / "summary.sql"
    summary.write_text("drop table if exists article_words;\n"
                       "create table article_words as select id, word_count from articles;\n")
    monkeypatch.setattr(database, "DERIVED", (summary,))
    out = tmp_path / "news.db"
    shutil.copy(db, out)
    conn = sqlite3.connect(out)
    conn.execute("update load_inputs set sha256 = 'stale' where input = ?", (delta.ARTICLE_INPUT + CHANGED,))
    conn.commit()
    conn.close()
    database.build(build / "collection.json", folder / "manifest.yml", out)
    assert "incremental (1 changed" in capsys.readouterr().err
    conn = sqlite3.connect(out)
    assert conn.execute("select count(*) from article_words").fetchone() == conn.execute("select count(*) from articles").fetchone()


def test_every_table_has_a_rule_for_the_delta():
    """A table of the schema is one article's, the corpus's, or computed by a derived-tables file after every load."""
    schema = database.SCHEMA.read_text(encoding="utf-8")
    tables = set(re.findall(r"^CREATE TABLE (\w+)", schema, re.M))
    derived = {name for path in database.DERIVED for name in re.findall(
        r"(?:INSERT\s+INTO|CREATE\s+TABLE(?:\s+IF\s+NOT\s+EXISTS)?)\s+\[?(\w+)", path.read_text(encoding="utf-8"), re.I)}
    assert tables == set(delta.ARTICLE_TABLES) | set(delta.CORPUS_TABLES) | derived
    assert not set(delta.ARTICLE_TABLES) & set(delta.CORPUS_TABLES)
