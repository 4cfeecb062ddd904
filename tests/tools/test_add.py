"""make add: pages fetched from a local web server into a seeds folder, politely and completely or not at all."""

from pathlib import Path

from scripts.extract import ingest, pages
from scripts.tools import add


def quiet(*args, **kwargs):
    pass


def test_a_page_is_saved_once_with_the_address_it_came_from(page_server, tmp_path):
    base, received = page_server
    url = f"{base}/pages/jsonld.html"
    added, failed = add.add([url], tmp_path, report=quiet)
    assert failed == [] and len(added) == 1
    path = tmp_path / f"{add.page_id(url)}.html"
    assert added[0].path == path and path.is_file()
    stored = path.read_bytes()
    original = (Path(__file__).parent.parent / "extract" / "pages" / "jsonld.html").read_bytes()
    assert stored.endswith(original)  # the server's bytes, untouched
    assert stored.startswith(f"<!-- saved from url=({len(url):04d}){url} -->".encode())
    seed, page = ingest.read_seed(path)
    assert seed.kind == ingest.PAGE and pages.parse(page).title
    assert [path for path, _ in received] == ["/robots.txt", "/pages/jsonld.html"]
    assert {agent for _, agent in received} == {add.USER_AGENT} and "news-dataset" in add.USER_AGENT

    again, failed = add.add([url], tmp_path, report=quiet)
    assert again[0].path is None and len(received) == 2  # not fetched again


def test_the_saved_from_mark_gives_the_address_when_the_page_has_none(page_server, tmp_path):
    base, _ = page_server
    url = f"{base}/pages/published_line.html"  # a page with no canonical link
    add.add([url], tmp_path, report=quiet)
    _, page = ingest.read_seed(tmp_path / f"{add.page_id(url)}.html")
    assert pages.parse(page).url == url


def test_redirects_are_followed_and_the_final_address_kept(page_server, tmp_path):
    base, _ = page_server
    added, failed = add.add([f"{base}/moved"], tmp_path, report=quiet)
    assert failed == []
    final = f"{base}/pages/jsonld.html"
    assert added[0].path.read_bytes().startswith(f"<!-- saved from url=({len(final):04d}){final} -->".encode())


def test_each_bad_address_is_reported_with_its_reason_and_nothing_is_half_written(page_server, tmp_path):
    base, _ = page_server
    urls = [f"{base}/private/page.html", f"{base}/missing", f"{base}/loop", f"{base}/report.pdf", f"{base}/huge", f"{base}/pages/not_html.html",
            f"{base}/slow", "ftp://example.org/file", f"{base}/pages/opengraph.html"]
    added, failed = add.add(urls, tmp_path, max_bytes=100_000, timeout=0.5, report=quiet)
    reasons = dict(failed)
    assert reasons[f"{base}/private/page.html"] == "the site's robots.txt does not allow fetching it"
    assert reasons[f"{base}/missing"] == "the server answered 404 Not Found"
    assert reasons[f"{base}/loop"] == f"more than {add.MAX_REDIRECTS} redirects"
    assert reasons[f"{base}/report.pdf"] == "not a web page (Content-Type: application/pdf)"
    assert reasons[f"{base}/huge"].startswith("too large")
    assert "holds no HTML markup" in reasons[f"{base}/pages/not_html.html"]
    assert reasons[f"{base}/slow"].startswith("no answer within")
    assert reasons["ftp://example.org/file"] == "not an http(s) address"
    assert [a.url for a in added] == [f"{base}/pages/opengraph.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{add.page_id(f'{base}/pages/opengraph.html')}.html"]


def test_a_charset_given_only_in_the_http_header_travels_with_the_saved_page(page_server, tmp_path):
    base, _ = page_server
    added, _ = add.add([f"{base}/charset-in-header"], tmp_path, report=quiet)
    _, page = ingest.read_seed(added[0].path)
    assert "José Pérez said the café tax" in pages.parse(page).body


def test_page_ids_are_valid_stable_and_distinct():
    a = add.page_id("https://news.example/world/2026/03/04/port-strike-ends.html")
    assert a == add.page_id("https://news.example/world/2026/03/04/port-strike-ends.html")
    assert a.startswith("news-example_port-strike-ends-") and ingest.ID_PATTERN.match(a)
    assert a != add.page_id("https://news.example/world/2026/03/04/port-strike-ends.html?page=2")
    assert ingest.ID_PATTERN.match(add.page_id("https://news.example/" + "very-long-words-" * 20))
    assert ingest.ID_PATTERN.match(add.page_id("https://news.example/"))


def test_addresses_file_skips_blanks_and_comments(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("# coverage of the strike\nhttps://a.example/1\n\n  https://b.example/2  \n")
    assert add.read_addresses(listing) == ["https://a.example/1", "https://b.example/2"]
