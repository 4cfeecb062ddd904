"""One source for every vocabulary: the schema and the site agree with the lists the code reads."""

import re
import sqlite3

import pytest

from scripts.extract import articles, countries, dates, ingest, vocabulary
from scripts.load import articles as article_rows
from scripts.load import database, events

SCHEMA = database.SCHEMA.read_text(encoding="utf-8")


def check_list(table: str, column: str) -> tuple[str, ...]:
    body = re.search(rf"CREATE TABLE {table} \((.*?)\n\);", SCHEMA, re.S).group(1)
    line = next(line for line in body.splitlines() if re.match(rf'\s*"?{column}"?\s', line))
    return tuple(re.findall(r"'([^']*)'", re.search(r"CHECK \(\w+ IN \(([^)]*)\)\)", line).group(1)))


@pytest.mark.parametrize("table, column, values", [
    ("sentences", "field", articles.FIELDS),
    ("mentions", "field", articles.FIELDS),
    ("country_mentions", "field", articles.FIELDS),
    ("quotes", "field", articles.FIELDS),
    ("events", "field", articles.FIELDS),
    ("country_mentions", "via", countries.VIA),
    ("events", "date_precision", dates.PRECISIONS),
    ("events", "date_basis", events.BASES),
    ("event_entities", "role", events.ROLES),
    ("event_clusters", "agreement", events.AGREEMENTS),
    ("articles", "format", (ingest.TEXT, ingest.PAGE)),
    ("articles", "url_source", article_rows.SOURCES),
    ("articles", "published_source", article_rows.SOURCES),
    ("articles", "byline_source", article_rows.SOURCES),
    ("articles", "publisher_source", article_rows.SOURCES[1:]),  # no text names its own publisher
    ("article_authors", "source", article_rows.SOURCES),
])
def test_each_check_list_is_the_codes_list(table, column, values):
    assert check_list(table, column) == tuple(values)


def test_types_are_tables_filled_from_the_data_files(seeds_db):
    conn = sqlite3.connect(seeds_db)
    assert dict(conn.execute("select name, description from entity_types")) == vocabulary.entity_types()
    assert dict(conn.execute("select name, description from event_types")) == vocabulary.event_types()
    for name in ("person", "announcement", "signing"):
        assert name not in SCHEMA  # no copy of a type list in the schema
    assert "REFERENCES entity_types(name)" in SCHEMA and SCHEMA.count("REFERENCES event_types(name)") == 2


def test_a_type_outside_the_data_file_is_refused(seeds_db, tmp_path):
    conn = sqlite3.connect(seeds_db)
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("update events set type = 'coronation' where id = 1")


def test_a_type_added_to_the_data_file_loads(seeds_copy, tmp_path, monkeypatch):
    """A new event type in data/events.yml needs no change to the schema: the loader fills event_types from it."""
    added = {**vocabulary.event_types(), "election": "a vote held or called"}
    monkeypatch.setattr(vocabulary, "event_types", lambda: added)
    from tests.builds import build_database

    db = build_database(seeds_copy, tmp_path / "build")
    conn = sqlite3.connect(db)
    assert ("election",) in conn.execute("select name from event_types").fetchall()


def test_the_dashboard_reads_event_types_from_the_database(metadata):
    event_type = metadata["plugins"]["datasette-dashboards"]["coverage"]["filters"]["event_type"]
    assert "options" not in event_type and "event_types" in event_type["query"]


def test_vocabulary_files_are_consistent():
    assert set(vocabulary.spacy_labels().values()) <= set(vocabulary.entity_types())
    particles = vocabulary.name_particles()
    assert particles.ignored_in_spelling <= particles.all
    words = vocabulary.date_words()
    assert words.modifiers <= set(words.vague)
    assert {unit for unit, _ in words.relative.values()} <= {"day", "week", "weekend", "month", "year"}


def test_every_word_list_holds_words():
    """YAML reads a bare on, off, yes or no as a boolean: every entry of a word list must stay a string."""
    words = vocabulary.date_words()
    lists = [words.vague, words.qualifiers, words.parts_of_day, words.duration_units, words.leading, words.dated_nouns,
             words.range_joins, words.modifiers, words.relative, words.anaphoric, vocabulary.name_particles().all,
             vocabulary.name_particles().byline_cues, vocabulary.entity_types(), vocabulary.event_types(), vocabulary.spacy_labels()]
    for found in lists:
        assert found and all(isinstance(w, str) and w for w in found), found


def test_every_foreign_key_column_leads_an_index():
    """A row page counts the rows of every table pointing at it; a column without an index is a scan of its table."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
    missing = []
    for table in tables:
        leading = {conn.execute(f"pragma index_info([{index[1]}])").fetchone()[2] for index in conn.execute(f"pragma index_list([{table}])")}
        leading |= {r[1] for r in conn.execute(f"pragma table_info([{table}])") if r[5] == 1}  # the first column of the primary key
        missing += [f"{table}.{fk[3]}" for fk in conn.execute(f"pragma foreign_key_list([{table}])") if fk[3] not in leading]
    assert missing == []
