"""Endpoints: every address the load tests drive, named after what it is, so percentiles are reported per endpoint.

Every table page (HTML, JSON and CSV), every canned query with parameters,
the search, the reader pages with the most on them, and a trivial
`select 1` as the yardstick; with `heavy`, heavy and runaway SQL (the soak).
Both load generators read this one list: the closed loop
(scripts/tools/locustfile.py) and the open loop (scripts/tools/openloop.py).
The parameters come from the database under test through the environment
(see scripts/tools/bench.py), so they exist in any collection.
"""

from __future__ import annotations

import os
from urllib.parse import quote

#: The endpoint every other is compared with.
TRIVIAL = "trivial select 1"
#: The one endpoint whose answer should be an error: the server must stop it, not die of it.
RUNAWAY = "heavy runaway recursive query"

HEAVY_SQL = {
    "mentions per article": "select a.id, count(*) as n from articles a join mentions m on m.article_id = a.id group by a.id order by n desc limit 20",
    "events by type and precision": "select e.type, e.date_precision, count(*) from events e join event_entities p on p.event_id = e.id group by 1, 2",
    "sentences like": "select count(*) from sentences where text like '%minister%'",
    "runaway recursive query": "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r",
}
#: The reader pages: the article with most marks, the most-mentioned entity, the event reported by most sources.
READER_TABLES = {"article": "articles", "entity_id": "entities", "cluster_id": "event_clusters"}


def queries(entity: str, word: str) -> dict[str, str]:
    """Each canned query with the parameters it is driven with."""
    return {
        "signing_dates": "",
        "who_said_what": "speaker=official",
        "shared_quotes": "min_sources=2",
        "timeline": "type=visit",
        "source_claims": "type=signing",
        "entities_together": f"entity={quote(entity)}",
        "countries_by_sources": "",
        "search": f"q={quote(word)}",
    }


def endpoints(tables: list[str], entity: str = "", word: str = "said", reader: dict[str, str] | None = None,
              heavy: bool = False, database: str = "news") -> list[tuple[str, str]]:
    """(name, path) of every endpoint to drive."""
    base = f"/{database}"
    found = [(TRIVIAL, f"{base}.json?sql=select+1")]
    for table in tables:
        found += [(f"table {table}", f"{base}/{table}"), (f"table {table}.json", f"{base}/{table}.json"), (f"table {table}.csv", f"{base}/{table}.csv")]
    for query, params in queries(entity, word).items():
        found += [(f"query {query}", f"{base}/{query}?{params}"), (f"query {query}.json", f"{base}/{query}.json?{params}")]
    found += [("search articles", f"{base}/articles?_search={quote(word)}"), ("search articles.json", f"{base}/articles.json?_search={quote(entity)}")]
    found += [(f"reader {READER_TABLES[name]}", f"{base}/{READER_TABLES[name]}/{quote(value)}") for name, value in (reader or {}).items() if value]
    if heavy:
        found += [(f"heavy {name}", f"{base}.json?sql={quote(sql)}") for name, sql in HEAVY_SQL.items()]
        found += [("heavy facets on mentions", f"{base}/mentions?_facet=role&_facet=field&_facet=entity_id")]
    return found


def environment(tables: list[str], entity: str, word: str, reader: dict[str, str], heavy: bool = False) -> dict[str, str]:
    """The environment variables that hand these parameters to a load generator."""
    return {"LOADTEST_TABLES": ",".join(tables), "LOADTEST_HEAVY": "1" if heavy else "", "LOADTEST_ENTITY": entity,
            "LOADTEST_WORD": word, **{f"LOADTEST_{name.upper()}": value for name, value in reader.items()}}


def from_environment() -> list[tuple[str, str]]:
    """The endpoints a load generator was handed through the environment."""
    return endpoints(
        tables=[t for t in os.environ.get("LOADTEST_TABLES", "").split(",") if t],
        entity=os.environ.get("LOADTEST_ENTITY", ""),
        word=os.environ.get("LOADTEST_WORD", "said"),
        reader={name: os.environ.get(f"LOADTEST_{name.upper()}", "") for name in READER_TABLES},
        heavy=os.environ.get("LOADTEST_HEAVY") == "1",
        database=os.environ.get("LOADTEST_DATABASE", "news"),
    )
