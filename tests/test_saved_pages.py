"""A collection of text files and saved web pages, built and served: metadata, authors and sources by name."""

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from scripts.tools import settings
from tests.builds import SEEDS, build_database

PAGES = Path(__file__).parent / "extract" / "pages"
EXPECTED = yaml.safe_load((PAGES / "expected.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("mixed") / "seeds"
    shutil.copytree(SEEDS, seeds)
    for page in PAGES.glob("*.html"):
        shutil.copy(page, seeds / page.name)
    (seeds / "manifest.yml").write_text(
        (SEEDS / "manifest.yml").read_text(encoding="utf-8").replace(
            "articles: {}",
            "articles:\n  opengraph:\n    byline: {value: Priya Raman; Joel Sten, source: the outlet's corrections page}\n",
        ),
        encoding="utf-8",
    )
    return build_database(seeds, seeds.parent / "build")


def rows(db, sql, *params):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return [dict(r) for r in conn.execute(sql, params)]


def test_each_page_is_an_article_with_its_metadata_and_where_it_came_from(mixed_db):
    found = {r["id"]: r for r in rows(mixed_db, "select * from articles where format = 'html'")}
    loaded = {name[:-5] for name, e in EXPECTED.items() if not e.get("rejected")}
    assert set(found) == loaded
    for article_id in loaded:
        row, expected = found[article_id], EXPECTED[f"{article_id}.html"]
        assert (row["publisher"], row["publisher_source"]) == (expected["publisher"], "html-meta")
        assert (row["published"], row["published_source"]) == (expected["published"], expected["published_source"])
        assert (row["title"], row["url"], row["language"]) == (expected["title"], expected["url"], expected["language"])
        assert row["url_source"] == ("html-meta" if expected["url"] else None)
    assert {r["format"] for r in rows(mixed_db, "select format from articles where file like '%.txt'")} == {"text"}


def test_pages_without_an_article_are_ingest_errors_with_their_reason(mixed_db):
    errors = {r["file"]: r["reason"] for r in rows(mixed_db, "select * from ingest_errors")}
    assert errors["no_article.html"] == "the page holds no article text (only menus, links or site chrome)"
    assert errors["not_html.html"].startswith("named like a web page but holds no HTML markup")
    assert len(errors) == 2


def test_who_wrote_what(mixed_db):
    written = rows(mixed_db, """select a.article_id, w.name, a.position, a.source from article_authors a
                                join authors w on w.id = a.author_id order by a.article_id, a.position""")
    by_article = {}
    for r in written:
        by_article.setdefault(r["article_id"], []).append((r["name"], r["source"]))
    assert by_article["jsonld"] == [("Lena Marsh", "html-meta"), ("Tomasz Wieczorek", "html-meta")]
    assert by_article["opengraph"] == [("Priya Raman", "manifest"), ("Joel Sten", "manifest")]  # the manifest wins
    for name, expected in EXPECTED.items():
        if not expected.get("rejected") and name != "opengraph.html":
            assert [n for n, _ in by_article[name[:-5]]] == expected["authors"]
    priya = rows(mixed_db, "select count(*) as n from authors where name = 'Priya Raman'")
    assert priya == [{"n": 1}]


@pytest.fixture
def mixed_site(mixed_db, metadata):
    return settings.app([mixed_db], metadata)


async def test_queries_and_the_dashboard_name_each_source_by_its_publisher(mixed_site, mixed_db):
    publishers = {r["id"]: r["publisher"] or r["id"] for r in rows(mixed_db, "select id, publisher from articles")}
    response = await mixed_site.client.get("/news/who_said_what.json", params={"_shape": "array"})
    said = response.json()
    assert {r["source"] for r in said} == {publishers[r["article_id"]] for r in said}
    assert "Harbour Times" in {r["source"] for r in said}  # a publisher, where the page names one
    assert "001_832fafafc341e9ad" in {r["source"] for r in said}  # the id, where nothing names one
    response = await mixed_site.client.get("/news/countries_by_sources.json", params={"_shape": "array"})
    assert any("Alpine Wire" in r["popup"] for r in response.json() if r["iso3"] == "CHE")  # the Zürich story
    filters = await mixed_site.client.get("/-/dashboards/coverage")
    assert filters.status_code == 200 and "Meridian Post" in filters.text
