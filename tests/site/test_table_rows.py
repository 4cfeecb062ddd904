"""The site's results tables (plugins/table_rows.py, templates/query.html and _table.html) hold what Datasette's own templates write."""

import re

import pytest
from datasette.app import Datasette

from scripts.tools import settings


def table_cells(html: str) -> list[list[tuple[str, str]]]:
    """(class, contents) of every cell of the results table, row by row, whitespace between tags ignored."""
    table = re.search(r'<table class="rows-and-columns">(.*?)</table>', html, re.S).group(1)
    return [re.findall(r'<t[hd] ([^>]*)>\s*(.*?)\s*</t[hd]>', row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


@pytest.mark.parametrize("path", [
    "/news/timeline", "/news/who_said_what?speaker=", "/news/signing_dates", "/news/countries_by_sources",
    "/news/articles", "/news/quotes", "/news/entities?_sort=name", "/news.html?sql=select+1+as+a,+'<b>'+as+b,+null+as+c",
])
async def test_every_cell_is_the_one_datasette_writes(seeds_db, metadata, path):
    site = settings.app([seeds_db], metadata)
    stock = Datasette(immutables=[str(seeds_db)], metadata=metadata, settings=settings.read(), plugins_dir=str(settings.PLUGINS))
    ours, theirs = (await site.client.get(path)).text, (await stock.client.get(path)).text
    assert "<tr><td" in ours and "<tr><td" not in theirs  # the rows are written by table_rows.py
    assert table_cells(ours) == table_cells(theirs)
    assert len(table_cells(ours)) > 1
