"""The Makefile as a user drives it: builds, incremental rebuilds, strict mode."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make(*args, check=True):
    result = subprocess.run(["make", "-C", str(ROOT), *args], capture_output=True, text=True, env={**os.environ, "MAKEFLAGS": ""})
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_build_then_noop_then_one_changed_article(seeds_copy, tmp_path):
    build = tmp_path / "build"
    first = make(f"SEEDS={seeds_copy}", f"BUILD={build}", "JOBS=1")
    assert "extract: 5 articles (5 analysed, 0 unchanged)" in first.stderr
    assert "full build (no database yet)" in first.stderr
    db = build / "news.db"
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone() == (5,)

    second = make(f"SEEDS={seeds_copy}", f"BUILD={build}")
    assert "scripts.extract" not in second.stdout and "scripts.load" not in second.stdout

    changed = seeds_copy / "002_a9e363f1bd691638.txt"
    changed.write_text(changed.read_text() + "\nOne more paragraph.\n")
    third = make(f"SEEDS={seeds_copy}", f"BUILD={build}")
    assert "extract: 5 articles (1 analysed, 4 unchanged)" in third.stderr
    assert "incremental (1 changed, 0 added, 0 removed)" in third.stderr  # one rule; the loader decides
    assert sqlite3.connect(db).execute("select count(*) from sentences where text = 'One more paragraph.'").fetchone() == (1,)

    manifest = seeds_copy / "manifest.yml"
    manifest.write_text(manifest.read_text() + "\n# reviewed\n")
    fourth = make(f"SEEDS={seeds_copy}", f"BUILD={build}")
    assert "full build (the manifest changed)" in fourth.stderr


def test_strict_build_lists_every_bad_file_and_loads_the_good(seeds_copy, tmp_path):
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "binary.txt").write_bytes(b"\x00\x01\x02")
    (seeds_copy / "latin1.txt").write_bytes("Caf\xe9".encode("latin-1"))
    (seeds_copy / "huge.txt").write_bytes(b"word " * 300_000)
    (seeds_copy / "bad name.txt").write_text("A fine text under a bad name.")
    shutil.copy(seeds_copy / "000_fee7810e8accf7a7.txt", seeds_copy / "zz_duplicate.txt")
    build = tmp_path / "build"

    lenient = make(f"SEEDS={seeds_copy}", f"BUILD={build}")
    for name in ("empty.txt", "binary.txt", "latin1.txt", "huge.txt", "bad name.txt", "zz_duplicate.txt"):
        assert f"{seeds_copy / name}: " in lenient.stderr, name
    conn = sqlite3.connect(build / "news.db")
    assert conn.execute("select count(*) from articles").fetchone() == (5,)
    assert conn.execute("select count(*) from ingest_errors").fetchone() == (6,)

    strict = make(f"SEEDS={seeds_copy}", f"BUILD={build}", "STRICT=1", check=False)
    assert strict.returncode != 0
    assert "strict: 6 file(s) in the seeds folder were not loaded" in strict.stderr


def test_clean_keeps_seeds(tmp_path, seeds_copy):
    build = tmp_path / "build"
    make(f"SEEDS={seeds_copy}", f"BUILD={build}")
    before = sorted(p.name for p in seeds_copy.iterdir())
    make(f"SEEDS={seeds_copy}", f"BUILD={build}", "clean")
    assert not build.exists()
    assert sorted(p.name for p in seeds_copy.iterdir()) == before


def test_help_lists_the_targets():
    out = make("help").stdout
    for target in ("build", "serve", "test", "clean", "help"):
        assert any(line.startswith(target) for line in out.splitlines()), target


def test_extracts_cover_every_table_and_canned_query(seeds_copy, tmp_path, metadata):
    import csv
    import json

    build = tmp_path / "build"
    make(f"SEEDS={seeds_copy}", f"BUILD={build}", "extracts", "-j2")
    db = sqlite3.connect(build / "news.db")
    tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'")]
    extracts = build / "extracts"
    for table in tables:
        count = db.execute(f"select count(*) from [{table}]").fetchone()[0]
        with open(extracts / f"{table}.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == count, table
        data = json.loads((extracts / f"{table}.json").read_text(encoding="utf-8"))
        assert len(data) == count, table
        if count:
            assert set(rows[0]) == set(data[0]), table
    for query in metadata["databases"]["news"]["queries"]:
        with open(extracts / f"query-{query}.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        data = json.loads((extracts / f"query-{query}.json").read_text(encoding="utf-8"))
        assert len(rows) == len(data), query
    signing = json.loads((extracts / "query-signing_dates.json").read_text(encoding="utf-8"))
    assert signing[0]["date_text"] == "later this month"


def test_make_add_fetches_each_address_once_then_builds(page_server, tmp_path):
    base, received = page_server
    seeds, build = tmp_path / "seeds", tmp_path / "build"
    seeds.mkdir()
    listing = tmp_path / "addresses.txt"
    listing.write_text(f"# two pages and a dead link\n{base}/pages/opengraph.html\n{base}/missing?a=1&b=2\n")
    result = make("add", f"URL={base}/pages/jsonld.html", f"URLS={listing}", f"SEEDS={seeds}", f"BUILD={build}", "JOBS=1", check=False)
    assert result.returncode != 0  # one address failed: said so, and the rest still built
    assert f"{base}/missing?a=1&b=2: the server answered 404 Not Found" in result.stderr
    assert "add: 2 saved, 0 already there, 1 failed" in result.stderr
    conn = sqlite3.connect(build / "news.db")
    assert conn.execute("select publisher, published, published_source from articles order by publisher").fetchall() == [
        ("Harbour Times", "2026-03-04", "html-meta"), ("The Northern Ledger", "2026-02-11", "html-meta"),
    ]
    assert conn.execute("select count(*) from article_authors").fetchone() == (3,)

    again = make("add", f"URL={base}/pages/jsonld.html", f"SEEDS={seeds}", f"BUILD={build}")
    assert "already saved" in again.stdout and len([r for r in received if r[0] == "/pages/jsonld.html"]) == 1
    assert len([r for r in received if r[0] == "/robots.txt"]) == 1  # one site, asked once per run that fetches


def test_make_add_without_an_address_says_what_it_needs(tmp_path):
    result = make("add", f"SEEDS={tmp_path}", f"BUILD={tmp_path / 'build'}", check=False)
    assert result.returncode != 0 and "make add: give URL=" in result.stderr
