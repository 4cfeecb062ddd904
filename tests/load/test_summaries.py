"""The summary tables (scripts/load/summaries.sql) and the canned queries that read them, against what they replace.

Each summary must hold exactly what the query it replaces computed from the
large tables on every request, and each rewritten canned query must return
the rows the original returned, on the seeds. The originals are kept here.
"""

import shutil
import sqlite3

import pytest
import yaml

from scripts.load import database
from tests.builds import METADATA

QUERIES = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["news"]["queries"]

#: The canned queries as they were before they read summaries and indexes.
ORIGINAL = {
    "timeline": """
        select min(e.date) as date, max(e.date_end) as date_end,
               group_concat(distinct e.date_precision) as precision,
               c.type, c.label as event, c.article_count as sources,
               group_concat(distinct coalesce(a.publisher, a.id)) as sources_named, group_concat(distinct e.article_id) as articles,
               group_concat(distinct e.date_text) as date_words,
               c.agreement as dates_agree, c.id as cluster_id
        from events e
        join event_clusters c on c.id = e.cluster_id
        join articles a on a.id = e.article_id
        where e.date is not null and (:type = '' or e.type = :type)
        group by c.id
        order by date, c.article_count desc""",
    "countries_by_sources": """
        select c.iso3, c.name, c.article_count as sources, c.mention_count as mentions,
               (select group_concat(distinct via) from country_mentions m where m.iso3 = c.iso3) as named_by,
               c.latitude, c.longitude,
               json_object('title', c.name,
                           'description', c.article_count || ' of ' || (select count(*) from articles) || ' articles, ' || c.mention_count || ' mentions: '
                             || (select group_concat(name, ', ') from (select distinct coalesce(a.publisher, a.id) as name from country_mentions m
                                 join articles a on a.id = m.article_id where m.iso3 = c.iso3 order by 1)),
                           'link', '/news/country_mentions?iso3=' || c.iso3) as popup
        from countries c
        order by sources desc, mentions desc, c.name""",
    "who_said_what": """
        select q.id as quote_id,
               coalesce(e.name, q.speaker) as speaker,
               case when q.anonymous = 1 then 'unnamed source' when q.speaker is not null then 'named' else 'not stated' end as speaker_is,
               q.speaker as speaker_as_written, q.cue, q.text as quote, q.via,
               coalesce(a.publisher, a.id) as source, a.id as article_id, a.title
        from quotes q
        join articles a on a.id = q.article_id
        left join entities e on e.id = q.speaker_entity_id
        where :speaker = '' or coalesce(e.name, '') like '%' || :speaker || '%' or coalesce(q.speaker, '') like '%' || :speaker || '%'
        order by speaker_is, coalesce(e.name, q.speaker), a.id, q.start
        limit 200""",
    "shared_quotes": """
        select c.id as cluster_id, c.text as statement, c.article_count as sources,
               group_concat(distinct coalesce(a.publisher, a.id)) as sources_named, group_concat(distinct q.article_id) as articles,
               group_concat(distinct coalesce(e.name, q.speaker)) as speakers,
               max(q.anonymous) as any_unnamed
        from quote_clusters c
        join quotes q on q.cluster_id = c.id
        join articles a on a.id = q.article_id
        left join entities e on e.id = q.speaker_entity_id
        where c.article_count >= coalesce(nullif(:min_sources, ''), 2)
        group by c.id
        order by c.article_count desc, c.id""",
    "source_claims": """
        select coalesce(a.publisher, a.id) as source, a.id as article_id, a.title, e.type, e.trigger, e.tense,
               e.date_text, e.date, e.date_precision, e.date_basis, e.cluster_id, s.text as sentence
        from events e
        join articles a on a.id = e.article_id
        join sentences s on s.id = e.sentence_id
        where e.type = coalesce(nullif(:type, ''), 'signing')
        order by source, a.id, e.field, e.start
        limit 200""",
    "signing_dates": """
        with chosen as (
          select coalesce(
            nullif(:cluster, ''),
            (select id from event_clusters where type = 'signing' order by article_count desc, dated_count desc, id limit 1)
          ) as id
        ),
        ranked as (
          select e.*, row_number() over (
            partition by e.article_id
            order by e.date is null, case e.date_precision when 'day' then 0 when 'week' then 1 when 'month' then 2 when 'year' then 3 else 4 end,
                     e.date_text is null, e.id
          ) as pick
          from events e where e.cluster_id = (select id from chosen)
        )
        select coalesce(a.publisher, a.id) as source, a.id as article_id, a.title, r.date_text, r.date, r.date_end, r.date_precision, r.date_basis,
               (select group_concat(distinct o.date_text) from events o
                 where o.cluster_id = r.cluster_id and o.article_id = r.article_id and o.id != r.id and o.date_text is not null) as also_says,
               r.trigger, s.text as sentence, r.cluster_id
        from ranked r join articles a on a.id = r.article_id join sentences s on s.id = r.sentence_id
        where r.pick = 1
        order by r.date is null, r.date_text is null, source, a.id
        limit 200""",
    "entities_together": """
        select ea.name as entity, ea.type as entity_type, eb.name as with_entity, eb.type as with_type, c.sentences, c.sources
        from co_mentions c join entities ea on ea.id = c.entity_a join entities eb on eb.id = c.entity_b
        where :entity = ''
        union all
        select ea.name, ea.type, eb.name, eb.type, c.sentences, c.sources
        from co_mentions c join entities ea on ea.id = c.entity_a join entities eb on eb.id = c.entity_b
        where :entity != '' and ea.name like '%' || :entity || '%'
        union all
        select eb.name, eb.type, ea.name, ea.type, c.sentences, c.sources
        from co_mentions c join entities ea on ea.id = c.entity_a join entities eb on eb.id = c.entity_b
        where :entity != '' and eb.name like '%' || :entity || '%'
        order by sentences desc, sources desc, entity, with_entity
        limit 200""",
}

PARAMETERS = [
    ("timeline", {"type": ""}), ("timeline", {"type": "visit"}), ("timeline", {"type": "signing"}),
    ("countries_by_sources", {}),
    ("who_said_what", {"speaker": ""}), ("who_said_what", {"speaker": "official"}), ("who_said_what", {"speaker": "Tokayev"}),
    ("who_said_what", {"speaker": "nobody at all"}),
    ("shared_quotes", {"min_sources": ""}), ("shared_quotes", {"min_sources": "1"}), ("shared_quotes", {"min_sources": "3"}),
    ("source_claims", {"type": ""}), ("source_claims", {"type": "visit"}), ("source_claims", {"type": "meeting"}),
    ("entities_together", {"entity": ""}), ("entities_together", {"entity": "Tokayev"}), ("entities_together", {"entity": "Kazakhstan"}),
]


def comparable(rows: list[tuple], columns: list[str]) -> list[tuple]:
    """Rows with every comma-separated list as a set: group_concat's order follows the query plan, its members do not."""
    lists = {"precision", "sources_named", "articles", "date_words", "named_by", "speakers"}
    return [tuple(frozenset(v.split(",")) if c in lists and isinstance(v, str) else v for c, v in zip(columns, row)) for row in rows]


def run(conn: sqlite3.Connection, sql: str, params: dict) -> tuple[list[str], list[tuple]]:
    cursor = conn.execute(sql, params)
    return [d[0] for d in cursor.description], cursor.fetchall()


@pytest.mark.parametrize("query, params", PARAMETERS)
def test_each_rewritten_query_returns_the_rows_of_the_original(seeds_db, query, params):
    conn = sqlite3.connect(seeds_db)
    columns, new = run(conn, QUERIES[query]["sql"], params)
    old_columns, old = run(conn, ORIGINAL[query], params)
    assert columns == old_columns
    assert comparable(new, columns) == comparable(old, columns)


def test_signing_dates_returns_the_rows_of_the_original_for_every_event(seeds_db):
    """Any event can be asked for by its cluster id, not only signings: each gives the rows the original gave."""
    conn = sqlite3.connect(seeds_db)
    clusters = [str(r[0]) for r in conn.execute("select id from event_clusters order by article_count desc, id")]
    assert len(clusters) > 10
    for cluster in clusters:
        columns, new = run(conn, QUERIES["signing_dates"]["sql"], {"cluster": cluster})
        assert new == run(conn, ORIGINAL["signing_dates"], {"cluster": cluster})[1], cluster


def test_the_queries_compared_have_rows_to_compare(seeds_db):
    conn = sqlite3.connect(seeds_db)
    empty = [(q, p) for q, p in PARAMETERS if not conn.execute(ORIGINAL[q], p).fetchall() and "nobody" not in str(p) and p != {"min_sources": "3"}]
    assert empty == []


def test_each_summary_is_what_its_query_computes(seeds_db):
    conn = sqlite3.connect(seeds_db)
    columns, timeline = run(conn, ORIGINAL["timeline"], {"type": ""})
    _, summary = run(conn, f"select {', '.join(columns)} from event_timeline order by date, sources desc", {})
    assert sorted(comparable(summary, columns), key=repr) == sorted(comparable(timeline, columns), key=repr)
    assert conn.execute("select count(*) from event_timeline").fetchone()[0] == conn.execute(
        "select count(distinct cluster_id) from events where date is not null").fetchone()[0]

    named = dict(conn.execute("select iso3, named_by from country_sources"))
    assert named == {iso3: ",".join(sorted(vias.split(","))) for iso3, vias in conn.execute(
        "select iso3, group_concat(distinct via) from country_mentions group by iso3")}
    sources = dict(conn.execute("select iso3, sources_named from country_sources"))
    assert sources == {iso3: ", ".join(sorted(set(names.split("\t")))) for iso3, names in conn.execute(
        "select m.iso3, group_concat(coalesce(a.publisher, a.id), char(9)) from country_mentions m join articles a on a.id = m.article_id group by m.iso3")}
    assert len(sources["KAZ"].split(", ")) == 5

    columns, shared = run(conn, ORIGINAL["shared_quotes"], {"min_sources": "1"})
    _, summary = run(conn, f"select {', '.join(columns)} from quote_statements order by sources desc, cluster_id", {})
    assert comparable(summary, columns) == comparable(shared, columns)

    columns = ["entity_id", "cluster_id", "label", "date", "roles", "sources"]
    _, summary = run(conn, "select * from entity_events order by 1, 2", {})
    _, computed = run(conn, """
        select x.entity_id, c.id, c.label, min(e.date), group_concat(distinct x.role) as roles, count(distinct e.article_id)
        from event_entities x join events e on e.id = x.event_id join event_clusters c on c.id = e.cluster_id
        group by x.entity_id, c.id order by 1, 2""", {})
    lists = [tuple(frozenset(v.split(",")) if c == "roles" else v for c, v in zip(columns, row)) for row in summary]
    assert lists == [tuple(frozenset(v.split(",")) if c == "roles" else v for c, v in zip(columns, row)) for row in computed]

    assert conn.execute("select speaker, quote_count from quote_speakers order by speaker").fetchall() == conn.execute(
        "select speaker, count(*) from quotes where speaker is not null group by speaker order by speaker").fetchall()


def test_summaries_can_be_made_again_on_a_built_database(seeds_db, tmp_path):
    """An incremental loader re-runs summaries.sql after changing the tables: the same rows, not doubled."""
    copy = tmp_path / "news.db"
    shutil.copy(seeds_db, copy)
    conn = sqlite3.connect(copy)
    before = {t: conn.execute(f"select * from {t} order by 1").fetchall() for t in database.summary_tables()}
    conn.executescript(database.SUMMARIES.read_text(encoding="utf-8"))
    assert {t: conn.execute(f"select * from {t} order by 1").fetchall() for t in database.summary_tables()} == before
    conn.execute("delete from event_entities where event_id in (select id from events where cluster_id = (select min(cluster_id) from event_timeline))")
    conn.execute("delete from events where cluster_id = (select min(cluster_id) from event_timeline)")
    conn.executescript(database.SUMMARIES.read_text(encoding="utf-8"))
    assert conn.execute("select count(*) from event_timeline").fetchone()[0] == len(before["event_timeline"]) - 1


def test_the_timeline_lists_the_first_ten_articles_then_how_many_more(seeds_db, tmp_path):
    """An event that many sources date lists ten of them and a count, not every one (a 77 KB cell at 100,000 articles)."""
    copy = tmp_path / "news.db"
    shutil.copy(seeds_db, copy)
    conn = sqlite3.connect(copy)
    cluster, event = conn.execute("select cluster_id, id from events where date is not null order by id limit 1").fetchone()
    columns = [r[1] for r in conn.execute("pragma table_info(events)") if r[1] != "id"]
    article = conn.execute("select * from articles where id = (select article_id from events where id = ?)", (event,)).fetchone()
    names = [r[1] for r in conn.execute("pragma table_info(articles)")]
    for n in range(14):  # fourteen more sources give the same date: copies of the article and of its report
        row = dict(zip(names, article), id=f"zz_copy_{n:02}", file=f"zz_copy_{n:02}.txt")
        conn.execute(f"insert into articles ({', '.join(row)}) values ({', '.join('?' * len(row))})", list(row.values()))
        conn.execute(f"insert into events ({', '.join(columns)}) select {', '.join('?' if c == 'article_id' else c for c in columns)} from events where id = ?",
                     (row["id"], event))
    conn.executescript(database.SUMMARIES.read_text(encoding="utf-8"))
    listed = conn.execute("select articles from event_timeline where cluster_id = ?", (cluster,)).fetchone()[0]
    dating = [r[0] for r in conn.execute("select distinct article_id from events where cluster_id = ? and date is not null order by 1", (cluster,))]
    assert len(dating) > 10
    assert listed == ",".join(dating[:10]) + f",… and {len(dating) - 10} more"
