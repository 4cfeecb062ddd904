"""Integrity: check a built database the way a careful reader of it would.

    python -m scripts.tools.integrity build/news.db

SQLite's own integrity and foreign-key checks; every stored offset inside
its article's text and pointing at the words stored beside it; every
full-text index in step with its table. Changes nothing. Prints one line per
check and exits 1 if any fails.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

#: Tables whose rows point into an article text: (table, column holding the words or None).
OFFSET_TABLES = {
    "sentences": "text",
    "mentions": "text",
    "country_mentions": "text",
    "quotes": "text",
    "events": "trigger",
}
FIELD_TEXT = "case t.field when 'body' then a.body when 'title' then a.title when 'subtitle' then a.subtitle else a.caption end"


def checks(db: Path) -> list[tuple[str, bool, str]]:
    """(name, passed, detail) for every check."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    results = []
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    results.append(("integrity_check", integrity == ["ok"], "; ".join(integrity[:3])))
    foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    results.append(("foreign_key_check", not foreign, f"{len(foreign)} violations" if foreign else "no violations"))
    tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    for table, words in OFFSET_TABLES.items():
        if table not in tables:
            continue
        rows = conn.execute(f"select count(*) from [{table}]").fetchone()[0]
        bad = conn.execute(
            f"""select count(*) from [{table}] t join articles a on a.id = t.article_id
                where t.start < 0 or t."end" > length({FIELD_TEXT}) or t.start >= t."end"
                   or substr({FIELD_TEXT}, t.start + 1, t."end" - t.start) != t.[{words}]"""
        ).fetchone()[0]
        results.append((f"offsets of {table}", bad == 0, f"{rows} rows, {bad} not pointing at their words"))
    # FTS5's 'integrity-check' command changes nothing but is phrased as an
    # insert, which a read-only connection refuses: run it in a transaction
    # that is rolled back. It checks the index is sound in itself; whether it
    # indexes exactly the table's rows is asked of its docsize table (one row
    # per indexed row: count(*) on an external-content index reads the table).
    checker = sqlite3.connect(db, isolation_level=None)
    for fts in sorted(t for t in tables if t.endswith("_fts")):
        content = fts[: -len("_fts")]
        checker.execute("begin")
        try:
            checker.execute(f"insert into [{fts}]([{fts}]) values ('integrity-check')")
            sound, detail = True, "sound"
        except sqlite3.DatabaseError as error:
            sound, detail = False, str(error)
        finally:
            checker.execute("rollback")
        missing = conn.execute(f"select count(*) from [{content}] where rowid not in (select id from [{fts}_docsize])").fetchone()[0]
        stale = conn.execute(f"select count(*) from [{fts}_docsize] where id not in (select rowid from [{content}])").fetchone()[0]
        rows = conn.execute(f"select count(*) from [{content}]").fetchone()[0]
        results.append((f"full-text index {fts}", sound and not missing and not stale,
                        f"{detail}; {rows} rows, {missing} not indexed, {stale} indexed but gone"))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"integrity: {args.db}: no such database; run `make` first", file=sys.stderr)
        return 1
    results = checks(args.db)
    for name, passed, detail in results:
        print(f"{'ok  ' if passed else 'FAIL'} {name}: {detail}")
    return 0 if all(passed for _, passed, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
