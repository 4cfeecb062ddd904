"""The synthetic corpus of `make bench-serve`: deterministic, loadable by the real loader, and news-like as it grows."""

import json
import sqlite3
from collections import Counter

import pytest

from scripts.load import database
from scripts.tools import integrity, synthetic


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """200 synthetic articles, loaded by the real loader."""
    folder = tmp_path_factory.mktemp("synthetic")
    index = synthetic.write(200, folder)
    db = folder / "news.db"
    database.build(index, folder / "manifest.yml", db)
    return folder, db


def persons(n: int) -> Counter:
    """How often each person is named in the N-article corpus."""
    return Counter(m["name"] for i in range(n) for m in synthetic.record(i, n)["mentions"] if m["type"] == "person")


def test_the_same_n_and_seed_write_the_same_bytes_whatever_the_jobs(tmp_path, monkeypatch):
    monkeypatch.setattr(synthetic, "CHUNK", 7)
    one, two = synthetic.write(30, tmp_path / "one", jobs=1), synthetic.write(30, tmp_path / "two", jobs=2)
    assert one.read_bytes() == two.read_bytes()
    files = sorted(p.name for p in (tmp_path / "one" / "articles").iterdir())
    assert len(files) == 30
    assert all((tmp_path / "one" / "articles" / f).read_bytes() == (tmp_path / "two" / "articles" / f).read_bytes() for f in files)
    assert synthetic.record(3, 30, seed=1) != synthetic.record(3, 30, seed=0)


def test_a_folder_already_written_is_kept(tmp_path):
    index = synthetic.write(5, tmp_path)
    before = index.stat().st_mtime_ns
    assert synthetic.write(5, tmp_path) == index and index.stat().st_mtime_ns == before
    synthetic.write(6, tmp_path)
    assert len(json.loads(index.read_text())["articles"]) == 6


def test_the_loader_takes_it_and_every_offset_points_at_its_words(loaded):
    _, db = loaded
    failed = [(name, detail) for name, passed, detail in integrity.checks(db) if not passed]
    assert failed == []
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 200
    for table in ("mentions", "country_mentions", "quotes", "events", "event_entities", "co_mentions", "article_authors"):
        assert conn.execute(f"select count(*) from {table}").fetchone()[0] > 200, table


def test_events_fall_into_clusters_several_sources_report(loaded):
    _, db = loaded
    conn = sqlite3.connect(db)
    events, clusters, shared = conn.execute(
        "select (select count(*) from events), count(*), sum(article_count >= 2) from event_clusters").fetchone()
    assert 200 // synthetic.EVENTS_PER <= clusters < events / 5
    assert shared >= clusters / 2
    # every source's report of one real event has its date: a cluster's sources agree
    assert conn.execute("select count(*) from event_clusters where agreement = 'disagree'").fetchone()[0] == 0


def test_most_quotes_are_unique_and_a_few_are_carried_by_several_sources(loaded):
    _, db = loaded
    conn = sqlite3.connect(db)
    quotes, clusters, shared = conn.execute(
        "select (select count(*) from quotes), count(*), sum(article_count >= 2) from quote_clusters").fetchone()
    assert clusters > 0.8 * quotes
    assert 0 < shared < 0.1 * clusters


def test_distinct_names_grow_with_the_corpus_while_a_few_are_everywhere():
    small, large = persons(200), persons(2000)
    assert 3 * len(small) < len(large) < 10 * len(small)  # sublinear growth of the cast, as in Heaps' law
    counts = sorted(large.values(), reverse=True)
    assert counts[0] > 20 * counts[len(counts) // 2]  # a long tail under a few names everyone mentions
    assert sum(c == 1 for c in counts) > len(counts) / 3  # most names are rare


def test_zipf_ranks_are_mostly_small_and_unbounded():
    from random import Random

    rng = Random(0)
    ranks = [synthetic.zipf(rng, synthetic.PEOPLE) for _ in range(5000)]
    assert sum(r <= 10 for r in ranks) > 10 * sum(1000 < r <= 1010 for r in ranks)
    assert sum(r <= 10 for r in ranks) > 0.1 * len(ranks) and max(ranks) > 1000
    assert all(synthetic.zipf(rng, synthetic.EVENTS, 50) <= 50 for _ in range(1000))


def test_made_up_names_are_one_per_rank_and_survive_the_loaders_spelling_key():
    from scripts.load.entities import name_key

    names = [synthetic.person(rank) for rank in range(1, 5000)]
    assert len({name_key(n) for n in names}) == len(names)
