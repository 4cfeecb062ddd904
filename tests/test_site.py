"""The built database as its users reach it: through Datasette, with metadata.yml."""

import csv
import io
import sqlite3

import pytest
import yaml

from scripts import boilerplate

STATED = "001_832fafafc341e9ad"


async def get_json(datasette, path):
    response = await datasette.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


async def test_articles_table(datasette):
    data = await get_json(datasette, "/news/articles.json?_shape=objects&_size=max")
    rows = {row["id"]: row for row in data["rows"]}
    assert len(rows) == 5
    assert rows[STATED]["published"] == "2025-11-06"
    assert rows[STATED]["published_source"] == "text"
    assert rows[STATED]["published_text"] == "date 2025-11-06"
    assert not rows[STATED]["body"].startswith("date")
    for article_id, row in rows.items():
        if article_id != STATED:
            assert (row["published"], row["published_source"]) == (None, None), article_id
    titled = {article_id: row["title"] for article_id, row in rows.items() if row["title"]}
    assert titled == {
        "003_40ae5ea5e443a550": "Kazakhstan Has Officially Decided To Join Abraham Accords: Trump",
        "004_9d7e763afbfb635a": "Kazakhstan to join 'Abraham Accords', deepen ties with 'Israel'",
    }
    assert rows["004_9d7e763afbfb635a"]["caption"].endswith("(Vladimir Smirnov, Sputnik, Kremlin Pool Photo via AP)")
    assert rows["003_40ae5ea5e443a550"]["subtitle"].startswith("Says a formal signing ceremony")


def _boilerplate_phrases():
    data = yaml.safe_load(boilerplate.DATA_FILE.read_text())
    return data["lines"] + data["line_prefixes"] + data["glued_prefixes"]


async def test_no_boilerplate_left_in_any_body(datasette):
    data = await get_json(datasette, "/news/articles.json?_shape=objects&_col=body&_col=title&_col=caption&_col=subtitle")
    for row in data["rows"]:
        for name in ("body", "title", "subtitle", "caption"):
            lines = (row[name] or "").split("\n")
            for line in lines:
                assert boilerplate.whole_line_rule(line) is None, (row["id"], line)
                assert not boilerplate.is_separator(line) or not line, (row["id"], line)
            assert "[1]" not in (row[name] or "")
        for phrase in ("More Shorts", "Impact Shorts", "Comments are closed", "Read more:", "With inputs from agencies"):
            assert phrase not in row["body"], (row["id"], phrase)


async def test_removed_text_is_kept(datasette):
    data = await get_json(datasette, "/news/boilerplate.json?_shape=array&_size=max")
    removed = {(row["article_id"], row["text"]) for row in data}
    assert ("003_40ae5ea5e443a550", "Comments are closed.") in removed
    assert ("002_a9e363f1bd691638", "More Shorts") in removed
    assert ("000_fee7810e8accf7a7", "[1]") in removed


@pytest.mark.parametrize(
    "query, expected",
    [
        ("signing ceremony", {"000_fee7810e8accf7a7", "003_40ae5ea5e443a550", "004_9d7e763afbfb635a"}),
        ("Tokayev", {"000_fee7810e8accf7a7", "001_832fafafc341e9ad", "002_a9e363f1bd691638", "003_40ae5ea5e443a550", "004_9d7e763afbfb635a"}),
        ("Sputnik", {"004_9d7e763afbfb635a"}),  # captions are searchable
        ('"critical minerals" OR (Rubio", ', set()),  # punctuation in a query is not an error
    ],
)
async def test_search(datasette, query, expected):
    response = await datasette.client.get("/news/articles.json", params={"_search": query, "_shape": "array", "_col": "id"})
    assert response.status_code == 200, response.text[:300]
    assert {row["id"] for row in response.json()} == expected


async def test_csv_download(datasette):
    response = await datasette.client.get("/news/articles.csv?_size=max")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 5
    assert {row["id"] for row in rows} >= {STATED}
    assert next(row for row in rows if row["id"] == STATED)["published"] == "2025-11-06"


async def test_json_of_every_table(datasette, seeds_db):
    tables = [r[0] for r in sqlite3.connect(seeds_db).execute("select name from sqlite_master where type = 'table'")]
    for table in tables:
        response = await datasette.client.get(f"/news/{table}.json")
        assert response.status_code == 200, table


def test_metadata_describes_every_table_and_column(seeds_db, metadata):
    described = metadata["databases"]["news"]["tables"]
    conn = sqlite3.connect(seeds_db)
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")]
    for table in tables:
        assert table in described, f"metadata.yml does not describe table {table}"
        if described[table].get("hidden"):
            assert table.startswith("articles_fts"), table
            continue
        assert described[table].get("description"), table
        columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        missing = [c for c in columns if not described[table].get("columns", {}).get(c)]
        assert not missing, f"metadata.yml: {table} lacks descriptions of {missing}"
        stale = set(described[table].get("columns", {})) - set(columns)
        assert not stale, f"metadata.yml describes columns {table} does not have: {stale}"


async def test_metadata_is_what_datasette_serves(datasette):
    data = await get_json(datasette, "/-/metadata.json")
    assert data["databases"]["news"]["tables"]["articles"]["description"]
    tables = await get_json(datasette, "/news.json")
    hidden = {t["name"] for t in tables["tables"] if t["hidden"]}
    assert "articles_fts" in hidden
