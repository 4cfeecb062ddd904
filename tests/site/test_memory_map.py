"""The site's connections read the database through mmap (scripts/site/plugins/memory_map.py)."""


async def test_every_connection_maps_the_file(datasette):
    await datasette.invoke_startup()
    mapped = await datasette.get_database("news").execute_fn(lambda conn: conn.execute("pragma mmap_size").fetchone()[0])
    assert mapped > 0
