"""Loadtest: the locust file `make bench-serve` drives the served site with.

Every table page (HTML, JSON and CSV), every canned query with parameters,
the search, and a trivial `select 1` as the yardstick. Each request is named
after its endpoint, so locust reports percentiles per endpoint.
"""

from __future__ import annotations

import os
import random

from locust import FastHttpUser, constant, task

DATABASE = os.environ.get("LOADTEST_DATABASE", "news")
TABLES = [t for t in os.environ.get("LOADTEST_TABLES", "").split(",") if t]
QUERIES = {
    "signing_dates": "",
    "who_said_what": "speaker=official",
    "shared_quotes": "min_sources=2",
    "timeline": "type=visit",
    "source_claims": "type=signing",
    "entities_together": "entity=Trump",
    "countries_by_sources": "",
    "search": "q=signing+ceremony",
}


def endpoints() -> list[tuple[str, str]]:
    """(name, path) of every endpoint to drive."""
    base = f"/{DATABASE}"
    found = [("trivial select 1", f"{base}.json?sql=select+1")]
    for table in TABLES:
        found += [(f"table {table}", f"{base}/{table}"), (f"table {table}.json", f"{base}/{table}.json"), (f"table {table}.csv", f"{base}/{table}.csv")]
    for query, params in QUERIES.items():
        found += [(f"query {query}", f"{base}/{query}?{params}"), (f"query {query}.json", f"{base}/{query}.json?{params}")]
    found += [("search articles", f"{base}/articles?_search=signing+ceremony"), ("search articles.json", f"{base}/articles.json?_search=Tokayev")]
    return found


ENDPOINTS = endpoints()


class Reader(FastHttpUser):
    """A reader who never pauses: every request right after the last."""

    wait_time = constant(0)

    @task
    def visit(self) -> None:
        name, path = random.choice(ENDPOINTS)
        self.client.get(path, name=name)
