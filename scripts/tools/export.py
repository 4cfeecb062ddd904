"""Export: a canned query of metadata.yml, run with its default parameters, as CSV or JSON.

    python -m scripts.tools.export build/news.db metadata.yml QUERY (--csv | --json) > file

Tables are extracted by csvkit's sql2csv and sqlite-utils (see the
Makefile); a canned query has named parameters, which neither binds, so it
runs here with each parameter empty — the same as opening it on the site
without parameters — and Datasette's own SQL functions (escape_fts).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sqlite3
import sys
from pathlib import Path

import yaml
from datasette.utils import escape_fts


def canned(metadata: Path, name: str, database: str = "news") -> str:
    queries = yaml.safe_load(metadata.read_text(encoding="utf-8"))["databases"][database].get("queries", {})
    if name not in queries:
        raise SystemExit(f"export: {metadata}: no canned query {name!r}; there are {', '.join(sorted(queries))}")
    query = queries[name]
    return query["sql"] if isinstance(query, dict) else query


def run(db: Path, sql: str) -> tuple[list[str], list[tuple]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.create_function("escape_fts", 1, escape_fts)
    params = {name: "" for name in re.findall(r"(?<!:):(\w+)", sql)}
    cursor = conn.execute(sql, params)
    return [c[0] for c in cursor.description], cursor.fetchall()


def write_csv(columns: list[str], rows: list[tuple], out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)


def write_json(columns: list[str], rows: list[tuple], out) -> None:
    json.dump([dict(zip(columns, row)) for row in rows], out, ensure_ascii=False, indent=1)
    out.write("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("metadata", type=Path)
    parser.add_argument("query")
    form = parser.add_mutually_exclusive_group(required=True)
    form.add_argument("--csv", action="store_true")
    form.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    columns, rows = run(args.db, canned(args.metadata, args.query))
    (write_csv if args.csv else write_json)(columns, rows, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
