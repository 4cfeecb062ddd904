-- Summaries: fill the summary tables of schema.sql from the tables the loader
-- wrote. Run at the end of every load (scripts/load/database.py); it reads
-- only the database, so it can be run again on its own after the tables
-- change (an incremental load):  sqlite3 build/news.db < scripts/load/summaries.sql
-- Each block computes what the canned query it serves (metadata.yml) used
-- to compute on every request; tests/load/test_summaries.py checks that.

DELETE FROM event_timeline;
INSERT INTO event_timeline
select c.id, min(e.date), max(e.date_end), group_concat(distinct e.date_precision),
       c.type, c.label, c.article_count,
       group_concat(distinct coalesce(a.publisher, a.id)), group_concat(distinct e.article_id),
       group_concat(distinct e.date_text), c.agreement
from events e
join event_clusters c on c.id = e.cluster_id
join articles a on a.id = e.article_id
where e.date is not null
group by c.id;

DELETE FROM country_sources;
INSERT INTO country_sources
select c.iso3,
       (select group_concat(distinct via) from country_mentions m where m.iso3 = c.iso3),
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
select c.id, c.text, c.article_count,
       group_concat(distinct coalesce(a.publisher, a.id)), group_concat(distinct q.article_id),
       group_concat(distinct coalesce(e.name, q.speaker)), max(q.anonymous)
from quote_clusters c
join quotes q on q.cluster_id = c.id
join articles a on a.id = q.article_id
left join entities e on e.id = q.speaker_entity_id
group by c.id;

DELETE FROM entity_events;
INSERT INTO entity_events
select x.entity_id, c.id, c.label, min(e.date), group_concat(distinct x.role), count(distinct e.article_id)
from event_entities x join events e on e.id = x.event_id join event_clusters c on c.id = e.cluster_id
group by x.entity_id, c.id;
