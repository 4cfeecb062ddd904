import json
import sqlite3

import pytest

from scripts.extract import collection as extract
from scripts.load import database as load
from scripts.load.database import LoadError


def build(seeds, tmp_path):
    extract.run(seeds, tmp_path / "articles", tmp_path / "collection.json", jobs=1)
    return load.build(tmp_path / "collection.json", seeds / "manifest.yml", tmp_path / "news.db")


def query(db, sql, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_manifest_fills_what_the_text_does_not_state_and_wins_where_both_do(seeds_copy, tmp_path, capsys):
    stated, unstated = "001_832fafafc341e9ad", "003_40ae5ea5e443a550"
    (seeds_copy / "manifest.yml").write_text(
        f"""
articles:
  {unstated}:
    publisher: {{value: Example Daily, source: masthead of the saved page}}
    published: {{value: 2025-11-07, source: page footer}}
  {stated}:
    published: {{value: 2025-11-05, source: the outlet's archive page}}
  not_an_article:
    publisher: {{value: Nobody, source: nowhere}}
"""
    )
    build(seeds_copy, tmp_path)
    db = tmp_path / "news.db"
    rows = dict((r[0], r[1:]) for r in query(db, "select id, publisher, publisher_source, published, published_source from articles"))
    assert rows[unstated] == ("Example Daily", "manifest", "2025-11-07", "manifest")
    assert rows[stated] == (None, None, "2025-11-05", "manifest")  # curated by a person: it wins, and the load says so
    err = capsys.readouterr().err
    assert f"{stated}.txt: the text states published '2025-11-06'; the manifest's '2025-11-05' is used" in err
    assert "articles.not_an_article: no such article" in err
    assert query(db, "select field, value, source from curation where article_id = ?", unstated) == [
        ("published", "2025-11-07", "page footer"),
        ("publisher", "Example Daily", "masthead of the saved page"),
    ]


def test_rejected_files_are_listed(seeds_copy, tmp_path):
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "copy.txt").write_bytes((seeds_copy / "000_fee7810e8accf7a7.txt").read_bytes())
    counts = build(seeds_copy, tmp_path)
    assert counts["articles"] == 5
    assert query(tmp_path / "news.db", "select file, reason from ingest_errors order by file") == [
        ("copy.txt", "same content as 000_fee7810e8accf7a7.txt"),
        ("empty.txt", "empty file"),
    ]


@pytest.mark.parametrize("full", [True, False])
def test_a_failed_load_leaves_the_previous_database(seeds_copy, tmp_path, full):
    build(seeds_copy, tmp_path)
    db = tmp_path / "news.db"
    index = json.loads((tmp_path / "collection.json").read_text())
    damaged = tmp_path / "articles" / index["articles"][2]["json"]
    damaged.write_text("{}")
    if not full:  # an incremental load reads the files of the articles that changed only: say this one did
        with sqlite3.connect(db) as conn:
            conn.execute("update load_inputs set sha256 = 'before' where input = ?", ("article:" + index["articles"][2]["id"],))
        conn.close()
    before = db.read_bytes()
    with pytest.raises(LoadError, match=f"{damaged}: changed or damaged since extraction"):
        load.build(tmp_path / "collection.json", seeds_copy / "manifest.yml", db, full=full)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_integrity(seeds_db):
    assert query(seeds_db, "pragma integrity_check") == [("ok",)]
    assert query(seeds_db, "pragma foreign_key_check") == []
    # every sentence is exactly the text its offsets point at
    bad = query(
        seeds_db,
        """select s.id from sentences s join articles a on a.id = s.article_id
           where substr(case s.field when 'body' then a.body when 'title' then a.title
                        when 'subtitle' then a.subtitle else a.caption end, s.start + 1, s."end" - s.start) != s.text""",
    )
    assert bad == []


def test_statements_of_a_derived_tables_file():
    sql = """-- a summary, rebuilt whole
DELETE FROM summary;
INSERT INTO summary (id, n)
  SELECT id, count(*) FROM t GROUP BY id;  -- one row per id
CREATE TRIGGER keep AFTER INSERT ON t BEGIN
  UPDATE summary SET n = n + 1 WHERE id = new.id;
END;
"""
    found = load.statements(sql)
    assert len(found) == 3
    assert found[0].endswith("DELETE FROM summary;") and found[2].startswith("CREATE TRIGGER") and found[2].endswith("END;")
    with pytest.raises(LoadError, match="does not end"):
        load.statements("DELETE FROM summary")
