"""Memory map: every connection reads the database file through mmap, not read().

SQLite's own page cache holds 2 MB per connection, so a query that touches
tens of thousands of rows of a 1.7 GB file (a table search of a common name:
23,000 articles at 100,000) copied each page out of the operating system's
cache with a system call, again on every request. Mapped, the pages are read
where the kernel keeps them, shared by every connection and every worker
process; the file is immutable, so nothing is ever written through the map.
Measured at 100,000 articles: the count of a search's matches 60 → 23 ms, its
facet 60 → 25 ms.
"""

from datasette import hookimpl

#: SQLite's ceiling on the map (SQLITE_MAX_MMAP_SIZE, 2 GB in its default build); a larger file is mapped that far and read beyond.
MMAP_BYTES = 2**31


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
