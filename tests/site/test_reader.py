"""Reader pages: marks from stored offsets, escaped, well formed, and equal to the database rows."""

import importlib.util
import shutil
import sqlite3
from html.parser import HTMLParser

import pytest

from scripts.tools import settings
from tests.builds import ROOT, build_database

spec = importlib.util.spec_from_file_location("reader", settings.PLUGINS / "reader.py")
reader = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reader)
Mark = reader.Mark


class Elements(HTMLParser):
    """Every element's tag and attributes, and whether the markup nests properly."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.found, self.open, self.well_formed = [], [], True

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.well_formed = False


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def test_text_is_escaped_and_marks_carry_their_rows():
    text = 'The <b>minister</b> & "Ana Ruiz" met on Monday.'
    at = text.index("Ana Ruiz")
    html = reader.marked(text, [Mark(at, at + 8, "entity", {"mention": "7"}, "/news/entities/3", "Ana Ruiz (person)", "Ana Ruiz")])
    assert "<b>" not in html and "&lt;b&gt;minister&lt;/b&gt; &amp;" in html
    assert '<a class="mk mk-entity" title="Ana Ruiz (person)" data-mention="7" href="/news/entities/3">Ana Ruiz</a>' in html


def test_crossing_marks_are_split_so_the_markup_nests():
    text = "Foreign Minister Ana Ruiz said it was “a fair deal for Peru,” she added."
    quote = Mark(text.index("“"), text.index("”") + 1, "quote", {"quote": "1"}, "/news/quotes/1", "quote 1")
    crossing = Mark(text.index("deal"), text.index(" added"), "entity", {"mention": "2"}, "/news/entities/2", "", None)
    html = reader.marked(text, [quote, crossing])
    parsed = parse(html)
    assert parsed.well_formed
    pieces = [attrs for tag, attrs in parsed.found if attrs.get("data-mention") == "2"]
    assert len(pieces) == 2 and pieces[1]["data-continued"] == "1"
    assert html.count("[quote]") == 1  # one link per quotation, at its end


def test_a_link_inside_a_link_becomes_a_span():
    text = "Kazakhstan joined."
    html = reader.marked(text, [Mark(0, 10, "entity", {"mention": "1"}, "/e/1", "", "Kazakhstan"),
                                Mark(0, 10, "country", {"country-mention": "2"}, "/c/2", "", "Kazakhstan")])
    assert parse(html).well_formed and html.count("<a ") == 1 and 'data-country-mention="2"' in html


@pytest.mark.parametrize("mark", [
    Mark(5, 99, "entity", {"mention": "1"}, None),  # past the end
    Mark(-1, 3, "entity", {"mention": "1"}, None),
    Mark(4, 4, "entity", {"mention": "1"}, None),
    Mark(0, 3, "entity", {"mention": "1"}, None, "", "Ana"),  # the words moved
])
def test_an_offset_that_does_not_fit_leaves_the_words_unmarked(mark):
    text = "The <i>text</i>"
    assert reader.marked(text, [mark]) == "The &lt;i&gt;text&lt;/i&gt;"


def marks_on(html: str, attribute: str) -> set[int]:
    return {int(i) for _, attrs in parse(html).found if attribute in attrs for i in attrs[attribute].split()}


def rows(db, sql, *params):
    return [r[0] for r in sqlite3.connect(db).execute(sql, params)]


async def test_each_seed_article_marks_exactly_its_rows(datasette, seeds_db):
    for article_id in rows(seeds_db, "select id from articles"):
        response = await datasette.client.get(f"/news/articles/{article_id}")
        assert response.status_code == 200
        html = response.text
        assert parse(html).well_formed
        assert marks_on(html, "data-mention") == set(rows(seeds_db, "select id from mentions where article_id = ?", article_id))
        assert marks_on(html, "data-country-mention") == set(rows(seeds_db, "select id from country_mentions where article_id = ?", article_id))
        assert marks_on(html, "data-quote") == set(rows(seeds_db, "select id from quotes where article_id = ?", article_id))
        assert marks_on(html, "data-event") == set(rows(seeds_db, "select id from events where article_id = ? and date_text_start is not null", article_id))
        assert "did not match the text" not in html


async def test_entity_and_story_pages_link_both_ways(datasette, seeds_db):
    signing = rows(seeds_db, "select id from event_clusters where type = 'signing' order by article_count desc limit 1")[0]
    story = (await datasette.client.get(f"/news/event_clusters/{signing}")).text
    people = {a["href"] for _, a in parse(story).found if a.get("href", "").startswith("/news/entities/")}
    assert people
    entity = next(iter(sorted(people)))
    page = (await datasette.client.get(entity)).text
    assert f'href="/news/event_clusters/{signing}"' in page
    entity_id = int(entity.rsplit("/", 1)[1])
    mentions = rows(seeds_db, "select id from mentions where entity_id = ?", entity_id)
    for mention in mentions:  # every mention, in its sentence, linked to its place in the article
        assert f'#m{mention}"' in page
    article_pages = {a["href"] for _, a in parse(page).found if a.get("href", "").startswith("/news/articles/")}
    assert len({h.split("#")[0] for h in article_pages}) == len(set(rows(seeds_db, "select article_id from mentions where entity_id = ?", entity_id)))


async def test_the_story_page_flags_the_sources_whose_date_differs(seeds_db, tmp_path, metadata):
    db = tmp_path / "news.db"
    shutil.copy(seeds_db, db)
    conn = sqlite3.connect(db)
    cluster, = conn.execute("""select cluster_id from events where date is not null group by cluster_id
                               having count(*) >= 3 order by count(*) desc limit 1""").fetchone()
    odd = conn.execute("select max(id) from events where cluster_id = ? and date is not null", (cluster,)).fetchone()[0]
    conn.execute("update events set date = '1999-01-01', date_end = '1999-01-01' where id = ?", (odd,))  # one source now disagrees
    conn.commit()
    html = (await settings.app([db], metadata).client.get(f"/news/event_clusters/{cluster}")).text
    flagged = [attrs["data-event"] for tag, attrs in parse(html).found if tag == "tr" and attrs.get("class") == "disagrees"]
    assert flagged == [str(odd)] and "differs" in html


async def test_query_results_link_ids_to_the_reader_pages(datasette):
    html = (await datasette.client.get("/news/who_said_what?speaker=")).text
    assert '<a href="/news/articles/001_832fafafc341e9ad">001_832fafafc341e9ad</a>' in html
    html = (await datasette.client.get("/news/timeline?type=")).text
    assert '<a href="/news/event_clusters/' in html
    html = (await datasette.client.get("/news/signing_dates")).text  # the question the story page answers
    assert '<a href="/news/event_clusters/' in html


async def test_a_damaged_offset_and_hostile_text_never_break_the_page(tmp_path, metadata):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "zz_hostile.txt").write_text(
        "Hostile markup test\n\nThe minister said <script>alert(1)</script> on Monday that the plan <img src=x onerror=alert(2)> was ready.\n",
        encoding="utf-8")
    db = build_database(seeds, tmp_path / "build")
    conn = sqlite3.connect(db)
    conn.execute("update mentions set start = start + 1 where id = (select min(id) from mentions where article_id = '001_832fafafc341e9ad')")
    conn.commit()
    conn.close()
    site = settings.app([db], metadata)
    hostile = (await site.client.get("/news/articles/zz_hostile")).text
    assert "<script>alert" not in hostile and "<img src=x" not in hostile and "&lt;script&gt;alert(1)" in hostile
    damaged = await site.client.get("/news/articles/001_832fafafc341e9ad")
    assert damaged.status_code == 200 and parse(damaged.text).well_formed
    assert "1 stored offset did not match the text" in damaged.text


class _Db:
    """The reader views' database handle, over a plain connection (what Datasette's Database.execute returns)."""

    class _Results:
        def __init__(self, rows):
            self.rows = rows

    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.conn.row_factory = sqlite3.Row

    async def execute(self, sql, params=()):
        return self._Results(self.conn.execute(sql, params).fetchall())


async def test_an_entity_page_lists_the_same_mentions_whichever_way_it_finds_its_first_articles(seeds_db, monkeypatch):
    """A common entity walks the sources in order, a rare one sorts its articles: the same page either way."""
    db = _Db(seeds_db)
    monkeypatch.setattr(reader, "MENTIONS_LIMIT", 7)  # fewer than some entities have, so the choice of the first articles shows
    entities = rows(seeds_db, "select id from entities order by article_count desc, mention_count desc limit 12")
    for entity in entities:
        monkeypatch.setattr(reader, "WALK_FROM", 10**9)
        sorted_view = await reader.entity_view(db, str(entity))
        monkeypatch.setattr(reader, "WALK_FROM", 0)
        walked_view = await reader.entity_view(db, str(entity))
        assert walked_view == sorted_view, entity
        first = rows(seeds_db, """select m.id from mentions m join articles a on a.id = m.article_id where m.entity_id = ?
                                  order by coalesce(a.publisher, a.id), a.id, m.field, m.start limit 7""", entity)
        assert [line["id"] for s in walked_view["sources"] for line in s["lines"]] == first


async def test_the_story_page_lists_who_takes_part_as_the_reports_say(seeds_db):
    """Read from the summary of each entity's events, the participants are those of every report of the event."""
    db = _Db(seeds_db)
    clusters = rows(seeds_db, "select id from event_clusters order by article_count desc, id limit 20")
    for cluster in clusters:
        view = await reader.story_view(db, str(cluster))
        expected = rows(seeds_db, """select distinct x.entity_id || ' ' || x.role from event_entities x join events e on e.id = x.event_id
                                     where e.cluster_id = ?""", cluster)
        assert sorted(f"{p['entity_id']} {p['role']}" for p in view["participants"]) == sorted(expected), cluster
        assert [(p["role"], p["name"]) for p in view["participants"]] == sorted((p["role"], p["name"]) for p in view["participants"])
        reports = rows(seeds_db, """select e.id from events e join articles a on a.id = e.article_id where e.cluster_id = ?
                                    order by e.date is null, coalesce(a.publisher, a.id), e.article_id, e.start""", cluster)
        assert [c["id"] for c in view["claims"]] == reports[:reader.LIMIT]
