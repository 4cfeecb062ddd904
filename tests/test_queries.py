"""Every canned query of metadata.yml, run through Datasette on the seeds, against what a reader of them expects.

Expected rows come from the hand annotation of the seeds
(tests/annotations/seeds.yml) or from the tables the query summarises,
so a query that drops, doubles or mislabels rows fails here.
"""

from collections import Counter
from pathlib import Path

import pytest
import yaml

GOLD = yaml.safe_load((Path(__file__).parent / "annotations" / "seeds.yml").read_text(encoding="utf-8"))["articles"]
TESTED = {"signing_dates", "who_said_what", "shared_quotes", "timeline", "source_claims", "entities_together", "countries_by_sources", "search"}


async def rows_of(datasette, query: str, **params) -> list[dict]:
    response = await datasette.client.get(f"/news/{query}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, (query, response.text[:300])
    return response.json()


def test_every_canned_query_is_tested_here(metadata):
    assert set(metadata["databases"]["news"]["queries"]) == TESTED
    # test_site.py checks signing_dates row by row


async def test_who_said_what_lists_the_unnamed_officials_of_the_annotation(datasette):
    rows = await rows_of(datasette, "who_said_what", speaker="official")
    gold = Counter(
        (article_id, q["text"]) for article_id, a in GOLD.items() for q in a.get("quotes") or []
        if q["anonymous"] and "official" in q["speaker"].lower()
    )
    assert Counter((row["article_id"], row["quote"]) for row in rows) == gold
    assert {row["speaker_is"] for row in rows} == {"unnamed source"}


async def test_who_said_what_without_a_speaker_lists_every_quote(datasette):
    rows = await rows_of(datasette, "who_said_what")
    assert len(rows) == sum(len(a.get("quotes") or []) for a in GOLD.values())
    persons = {p for a in GOLD.values() for p in a["persons"]}
    named = {row["speaker"] for row in rows if row["speaker_is"] == "named"}
    gold_named = {q["speaker_entity"] for a in GOLD.values() for q in a.get("quotes") or [] if q.get("speaker_entity")}
    assert named & persons == gold_named & persons  # the people quoted; a government speaks as its country here


async def test_shared_quotes_is_the_one_statement_two_sources_carry(datasette):
    rows = await rows_of(datasette, "shared_quotes")
    assert len(rows) == 1
    (row,) = rows
    assert row["sources"] == 2 and row["any_unnamed"] == 1
    assert set(row["articles"].split(",")) == {"000_fee7810e8accf7a7", "004_9d7e763afbfb635a"}
    assert "club that many countries" in row["statement"]
    assert await rows_of(datasette, "shared_quotes", min_sources="3") == []


async def test_timeline_of_visits_in_date_order_with_the_sources_that_agree(datasette):
    rows = await rows_of(datasette, "timeline", type="visit")
    assert {row["type"] for row in rows} == {"visit"}
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    crown_prince = [row for row in rows if row["date"] == "2025-11-18"]
    assert len(crown_prince) == 1
    assert set(crown_prince[0]["articles"].split(",")) == {"002_a9e363f1bd691638", "004_9d7e763afbfb635a"}
    assert crown_prince[0]["dates_agree"] == "agree" and crown_prince[0]["date_words"] == "November 18"
    everything = await rows_of(datasette, "timeline")
    assert len(everything) > len(rows) and all(row["date"] for row in everything)


async def test_source_claims_quotes_each_sentence(datasette):
    rows = await rows_of(datasette, "source_claims", type="visit")
    assert rows and {row["type"] for row in rows} == {"visit"}
    for row in rows:
        assert row["trigger"].lower() in row["sentence"].lower()
        if row["date_text"]:
            assert row["date_text"] in row["sentence"]
    dated = {(row["article_id"], row["date"]) for row in rows if row["date"]}
    assert {("002_a9e363f1bd691638", "2025-11-18"), ("004_9d7e763afbfb635a", "2025-11-18")} <= dated
    default = await rows_of(datasette, "source_claims")
    assert default and {row["type"] for row in default} == {"signing"}


async def test_entities_together_counts_the_sentences_that_name_both(datasette):
    rows = await rows_of(datasette, "entities_together", entity="Tokayev")
    assert rows and {row["entity"] for row in rows} == {"Kassym-Jomart Tokayev"}
    assert [row["sentences"] for row in rows] == sorted((row["sentences"] for row in rows), reverse=True)
    top = rows[0]
    counted = await datasette.client.get("/news.json", params={"_shape": "array", "sql": """
        select count(distinct a.sentence_id) as sentences, count(distinct a.article_id) as sources
        from mentions a join mentions b on b.sentence_id = a.sentence_id
        join entities ea on ea.id = a.entity_id join entities eb on eb.id = b.entity_id
        where ea.name = :a and eb.name = :b""", "a": top["entity"], "b": top["with_entity"]})
    assert counted.json() == [{"sentences": top["sentences"], "sources": top["sources"]}]


async def test_countries_by_sources_counts_the_sources_of_the_annotation(datasette):
    rows = await rows_of(datasette, "countries_by_sources")
    gold = Counter(iso3 for a in GOLD.values() for iso3 in set(a["countries"]))
    assert {row["iso3"]: row["sources"] for row in rows} == dict(gold)
    assert all(row["latitude"] is not None and row["longitude"] is not None for row in rows)


@pytest.mark.parametrize("q, expected", [
    ("signing ceremony", {"000_fee7810e8accf7a7", "003_40ae5ea5e443a550", "004_9d7e763afbfb635a"}),
    ("", set()),
    ('"unclosed', set()),
])
async def test_search_finds_articles_and_quotes_and_guards_its_input(datasette, q, expected):
    rows = await rows_of(datasette, "search", q=q)
    assert {row["article_id"] for row in rows} == expected
    for row in rows:
        assert "**" in row["snippet"]
