"""The served site in a real browser: Debian's Chromium driven by Playwright.

A Datasette server is started the way `make serve` starts it (immutable,
inspect file, metadata.yml, limits) on a free loopback port, serving the
seeds database and a second database whose extra article is hostile markup.
Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from scripts.tools import settings
from tests.builds import METADATA, ROOT, build_database

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "build" / "screenshots"
HOSTILE = (
    "Hostile markup test\n\n"
    "The minister said <script>window.__pwned = 'script'</script> on Monday that the plan "
    "<img src=x onerror=\"window.__pwned = 'img'\"> was ready.\n\n"
    "“We will <b>not</b> stop <script>window.__pwned = 'quote'</script> now,” the minister told Reuters.\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(seeds_db, tmp_path_factory):
    """Base URL of a running Datasette with the seeds database (news) and a hostile one (hostile)."""
    folder = tmp_path_factory.mktemp("served")
    news = folder / "news.db"
    shutil.copy(seeds_db, news)
    hostile_seeds = folder / "hostile-seeds"
    shutil.copytree(ROOT / "seeds", hostile_seeds)
    (hostile_seeds / "zz_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    built = build_database(hostile_seeds, folder / "hostile-build")
    hostile = folder / "hostile.db"
    shutil.copy(built, hostile)
    datasette = Path(sys.executable).parent / "datasette"
    inspect = folder / "inspect.json"
    subprocess.run([str(datasette), "inspect", str(news), str(hostile), "--inspect-file", str(inspect)], check=True)
    port = _free_port()
    server = subprocess.Popen(
        [str(datasette), "serve", "-i", str(news), "-i", str(hostile), "--inspect-file", str(inspect),
         "-m", str(METADATA), "-h", "127.0.0.1", "-p", str(port),
         *settings.flags(settings.read()), *settings.site_flags()],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        raise RuntimeError(f"datasette did not start: {server.stderr.read().decode()[-2000:]}")
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium package"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_home_page_lists_the_tables(page, site):
    page.goto(site + "/")
    assert "News coverage dataset" in page.title()
    page.goto(site + "/news")
    text = page.inner_text("body")
    for table in ("articles", "entities", "quotes", "events", "countries"):
        assert table in text
    assert "Which sources name the signing date" in text
    shot(page, "home")
    page.goto(site + "/")
    assert page.locator("a[href='/-/dashboards/coverage']").count() >= 1


def test_signing_dates_renders(page, site):
    page.goto(site + "/news/signing_dates")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() >= 3
    assert "later this month" in rows.first.inner_text()
    shot(page, "signing_dates")


def test_search_box_and_canned_search(page, site):
    page.goto(site + "/news/articles")
    page.fill("input[name=_search]", "signing ceremony")
    page.press("input[name=_search]", "Enter")
    page.wait_for_load_state()
    assert page.locator("table.rows-and-columns tbody tr").count() == 3
    shot(page, "search_articles")
    page.goto(site + "/news/search?q=" + "Tokayev's (office")
    assert page.locator("table.rows-and-columns tbody tr").count() >= 1
    assert "**" in page.inner_text("table.rows-and-columns")
    shot(page, "search_canned")


def cut_network(page: Page, site: str) -> list[str]:
    """Refuse every request that leaves the site, as a machine with no network would; return what was tried."""
    tried: list[str] = []

    def route(r):
        if r.request.url.startswith(site):
            r.continue_()
        else:
            tried.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return tried


@pytest.mark.parametrize("path", ["/news/countries", "/news/countries_by_sources"])
def test_maps_render_offline_with_tiles_and_markers(page, site, path):
    outside = cut_network(page, site)
    page.goto(site + path)
    markers = page.locator(".leaflet-marker-icon")
    markers.first.wait_for(timeout=15000)
    page.wait_for_function("document.querySelectorAll('img.leaflet-tile-loaded').length >= 4", timeout=15000)
    assert markers.count() >= 1
    assert page.locator("img.leaflet-tile-loaded").count() >= 4  # the base map, from the bundled tiles
    assert "OpenStreetMap" in page.inner_text(".leaflet-control-attribution")
    assert outside == [], f"the page reached outside the site: {outside[:3]}"
    shot(page, "map_" + path.rsplit("/", 1)[-1])


def test_dashboard_renders_every_chart_offline(page, site, seeds_db):
    outside = cut_network(page, site)
    page.goto(site + "/-/dashboards/coverage")
    marks = {
        "timeline": "#chart-timeline svg .mark-symbol.role-mark path",
        "undated": "#chart-undated svg .mark-rect.role-mark path",
        "countries": "#chart-countries svg .mark-rect.role-mark path",
        "quoted": "#chart-quoted svg .mark-rect.role-mark path",
        "agreement": "#chart-agreement svg .mark-rect.role-mark path",
    }
    for selector in marks.values():
        page.wait_for_function(f"document.querySelectorAll({selector!r}).length > 0", timeout=20000)
    counts = {name: page.locator(selector).count() for name, selector in marks.items()}
    conn = sqlite3.connect(seeds_db)
    assert counts["timeline"] == conn.execute("select count(*) from events where date is not null").fetchone()[0]
    assert counts["countries"] == conn.execute("select count(*) from (select distinct article_id, iso3 from country_mentions)").fetchone()[0]
    assert counts["agreement"] == conn.execute("select count(*) from event_clusters where article_count > 1").fetchone()[0]
    figures = page.inner_text("#chart-articles") + page.inner_text("#chart-quotes")
    assert "5" in page.inner_text("#chart-articles") and "12" in page.inner_text("#chart-quotes"), figures
    assert outside == [], f"the dashboard reached outside the site: {outside[:3]}"
    shot(page, "dashboard")
    page.goto(site + "/-/dashboards/coverage?source=003_40ae5ea5e443a550")
    page.wait_for_function("document.querySelector('#chart-articles p') !== null", timeout=20000)
    assert page.inner_text("#chart-articles").strip().startswith("1")
    shot(page, "dashboard_one_source")


def test_article_links_to_its_quotes(page, site):
    page.goto(site + "/news/articles/003_40ae5ea5e443a550")
    link = page.locator("a[href*='/news/quotes?article_id=003_40ae5ea5e443a550']")
    assert link.count() == 1
    page.click("details.raw summary")  # the raw row, with its links, is one click below the reader
    link.click()
    page.wait_for_load_state()
    assert page.locator("table.rows-and-columns tbody tr").count() >= 4
    assert "Marco Rubio" in page.inner_text("table.rows-and-columns")  # speakers shown by name
    shot(page, "article_quotes")


def test_csv_download(page, site):
    page.goto(site + "/news/articles")
    page.check("#export input[name=_dl]")
    with page.expect_download() as download:
        page.click("#export input[type=submit][value='Export CSV']")
    assert download.value.suggested_filename == "articles.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == 5 and "body" in rows[0]


@pytest.mark.parametrize(
    "path",
    [
        "/hostile/articles/zz_hostile",
        "/hostile/articles?_search=minister",
        "/hostile/sentences?article_id=zz_hostile",
        "/hostile/quotes",
        "/hostile/boilerplate",
    ],
)
def test_hostile_markup_is_inert_text(page, site, path):
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    assert page.locator("img[src=x]").count() == 0
    if "boilerplate" not in path:
        assert "<script>" in page.inner_text("body")  # shown as text
    shot(page, "hostile_" + path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-"))


# ---- reader pages ---------------------------------------------------------------------------------------

def _ids(page: Page, attribute: str) -> set[int]:
    values = page.eval_on_selector_all(f".reader-page [{attribute}]", f"els => els.map(e => e.getAttribute('{attribute}'))")
    return {int(i) for v in values for i in v.split()}


def _db_ids(sql: str, *params) -> set[int]:
    return {r[0] for r in sqlite3.connect(_served_db).execute(sql, params)}


_served_db = None


@pytest.fixture(scope="module", autouse=True)
def _remember_db(seeds_db):
    global _served_db
    _served_db = seeds_db


def test_each_article_page_marks_its_rows_at_their_words(page, site, seeds_db):
    conn = sqlite3.connect(seeds_db)
    for (article_id,) in conn.execute("select id from articles order by id"):
        page.goto(f"{site}/news/articles/{article_id}")
        assert _ids(page, "data-mention") == _db_ids("select id from mentions where article_id = ?", article_id)
        assert _ids(page, "data-country-mention") == _db_ids("select id from country_mentions where article_id = ?", article_id)
        assert _ids(page, "data-quote") == _db_ids("select id from quotes where article_id = ?", article_id)
        assert _ids(page, "data-event") == _db_ids("select id from events where article_id = ? and date_text_start is not null", article_id)
        # each mention's mark shows the words the row stores
        shown = dict(page.eval_on_selector_all(".reader-page [data-mention]:not([data-continued])",
                                               "els => els.map(e => [e.dataset.mention, e.textContent])"))
        stored = dict((str(i), t) for i, t in conn.execute("select id, text from mentions where article_id = ?", (article_id,)))
        assert shown == stored
        shot(page, f"reader-{article_id}")


def test_legend_toggles_hide_a_kind_of_mark(page, site):
    page.goto(f"{site}/news/articles/001_832fafafc341e9ad")
    mark = page.locator(".reader a.mk-entity").first
    before = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    page.get_by_label("entity: people, organizations and other named entities").uncheck()
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") != before
    assert "hide-entity" in page.locator(".reader").get_attribute("class")


def test_marks_are_reached_and_followed_with_the_keyboard(page, site):
    page.goto(f"{site}/news/articles/001_832fafafc341e9ad")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.reader article a.mk')"):
            break
    else:
        pytest.fail("no mark in the article is reachable with Tab")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target)


#: The reader pages: an article, the most-mentioned entity, the event most sources report.
#: (Entity and cluster ids derive from what they are, so they are looked up.)
READER_PAGES = {
    "article": "select '/news/articles/001_832fafafc341e9ad'",
    "entity": "select '/news/entities/' || id from entities order by mention_count desc, id limit 1",
    "story": "select '/news/event_clusters/' || id from event_clusters order by article_count desc, event_count desc, id limit 1",
}


def _reader_page(name: str) -> str:
    return sqlite3.connect(_served_db).execute(READER_PAGES[name]).fetchone()[0]


def test_axe_finds_what_it_should(page, site):
    """The accessibility check can fail: low-contrast words added to a reader page are caught."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site + _reader_page("article"))
    page.evaluate("document.querySelector('.reader-page article').insertAdjacentHTML('beforeend', '<p style=\"color:#ddd\">faint words</p>')")
    results = Axe().run(page, context={"include": [[".reader-page"]]})
    assert "color-contrast" in results.generate_snapshot()


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_pages_pass_axe(page, site, name):
    """axe-core (bundled by axe-playwright-python, so offline) finds nothing on the reader's own content."""
    from axe_playwright_python.sync_playwright import Axe

    path = _reader_page(name)
    page.goto(site + path)
    results = Axe().run(page, context={"include": [[".reader-page"]]})
    assert results.violations_count == 0, results.generate_report()
    shot(page, "axe-" + path.strip("/").replace("/", "-"))


def test_entity_and_story_pages_in_the_browser(page, site):
    entity = _reader_page("entity")
    page.goto(site + entity)
    entity_id = int(entity.rsplit("/", 1)[1])
    assert page.locator(".kwic li").count() == _db_ids("select count(*) from mentions where entity_id = ?", entity_id).pop()
    page.locator(".kwic li a").first.click()
    page.wait_for_load_state()
    assert "#m" in page.url and page.locator(":target").count() == 1
    story = _reader_page("story")
    page.goto(site + story)
    cluster_id = int(story.rsplit("/", 1)[1])
    assert page.locator("table.story tbody tr").count() == _db_ids("select count(*) from events where cluster_id = ?", cluster_id).pop()
    shot(page, "story")


def test_the_dashboard_links_every_article_to_its_reader_page(page, site, seeds_db):
    page.goto(f"{site}/-/dashboards/coverage")
    links = page.locator("#chart-read a[href^='/news/articles/']")
    links.first.wait_for()
    count = sqlite3.connect(seeds_db).execute("select count(*) from articles").fetchone()[0]
    assert links.count() == count
    with page.expect_navigation():
        links.first.click()
    assert page.locator(".reader-page article").count() == 1
