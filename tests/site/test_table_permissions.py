"""Table permissions are worked out once per table (scripts/site/plugins/table_permissions.py), with the answers Datasette gives."""

import copy

from datasette.app import Datasette

from scripts.tools import settings


async def test_every_table_gets_the_answer_datasette_works_out(datasette, seeds_db):
    await datasette.invoke_startup()
    original = Datasette._table_permission_allows.__globals__["_ORIGINAL"]
    for table in await datasette.get_database("news").table_names():
        assert datasette._table_permission_allows("news", table) == original(datasette, "news", table), table
        assert (await datasette.client.get(f"/news/{table}.json")).status_code == 200, table


async def test_a_table_closed_in_other_metadata_stays_closed(datasette, seeds_db, metadata):
    await datasette.invoke_startup()
    assert (await datasette.client.get("/news/quotes.json")).status_code == 200  # kept for the open site
    closed = copy.deepcopy(metadata)
    closed["databases"]["news"]["tables"]["quotes"]["allow"] = False
    site = settings.app([seeds_db], closed)
    assert (await site.client.get("/news/quotes.json")).status_code == 403
    assert (await site.client.get("/news/articles.json")).status_code == 200
