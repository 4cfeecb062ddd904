"""An incremental load gives the database a full build of the same folder gives, table by table."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from scripts.extract import collection as extract
from scripts.load import database, delta, ledger
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


def full_build_of(updated, tmp_path) -> Path:
    """A full build of the folder the incremental load was given, beside the test's files."""
    folder, build, _, _ = updated
    full = tmp_path / "full.db"
    database.build(build / "collection.json", folder / "manifest.yml", full, full=True)
    return full


def test_every_table_equals_a_full_build_of_the_same_folder(updated, incremental, tmp_path):
    db, _ = incremental
    got, wanted = natural_rows(db), natural_rows(full_build_of(updated, tmp_path))
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


# ---- the ledger: what an incremental load reads instead of every extraction file ------------------------

def test_the_incremental_load_reads_the_ledger_not_every_article(incremental):
    _, said = incremental
    assert "every table computed from the extraction files" not in said


def ledger_of(db: Path) -> ledger.Ledger:
    found = ledger.read(db, dict(sqlite3.connect(db).execute("select input, sha256 from load_inputs")))
    assert found is not None
    return found


def test_the_ledger_after_an_incremental_load_equals_a_full_builds(updated, incremental, tmp_path):
    db, _ = incremental
    got, wanted = ledger_of(db), ledger_of(full_build_of(updated, tmp_path))
    for name in ledger.Ledger.__dataclass_fields__:
        assert getattr(got, name) == getattr(wanted, name), name


@pytest.mark.parametrize("breaking", ["missing", "another database's", "not a ledger"])
def test_without_its_ledger_an_incremental_load_computes_every_table(updated, incremental, tmp_path, capsys, breaking):
    folder, build, before, db = updated
    out = tmp_path / "news.db"
    shutil.copy(before, out)
    if breaking == "another database's":
        shutil.copy(ledger.path_of(db), ledger.path_of(out))
    elif breaking == "not a ledger":
        ledger.path_of(out).write_bytes(b"not a pickle" * 10)
    database.build(build / "collection.json", folder / "manifest.yml", out)
    said = capsys.readouterr().err
    assert "every table computed from the extraction files (no ledger of this database)" in said and "incremental (1 changed" in said
    assert natural_rows(out) == natural_rows(db)
    assert ledger_of(out) == ledger_of(db)  # and the next load has one


#: Three short articles; the fourth, added, gives a lone surname its full name, names a country only a demonym
#: named before (so it becomes an entity, and takes part in an unchanged article's event), and has a publisher
#: another article names.
SHORT = {
    "a_envoy": "Envoy recalled\n\nMs Salcedo told Al Manara on Monday that the envoy had been recalled. "
               "Kazakh officials said on Tuesday that they would sign the agreement in Astana.\n",
    "b_talks": "Talks resume\n\nSalcedo said the talks would resume on Friday. Tokayev met officials in Astana on Thursday.\n",
    "c_port": "Port strike\n\nDock workers in Rotterdam went on strike on Wednesday, the union said.\n",
}
ADDED_SHORT = ("d_minister", "Minister named\n\nRosa Salcedo Paredes was named foreign minister on Monday. "
                             "Kazakhstan said on Tuesday it would sign the agreement.\n")


@pytest.fixture(scope="module")
def short_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("short")
    folder = root / "seeds"
    folder.mkdir()
    for name, text in SHORT.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "manifest.yml").write_text(yaml.safe_dump({
        "collection": {"reference_date": {"value": "2025-11-07", "source": "a test"}},
        "articles": {ADDED_SHORT[0]: {"publisher": {"value": "Al Manara", "source": "a test"}}}}))
    return root, folder


@pytest.mark.parametrize("steps", [("add",), ("add", "remove"), ("change",)])
def test_a_change_that_moves_other_articles_rows_equals_a_full_build(short_folder, tmp_path, capsys, steps):
    root, seeds = short_folder
    folder, build = tmp_path / "seeds", tmp_path / "build"
    shutil.copytree(seeds, folder)
    db = build / "news.db"
    load(folder, build, db)
    for step in steps:
        if step == "add":
            (folder / f"{ADDED_SHORT[0]}.txt").write_text(ADDED_SHORT[1], encoding="utf-8")
        elif step == "remove":
            (folder / f"{ADDED_SHORT[0]}.txt").unlink()
        else:
            (folder / "c_port.txt").write_text(SHORT["c_port"] + ADDED_SHORT[1].split("\n\n", 1)[1], encoding="utf-8")
        capsys.readouterr()
        load(folder, build, db)
        said = capsys.readouterr().err
        assert "incremental (" in said and "every table computed" not in said, said
        full = tmp_path / f"full-{step}.db"
        database.build(build / "collection.json", folder / "manifest.yml", full, full=True)
        got, wanted = natural_rows(db), natural_rows(full)
        for table in wanted:
            assert got[table] == wanted[table], (step, table)
        assert ledger_of(db) == ledger_of(full)
    # what moved in the unchanged articles: the lone surname, the publisher's type, the country's events
    conn = sqlite3.connect(db)
    entity = "select distinct e.name, e.type from mentions m join entities e on e.id = m.entity_id where m.text = ?"
    kazakhstan = conn.execute("""select count(*) from event_entities x join events e on e.id = x.event_id
                                 join entities n on n.id = x.entity_id where n.iso3 = 'KAZ' and e.article_id = 'a_envoy'""").fetchone()[0]
    if steps[-1] == "remove":
        assert conn.execute(entity, ("Salcedo",)).fetchall() == [("Salcedo", "person")]
        assert conn.execute(entity, ("Al Manara",)).fetchall() == [("Al Manara", "person")] and kazakhstan == 0
    else:
        assert conn.execute(entity, ("Salcedo",)).fetchall() == [("Rosa Salcedo Paredes", "person")]
    if steps == ("add",):
        assert conn.execute(entity, ("Al Manara",)).fetchall() == [("Al Manara", "organization")] and kazakhstan > 0


def test_a_corpus_of_many_names_changed_one_article_at_a_time_equals_a_full_build(tmp_path):
    """Synthetic extraction files (Zipf-drawn people and outlets, mostly unique quotations, shared events):
    many surnames, authors and quote clusters for the ledger to follow, without the language model."""
    from scripts.tools import synthetic

    n = 150
    index_path = synthetic.write(n, tmp_path)
    manifest = tmp_path / "manifest.yml"
    manifest.write_text("")
    db = tmp_path / "news.db"
    database.build(index_path, manifest, db)
    index = json.loads(index_path.read_text())

    def put(data: dict) -> None:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode() + b"\n"
        (tmp_path / "articles" / f"{data['id']}.json").write_bytes(text)
        entry = {"id": data["id"], "file": data["file"], "sha256": data["sha256"], "fingerprint": data["fingerprint"],
                 "json": f"{data['id']}.json", "json_sha256": hashlib.sha256(text).hexdigest()}
        index["articles"] = sorted([e for e in index["articles"] if e["id"] != data["id"]] + [entry], key=lambda e: e["id"])

    steps = [("changed", lambda: put(synthetic.record(n // 2, n, seed=7))),
             ("added", lambda: put(synthetic.record(n, n + 1, seed=3))),
             ("removed", lambda: index.update(articles=[e for i, e in enumerate(index["articles"]) if i != n // 3]))]
    for name, step in steps:
        step()
        index_path.write_text(json.dumps(index, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
        said = io.StringIO()
        with contextlib.redirect_stderr(said):
            database.build(index_path, manifest, db)
        assert f"1 {name}" in said.getvalue() and "every table computed" not in said.getvalue(), said.getvalue()
        full = tmp_path / f"full-{name}.db"
        with contextlib.redirect_stderr(io.StringIO()):
            database.build(index_path, manifest, full, full=True)
        got, wanted = natural_rows(db), natural_rows(full)
        for table in wanted:
            assert got[table] == wanted[table], (name, table)
        assert ledger_of(db) == ledger_of(full), name
