"""The built database as its users reach it: through Datasette, with metadata.yml."""

import csv
import io
import sqlite3
from pathlib import Path

import pytest
import yaml

from scripts.extract import boilerplate

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
            assert "_fts" in table, table  # only full-text index tables are hidden
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


async def test_one_entity_per_person_and_no_misfiled_types(datasette):
    people = await get_json(datasette, "/news/entities.json?type=person&_shape=array&_size=max")
    names = {row["name"] for row in people}
    surnames = {name.split()[-1] for name in names if " " in name}
    assert not (names & surnames), "a surname alone beside the full name"
    assert {"Donald Trump", "Kassym-Jomart Tokayev", "Steve Witkoff"} <= names
    for not_a_person in ("Abraham Accords", "Sputnik", "Axios", "Reuters", "Associated Press", "AP"):
        assert not_a_person not in names
    accords = await get_json(datasette, "/news/entities.json?name=Abraham+Accords&_shape=array")
    assert [row["type"] for row in accords] == ["agreement"]


async def test_entity_rows_link_to_their_mentions(datasette):
    [trump] = await get_json(datasette, "/news/entities.json?name=Donald+Trump&_shape=array")
    mentions = await get_json(datasette, f"/news/mentions.json?entity_id={trump['id']}&_shape=array&_size=max&_labels=on")
    assert len(mentions) == trump["mention_count"]
    assert len({m["article_id"]["value"] for m in mentions}) == trump["article_count"] == 5
    assert {"Donald Trump", "Trump"} <= {m["text"] for m in mentions}
    page = await datasette.client.get(f"/news/entities/{trump['id']}")
    assert page.status_code == 200
    assert f'href="/news/mentions?entity_id={trump["id"]}"' in page.text  # the row page links to every mention
    assert f"{trump['mention_count']} rows" in page.text


async def test_mentions_point_at_their_words(datasette, seeds_db):
    conn = sqlite3.connect(seeds_db)
    for table in ("mentions", "country_mentions"):
        bad = conn.execute(
            f"""select t.id from {table} t join articles a on a.id = t.article_id
                where substr(case t.field when 'body' then a.body when 'title' then a.title
                             when 'subtitle' then a.subtitle else a.caption end, t.start + 1, t."end" - t.start) != t.text"""
        ).fetchall()
        assert bad == [], table
        outside = conn.execute(
            f"""select t.id from {table} t join sentences s on s.id = t.sentence_id
                where s.article_id != t.article_id or s.field != t.field or t.start < s.start or t."end" > s."end" """
        ).fetchall()
        assert outside == [], table


async def test_countries_table_maps(datasette):
    rows = await get_json(datasette, "/news/countries.json?_shape=array&_size=max")
    by_code = {row["iso3"]: row for row in rows}
    assert by_code["KAZ"]["article_count"] == 5
    assert all(row["latitude"] is not None and row["longitude"] is not None for row in rows)
    via = await get_json(datasette, "/news/country_mentions.json?_shape=array&_size=max&_col=via&_col=text")
    assert {"name", "short name", "demonym", "capital"} <= {row["via"] for row in via}


async def test_signing_dates_names_the_sources_and_their_words(datasette):
    rows = await get_json(datasette, "/news/signing_dates.json?_shape=array")
    assert rows, "the default signing cluster is empty"
    by_article = {row["article_id"]: row for row in rows}
    assert len(by_article) == len(rows)  # one row per source
    dated = [row for row in rows if row["date"]]
    assert [row["article_id"] for row in rows[: len(dated)]] == [row["article_id"] for row in dated]  # dated sources first
    assert (dated[0]["article_id"], dated[0]["date_text"], dated[0]["date"], dated[0]["date_precision"], dated[0]["date_basis"]) == (
        "003_40ae5ea5e443a550", "later this month", "2025-11-01", "month", "reference_date"
    )
    assert "soon" in (dated[0]["also_says"] or "")
    assert {"000_fee7810e8accf7a7", "003_40ae5ea5e443a550", "004_9d7e763afbfb635a"} <= set(by_article)
    for row in rows:
        assert row["sentence"]
    # other signings the stories mention in passing are other clusters
    assert not any("2021" in (row["date"] or "") for row in rows)
    with_parameter = await datasette.client.get("/news/signing_dates.json", params={"cluster": "", "_shape": "array"})
    assert with_parameter.json() == rows


async def test_the_crown_prince_visit_resolves_to_november_18(datasette):
    rows = await get_json(
        datasette,
        "/news.json?_shape=array&sql=" + "select e.article_id, e.date, e.date_basis from events e join sentences s on s.id = e.sentence_id "
        "where e.date_text = 'November 18' and s.text like '%Crown Prince%'",
    )
    assert len({row["article_id"] for row in rows}) == 3
    assert {row["date"] for row in rows} == {"2025-11-18"}
    assert {row["date_basis"] for row in rows} == {"reference_date"}


async def test_quotes_link_speakers_and_flag_anonymous_sources(datasette):
    rows = await get_json(datasette, "/news/quotes.json?_shape=array&_size=max&_labels=on")
    assert rows
    for row in rows:
        if row["speaker"] and any(word in row["speaker"].lower() for word in ("official", "source")):
            assert row["anonymous"] == 1 and row["speaker_entity_id"] is None, row
    named = {row["speaker_entity_id"]["label"] for row in rows if row["speaker_entity_id"]}
    assert {"Donald Trump", "Steve Witkoff", "Marco Rubio"} <= named
    carried = await get_json(datasette, "/news/quote_clusters.json?_shape=array&article_count__gt=1")
    assert any("club that many countries" in row["text"] for row in carried)


def _without_filters(sql: str) -> str:
    """A dashboard query as it runs with no filter chosen: its [[ … ]] parts left out."""
    import re

    return re.sub(r"\[\[.*?\]\]", "", sql, flags=re.S)


async def test_every_dashboard_query_runs(datasette, metadata):
    charts = metadata["plugins"]["datasette-dashboards"]["coverage"]["charts"]
    for name, chart in charts.items():
        response = await datasette.client.get("/news.json", params={"sql": _without_filters(chart["query"]), "_shape": "array"})
        assert response.status_code == 200, (name, response.text[:300])
        rows = response.json()
        assert rows, name
        if chart["library"] == "metric":
            assert rows[0][chart["display"]["field"]] is not None, name
    figures = {}
    for name in ("articles", "quotes", "anonymous"):
        response = await datasette.client.get("/news.json", params={"sql": _without_filters(charts[name]["query"]), "_shape": "array"})
        figures[name] = list(response.json()[0].values())[0]
    gold = yaml.safe_load((Path(__file__).parent / "annotations" / "seeds.yml").read_text())["articles"]
    quotes = [q for article in gold.values() for q in article.get("quotes") or []]
    unnamed = sum(1 for q in quotes if q["anonymous"])
    assert figures == {"articles": 5, "quotes": len(quotes), "anonymous": round(100 * unnamed / len(quotes))}
