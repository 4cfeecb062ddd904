"""Locustfile: the locust file `make bench-serve` drives the served site with.

Every table page (HTML, JSON and CSV), every canned query with parameters,
the search, and a trivial `select 1` as the yardstick. Each request is named
after its endpoint, so locust reports percentiles per endpoint.
"""

from __future__ import annotations

import os
import random
from urllib.parse import quote

from locust import FastHttpUser, constant, task

DATABASE = os.environ.get("LOADTEST_DATABASE", "news")
TABLES = [t for t in os.environ.get("LOADTEST_TABLES", "").split(",") if t]
#: Parameters that exist in any collection: the most-mentioned person and a
#: word of their name come from the database under test (see scripts/tools/bench.py).
ENTITY = os.environ.get("LOADTEST_ENTITY", "")
WORD = os.environ.get("LOADTEST_WORD", "said")
#: The reader pages with the most on them: the article with most marks, the
#: most-mentioned entity, the event reported by most sources.
READER = {name: os.environ.get(f"LOADTEST_{name.upper()}", "") for name in ("article", "entity_id", "cluster_id")}
QUERIES = {
    "signing_dates": "",
    "who_said_what": "speaker=official",
    "shared_quotes": "min_sources=2",
    "timeline": "type=visit",
    "source_claims": "type=signing",
    "entities_together": f"entity={quote(ENTITY)}",
    "countries_by_sources": "",
    "search": f"q={quote(WORD)}",
}


HEAVY = os.environ.get("LOADTEST_HEAVY") == "1"
HEAVY_SQL = {
    "mentions per article": "select a.id, count(*) as n from articles a join mentions m on m.article_id = a.id group by a.id order by n desc limit 20",
    "events by type and precision": "select e.type, e.date_precision, count(*) from events e join event_entities p on p.event_id = e.id group by 1, 2",
    "sentences like": "select count(*) from sentences where text like '%minister%'",
    "runaway recursive query": "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r",
}


def endpoints() -> list[tuple[str, str]]:
    """(name, path) of every endpoint to drive."""
    base = f"/{DATABASE}"
    found = [("trivial select 1", f"{base}.json?sql=select+1")]
    for table in TABLES:
        found += [(f"table {table}", f"{base}/{table}"), (f"table {table}.json", f"{base}/{table}.json"), (f"table {table}.csv", f"{base}/{table}.csv")]
    for query, params in QUERIES.items():
        found += [(f"query {query}", f"{base}/{query}?{params}"), (f"query {query}.json", f"{base}/{query}.json?{params}")]
    found += [("search articles", f"{base}/articles?_search={quote(WORD)}"), ("search articles.json", f"{base}/articles.json?_search={quote(ENTITY)}")]
    pages = {"article": "articles", "entity_id": "entities", "cluster_id": "event_clusters"}
    found += [(f"reader {pages[name]}", f"{base}/{pages[name]}/{quote(value)}") for name, value in READER.items() if value]
    if HEAVY:
        found += [(f"heavy {name}", f"{base}.json?sql={quote(sql)}") for name, sql in HEAVY_SQL.items()]
        found += [("heavy facets on mentions", f"{base}/mentions?_facet=role&_facet=field&_facet=entity_id")]
    return found


ENDPOINTS = endpoints()
#: The one endpoint whose answer should be an error: the server must stop it, not die of it.
RUNAWAY = "heavy runaway recursive query"


class Reader(FastHttpUser):
    """A reader who never pauses: every request right after the last."""

    wait_time = constant(0)

    @task
    def visit(self) -> None:
        name, path = random.choice(ENDPOINTS)
        if name != RUNAWAY:
            self.client.get(path, name=name)
            return
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code == 400 and "interrupted" in response.text.lower():
                response.success()  # stopped by sql_time_limit_ms, as it should be
            else:
                response.failure(f"runaway query answered {response.status_code}")
