-- Summaries: fill the summary tables of schema.sql from the tables the loader
-- wrote. Run at the end of every load (scripts/load/database.py); it reads
-- only the database, so it can be run again on its own after the tables
-- change (an incremental load):  sqlite3 build/news.db < scripts/load/summaries.sql
-- Each block computes what the canned query it serves (metadata.yml) used
-- to compute on every request; tests/load/test_summaries.py checks that.

DELETE FROM event_timeline;
INSERT INTO event_timeline
select cluster_id, min(date), max(date_end), group_concat(distinct date_precision), type, label, article_count,
       group_concat(distinct source),
       -- the first ten articles, then how many more: an event 7,000 sources date made a cell of 77 KB
       group_concat(distinct case when article_rank <= 10 then article_id end)
         || case when max(article_rank) > 10 then ',… and ' || (max(article_rank) - 10) || ' more' else '' end,
       group_concat(distinct date_text), agreement
from (select c.id as cluster_id, e.date, e.date_end, e.date_precision, c.type, c.label, c.article_count,
             coalesce(a.publisher, a.id) as source, e.article_id, e.date_text, c.agreement,
             dense_rank() over (partition by c.id order by e.article_id) as article_rank
      from events e
      join event_clusters c on c.id = e.cluster_id
      join articles a on a.id = e.article_id
      where e.date is not null
      -- the lists in article order, then the text's: the same after a full or an incremental load
      order by c.id, e.article_id, e.id)
group by cluster_id;

DELETE FROM country_sources;
INSERT INTO country_sources
select c.iso3,
       (select group_concat(distinct via) from (select via from country_mentions m where m.iso3 = c.iso3 order by via)),
       -- the first ten in alphabetical order, then how many more: a map popup, not a list of every outlet
       (select group_concat(case when n <= 10 then name end, ', ')
               || case when count(*) > 10 then ', and ' || (count(*) - 10) || ' more' else '' end
        from (select name, row_number() over (order by name) as n
              from (select distinct coalesce(a.publisher, a.id) as name from country_mentions m
                    join articles a on a.id = m.article_id where m.iso3 = c.iso3)
              order by name))
from countries c;

DELETE FROM quote_speakers;
INSERT INTO quote_speakers
select speaker, count(*) from quotes where speaker is not null group by speaker;

DELETE FROM quote_statements;
INSERT INTO quote_statements
select cluster_id, text, article_count, group_concat(distinct source), group_concat(distinct article_id),
       group_concat(distinct speaker), max(anonymous)
from (select c.id as cluster_id, c.text, c.article_count, coalesce(a.publisher, a.id) as source, q.article_id,
             coalesce(e.name, q.speaker) as speaker, q.anonymous
      from quote_clusters c
      join quotes q on q.cluster_id = c.id
      join articles a on a.id = q.article_id
      left join entities e on e.id = q.speaker_entity_id
      order by c.id, q.article_id, q.id)
group by cluster_id;

DELETE FROM entity_events;
INSERT INTO entity_events
select entity_id, cluster_id, label, min(date), group_concat(distinct role), count(distinct article_id)
from (select x.entity_id, c.id as cluster_id, c.label, e.date, x.role, e.article_id
      from event_entities x join events e on e.id = x.event_id join event_clusters c on c.id = e.cluster_id
      order by x.entity_id, c.id, e.article_id, e.id, x.role)
group by entity_id, cluster_id;
