"""The integrity checks pass on a good build and catch each kind of damage."""

import shutil
import sqlite3

import pytest

from scripts.tools import integrity


def failed(db) -> set[str]:
    return {name for name, passed, _ in integrity.checks(db) if not passed}


@pytest.fixture
def damaged(seeds_db, tmp_path):
    """A copy of the seeds database to damage, opened without foreign-key enforcement."""
    copy = tmp_path / "news.db"
    shutil.copy(seeds_db, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    yield copy, conn
    conn.close()


def test_a_good_build_passes(seeds_db):
    assert failed(seeds_db) == set()


@pytest.mark.parametrize("table", ["sentences", "mentions", "country_mentions", "quotes", "events"])
def test_an_offset_that_no_longer_points_at_its_words(damaged, table):
    db, conn = damaged
    conn.execute(f'update [{table}] set start = start + 1 where id = (select min(id) from [{table}])')
    assert failed(db) == {f"offsets of {table}"}


def test_an_offset_past_the_end_of_the_text(damaged):
    db, conn = damaged
    conn.execute('update mentions set "end" = 10000000 where id = 1')
    assert failed(db) == {"offsets of mentions"}


def test_a_dangling_foreign_key(damaged):
    db, conn = damaged
    conn.execute("update quotes set speaker_entity_id = 999999 where id = 1")
    assert failed(db) == {"foreign_key_check"}


def test_a_full_text_index_that_still_holds_a_deleted_row(damaged):
    db, conn = damaged
    conn.execute("drop trigger quotes_ad")  # a delete the index no longer hears of
    conn.execute("delete from quotes where id = (select max(id) from quotes)")
    assert failed(db) == {"full-text index quotes_fts"}


def test_a_full_text_index_that_misses_a_new_row(damaged):
    db, conn = damaged
    conn.execute("drop trigger articles_ai")
    conn.execute("insert into articles (id, file, format, body, word_count, sha256) values ('new', 'new.txt', 'text', 'Unindexed words.', 2, 'x')")
    assert failed(db) == {"full-text index articles_fts"}


def test_the_command_exits_1_on_damage(damaged, capsys):
    db, conn = damaged
    assert integrity.main([str(db)]) == 0
    conn.execute("update events set start = start + 2 where id = 1")
    assert integrity.main([str(db)]) == 1
    assert "FAIL offsets of events" in capsys.readouterr().out
